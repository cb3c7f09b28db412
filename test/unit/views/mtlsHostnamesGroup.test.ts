// A zone's mTLS Hostnames group over the scale seed (an account with five uploaded CAs among its
// 50 mTLS certificates), driven as VS Code drives the tree: listing the group costs at most the
// account's CA list, whatever the number of CAs; each CA's row asks for its hostnames when
// expanded, once, then redraws with their count from the cache.
import "../../support/vscodeModule";
import assert from "node:assert/strict";
import * as vscode from "vscode";
import { RequestPacer } from "../../../src/cloudflare/requestPacer";
import { scanExpiry } from "../../../src/expiry/expiryScan";
import { kindsIn } from "../../../src/views/kinds/index";
import type { TreeNode } from "../../../src/views/treeNodes";
import { isZonesGroupNode, ZoneNode } from "../../../src/views/treeNodes";
import { SCALE_API_TOKEN, SCALE_MTLS_CAS, startSandbox, type CloudflareSandbox } from "../../support/cloudflareSandbox";
import { rowLabel as label, treeInNode, type TreeInNode, type TreeRow as Row } from "../../support/treeInNode";


suite("views: a zone's mTLS Hostnames, each CA's hostnames loaded when its row is expanded", () => {
  let sandbox: CloudflareSandbox;
  let view: TreeInNode;

  suiteSetup(async () => {
    sandbox = await startSandbox({ seed: "scale" });
  });
  suiteTeardown(() => sandbox.close());
  setup(async () => {
    view = await treeInNode(sandbox.baseUrl, SCALE_API_TOKEN);
  });
  teardown(() => view.dispose());
  const sandboxCaId = (name: string) => sandboxCaIdIn(sandbox, name);

  /** Expands `node` and returns its rows and the paths (with the CA asked for) the sandbox received meanwhile. */
  async function expandCounting(node: TreeNode | undefined): Promise<{ rows: Row[]; requests: string[] }> {
    const mark = sandbox.requests.length;
    const rows = await view.expand(node);
    return { rows, requests: sandbox.requests.slice(mark).map(({ path, query }) => (query["mtls_certificate_id"] ? `${path}?mtls_certificate_id=${query["mtls_certificate_id"]}` : path)) };
  }

  async function find(rows: readonly Row[], name: string): Promise<Row> {
    const row = rows.find((candidate) => label(candidate) === name);
    assert.ok(row, `${name} is among ${rows.map(label).join(", ")}`);
    return Promise.resolve(row);
  }

  /** The first zone of the 5,000-zone account (its mtls. and api. hostnames use the device root) and its mTLS Hostnames group. */
  async function mtlsHostnamesGroup(): Promise<{ zone: ZoneNode; group: TreeNode; accountId: string }> {
    const account = await find(await view.expand(), "Globex Enterprise");
    const zones = (await view.expand(account.node)).map((row) => row.node).find(isZonesGroupNode);
    assert.ok(zones);
    const zone = (await view.expand(zones)).find((row) => row.node.kind === "zone");
    assert.ok(zone?.node instanceof ZoneNode);
    const group = await find(await view.expand(zone.node), "mTLS Hostnames");
    return { zone: zone.node, group: group.node, accountId: zones.account.id };
  }

  test("the group lists every CA after one request, the account's CA list, and none once that is cached", async () => {
    const { group, accountId } = await mtlsHostnamesGroup();
    const cold = await expandCounting(group);
    assert.deepEqual(cold.requests, [`/accounts/${accountId}/mtls_certificates`], "no request per CA");
    assert.equal(cold.rows.length, 1 + SCALE_MTLS_CAS, "the managed CA and the five uploaded ones");
    assert.deepEqual(cold.rows.slice(0, 2).map(label), ["Cloudflare-managed CA", "globex-device-root"]);
    assert.deepEqual(
      cold.rows.map((row) => row.item.description),
      ["managed CA · expand to load hostnames", ...Array.from({ length: SCALE_MTLS_CAS }, () => "uploaded CA · expand to load hostnames")],
    );
    assert.ok(cold.rows.every((row) => row.item.collapsibleState === vscode.TreeItemCollapsibleState.Collapsed), "every CA row can be expanded");
    assert.deepEqual((await expandCounting(group)).requests, [], "listed again (a redraw): from the cache");
  });

  test("with the account's mTLS Certificates group shown first, the group costs no request", async () => {
    const account = await find(await view.expand(), "Globex Enterprise");
    await view.expand((await find(await view.expand(account.node), "mTLS Certificates")).node);
    const { group } = await mtlsHostnamesGroup();
    const warm = await expandCounting(group);
    assert.deepEqual(warm.requests, []);
    assert.equal(warm.rows.length, 1 + SCALE_MTLS_CAS);
  });

  test("expanding a CA's row asks for its hostnames once; the tree is told, and the row then shows their count", async () => {
    const { zone, group } = await mtlsHostnamesGroup();
    const root = await find((await expandCounting(group)).rows, "globex-device-root");
    const rootId = sandboxCaId("globex-device-root");
    let redraws = 0;
    const listening = view.tree.onDidChangeTreeData(() => redraws++);
    try {
      const expanded = await expandCounting(root.node);
      assert.match(expanded.requests.join(), new RegExp(`^/zones/[0-9a-f]{32}/certificate_authorities/hostname_associations\\?mtls_certificate_id=${rootId}$`));
      assert.deepEqual(expanded.rows.map(label).sort(), [...sandbox.hostnameAssociations(zone.zone.id, rootId)].sort());
      assert.equal(expanded.rows.length, 2);
      assert.equal(redraws, 1, "the tree redraws once, so the CA's row shows the count");

      const redrawn = await expandCounting(group);
      assert.deepEqual(redrawn.requests, [], "the redraw costs nothing");
      assert.equal((await find(redrawn.rows, "globex-device-root")).item.description, "uploaded CA · 2 hostnames");
      assert.equal((await find(redrawn.rows, "Cloudflare-managed CA")).item.description, "managed CA · expand to load hostnames", "the other CAs are still not asked");

      const again = await expandCounting((await find(redrawn.rows, "globex-device-root")).node);
      assert.deepEqual(again.requests, [], "expanded again: from the cache");
      assert.equal(again.rows.length, 2);
      assert.equal(redraws, 1, "and no further redraw");
    } finally {
      listening.dispose();
    }
  });

  test("a CA without hostnames says so, with Edit mTLS Hostnames on the row", async () => {
    const { group } = await mtlsHostnamesGroup();
    const managed = await find((await expandCounting(group)).rows, "Cloudflare-managed CA");
    const expanded = await expandCounting(managed.node);
    assert.deepEqual(expanded.requests.length, 1);
    assert.deepEqual(expanded.rows.map(label), ["No hostname asks for a certificate from this CA"]);
    assert.equal(expanded.rows[0]?.item.command?.command, "cloudflareMtls.editMtlsHostnames");
    assert.equal((await find((await expandCounting(group)).rows, "Cloudflare-managed CA")).item.description, "managed CA · 0 hostnames");
  });

  test("a CA whose hostnames fail to load shows an error row, and Retry's key is that CA's hostnames", async () => {
    const { group } = await mtlsHostnamesGroup();
    const root = await find((await expandCounting(group)).rows, "globex-device-root");
    // As many times as the client may retry a read: the load fails whatever its retry policy.
    sandbox.injectFault({ kind: "status", status: 500 }, { path: /\/certificate_authorities\/hostname_associations$/, times: 10 });
    const failed = await expandCounting(root.node);
    assert.equal(failed.rows.length, 1);
    assert.equal(failed.rows[0]?.item.contextValue, "error");
    assert.match(root.node.childrenCacheKey() ?? "", new RegExp(`^hostnameAssociation/zones/[0-9a-f]{32}/${sandboxCaId("globex-device-root")}$`));
    sandbox.clearFaults();
    const retried = await expandCounting(root.node);
    assert.equal(retried.requests.length, 1, "the failure was not cached");
    assert.equal(retried.rows.length, 2);
  });

  test("the expiry scan of a watched zone skips its mTLS Hostnames: hostname associations have no expiry, and cost no request", async () => {
    const { zone } = await mtlsHostnamesGroup();
    const watched = zone.zone;
    const mark = sandbox.requests.length;
    const result = await scanExpiry({
      repository: view.repository,
      kindsIn,
      pacer: new RequestPacer({ minGapMs: 0 }),
      zoneLimit: 0,
      watchedZones: () => [watched],
      describeError: (error) => (error instanceof Error ? error.message : String(error)),
      signal: AbortSignal.timeout(15_000),
    });
    const paths = sandbox.requests.slice(mark).map((request) => request.path);
    assert.deepEqual(result.failures, []);
    assert.ok(paths.includes(`/zones/${watched.id}/client_certificates`), `the watched zone was scanned: ${paths.join(", ")}`);
    assert.deepEqual(paths.filter((path) => path.includes("hostname_associations")), []);
    assert.equal(result.certificates.some((certificate) => certificate.kind === "hostnameAssociation"), false);
  });
});

function sandboxCaIdIn(sandbox: CloudflareSandbox, name: string): string {
  const account = sandbox.accounts().find((candidate) => candidate.name === "Globex Enterprise");
  return sandbox.mtlsCertificates(account?.id ?? "").find((certificate) => certificate.name === name)?.id ?? "no such CA";
}
