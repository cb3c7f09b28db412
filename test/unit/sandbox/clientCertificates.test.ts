// The sandbox's client certificate routes over real HTTP: the managed CA really signs the CSR,
// the refusals a strict Cloudflare gives, the status moving on after revoke and reactivate, and
// the list's status filter and page bounds.
import assert from "node:assert/strict";
import { createHash, webcrypto, X509Certificate } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { makeCa } from "../../support/makeCertificates";
import { makeCsr, withSwappedPublicKey, type MadeCsr } from "../../support/makeCsrs";
import { ErrorCodes, MAX_VALIDITY_DAYS, startSandbox, type CloudflareSandbox, type SandboxAccount, type SandboxZone } from "../../support/cloudflareSandbox";
import { callSandbox, errorCodes, resultArray, resultObject } from "./callSandbox";

const TOKEN = "client-certificates-token";
const READ_ONLY = "client-certificates-read-only";
const DAY_MS = 24 * 60 * 60 * 1000;

suite("sandbox: client certificates", () => {
  let sandbox: CloudflareSandbox;
  let account: SandboxAccount;
  let zone: SandboxZone;
  let csr: MadeCsr;

  suiteSetup(async () => {
    sandbox = await startSandbox({ clientCertificateTransitionMs: 0 });
    sandbox.addApiToken(TOKEN);
    sandbox.addApiToken(READ_ONLY, { permissions: "read" });
    csr = await makeCsr({ subject: "C=US, ST=California, L=San Francisco, O=Example Inc., OU=Platform, CN=alice" });
  });

  setup(() => {
    account = sandbox.addAccount({ name: `Account ${Math.random()}` });
    zone = sandbox.addZone(account.id, { name: `zone-${Math.random().toString(36).slice(2)}.example` });
    sandbox.setClientCertificateTransitionDelay(0);
  });

  suiteTeardown(() => sandbox.close());

  const base = (): string => `/zones/${zone.id}/client_certificates`;
  const create = (body: unknown, token = TOKEN) => callSandbox(sandbox, "POST", base(), { token, body });

  test("create: the managed CA signs the CSR's key and subject, for validity_days, and the answer describes what it issued", async () => {
    const before = Date.now();
    const answer = await create({ csr: csr.pem, validity_days: 30 });
    assert.equal(answer.status, 200, JSON.stringify(answer.envelope.errors));
    const result = resultObject(answer);
    const ca = sandbox.managedCa(account.id);
    const caCertificate = new X509Certificate(ca.certificatePem);
    const issued = new X509Certificate(String(result["certificate"]));

    assert.ok(issued.verify(caCertificate.publicKey), "signed by the managed CA");
    assert.ok(issued.checkIssued(caCertificate));
    assert.equal(issued.issuer, caCertificate.subject);
    assert.equal(issued.subject, "C=US\nST=California\nL=San Francisco\nO=Example Inc.\nOU=Platform\nCN=alice");
    assert.equal(issued.ca, false);
    const exported = Buffer.from(await webcrypto.subtle.exportKey("spki", csr.keys.publicKey));
    assert.deepEqual(issued.publicKey.export({ type: "spki", format: "der" }), exported, "the CSR's public key");
    const notBefore = new Date(issued.validFrom).getTime();
    assert.ok(notBefore >= Math.floor(before / 1000) * 1000 - 1000 && notBefore <= Date.now());
    assert.equal(new Date(issued.validTo).getTime() - notBefore, 30 * DAY_MS);

    assert.match(String(result["id"]), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual(result["certificate_authority"], { id: ca.id, name: ca.name });
    assert.equal(result["common_name"], "alice");
    assert.equal(result["country"], "US");
    assert.equal(result["state"], "California");
    assert.equal(result["location"], "San Francisco");
    assert.equal(result["organization"], "Example Inc.");
    assert.equal(result["organizational_unit"], "Platform");
    assert.equal(result["csr"], csr.pem);
    assert.equal(result["validity_days"], 30);
    assert.equal(result["status"], "active");
    assert.equal(result["signature"], "SHA256WithRSA");
    assert.equal(result["fingerprint_sha256"], createHash("sha256").update(issued.raw).digest("hex"));
    assert.equal(result["serial_number"], issued.serialNumber.toLowerCase());
    assert.match(String(result["serial_number"]), /^[0-9a-f]{40}$/);
    assert.match(String(result["ski"]), /^[0-9a-f]{40}$/);
    assert.equal(result["issued_on"], new Date(notBefore).toISOString().replace(/\.\d{3}Z$/, "Z"));
    assert.equal(result["expires_on"], new Date(issued.validTo).toISOString().replace(/\.\d{3}Z$/, "Z"));
    assert.ok(!("private_key" in result));
  });

  test("each account has its own managed CA; every zone of the account uses it", async () => {
    const second = sandbox.addZone(account.id, { name: `second-${Math.random().toString(36).slice(2)}.example` });
    const first = resultObject(await create({ csr: csr.pem, validity_days: 1 }));
    const other = resultObject(await callSandbox(sandbox, "POST", `/zones/${second.id}/client_certificates`, { token: TOKEN, body: { csr: csr.pem, validity_days: 1 } }));
    assert.deepEqual(first["certificate_authority"], other["certificate_authority"]);
    const otherAccount = sandbox.addAccount({ name: "other" });
    assert.notEqual(sandbox.managedCa(otherAccount.id).id, sandbox.managedCa(account.id).id);
  });

  test("an RSA CSR gets keyEncipherment as well; the certificate is for client authentication", async () => {
    const rsa = await makeCsr({ keyAlgorithm: "RSA-2048", subject: "CN=rsa-client" });
    const result = resultObject(await create({ csr: rsa.pem, validity_days: 365 }));
    const issued = new X509Certificate(String(result["certificate"]));
    assert.equal(issued.keyUsage?.includes("1.3.6.1.5.5.7.3.2"), true, "extKeyUsage clientAuth");
    assert.equal(result["common_name"], "rsa-client");
    assert.equal(result["country"], "", "fields the CSR leaves out are empty strings");
  });

  test("refusals: not a CSR, a CSR whose signature does not verify, an unsupported key, each naming the cause", async () => {
    const certificate = await makeCa();
    const cases: [string, unknown, number, RegExp][] = [
      ["plain text", "not a csr", ErrorCodes.clientCertificateInvalidCsr.code, /no PEM/],
      ["a certificate", certificate.pem, ErrorCodes.clientCertificateInvalidCsr.code, /"CERTIFICATE", not "CERTIFICATE REQUEST"/],
      ["garbage inside the armour", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", ErrorCodes.clientCertificateInvalidCsr.code, /PKCS#10/],
      ["a tampered CSR", await withSwappedPublicKey(csr), ErrorCodes.clientCertificateCsrSignature.code, /does not verify/],
      ["an RSA 1024 key", (await makeCsr({ keyAlgorithm: "RSA-1024", keyLabel: "weak" })).pem, ErrorCodes.clientCertificateCsrKey.code, /at least 2048 bits/],
      ["an Ed25519 key", (await makeCsr({ keyAlgorithm: "Ed25519" })).pem, ErrorCodes.clientCertificateCsrKey.code, /ed25519/],
    ];
    for (const [what, pem, code, message] of cases) {
      const answer = await create({ csr: pem, validity_days: 30 });
      assert.equal(answer.status, 400, what);
      assert.deepEqual(errorCodes(answer), [code], what);
      assert.match(answer.envelope.errors[0]?.message ?? "", message, what);
      assert.equal(answer.envelope.errors[0]?.source?.pointer, "/csr", what);
    }
    assert.equal(sandbox.clientCertificates(zone.id).length, 0, "nothing was issued");
  });

  test("refusals: validity_days out of range or not an integer, a missing or unknown field", async () => {
    for (const days of [0, -1, MAX_VALIDITY_DAYS + 1]) {
      const answer = await create({ csr: csr.pem, validity_days: days });
      assert.equal(answer.status, 400, String(days));
      assert.deepEqual(errorCodes(answer), [ErrorCodes.clientCertificateInvalidValidity.code], String(days));
    }
    for (const body of [{ csr: csr.pem, validity_days: 1.5 }, { csr: csr.pem, validity_days: "365" }, { csr: csr.pem }, { validity_days: 30 }]) {
      const answer = await create(body);
      assert.deepEqual(errorCodes(answer), [ErrorCodes.clientCertificateInvalidBody.code], JSON.stringify(body));
    }
    assert.deepEqual(errorCodes(await create({ csr: csr.pem, validity_days: 30, private_key: "x" })), [ErrorCodes.clientCertificateUnknownField.code]);
    assert.equal((await create({ csr: csr.pem, validity_days: MAX_VALIDITY_DAYS })).status, 200, "the maximum itself is accepted");
  });

  test("an unknown zone, an unknown certificate id and a read-only token are refused", async () => {
    const unknownZone = await callSandbox(sandbox, "GET", "/zones/0123456789abcdef0123456789abcdef/client_certificates", { token: TOKEN });
    assert.deepEqual(errorCodes(unknownZone), [ErrorCodes.couldNotRoute.code]);
    for (const method of ["GET", "DELETE"]) {
      const answer = await callSandbox(sandbox, method, `${base()}/6f1c3e58-3f0e-4a55-9d3e-1c1d2a3b4c5d`, { token: TOKEN });
      assert.equal(answer.status, 404, method);
      assert.deepEqual(errorCodes(answer), [ErrorCodes.clientCertificateNotFound.code], method);
    }
    const patch = await callSandbox(sandbox, "PATCH", `${base()}/6f1c3e58-3f0e-4a55-9d3e-1c1d2a3b4c5d`, { token: TOKEN, body: { reactivate: true } });
    assert.deepEqual(errorCodes(patch), [ErrorCodes.clientCertificateNotFound.code]);
    const readOnly = await create({ csr: csr.pem, validity_days: 30 }, READ_ONLY);
    assert.deepEqual(errorCodes(readOnly), [ErrorCodes.authenticationError.code]);
  });

  test("get returns the certificate as created", async () => {
    const created = resultObject(await create({ csr: csr.pem, validity_days: 10 }));
    const got = resultObject(await callSandbox(sandbox, "GET", `${base()}/${String(created["id"])}`, { token: TOKEN }));
    assert.deepEqual(got, created);
  });

  test("revoke: pending_revocation in the answer, revoked once the delay has passed; revoke again is refused", async () => {
    sandbox.setClientCertificateTransitionDelay(150);
    const id = String(resultObject(await create({ csr: csr.pem, validity_days: 10 }))["id"]);
    const revoked = await callSandbox(sandbox, "DELETE", `${base()}/${id}`, { token: TOKEN });
    assert.equal(revoked.status, 200);
    assert.equal(resultObject(revoked)["status"], "pending_revocation");
    assert.equal(resultObject(await callSandbox(sandbox, "GET", `${base()}/${id}`, { token: TOKEN }))["status"], "pending_revocation", "still pending");
    await delay(200);
    assert.equal(resultObject(await callSandbox(sandbox, "GET", `${base()}/${id}`, { token: TOKEN }))["status"], "revoked");
    const again = await callSandbox(sandbox, "DELETE", `${base()}/${id}`, { token: TOKEN });
    assert.deepEqual(errorCodes(again), [ErrorCodes.clientCertificateNotActive.code]);
    assert.match(again.envelope.errors[0]?.message ?? "", /revoked/);
  });

  test("reactivate: from revoked or pending_revocation to pending_reactivation, then active; an active one is refused", async () => {
    const id = String(resultObject(await create({ csr: csr.pem, validity_days: 10 }))["id"]);
    const path = `${base()}/${id}`;
    const early = await callSandbox(sandbox, "PATCH", path, { token: TOKEN, body: { reactivate: true } });
    assert.deepEqual(errorCodes(early), [ErrorCodes.clientCertificateNotRevoked.code], "an active certificate cannot be reactivated");

    await callSandbox(sandbox, "DELETE", path, { token: TOKEN });
    const reactivated = await callSandbox(sandbox, "PATCH", path, { token: TOKEN, body: { reactivate: true } });
    assert.equal(reactivated.status, 200, JSON.stringify(reactivated.envelope.errors));
    assert.equal(resultObject(reactivated)["status"], "pending_reactivation");
    assert.equal(resultObject(await callSandbox(sandbox, "GET", path, { token: TOKEN }))["status"], "active");

    sandbox.setClientCertificateTransitionDelay(60_000);
    await callSandbox(sandbox, "DELETE", path, { token: TOKEN });
    const fromPending = await callSandbox(sandbox, "PATCH", path, { token: TOKEN, body: {} });
    assert.equal(resultObject(fromPending)["status"], "pending_reactivation", "SDK 7.3's body without `reactivate` is accepted too");
    const wrongBody = await callSandbox(sandbox, "PATCH", path, { token: TOKEN, body: { reactivate: false } });
    assert.deepEqual(errorCodes(wrongBody), [ErrorCodes.clientCertificateInvalidBody.code]);
  });

  test("list: every status by default, the status filter, per_page 5..50 with result_info as the schema has it", async () => {
    const ids: string[] = [];
    for (let index = 0; index < 7; index++) {
      ids.push(String(resultObject(await create({ csr: csr.pem, validity_days: 10 + index }))["id"]));  
    }
    await callSandbox(sandbox, "DELETE", `${base()}/${ids[0]}`, { token: TOKEN });
    await callSandbox(sandbox, "DELETE", `${base()}/${ids[1]}`, { token: TOKEN });

    const all = await callSandbox(sandbox, "GET", base(), { token: TOKEN });
    assert.equal(resultArray(all).length, 7);
    assert.deepEqual(all.envelope.result_info, { page: 1, per_page: 20, count: 7, total_count: 7 });
    const explicitAll = await callSandbox(sandbox, "GET", `${base()}?status=all`, { token: TOKEN });
    assert.equal(resultArray(explicitAll).length, 7);
    const revoked = resultArray(await callSandbox(sandbox, "GET", `${base()}?status=revoked`, { token: TOKEN }));
    assert.deepEqual(revoked.map((c) => c["id"]).sort(), [ids[0], ids[1]].sort());
    const active = resultArray(await callSandbox(sandbox, "GET", `${base()}?status=active`, { token: TOKEN }));
    assert.equal(active.length, 5);

    const page2 = await callSandbox(sandbox, "GET", `${base()}?page=2&per_page=5`, { token: TOKEN });
    assert.deepEqual(resultArray(page2).map((c) => c["id"]), ids.slice(5));
    assert.deepEqual(page2.envelope.result_info, { page: 2, per_page: 5, count: 2, total_count: 7 });

    for (const query of ["per_page=4", "per_page=51", "page=0", "status=expired"]) {
      const answer = await callSandbox(sandbox, "GET", `${base()}?${query}`, { token: TOKEN });
      assert.equal(answer.status, 400, query);
    }
  });

  test("addClientCertificate seeds through the same CA and CSR checks", () => {
    const record = sandbox.addClientCertificate(zone.id, { csr: csr.pem, validityDays: 90, status: "revoked" });
    assert.equal(record.status, "revoked");
    assert.equal(record.certificate_authority.id, sandbox.managedCa(account.id).id);
    assert.throws(() => sandbox.addClientCertificate(zone.id, { csr: "nope", validityDays: 1 }));
    sandbox.setClientCertificateTransitionDelay(60_000);
    const pending = sandbox.addClientCertificate(zone.id, { csr: csr.pem, validityDays: 90, status: "pending_revocation" });
    assert.equal(sandbox.clientCertificates(zone.id).find((c) => c.id === pending.id)?.status, "pending_revocation");
    sandbox.setClientCertificateTransitionDelay(0);
    const settling = sandbox.addClientCertificate(zone.id, { csr: csr.pem, validityDays: 90, status: "pending_reactivation" });
    assert.equal(sandbox.clientCertificates(zone.id).find((c) => c.id === settling.id)?.status, "active");
  });
});
