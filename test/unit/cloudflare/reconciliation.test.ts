// A write whose answer is lost is checked, never blindly sent again: every after-processing fault
// of the sandbox (drop, hang, 502, 504, truncated 2xx) on every kind of write leaves exactly one
// object (or none, for a delete) on the server, and the verdict says so. A fault before
// processing gives "notDone", and a failed check "unknown".
import assert from "node:assert/strict";
import { CloudflareApiError, isAbortError, isAnswerLost } from "../../../src/cloudflare/errors";
import {
  addAccessCertificateReconciled,
  deleteAccessCertificateReconciled,
  deleteAccessCertificateWithHostnames,
  deleteMtlsCertificateReconciled,
  reconcile,
  updateAccessCertificateReconciled,
  updateAccessHostnameSettingsReconciled,
  uploadMtlsCertificateReconciled,
  type WriteOutcome,
} from "../../../src/cloudflare/reconciliation";
import type { AccessScope } from "../../../src/cloudflare/types";
import type { SandboxFault } from "../../support/cloudflareSandbox";
import { makeCa, type MadeCertificate } from "../../support/makeCertificates";
import { useSandbox } from "./sandboxFixture";

const AFTER_PROCESSING: readonly (readonly [string, SandboxFault])[] = [
  ["the connection dropped after sending", { kind: "drop", afterProcessing: true }],
  ["a timeout", { kind: "hang", afterProcessing: true }],
  ["a 502 from the edge", { kind: "status", status: 502, afterProcessing: true }],
  ["a 504 from the edge", { kind: "status", status: 504, afterProcessing: true }],
  ["a truncated 2xx body", { kind: "truncate" }],
];

/** Quick checks: two looks, no real wait between them. */
const QUICK = { delayMs: 0 } as const;

function assertDone<T>(outcome: WriteOutcome<T>, id: string | undefined): void {
  assert.equal(outcome.outcome, "done", JSON.stringify(outcome));
  if (outcome.outcome === "done") {
    assert.ok(isAnswerLost(outcome.lostAnswer));
    if (id !== undefined) {
      assert.equal(outcome.id, id);
    }
  }
}

