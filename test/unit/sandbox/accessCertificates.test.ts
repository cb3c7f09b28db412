import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { startSandbox, type AccessScope, type CloudflareSandbox } from "../../support/cloudflareSandbox";
import { makeCa, makeChain, makeLeaf, type MadeCertificate } from "../../support/makeCertificates";
import { callSandbox, errorCodes, resultArray, resultObject } from "./callSandbox";

const TOKEN = "access-token";

function md5Fingerprint(der: Uint8Array): string {
  const hex = createHash("md5").update(der).digest("hex").toUpperCase();
  return `MD5 Fingerprint=${(hex.match(/../g) ?? []).join(":")}`;
}

suite("sandbox: Access mTLS certificates", () => {
  let sandbox: CloudflareSandbox;
  let ca: MadeCertificate;
  let scopes: AccessScope[];

  suiteSetup(async () => {
    sandbox = await startSandbox();
    sandbox.addApiToken(TOKEN);
    ca = await makeCa({ subject: "CN=Access Root", notAfter: new Date("2031-05-06T07:08:09Z") });
  });

  setup(() => {
    const account = sandbox.addAccount({ name: "Access account" });
    const zone = sandbox.addZone(account.id, { name: "example.com" });
    scopes = [
      { kind: "accounts", id: account.id },
      { kind: "zones", id: zone.id },
    ];
  });

  suiteTeardown(() => sandbox.close());

  const base = (scope: AccessScope): string => `/${scope.kind}/${scope.id}/access/certificates`;

  test("add returns id (uuid), name, hostnames, MD5 fingerprint of the first certificate, expiry and dates, never the PEM", async () => {
    for (const scope of scopes) {
      const answer = await callSandbox(sandbox, "POST", base(scope), {
        token: TOKEN,
        body: { name: "Allow devs", certificate: ca.pem, associated_hostnames: ["admin.example.com"] },
      });
      assert.equal(answer.status, 201, `${scope.kind}: Cloudflare answers an add with 201 Created`);
      const result = resultObject(answer);
      assert.match(String(result["id"]), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.equal(result["name"], "Allow devs");
      assert.deepEqual(result["associated_hostnames"], ["admin.example.com"]);
      assert.equal(result["fingerprint"], md5Fingerprint(ca.der));
      assert.equal(result["expires_on"], "2031-05-06T07:08:09Z");
      assert.match(String(result["created_at"]), /^\d{4}-\d{2}-\d{2}T/);
      assert.equal(result["updated_at"], result["created_at"]);
      assert.equal("certificate" in result, false);
      assert.equal(JSON.stringify(answer.envelope).includes("BEGIN CERTIFICATE"), false);
      assert.equal(sandbox.accessCertificates(scope)[0]?.certificate, ca.pem);
    }
  });

  test("a root with intermediates is accepted; the fingerprint is of the first certificate", async () => {
    const { root, intermediate } = await makeChain();
    const scope = scopes[0];
    assert.ok(scope);
    const answer = await callSandbox(sandbox, "POST", base(scope), { token: TOKEN, body: { name: "chain", certificate: `${intermediate.pem}${root.pem}` } });
    assert.equal(resultObject(answer)["fingerprint"], md5Fingerprint(intermediate.der));
    assert.deepEqual(resultObject(answer)["associated_hostnames"], []);
  });

  test("add checks the body: name and certificate required, a CA only, hostnames strings, no unknown fields", async () => {
    const scope = scopes[1];
    assert.ok(scope);
    const leaf = await makeLeaf(ca);
    const cases: { body: unknown; code: number }[] = [
      { body: { certificate: ca.pem }, code: 12101 },
      { body: { name: "", certificate: ca.pem }, code: 12101 },
      { body: { name: "n" }, code: 12101 },
      { body: { name: "n", certificate: ca.pem, associated_hostnames: "a.example.com" }, code: 12101 },
      { body: { name: "n", certificate: ca.pem, associated_hostnames: [1] }, code: 12101 },
      { body: { name: "n", certificate: ca.pem, hostnames: [] }, code: 12102 },
      { body: { name: "n", certificate: "garbage" }, code: 12110 },
      { body: { name: "n", certificate: leaf.pem }, code: 12111 },
    ];
    for (const { body, code } of cases) {
      const answer = await callSandbox(sandbox, "POST", base(scope), { token: TOKEN, body });
      assert.equal(answer.status, 400, JSON.stringify(body).slice(0, 80));
      assert.deepEqual(errorCodes(answer), [code], JSON.stringify(body).slice(0, 80));
    }
    assert.equal(sandbox.accessCertificates(scope).length, 0);
  });

  test("list pages with page/per_page and result_info.total_pages; per_page outside 1..1000 answers 400", async () => {
    const scope = scopes[0];
    assert.ok(scope);
    for (let i = 0; i < 5; i++) {
      sandbox.addAccessCertificate(scope, { name: `c${i}`, certificate: ca.pem });
    }
    const page = await callSandbox(sandbox, "GET", `${base(scope)}?page=3&per_page=2`, { token: TOKEN });
    assert.deepEqual(
      resultArray(page).map((c) => c["name"]),
      ["c4"],
    );
    assert.deepEqual(page.envelope.result_info, { page: 3, per_page: 2, count: 1, total_count: 5, total_pages: 3 });
    for (const query of ["per_page=0", "per_page=1001", "page=x"]) {
      const answer = await callSandbox(sandbox, "GET", `${base(scope)}?${query}`, { token: TOKEN });
      assert.equal(answer.status, 400, query);
      assert.deepEqual(errorCodes(answer), [1004]);
    }
    assert.equal((await callSandbox(sandbox, "GET", `${base(scope)}?per_page=1000`, { token: TOKEN })).status, 200);
  });

  test("get, update (hostnames required, name optional, certificate unchangeable) and unknown ids", async () => {
    const scope = scopes[1];
    assert.ok(scope);
    const record = sandbox.addAccessCertificate(scope, { name: "before", certificate: ca.pem, associated_hostnames: ["a.example.com"] });
    const path = `${base(scope)}/${record.id}`;
    assert.equal(resultObject(await callSandbox(sandbox, "GET", path, { token: TOKEN }))["name"], "before");

    const renamed = await callSandbox(sandbox, "PUT", path, { token: TOKEN, body: { name: "after", associated_hostnames: ["b.example.com", "c.example.com"] } });
    assert.equal(renamed.status, 200);
    assert.equal(resultObject(renamed)["name"], "after");
    assert.deepEqual(resultObject(renamed)["associated_hostnames"], ["b.example.com", "c.example.com"]);
    const onlyHostnames = await callSandbox(sandbox, "PUT", path, { token: TOKEN, body: { associated_hostnames: [] } });
    assert.equal(resultObject(onlyHostnames)["name"], "after");
    assert.deepEqual(sandbox.accessCertificates(scope)[0]?.associated_hostnames, []);

    assert.deepEqual(errorCodes(await callSandbox(sandbox, "PUT", path, { token: TOKEN, body: { name: "x" } })), [12101]);
    assert.deepEqual(errorCodes(await callSandbox(sandbox, "PUT", path, { token: TOKEN, body: { associated_hostnames: [], certificate: ca.pem } })), [12102]);

    const unknown = await callSandbox(sandbox, "GET", `${base(scope)}/00000000-0000-4000-8000-000000000000`, { token: TOKEN });
    assert.equal(unknown.status, 404);
    assert.deepEqual(errorCodes(unknown), [12104]);
  });

  test("delete is refused while hostnames are associated, and answers { id } once they are removed", async () => {
    const scope = scopes[0];
    assert.ok(scope);
    const record = sandbox.addAccessCertificate(scope, { name: "in use", certificate: ca.pem, associated_hostnames: ["admin.example.com"] });
    const path = `${base(scope)}/${record.id}`;
    const refused = await callSandbox(sandbox, "DELETE", path, { token: TOKEN });
    assert.equal(refused.status, 400);
    assert.deepEqual(errorCodes(refused), [12134]);
    assert.equal(sandbox.accessCertificates(scope).length, 1);
    await callSandbox(sandbox, "PUT", path, { token: TOKEN, body: { associated_hostnames: [] } });
    const deleted = await callSandbox(sandbox, "DELETE", path, { token: TOKEN });
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.envelope.result, { id: record.id });
    assert.equal(sandbox.accessCertificates(scope).length, 0);
  });

  test("hostname settings: GET and PUT at both scopes", async () => {
    for (const scope of scopes) {
      const empty = await callSandbox(sandbox, "GET", `${base(scope)}/settings`, { token: TOKEN });
      assert.equal(empty.status, 200);
      assert.deepEqual(empty.envelope.result, []);
      const settings = [
        { hostname: "admin.example.com", china_network: false, client_certificate_forwarding: true },
        { hostname: "app.example.com", china_network: true, client_certificate_forwarding: false },
      ];
      const put = await callSandbox(sandbox, "PUT", `${base(scope)}/settings`, { token: TOKEN, body: { settings } });
      assert.equal(put.status, 202, "Cloudflare answers the settings PUT with 202 Accepted");
      assert.deepEqual(put.envelope.result, settings);
      assert.deepEqual(resultArray(await callSandbox(sandbox, "GET", `${base(scope)}/settings`, { token: TOKEN })), settings);
      assert.deepEqual(sandbox.hostnameSettings(scope), settings);
    }
  });

  test("hostname settings PUT needs all three fields per entry and nothing else", async () => {
    const scope = scopes[1];
    assert.ok(scope);
    const entry = { hostname: "a.example.com", china_network: false, client_certificate_forwarding: false };
    const cases: { body: unknown; code: number }[] = [
      { body: {}, code: 12101 },
      { body: { settings: {} }, code: 12101 },
      { body: { settings: [{ hostname: "a.example.com", china_network: false }] }, code: 12101 },
      { body: { settings: [{ ...entry, china_network: "no" }] }, code: 12101 },
      { body: { settings: [{ ...entry, hostname: "" }] }, code: 12101 },
      { body: { settings: [entry, entry] }, code: 12101 },
      { body: { settings: [{ ...entry, extra: 1 }] }, code: 12102 },
      { body: { settings: [], other: 1 }, code: 12102 },
    ];
    for (const { body, code } of cases) {
      const answer = await callSandbox(sandbox, "PUT", `${base(scope)}/settings`, { token: TOKEN, body });
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.deepEqual(errorCodes(answer), [code], JSON.stringify(body));
    }
    const missingField = await callSandbox(sandbox, "PUT", `${base(scope)}/settings`, { token: TOKEN, body: cases[2]?.body });
    assert.equal(missingField.envelope.errors[0]?.source?.pointer, "/settings/0/client_certificate_forwarding");
  });

  test("a token limited to another account cannot reach a zone of this account", async () => {
    const other = sandbox.addAccount({ name: "Other" });
    sandbox.addApiToken("other-only", { accountIds: [other.id] });
    const scope = scopes[1];
    assert.ok(scope);
    const answer = await callSandbox(sandbox, "GET", base(scope), { token: "other-only" });
    assert.equal(answer.status, 403);
    assert.deepEqual(errorCodes(answer), [10000]);
  });
});
