// Credential checks, accounts and zones over HTTP against the sandbox.
import assert from "node:assert/strict";
import { listAccounts, UnknownTokenAccountError, verifyCredentials } from "../../../src/cloudflare/accounts";
import { listZones } from "../../../src/cloudflare/zones";
import { CloudflareApiError } from "../../../src/cloudflare/errors";
import { SANDBOX_TOKEN, useSandbox } from "./sandboxFixture";

async function apiError(promise: Promise<unknown>): Promise<CloudflareApiError> {
  const error = await promise.then(
    () => assert.fail("expected a rejection"),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof CloudflareApiError, String(error));
  return error;
}

suite("accounts (sandbox)", () => {
  const fixture = useSandbox();

  suite("verifyCredentials", () => {
    test("an active user token verifies at /user/tokens/verify", async () => {
      const { client, sandbox } = fixture();
      const check = await verifyCredentials(client());
      assert.equal(check.kind, "apiToken");
      assert.ok(check.kind === "apiToken" && check.scope === "user" && check.token.status === "active" && check.token.id.length > 0);
      assert.deepEqual(
        sandbox.requests.map((request) => request.path),
        ["/user/tokens/verify"],
      );
    });

    test("an account-owned token: unknown to the user endpoint (1000), verified under the account it lists, without asking", async () => {
      const { client, sandbox, account } = fixture();
      sandbox.addApiToken("sbx-account-token-7788", { owner: "account", accountIds: [account.id] });
      const api = client({ credentials: { kind: "apiToken", token: "sbx-account-token-7788" } });
      const mark = sandbox.requests.length;
      const check = await verifyCredentials(api);
      assert.ok(check.kind === "apiToken" && check.scope === "account" && check.token.status === "active");
      assert.deepEqual(
        sandbox.requests.slice(mark).map((request) => request.path),
        ["/user/tokens/verify", "/accounts", `/accounts/${account.id}/tokens/verify`],
      );
    });

    test("an account-owned token verifies under the hinted account", async () => {
      const { client, sandbox, account } = fixture();
      sandbox.addApiToken("sbx-account-token-7789", { owner: "account", accountIds: [account.id] });
      const mark = sandbox.requests.length;
      const check = await verifyCredentials(client({ credentials: { kind: "apiToken", token: "sbx-account-token-7789" } }), { accountIdHint: account.id });
      assert.ok(check.kind === "apiToken" && check.scope === "account");
      assert.deepEqual(sandbox.requests.slice(mark).map((request) => request.path), ["/user/tokens/verify", `/accounts/${account.id}/tokens/verify`]);
    });

    test("a mistyped token: unknown to the user endpoint and refused by /accounts, so the verify error (1000) at once", async () => {
      const { client, sandbox } = fixture();
      const mark = sandbox.requests.length;
      const error = await apiError(verifyCredentials(client({ credentials: { kind: "apiToken", token: "sbx-mistyped-token-0000" } })));
      assert.ok(error.isAuthError && error.hasCode(1000));
      assert.equal(error.path, "/user/tokens/verify");
      assert.deepEqual(sandbox.requests.slice(mark).map((request) => request.path), ["/user/tokens/verify", "/accounts"]);
    });

    test("an account-owned token that lists no account it verifies under: UnknownTokenAccountError, so the user is asked", async () => {
      const { client, sandbox } = fixture();
      sandbox.addApiToken("sbx-account-token-0acc", { owner: "account", accountIds: [] });
      const rejection = await verifyCredentials(client({ credentials: { kind: "apiToken", token: "sbx-account-token-0acc" } })).then(
        () => assert.fail("expected a rejection"),
        (error: unknown) => error,
      );
      assert.ok(rejection instanceof UnknownTokenAccountError);
      assert.ok(rejection.verifyError.hasCode(1000));
    });

    test("an unknown token with a wrong hint still fails as an auth error", async () => {
      const { client, account } = fixture();
      const error = await apiError(verifyCredentials(client({ credentials: { kind: "apiToken", token: "sbx-nobody-token-0000" } }), { accountIdHint: account.id }));
      assert.ok(error.isAuthError);
      assert.equal(error.path, `/accounts/${account.id}/tokens/verify`);
    });

    for (const status of ["disabled", "expired"] as const) {
      test(`a ${status} token is an auth error, without a second request`, async () => {
        const { client, sandbox } = fixture();
        sandbox.addApiToken(`sbx-${status}-token-1234`, { status });
        const error = await apiError(verifyCredentials(client({ credentials: { kind: "apiToken", token: `sbx-${status}-token-1234` } }), { accountIdHint: fixture().account.id }));
        assert.equal(error.kind, "auth");
        assert.ok(error.isAuthError);
        assert.match(error.message, new RegExp(`token is ${status}`));
        assert.equal(sandbox.requests.length, 1);
      });
    }

    test("a revoked token: 401 code 1000", async () => {
      const { client, sandbox } = fixture();
      sandbox.revokeToken(SANDBOX_TOKEN);
      const error = await apiError(verifyCredentials(client()));
      assert.ok(error.isAuthError);
      assert.ok(error.hasCode(1000));
    });

    test("a Global API key is checked with GET /user", async () => {
      const { client, sandbox } = fixture();
      sandbox.addGlobalApiKey("owner@example.com", "sbx-global-key-abcdef");
      const check = await verifyCredentials(client({ credentials: { kind: "globalApiKey", email: "owner@example.com", key: "sbx-global-key-abcdef" } }));
      assert.ok(check.kind === "globalApiKey");
      assert.equal(check.user.email, "owner@example.com");
      assert.ok(check.user.id.length > 0);
      assert.deepEqual(
        sandbox.requests.map((request) => request.path),
        ["/user"],
      );
    });

    test("a wrong Global API key: 403 code 9103", async () => {
      const { client, sandbox } = fixture();
      sandbox.addGlobalApiKey("owner@example.com", "sbx-global-key-abcdef");
      const error = await apiError(verifyCredentials(client({ credentials: { kind: "globalApiKey", email: "owner@example.com", key: "sbx-global-key-WRONG1" } })));
      assert.ok(error.isAuthError);
      assert.deepEqual(error.codes, [9103]);
    });

    test("a cancelled check rejects with an AbortError", async () => {
      await assert.rejects(verifyCredentials(fixture().client(), { signal: AbortSignal.abort() }), { name: "AbortError" });
    });
  });

  suite("listAccounts and listZones", () => {
    test("every account the token reaches, across pages of 50", async () => {
      const { client, sandbox, account } = fixture();
      const added = Array.from({ length: 119 }, (_, index) => sandbox.addAccount({ name: `Account ${index}` }));
      const accounts = await listAccounts(client());
      assert.deepEqual(
        accounts.map((item) => item.id),
        [account, ...added].map((item) => item.id),
      );
      assert.equal(accounts[0]?.name, "Example Account");
      assert.ok(sandbox.requests.every((request) => request.query.per_page === "50"));
      assert.equal(sandbox.requests.length, 3);
    });

    test("a token limited to some accounts lists only those", async () => {
      const { client, sandbox, account } = fixture();
      sandbox.addAccount({ name: "Other" });
      sandbox.addApiToken("sbx-limited-token-4455", { accountIds: [account.id] });
      const accounts = await listAccounts(client({ credentials: { kind: "apiToken", token: "sbx-limited-token-4455" } }));
      assert.deepEqual(
        accounts.map((item) => item.id),
        [account.id],
      );
    });

    test("the zones of one account, across pages, with account.id in the query", async () => {
      const { client, sandbox, account } = fixture();
      const other = sandbox.addAccount({ name: "Other" });
      const zones = Array.from({ length: 60 }, (_, index) => sandbox.addZone(account.id, { name: `zone${index}.example.com` }));
      sandbox.addZone(other.id, { name: "elsewhere.example.com" });
      const listed = await listZones(client(), account.id);
      assert.deepEqual(
        listed.map((zone) => zone.id),
        zones.map((zone) => zone.id),
      );
      assert.equal(listed[0]?.account.id, account.id);
      assert.ok(sandbox.requests.every((request) => request.path === "/zones" && request.query["account.id"] === account.id && request.query.per_page === "50"));
    });

    test("an account without zones", async () => {
      const { client, account } = fixture();
      assert.deepEqual(await listZones(client(), account.id), []);
    });
  });
});