suite("reconciliation after a lost answer (sandbox)", () => {
  const fixture = useSandbox();
  let ca: MadeCertificate;
  let other: MadeCertificate;

  suiteSetup(async () => {
    [ca, other] = await Promise.all([makeCa({ subject: "CN=Reconciled CA, O=Example" }), makeCa({ subject: "CN=Other CA, O=Example" })]);
  });

  const client = () => fixture().client({ timeoutMs: 400 });
  const accountScope = (): AccessScope => ({ kind: "accounts", id: fixture().account.id });

  for (const [what, fault] of AFTER_PROCESSING) {
    suite(`after ${what}`, () => {
      test("an mTLS upload is found: it was uploaded after all, exactly once", async () => {
        const { sandbox, account } = fixture();
        sandbox.addMtlsCertificate(account.id, { certificates: other.pem, ca: true, name: "Reconciled" });
        sandbox.injectFault(fault, { method: "POST" });
        const outcome = await uploadMtlsCertificateReconciled(client(), account.id, { ca: true, certificates: ca.pem, name: "Reconciled" }, QUICK);
        const stored = sandbox.mtlsCertificates(account.id).filter((c) => c.certificates === ca.pem);
        assert.equal(stored.length, 1);
        assertDone(outcome, stored[0]?.id);
        assert.equal(sandbox.requests.filter((r) => r.method === "POST").length, 1, "the upload was sent once");
      });

      test("an Access add is found by MD5 fingerprint and name", async () => {
        const { sandbox } = fixture();
        sandbox.injectFault(fault, { method: "POST" });
        const outcome = await addAccessCertificateReconciled(client(), accountScope(), { name: "Access root", certificate: ca.pem }, QUICK);
        const stored = sandbox.accessCertificates(accountScope());
        assert.equal(stored.length, 1);
        assertDone(outcome, stored[0]?.id);
      });

      test("an mTLS delete is seen to be gone", async () => {
        const { sandbox, account } = fixture();
        const record = sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true });
        sandbox.injectFault(fault, { method: "DELETE" });
        const outcome = await deleteMtlsCertificateReconciled(client(), account.id, record.id, QUICK);
        assert.equal(sandbox.mtlsCertificates(account.id).length, 0);
        assertDone(outcome, record.id);
      });

      test("an Access delete with hostnames (detach, then delete) is seen to be gone", async () => {
        const { sandbox, account } = fixture();
        sandbox.addZone(account.id, { name: "example.com" });
        const record = sandbox.addAccessCertificate(accountScope(), { certificate: ca.pem, name: "Doomed", associated_hostnames: ["app.example.com"] });
        sandbox.injectFault(fault, { method: "DELETE" });
        const outcome = await deleteAccessCertificateReconciled(client(), accountScope(), record, { ...QUICK, retryDelayMs: 0 });
        assert.equal(sandbox.accessCertificates(accountScope()).length, 0);
        assertDone(outcome, record.id);
      });

      test("an Access hostname edit: the new list is there", async () => {
        const { sandbox, account } = fixture();
        sandbox.addZone(account.id, { name: "example.com" });
        const record = sandbox.addAccessCertificate(accountScope(), { certificate: ca.pem, name: "Edited", associated_hostnames: ["old.example.com"] });
        sandbox.injectFault(fault, { method: "PUT" });
        const outcome = await updateAccessCertificateReconciled(client(), accountScope(), record.id, { associated_hostnames: ["new.example.com", "two.example.com"], name: "Edited" }, QUICK);
        assert.deepEqual(sandbox.accessCertificates(accountScope())[0]?.associated_hostnames, ["new.example.com", "two.example.com"]);
        assertDone(outcome, record.id);
      });

      test("a hostname-settings edit: the new settings are there", async () => {
        const { sandbox } = fixture();
        const settings = [{ hostname: "app.example.com", china_network: false, client_certificate_forwarding: true }];
        sandbox.injectFault(fault, { method: "PUT" });
        const outcome = await updateAccessHostnameSettingsReconciled(client(), accountScope(), settings, QUICK);
        assert.deepEqual(sandbox.hostnameSettings(accountScope()), settings);
        assertDone(outcome, fixture().account.id);
      });
    });
  }

  test("a 502 before processing: not uploaded, so a retry is safe and leaves exactly one", async () => {
    const { sandbox, account } = fixture();
    sandbox.injectFault({ kind: "status", status: 502 }, { method: "POST" });
    const upload = { ca: true, certificates: ca.pem, name: "Retry me" };
    const outcome = await uploadMtlsCertificateReconciled(client(), account.id, upload, QUICK);
    assert.equal(outcome.outcome, "notDone");
    assert.equal(sandbox.mtlsCertificates(account.id).length, 0);
    const retried = await uploadMtlsCertificateReconciled(client(), account.id, upload, QUICK);
    assert.equal(retried.outcome, "answered");
    assert.equal(sandbox.mtlsCertificates(account.id).length, 1);
  });

  test("a delete whose 504 came before processing: it is still there, notDone", async () => {
    const { sandbox, account } = fixture();
    const record = sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true });
    sandbox.injectFault({ kind: "status", status: 504 }, { method: "DELETE" });
    assert.equal((await deleteMtlsCertificateReconciled(client(), account.id, record.id, QUICK)).outcome, "notDone");
    assert.equal(sandbox.mtlsCertificates(account.id).length, 1);
  });

  test("an identical certificate that existed before the upload is not taken for ours (knownIds)", async () => {
    const { sandbox, account } = fixture();
    const before = sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true, name: "Twin" });
    sandbox.injectFault({ kind: "status", status: 502 }, { method: "POST" });
    const outcome = await uploadMtlsCertificateReconciled(client(), account.id, { ca: true, certificates: ca.pem, name: "Twin" }, { ...QUICK, knownIds: [before.id] });
    assert.equal(outcome.outcome, "notDone");
  });

  test("when the check cannot list either, the verdict is unknown, with the check's error", async () => {
    const { sandbox, account } = fixture();
    sandbox.injectFault({ kind: "status", status: 502, afterProcessing: true }, { method: "POST" });
    sandbox.injectFault({ kind: "status", status: 500 }, { method: "GET", times: 10 });
    const outcome = await uploadMtlsCertificateReconciled(client(), account.id, { ca: true, certificates: ca.pem }, QUICK);
    assert.equal(outcome.outcome, "unknown");
    assert.ok(outcome.outcome === "unknown" && outcome.cause instanceof CloudflareApiError && outcome.cause.status === 500);
    assert.equal(outcome.lostAnswer.status, 502);
  });

  test("a refusal is thrown as it came, and nothing is checked", async () => {
    const { sandbox, account } = fixture();
    const error = await uploadMtlsCertificateReconciled(client(), account.id, { ca: true, certificates: "not a certificate" }, QUICK).catch((caught: unknown) => caught);
    assert.ok(error instanceof CloudflareApiError && error.status === 400);
    assert.equal(sandbox.requests.filter((r) => r.method === "GET").length, 0);
  });

  test("the wait between looks ends at once on abort", async () => {
    const controller = new AbortController();
    const started = performance.now();
    const waiting = reconcile(() => Promise.resolve("notDone" as const), { signal: controller.signal, delayMs: 60_000 });
    setTimeout(() => controller.abort(), 20);
    const error = await waiting.catch((caught: unknown) => caught);
    assert.ok(isAbortError(error), String(error));
    assert.ok(performance.now() - started < 5_000);
  });

  test("a write still being processed is believed absent only after the second look", async () => {
    let looks = 0;
    const verdict = await reconcile(() => Promise.resolve(++looks === 2 ? { id: "late" } : ("notDone" as const)), QUICK);
    assert.deepEqual(verdict, { outcome: "done", id: "late" });
  });
});

