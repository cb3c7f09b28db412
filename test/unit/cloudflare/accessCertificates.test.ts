// Access mTLS certificates over HTTP against the sandbox, in account and zone scope: list (all
// pages), add, get, update hostnames, delete, and hostname settings.
import assert from "node:assert/strict";
import {
  addAccessCertificate,
  deleteAccessCertificate,
  getAccessCertificate,
  getAccessHostnameSettings,
  listAccessCertificates,
  updateAccessCertificate,
  updateAccessHostnameSettings,
} from "../../../src/cloudflare/accessCertificates";
import { CloudflareApiError } from "../../../src/cloudflare/errors";
import type { AccessScope } from "../../../src/cloudflare/types";
import { makeCa } from "../../support/makeCertificates";
import { useSandbox } from "./sandboxFixture";

suite("accessCertificates (sandbox)", () => {
  const fixture = useSandbox({ defaultPerPage: 5 });

  function scopes(): AccessScope[] {
    const { sandbox, account } = fixture();
    const zone = sandbox.addZone(account.id, { name: "example.com" });
    return [
      { kind: "accounts", id: account.id },
      { kind: "zones", id: zone.id },
    ];
  }

  for (const kind of ["accounts", "zones"] as const) {
    suite(`${kind} scope`, () => {
      function scope(): AccessScope {
        const found = scopes().find((candidate) => candidate.kind === kind);
        assert.ok(found);
        return found;
      }

      test("add, get, update hostnames, then delete", async () => {
        const { client, sandbox } = fixture();
        const where = scope();
        const ca = await makeCa({ commonName: "Access Root" });
        const added = await addAccessCertificate(client(), where, { name: "Allow devs", certificate: ca.pem, associated_hostnames: ["admin.example.com"] });
        assert.equal(added.name, "Allow devs");
        assert.deepEqual(added.associated_hostnames, ["admin.example.com"]);
        assert.match(added.fingerprint, /^MD5 Fingerprint=([0-9A-F]{2}:){15}[0-9A-F]{2}$/);
        assert.ok(!("certificate" in added), "the PEM is never returned");
        assert.equal(sandbox.requests.at(-1)?.path, `/${kind}/${where.id}/access/certificates`);

        const fetched = await getAccessCertificate(client(), where, added.id);
        assert.equal(fetched.fingerprint, added.fingerprint);

        const updated = await updateAccessCertificate(client(), where, added.id, { associated_hostnames: [], name: "Renamed" });
        assert.deepEqual(updated.associated_hostnames, []);
        assert.equal(updated.name, "Renamed");
        assert.equal(sandbox.requests.at(-1)?.method, "PUT");

        assert.deepEqual(await deleteAccessCertificate(client(), where, added.id), { id: added.id });
        assert.deepEqual(sandbox.accessCertificates(where), []);
      });

      test("delete with hostnames still attached is refused", async () => {
        const { client, sandbox } = fixture();
        const where = scope();
        const record = sandbox.addAccessCertificate(where, { certificate: (await makeCa()).pem, name: "busy", associated_hostnames: ["app.example.com"] });
        const error = await deleteAccessCertificate(client(), where, record.id).catch((caught: unknown) => caught);
        assert.ok(error instanceof CloudflareApiError);
        assert.equal(error.status, 400);
        assert.equal(sandbox.accessCertificates(where).length, 1);
      });

      test("list returns every certificate of the scope, in order", async () => {
        const { client, sandbox } = fixture();
        const where = scope();
        const pem = (await makeCa()).pem;
        const names = Array.from({ length: 12 }, (_, index) => `cert-${String(index).padStart(2, "0")}`);
        for (const name of names) {
          sandbox.addAccessCertificate(where, { certificate: pem, name });
        }
        const listed = await listAccessCertificates(client(), where);
        assert.deepEqual(
          listed.map((certificate) => certificate.name),
          sandbox.accessCertificates(where).map((record) => record.name),
        );
        assert.equal(listed.length, 12);
        assert.ok(sandbox.requests.every((request) => request.query.per_page === "50"));
      });

      test("hostname settings: read, replace, read back", async () => {
        const { client } = fixture();
        const where = scope();
        assert.deepEqual(await getAccessHostnameSettings(client(), where), []);
        const settings = [
          { hostname: "admin.example.com", china_network: false, client_certificate_forwarding: true },
          { hostname: "api.example.com", china_network: true, client_certificate_forwarding: false },
        ];
        assert.deepEqual(await updateAccessHostnameSettings(client(), where, settings), settings);
        assert.deepEqual(await getAccessHostnameSettings(client(), where), settings);
      });
    });
  }

  test("list across 3 pages of the server's own size when asked for 50 at a time", async () => {
    const { client, sandbox, account } = fixture();
    const where: AccessScope = { kind: "accounts", id: account.id };
    const pem = (await makeCa()).pem;
    for (let index = 0; index < 120; index++) {
      sandbox.addAccessCertificate(where, { certificate: pem, name: `n${index}` });
    }
    const listed = await listAccessCertificates(client(), where);
    assert.equal(listed.length, 120);
    assert.deepEqual(
      listed.map((certificate) => certificate.name),
      Array.from({ length: 120 }, (_, index) => `n${index}`),
    );
    assert.deepEqual(sandbox.requests.map((request) => request.query.page).sort(), ["1", "2", "3"]);
  });

  test("a scope kind other than accounts or zones is refused before sending", async () => {
    const { client, sandbox } = fixture();
    const bogus = { kind: "users", id: "x" } as unknown as AccessScope;
    await assert.rejects(listAccessCertificates(client(), bogus), TypeError);
    assert.equal(sandbox.requests.length, 0);
  });
});
