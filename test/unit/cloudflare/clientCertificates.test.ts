// Client certificates over HTTP against the sandbox: create from a CSR made on this machine, list
// (status filter, every page), get, revoke and reactivate, and the refusals users will meet.
import assert from "node:assert/strict";
import { webcrypto, X509Certificate } from "node:crypto";
import {
  createClientCertificate,
  getClientCertificate,
  isPendingStatus,
  listClientCertificates,
  reactivateClientCertificate,
  revokeClientCertificate,
  validityDaysProblem,
} from "../../../src/cloudflare/clientCertificates";
import { CloudflareApiError } from "../../../src/cloudflare/errors";
import { createCsr } from "../../../src/certificates/csr";
import { generateClientKeyPair } from "../../../src/certificates/keyGeneration";
import { ErrorCodes, type SandboxZone } from "../../support/cloudflareSandbox";
import { makeCsr, withSwappedPublicKey } from "../../support/makeCsrs";
import { useSandbox } from "./sandboxFixture";

suite("clientCertificates (sandbox)", () => {
  const fixture = useSandbox({ clientCertificateTransitionMs: 0 });
  let zone: SandboxZone;

  setup(() => {
    const { sandbox, account } = fixture();
    zone = sandbox.addZone(account.id, { name: "example.com" });
  });

  test("create from a CSR made on this machine: the certificate carries our key, and nothing private was sent", async () => {
    const { client, sandbox } = fixture();
    const keyPair = await generateClientKeyPair("ECDSA-P256");
    const csr = await createCsr({ commonName: "alice", organization: "Example Inc.", country: "us" }, keyPair);
    const created = await createClientCertificate(client(), zone.id, { csr: csr.pem, validity_days: 365 });
    assert.equal(created.status, "active");
    assert.equal(created.common_name, "alice");
    assert.equal(created.organization, "Example Inc.");
    assert.equal(created.country, "US");
    assert.equal(created.validity_days, 365);
    assert.equal(created.certificate_authority?.id, sandbox.managedCa(fixture().account.id).id);
    const issued = new X509Certificate(created.certificate ?? "");
    const ourKey = Buffer.from(await webcrypto.subtle.exportKey("spki", keyPair.keys.publicKey));
    assert.deepEqual(issued.publicKey.export({ type: "spki", format: "der" }), ourKey);

    const sent = sandbox.requests.at(-1);
    assert.equal(sent?.method, "POST");
    assert.deepEqual(Object.keys(sent?.body as object).sort(), ["csr", "validity_days"]);
    assert.doesNotMatch(JSON.stringify(sent?.body), /PRIVATE KEY/);
  });

  test("a validity of 0 or less, or not whole, is refused before anything is sent", async () => {
    const { client, sandbox } = fixture();
    const csr = await makeCsr();
    for (const days of [0, -5, 1.5, Number.NaN]) {
      await assert.rejects(createClientCertificate(client(), zone.id, { csr: csr.pem, validity_days: days }), RangeError, String(days));
    }
    assert.equal(sandbox.requests.length, 0);
    assert.equal(validityDaysProblem(0), "The validity must be at least 1 day.");
    assert.equal(validityDaysProblem(2.5), "The validity must be a whole number of days.");
    assert.equal(validityDaysProblem(3650), undefined);
  });

  test("what Cloudflare refuses comes back with its message: a validity too long, a CSR whose signature does not verify", async () => {
    const { client } = fixture();
    const csr = await makeCsr();
    const tooLong = await createClientCertificate(client(), zone.id, { csr: csr.pem, validity_days: 100_000 }).catch((error: unknown) => error);
    assert.ok(tooLong instanceof CloudflareApiError);
    assert.ok(tooLong.hasCode(ErrorCodes.clientCertificateInvalidValidity.code));
    assert.match(tooLong.message, /validity_days/);
    const tampered = await createClientCertificate(client(), zone.id, { csr: await withSwappedPublicKey(csr), validity_days: 30 }).catch((error: unknown) => error);
    assert.ok(tampered instanceof CloudflareApiError);
    assert.equal(tampered.status, 400);
    assert.ok(tampered.hasCode(ErrorCodes.clientCertificateCsrSignature.code));
  });

  test("a failed create is not retried: a retry could issue two certificates", async () => {
    const { client, sandbox } = fixture();
    sandbox.injectFault({ kind: "status", status: 503 }, { method: "POST" });
    await assert.rejects(createClientCertificate(client(), zone.id, { csr: (await makeCsr()).pem, validity_days: 30 }), CloudflareApiError);
    assert.equal(sandbox.requests.filter((request) => request.method === "POST").length, 1);
  });

  test("list: every status by default, or one; all pages at 50 a page; per_page outside 5..50 refused before sending", async () => {
    const { client, sandbox } = fixture();
    const csr = await makeCsr();
    for (let index = 0; index < 53; index++) {
      sandbox.addClientCertificate(zone.id, { csr: csr.pem, validityDays: 30, status: index < 3 ? "revoked" : "active" });
    }
    const all = await listClientCertificates(client(), zone.id);
    assert.equal(all.length, 53);
    assert.equal(new Set(all.map((certificate) => certificate.id)).size, 53);
    const listRequests = sandbox.requests.filter((request) => request.path.endsWith("/client_certificates"));
    assert.deepEqual(listRequests.map((request) => request.query), [
      { status: "all", page: "1", per_page: "50" },
      { status: "all", page: "2", per_page: "50" },
    ]);
    const revoked = await listClientCertificates(client(), zone.id, { status: "revoked" });
    assert.deepEqual(revoked.map((certificate) => certificate.status), ["revoked", "revoked", "revoked"]);
    assert.equal(sandbox.requests.at(-1)?.query.status, "revoked");
    const small = await listClientCertificates(client(), zone.id, { status: "active", perPage: 5 });
    assert.equal(small.length, 50);

    const before = sandbox.requests.length;
    for (const perPage of [4, 51, 5.5]) {
      await assert.rejects(listClientCertificates(client(), zone.id, { perPage }), RangeError, String(perPage));
    }
    assert.equal(sandbox.requests.length, before);
  });

  test("get, revoke, reactivate: the answers show the pending status, a later get the settled one", async () => {
    const { client, sandbox } = fixture();
    const record = sandbox.addClientCertificate(zone.id, { csr: (await makeCsr()).pem, validityDays: 30 });
    const got = await getClientCertificate(client(), zone.id, record.id);
    assert.equal(got.fingerprint_sha256, record.fingerprint_sha256);

    const revoking = await revokeClientCertificate(client(), zone.id, record.id);
    assert.equal(revoking.status, "pending_revocation");
    assert.ok(isPendingStatus(revoking.status));
    assert.equal((await getClientCertificate(client(), zone.id, record.id)).status, "revoked");

    const reactivating = await reactivateClientCertificate(client(), zone.id, record.id);
    assert.equal(reactivating.status, "pending_reactivation");
    const patch = sandbox.requests.at(-1);
    assert.equal(patch?.method, "PATCH");
    assert.deepEqual(patch?.body, { reactivate: true });
    const settled = await getClientCertificate(client(), zone.id, record.id);
    assert.equal(settled.status, "active");
    assert.ok(!isPendingStatus(settled.status));
  });

  test("revoking a revoked certificate and unknown ids are refused with Cloudflare's message; ids are encoded in the path", async () => {
    const { client, sandbox } = fixture();
    const record = sandbox.addClientCertificate(zone.id, { csr: (await makeCsr()).pem, validityDays: 30, status: "revoked" });
    const again = await revokeClientCertificate(client(), zone.id, record.id).catch((error: unknown) => error);
    assert.ok(again instanceof CloudflareApiError);
    assert.ok(again.hasCode(ErrorCodes.clientCertificateNotActive.code));
    const unknown = await getClientCertificate(client(), zone.id, "no/such id").catch((error: unknown) => error);
    assert.ok(unknown instanceof CloudflareApiError);
    assert.equal(unknown.status, 404);
    assert.equal(sandbox.requests.at(-1)?.path, `/zones/${zone.id}/client_certificates/no%2Fsuch%20id`);
  });
});
