// The session over the sandbox: clients only for the stored credential and the API it was verified
// against, and a rejected credential told apart from a missing permission, reported once however
// many requests failed with it. The session shows nothing; it fires an event.
import "../../support/vscodeModule";
import assert from "node:assert/strict";
import fetch from "node-fetch";
import { CredentialStore } from "../../../src/auth/credentials";
import { CloudflareSession, type CredentialRejection } from "../../../src/auth/session";
import { listAccounts } from "../../../src/cloudflare/accounts";
import { CloudflareApiError } from "../../../src/cloudflare/errors";
import { NotSignedInError } from "../../../src/errors";
import { ExtensionLog } from "../../../src/log";
import { startSandbox, type CloudflareSandbox } from "../../support/cloudflareSandbox";
import { InMemorySecretStorage } from "../../support/inMemorySecretStorage";

const TOKEN = "session-test-token-0123456789abcdefghij";

suite("auth/session", () => {
  let sandbox: CloudflareSandbox;
  let store: CredentialStore;
  let log: ExtensionLog;
  let session: CloudflareSession;

  suiteSetup(async () => {
    sandbox = await startSandbox();
  });

  suiteTeardown(async () => {
    await sandbox.close();
  });

  setup(() => {
    sandbox.addApiToken(TOKEN, { owner: "user", permissions: "edit" });
    store = new CredentialStore(new InMemorySecretStorage());
    log = new ExtensionLog("session test");
    session = new CloudflareSession(store, log, fetch);
  });

  teardown(() => {
    session.dispose();
    store.dispose();
    log.dispose();
  });

  async function signInTo(baseUrl: string, token = TOKEN): Promise<void> {
    await store.set({ credentials: { kind: "apiToken", token }, apiBaseUrl: baseUrl, label: "API token (test)" });
  }

  async function authFailure(): Promise<CloudflareApiError> {
    const client = session.clientFor({ kind: "apiToken", token: TOKEN }, sandbox.baseUrl);
    try {
      await listAccounts(client);
    } catch (error) {
      if (error instanceof CloudflareApiError && error.isAuthError) {
        return error;
      }
      throw error;
    }
    throw new Error("listing accounts did not fail with an auth error");
  }

  test("signed out: client() throws NotSignedInError", async () => {
    await assert.rejects(session.client(), NotSignedInError);
  });

  test("a credential verified against another API is never sent to the configured one", async () => {
    // The stand-in's settings have no user value: the configured URL is Cloudflare's default.
    await signInTo(sandbox.baseUrl);
    await assert.rejects(session.client(), (error: unknown) => error instanceof NotSignedInError && error.message.includes("https://api.cloudflare.com/client/v4") && error.message.includes(sandbox.baseUrl));
  });

  test("one client per stored credential, so its read scheduler and rate budget are shared by every call; a new credential gets a new one", async () => {
    const cloudflare = "https://api.cloudflare.com/client/v4"; // the stand-in's configured URL; no request is sent
    await signInTo(cloudflare);
    const first = await session.client();
    assert.equal(await session.client(), first);
    assert.equal(first.requestScheduler, (await session.client()).requestScheduler);
    await signInTo(cloudflare, `${TOKEN}-other`);
    const second = await session.client();
    assert.notEqual(second, first);
    assert.equal(await session.client(), second);
  });

  test("a revoked credential: judged rejected, one event however many failures, cleared by a new credential", async () => {
    await signInTo(sandbox.baseUrl);
    sandbox.revokeToken(TOKEN);
    const failure = await authFailure();
    const rejections: CredentialRejection[] = [];
    session.onDidRejectCredential((rejection) => rejections.push(rejection));
    const verdicts = await Promise.all([session.reportAuthFailure(failure), session.reportAuthFailure(failure), session.reportAuthFailure(failure)]);
    assert.deepEqual(verdicts, ["rejected", "rejected", "rejected"]);
    assert.equal(await session.reportAuthFailure(failure), "rejected");
    assert.deepEqual(rejections, [{ label: "API token (test)" }]);
    assert.equal(session.isRejected, true);

    const changes: boolean[] = [];
    session.onDidChangeRejected((rejected) => changes.push(rejected));
    const replacement = `${TOKEN}-new`;
    sandbox.addApiToken(replacement, { owner: "user", permissions: "edit" });
    await signInTo(sandbox.baseUrl, replacement);
    assert.equal(session.isRejected, false);
    assert.deepEqual(changes, [false]);
  });

  test("a valid credential refused one call: a missing permission, no event", async () => {
    await signInTo(sandbox.baseUrl);
    const readOnly = `${TOKEN}-read`;
    sandbox.addApiToken(readOnly, { owner: "user", permissions: "read" });
    await signInTo(sandbox.baseUrl, readOnly);
    const rejections: CredentialRejection[] = [];
    session.onDidRejectCredential((rejection) => rejections.push(rejection));
    const refused = new CloudflareApiError({ kind: "auth", method: "POST", path: "/accounts/x/mtls_certificates", status: 403, errors: [{ code: 10000, message: "Authentication error" }] });
    assert.equal(await session.reportAuthFailure(refused), "permission");
    assert.deepEqual(rejections, []);
    assert.equal(session.isRejected, false);
  });
});