suite("deleteAccessCertificateWithHostnames (sandbox)", () => {
  const fixture = useSandbox();

  test("detaches the hostnames, then deletes", async () => {
    const { sandbox, account } = fixture();
    sandbox.addZone(account.id, { name: "example.com" });
    const scope: AccessScope = { kind: "accounts", id: account.id };
    const record = sandbox.addAccessCertificate(scope, { certificate: (await makeCa()).pem, name: "Bye", associated_hostnames: ["a.example.com"] });
    assert.deepEqual(await deleteAccessCertificateWithHostnames(fixture().client(), scope, record, { retryDelayMs: 0 }), { id: record.id });
    assert.deepEqual(
      sandbox.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${JSON.stringify(r.body ?? null)}`),
      [`PUT ${JSON.stringify({ associated_hostnames: [], name: "Bye" })}`, "DELETE null"],
    );
    assert.equal(sandbox.accessCertificates(scope).length, 0);
  });

  test("a delete refused right after the detach (the known race) is sent once more", async () => {
    const { sandbox, account } = fixture();
    sandbox.addZone(account.id, { name: "example.com" });
    const scope: AccessScope = { kind: "accounts", id: account.id };
    const record = sandbox.addAccessCertificate(scope, { certificate: (await makeCa()).pem, name: "Race", associated_hostnames: ["a.example.com"] });
    sandbox.injectFault({ kind: "errorEnvelope", httpStatus: 400, code: 12134, message: "access.api.error.certificate_has_associated_hostnames" }, { method: "DELETE" });
    await deleteAccessCertificateWithHostnames(fixture().client(), scope, record, { retryDelayMs: 0 });
    assert.equal(sandbox.requests.filter((r) => r.method === "DELETE").length, 2);
    assert.equal(sandbox.accessCertificates(scope).length, 0);
  });

  test("a certificate without hostnames is deleted at once, and a refusal is not retried", async () => {
    const { sandbox, account } = fixture();
    const scope: AccessScope = { kind: "accounts", id: account.id };
    const record = sandbox.addAccessCertificate(scope, { certificate: (await makeCa()).pem, name: "Plain" });
    sandbox.injectFault({ kind: "errorEnvelope", httpStatus: 400, code: 12999, message: "no" }, { method: "DELETE" });
    await assert.rejects(deleteAccessCertificateWithHostnames(fixture().client(), scope, record, { retryDelayMs: 0 }), CloudflareApiError);
    assert.equal(sandbox.requests.filter((r) => r.method === "DELETE").length, 1);
    assert.equal(sandbox.requests.filter((r) => r.method === "PUT").length, 0);
  });

  test("its wait before the retry ends on abort", async () => {
    const { sandbox, account } = fixture();
    sandbox.addZone(account.id, { name: "example.com" });
    const scope: AccessScope = { kind: "accounts", id: account.id };
    const record = sandbox.addAccessCertificate(scope, { certificate: (await makeCa()).pem, name: "Wait", associated_hostnames: ["a.example.com"] });
    sandbox.injectFault({ kind: "errorEnvelope", httpStatus: 400, code: 12134, message: "still has hostnames" }, { method: "DELETE" });
    const controller = new AbortController();
    const started = performance.now();
    const deleting = deleteAccessCertificateWithHostnames(fixture().client(), scope, record, { retryDelayMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const error = await deleting.catch((caught: unknown) => caught);
    assert.ok(isAbortError(error), String(error));
    assert.ok(performance.now() - started < 5_000);
    assert.equal(sandbox.requests.filter((r) => r.method === "DELETE").length, 1);
  });
});

suite("isAnswerLost", () => {
  const error = (init: Partial<ConstructorParameters<typeof CloudflareApiError>[0]> & Pick<ConstructorParameters<typeof CloudflareApiError>[0], "kind">) =>
    new CloudflareApiError({ method: "POST", path: "/x", ...init });

  test("may have been processed: timeout, a dropped connection, any 5xx, an unreadable 2xx", () => {
    assert.equal(isAnswerLost(error({ kind: "timeout" })), true);
    assert.equal(isAnswerLost(error({ kind: "network", reason: "connection reset (ECONNRESET)" })), true);
    assert.equal(isAnswerLost(error({ kind: "http", status: 502 })), true);
    assert.equal(isAnswerLost(error({ kind: "http", status: 504 })), true);
    assert.equal(isAnswerLost(error({ kind: "http", status: 500 })), true);
    assert.equal(isAnswerLost(error({ kind: "invalidResponse", status: 200 })), true);
    assert.equal(isAnswerLost(error({ kind: "invalidResponse", status: 201 })), true);
  });

  test("not processed: nothing sent, refusals, auth, rate limits, a cancel, anything else", () => {
    assert.equal(isAnswerLost(error({ kind: "network", nothingSent: true })), false);
    assert.equal(isAnswerLost(error({ kind: "http", status: 400 })), false);
    assert.equal(isAnswerLost(error({ kind: "auth", status: 403 })), false);
    assert.equal(isAnswerLost(error({ kind: "rateLimited", status: 429 })), false);
    assert.equal(isAnswerLost(error({ kind: "invalidResponse", status: 404 })), false);
    assert.equal(isAnswerLost(new DOMException("cancelled", "AbortError")), false);
    assert.equal(isAnswerLost(new Error("other")), false);
  });
});
