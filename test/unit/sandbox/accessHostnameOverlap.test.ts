// The sandbox's switch for what Cloudflare does not document: may one hostname be associated with
// two Access certificates of a scope at once? "allowed" (the default) lets both keep it; "refused"
// answers an add or update that would do it with 12135, and changes nothing.
import assert from "node:assert/strict";
import { startSandbox, type AccessScope, type CloudflareSandbox } from "../../support/cloudflareSandbox";
import { makeCa } from "../../support/makeCertificates";
import { callSandbox, errorCodes } from "./callSandbox";

const TOKEN = "overlap-token";

suite("sandbox: a hostname on two Access certificates", () => {
  let sandbox: CloudflareSandbox;
  let scope: AccessScope;
  let firstId: string;
  let secondId: string;

  suiteSetup(async () => {
    sandbox = await startSandbox({ accessHostnameOverlap: "refused" });
    sandbox.addApiToken(TOKEN);
    const account = sandbox.addAccount({ name: "Overlap account" });
    sandbox.addZone(account.id, { name: "overlap.example" });
    scope = { kind: "accounts", id: account.id };
    firstId = sandbox.addAccessCertificate(scope, { name: "First", certificate: (await makeCa({ commonName: "First" })).pem, associated_hostnames: ["app.overlap.example"] }).id;
    secondId = sandbox.addAccessCertificate(scope, { name: "Second", certificate: (await makeCa({ commonName: "Second" })).pem }).id;
  });

  suiteTeardown(() => sandbox.close());

  const path = (id: string) => `/accounts/${scope.id}/access/certificates/${id}`;

  test("refused: an update or an add naming another certificate's hostname is answered 12135 and changes nothing", async () => {
    sandbox.setAccessHostnameOverlap("refused");
    const update = await callSandbox(sandbox, "PUT", path(secondId), { token: TOKEN, body: { associated_hostnames: ["APP.overlap.example"] } });
    assert.equal(update.status, 400);
    assert.deepEqual(errorCodes(update), [12135]);
    const add = await callSandbox(sandbox, "POST", `/accounts/${scope.id}/access/certificates`, { token: TOKEN, body: { name: "Third", certificate: (await makeCa({ commonName: "Third" })).pem, associated_hostnames: ["app.overlap.example"] } });
    assert.deepEqual(errorCodes(add), [12135]);
    assert.deepEqual(sandbox.accessCertificates(scope).map((certificate) => [certificate.name, certificate.associated_hostnames]), [["First", ["app.overlap.example"]], ["Second", []]]);
    const same = await callSandbox(sandbox, "PUT", path(firstId), { token: TOKEN, body: { associated_hostnames: ["app.overlap.example"] } });
    assert.equal(same.status, 200, "a certificate keeping its own hostname is no overlap");
  });

  test("allowed: both certificates keep the hostname", async () => {
    sandbox.setAccessHostnameOverlap("allowed");
    const update = await callSandbox(sandbox, "PUT", path(secondId), { token: TOKEN, body: { associated_hostnames: ["app.overlap.example"] } });
    assert.equal(update.status, 200);
    assert.deepEqual(sandbox.accessCertificates(scope).map((certificate) => certificate.associated_hostnames), [["app.overlap.example"], ["app.overlap.example"]]);
    assert.throws(() => sandbox.setAccessHostnameOverlap("sometimes" as "allowed"), /must be "allowed" or "refused"/);
  });
});
