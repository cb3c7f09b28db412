import "reflect-metadata";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as x509 from "@peculiar/x509";
import { writeSampleWorkspace } from "../sampleWorkspace";

suite("harness: sample workspace", () => {
  test("holds a root CA, a leaf it signed through an intermediate, and the leaf's chain", async () => {
    const dir = mkdtempSync(join(tmpdir(), "workspace-test-"));
    try {
      const workspace = await writeSampleWorkspace(join(dir, "workspace"));
      const read = (name: string) => readFileSync(join(workspace.folder, name), "utf8");
      const root = new x509.X509Certificate(read(workspace.files.rootCa));
      const leaf = new x509.X509Certificate(read(workspace.files.leaf));
      const chain = read(workspace.files.chain).match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
      assert.equal(chain.length, 2);
      const intermediate = new x509.X509Certificate(chain[1] ?? "");
      assert.equal(await root.isSelfSigned(), true);
      assert.equal(intermediate.issuer, root.subject);
      assert.equal(leaf.issuer, intermediate.subject);
      assert.equal(new x509.X509Certificate(chain[0] ?? "").serialNumber, leaf.serialNumber);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
