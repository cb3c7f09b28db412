// The sandbox's hostname associations over real HTTP: the managed CA's list and a BYO CA's,
// the strict checks of mtls_certificate_id and of hostnames, and an associated CA being in use.
import assert from "node:assert/strict";
import { makeCa, makeLeaf, type MadeCertificate } from "../../support/makeCertificates";
import { ErrorCodes, HOSTNAME_ASSOCIATION_SERVICE, startSandbox, type CloudflareSandbox, type SandboxAccount, type SandboxZone } from "../../support/cloudflareSandbox";
import { callSandbox, errorCodes, resultArray, resultObject } from "./callSandbox";

const TOKEN = "hostname-associations-token";

suite("sandbox: hostname associations", () => {
  let sandbox: CloudflareSandbox;
  let account: SandboxAccount;
  let zone: SandboxZone;
  let ca: MadeCertificate;
  let leaf: MadeCertificate;

  suiteSetup(async () => {
    sandbox = await startSandbox();
    sandbox.addApiToken(TOKEN);
    ca = await makeCa({ commonName: "BYO Root CA" });
    leaf = await makeLeaf(ca);
  });

  setup(() => {
    account = sandbox.addAccount({ name: `Account ${Math.random()}` });
    zone = sandbox.addZone(account.id, { name: "example.com" });
  });

  suiteTeardown(() => sandbox.close());

  const path = (): string => `/zones/${zone.id}/certificate_authorities/hostname_associations`;
  const get = (mtlsCertificateId?: string) => callSandbox(sandbox, "GET", `${path()}${mtlsCertificateId === undefined ? "" : `?mtls_certificate_id=${encodeURIComponent(mtlsCertificateId)}`}`, { token: TOKEN });
  const put = (body: unknown) => callSandbox(sandbox, "PUT", path(), { token: TOKEN, body });

  test("the managed CA: empty at first, the PUT replaces the list (lower-cased, once each), [] clears it", async () => {
    assert.deepEqual(resultObject(await get()), { hostnames: [] });
    const replaced = await put({ hostnames: ["API.example.com", "example.com", "api.example.com", "*.internal.example.com"] });
    assert.equal(replaced.status, 200, JSON.stringify(replaced.envelope.errors));
    assert.deepEqual(resultObject(replaced), { hostnames: ["api.example.com", "example.com", "*.internal.example.com"] });
    assert.deepEqual(resultObject(await get()), { hostnames: ["api.example.com", "example.com", "*.internal.example.com"] });
    assert.deepEqual(resultObject(await put({ hostnames: ["mtls.example.com"] })), { hostnames: ["mtls.example.com"] });
    assert.deepEqual(resultObject(await put({ hostnames: [] })), { hostnames: [] });
    assert.deepEqual(sandbox.hostnameAssociations(zone.id), []);
  });

  test("a BYO CA: its own list; while it has hostnames it is in use, its associations show it and deleting it is refused", async () => {
    const uploaded = sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true, name: "byo" });
    assert.equal(uploaded.id.length, 36);
    const replaced = await put({ hostnames: ["api.example.com"], mtls_certificate_id: uploaded.id });
    assert.deepEqual(resultObject(replaced), { hostnames: ["api.example.com"] });
    assert.deepEqual(resultObject(await get(uploaded.id)), { hostnames: ["api.example.com"] });
    assert.deepEqual(resultObject(await get()), { hostnames: [] }, "the managed CA's list is separate");

    const certificatePath = `/accounts/${account.id}/mtls_certificates/${uploaded.id}`;
    const associations = resultArray(await callSandbox(sandbox, "GET", `${certificatePath}/associations`, { token: TOKEN }));
    assert.deepEqual(associations, [{ ...HOSTNAME_ASSOCIATION_SERVICE }]);
    const refused = await callSandbox(sandbox, "DELETE", certificatePath, { token: TOKEN });
    assert.equal(refused.status, 400);
    assert.deepEqual(errorCodes(refused), [ErrorCodes.mtlsCertificateInUse.code]);

    const otherZone = sandbox.addZone(account.id, { name: "example.org" });
    await callSandbox(sandbox, "PUT", `/zones/${otherZone.id}/certificate_authorities/hostname_associations`, { token: TOKEN, body: { hostnames: ["example.org"], mtls_certificate_id: uploaded.id } });
    await put({ hostnames: [], mtls_certificate_id: uploaded.id });
    assert.equal(resultArray(await callSandbox(sandbox, "GET", `${certificatePath}/associations`, { token: TOKEN })).length, 1, "still used by the other zone");
    await callSandbox(sandbox, "PUT", `/zones/${otherZone.id}/certificate_authorities/hostname_associations`, { token: TOKEN, body: { hostnames: [], mtls_certificate_id: uploaded.id } });
    assert.deepEqual(resultArray(await callSandbox(sandbox, "GET", `${certificatePath}/associations`, { token: TOKEN })), []);
    assert.equal((await callSandbox(sandbox, "DELETE", certificatePath, { token: TOKEN })).status, 200, "deletable once cleared");
  });

  test("associations a test set on the CA are kept when the hostnames are cleared", () => {
    const uploaded = sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true, associations: [{ service: "gateway", status: "active" }] });
    sandbox.setHostnameAssociations(zone.id, ["api.example.com"], uploaded.id);
    assert.equal(sandbox.mtlsCertificates(account.id)[0]?.associations.length, 2);
    sandbox.setHostnameAssociations(zone.id, [], uploaded.id);
    assert.deepEqual(sandbox.mtlsCertificates(account.id)[0]?.associations, [{ service: "gateway", status: "active" }]);
  });

  test("mtls_certificate_id: a malformed id, an unknown one, a leaf and another account's CA are refused, on GET and PUT", async () => {
    const leafRecord = sandbox.addMtlsCertificate(account.id, { certificates: leaf.pem, ca: false });
    const otherAccount = sandbox.addAccount({ name: "other" });
    const foreign = sandbox.addMtlsCertificate(otherAccount.id, { certificates: ca.pem, ca: true });
    const cases: [string, string, number][] = [
      ["32 hex digits", "0123456789abcdef0123456789abcdef", ErrorCodes.hostnameAssociationInvalidCertificateId.code],
      ["35 characters", foreign.id.slice(1), ErrorCodes.hostnameAssociationInvalidCertificateId.code],
      ["36 characters, not a UUID", "x".repeat(36), ErrorCodes.hostnameAssociationInvalidCertificateId.code],
      ["unknown UUID", "6f1c3e58-3f0e-4a55-9d3e-1c1d2a3b4c5d", ErrorCodes.hostnameAssociationCertificateNotFound.code],
      ["another account's CA", foreign.id, ErrorCodes.hostnameAssociationCertificateNotFound.code],
      ["a leaf", leafRecord.id, ErrorCodes.hostnameAssociationNotACa.code],
    ];
    for (const [what, id, code] of cases) {
      assert.deepEqual(errorCodes(await get(id)), [code], `GET: ${what}`);
      const answer = await put({ hostnames: ["api.example.com"], mtls_certificate_id: id });
      assert.deepEqual(errorCodes(answer), [code], `PUT: ${what}`);
      assert.equal(answer.envelope.errors[0]?.source?.pointer, "/mtls_certificate_id", what);
    }
    assert.deepEqual(sandbox.mtlsCertificates(otherAccount.id)[0]?.associations, [], "nothing was associated");
  });

  test("hostnames: outside the zone, malformed, or held by another CA of the zone are refused, and nothing changes", async () => {
    await put({ hostnames: ["kept.example.com"] });
    const outside = await put({ hostnames: ["api.example.com", "example.org"] });
    assert.deepEqual(errorCodes(outside), [ErrorCodes.hostnameAssociationOutsideZone.code]);
    assert.equal(outside.envelope.errors[0]?.source?.pointer, "/hostnames/1");
    assert.deepEqual(errorCodes(await put({ hostnames: ["badexample.com"] })), [ErrorCodes.hostnameAssociationOutsideZone.code], "a suffix that is not a label boundary");
    for (const hostname of ["exa mple.example.com", "-api.example.com", "api..example.com", "api.example.com.", "com"]) {
      assert.deepEqual(errorCodes(await put({ hostnames: [hostname] })), [ErrorCodes.hostnameAssociationInvalidHostname.code], hostname);
    }
    const uploaded = sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true });
    const taken = await put({ hostnames: ["kept.example.com"], mtls_certificate_id: uploaded.id });
    assert.deepEqual(errorCodes(taken), [ErrorCodes.hostnameAssociationTaken.code]);
    assert.match(taken.envelope.errors[0]?.message ?? "", /Cloudflare-managed CA/);
    assert.deepEqual(resultObject(await get()), { hostnames: ["kept.example.com"] });
  });

  test("the body: hostnames required, an array of strings, no unknown fields", async () => {
    for (const body of [{}, { hostnames: "api.example.com" }, { hostnames: [1] }, { hostnames: [""] }]) {
      assert.deepEqual(errorCodes(await put(body)), [ErrorCodes.hostnameAssociationInvalidBody.code], JSON.stringify(body));
    }
    assert.deepEqual(errorCodes(await put({ hostnames: [], extra: true })), [ErrorCodes.hostnameAssociationUnknownField.code]);
  });
});
