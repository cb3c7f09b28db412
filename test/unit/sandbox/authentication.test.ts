import assert from "node:assert/strict";
import { startSandbox, type CloudflareSandbox, type SandboxAccount } from "../../support/cloudflareSandbox";
import { callSandbox, errorCodes, resultArray, resultObject } from "./callSandbox";

suite("sandbox: credentials", () => {
  let sandbox: CloudflareSandbox;
  let first: SandboxAccount;
  let second: SandboxAccount;

  suiteSetup(async () => {
    sandbox = await startSandbox();
    first = sandbox.addAccount({ name: "First" });
    second = sandbox.addAccount({ name: "Second" });
    sandbox.addApiToken("good");
    sandbox.addApiToken("reader", { permissions: "read" });
    sandbox.addApiToken("disabled", { status: "disabled" });
    sandbox.addApiToken("expired", { status: "expired" });
    sandbox.addApiToken("first-only", { accountIds: [first.id] });
    sandbox.addApiToken("account-owned", { owner: "account", accountIds: [first.id] });
    sandbox.addGlobalApiKey("owner@example.com", "0123456789abcdef0123456789abcdef01234");
  });

  suiteTeardown(() => sandbox.close());

  suite("token verify", () => {
    test("an active user token verifies with its id, status and the 'valid and active' message", async () => {
      const answer = await callSandbox(sandbox, "GET", "/user/tokens/verify", { token: "good" });
      assert.equal(answer.status, 200);
      const result = resultObject(answer);
      assert.equal(result["status"], "active");
      assert.match(String(result["id"]), /^[0-9a-f]{32}$/);
      assert.equal(answer.envelope.messages[0]?.message, "This API Token is valid and active");
    });

    test("disabled and expired tokens verify with 200 and their status", async () => {
      for (const token of ["disabled", "expired"]) {
        const answer = await callSandbox(sandbox, "GET", "/user/tokens/verify", { token });
        assert.equal(answer.status, 200);
        assert.equal(resultObject(answer)["status"], token);
      }
    });

    test("an unknown token answers 401 code 1000 Invalid API Token", async () => {
      const answer = await callSandbox(sandbox, "GET", "/user/tokens/verify", { token: "nope" });
      assert.equal(answer.status, 401);
      assert.equal(answer.envelope.success, false);
      assert.equal(answer.envelope.result, null);
      assert.deepEqual(answer.envelope.errors, [{ code: 1000, message: "Invalid API Token" }]);
    });

    test("an account-owned token is invalid at the user endpoint and valid at its account's", async () => {
      const atUser = await callSandbox(sandbox, "GET", "/user/tokens/verify", { token: "account-owned" });
      assert.equal(atUser.status, 401);
      assert.deepEqual(errorCodes(atUser), [1000]);
      const atAccount = await callSandbox(sandbox, "GET", `/accounts/${first.id}/tokens/verify`, { token: "account-owned" });
      assert.equal(atAccount.status, 200);
      assert.equal(resultObject(atAccount)["status"], "active");
      const atOtherAccount = await callSandbox(sandbox, "GET", `/accounts/${second.id}/tokens/verify`, { token: "account-owned" });
      assert.equal(atOtherAccount.status, 401);
    });

    test("a user token is invalid at an account verify endpoint", async () => {
      const answer = await callSandbox(sandbox, "GET", `/accounts/${first.id}/tokens/verify`, { token: "good" });
      assert.equal(answer.status, 401);
      assert.deepEqual(errorCodes(answer), [1000]);
    });

    test("a Global API key cannot use the verify endpoint: 400 code 1001", async () => {
      const answer = await callSandbox(sandbox, "GET", "/user/tokens/verify", {
        headers: { "x-auth-email": "owner@example.com", "x-auth-key": "0123456789abcdef0123456789abcdef01234" },
      });
      assert.equal(answer.status, 400);
      assert.deepEqual(errorCodes(answer), [1001]);
    });
  });

  suite("every other endpoint", () => {
    test("no credentials answer 400 code 9106", async () => {
      const answer = await callSandbox(sandbox, "GET", "/accounts");
      assert.equal(answer.status, 400);
      assert.deepEqual(answer.envelope.errors, [{ code: 9106, message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers" }]);
    });

    test("only one of X-Auth-Email / X-Auth-Key counts as missing credentials", async () => {
      const answer = await callSandbox(sandbox, "GET", "/accounts", { headers: { "x-auth-email": "owner@example.com" } });
      assert.equal(answer.status, 400);
      assert.deepEqual(errorCodes(answer), [9106]);
    });

    test("an Authorization header that is not 'Bearer <token>' answers 400 code 6003 with 6111 in error_chain", async () => {
      for (const authorization of ["Basic Zm9vOmJhcg==", "Bearer", "bearer good", "Bearer two words", "good"]) {
        const answer = await callSandbox(sandbox, "GET", "/accounts", { headers: { authorization } });
        assert.equal(answer.status, 400, authorization);
        assert.deepEqual(errorCodes(answer), [6003, 6111], authorization);
        assert.equal(answer.envelope.errors[0]?.error_chain?.[0]?.message, "Invalid format for Authorization header");
      }
    });

    test("unknown, revoked, disabled and expired tokens answer 403 code 10000", async () => {
      sandbox.addApiToken("to-revoke");
      assert.equal((await callSandbox(sandbox, "GET", "/accounts", { token: "to-revoke" })).status, 200);
      sandbox.revokeToken("to-revoke");
      for (const token of ["unknown", "to-revoke", "disabled", "expired"]) {
        const answer = await callSandbox(sandbox, "GET", "/accounts", { token });
        assert.equal(answer.status, 403, token);
        assert.deepEqual(answer.envelope.errors, [{ code: 10000, message: "Authentication error" }], token);
      }
      const verify = await callSandbox(sandbox, "GET", "/user/tokens/verify", { token: "to-revoke" });
      assert.equal(verify.status, 401);
    });

    test("a Global API key with the right email and key reaches every account", async () => {
      const answer = await callSandbox(sandbox, "GET", "/accounts", {
        headers: { "x-auth-email": "OWNER@example.com", "x-auth-key": "0123456789abcdef0123456789abcdef01234" },
      });
      assert.equal(answer.status, 200);
      assert.deepEqual(
        resultArray(answer).map((a) => a["name"]),
        ["First", "Second"],
      );
    });

    test("a wrong Global API key answers 403 code 9103", async () => {
      for (const headers of [
        { "x-auth-email": "owner@example.com", "x-auth-key": "wrong" },
        { "x-auth-email": "someone@example.com", "x-auth-key": "0123456789abcdef0123456789abcdef01234" },
      ]) {
        const answer = await callSandbox(sandbox, "GET", "/accounts", { headers });
        assert.equal(answer.status, 403);
        assert.deepEqual(answer.envelope.errors, [{ code: 9103, message: "Unknown X-Auth-Key or X-Auth-Email" }]);
      }
    });

    test("with both schemes the token decides", async () => {
      const goodKey = { "x-auth-email": "owner@example.com", "x-auth-key": "0123456789abcdef0123456789abcdef01234" };
      const badToken = await callSandbox(sandbox, "GET", "/accounts", { token: "unknown", headers: goodKey });
      assert.equal(badToken.status, 403);
      assert.deepEqual(errorCodes(badToken), [10000]);
      const goodToken = await callSandbox(sandbox, "GET", "/accounts", { token: "first-only", headers: { "x-auth-email": "x@example.com", "x-auth-key": "bad" } });
      assert.equal(goodToken.status, 200);
      assert.deepEqual(
        resultArray(goodToken).map((a) => a["id"]),
        [first.id],
      );
    });

    test("a read-only token may read but every write answers 403 code 10000", async () => {
      const read = await callSandbox(sandbox, "GET", `/accounts/${first.id}/mtls_certificates`, { token: "reader" });
      assert.equal(read.status, 200);
      const writes = [
        callSandbox(sandbox, "POST", `/accounts/${first.id}/mtls_certificates`, { token: "reader", body: { ca: true, certificates: "x" } }),
        callSandbox(sandbox, "DELETE", `/accounts/${first.id}/mtls_certificates/0123456789abcdef0123456789abcdef`, { token: "reader" }),
        callSandbox(sandbox, "POST", `/accounts/${first.id}/access/certificates`, { token: "reader", body: { name: "n", certificate: "x" } }),
        callSandbox(sandbox, "PUT", `/accounts/${first.id}/access/certificates/settings`, { token: "reader", body: { settings: [] } }),
      ];
      for (const answer of await Promise.all(writes)) {
        assert.equal(answer.status, 403);
        assert.deepEqual(errorCodes(answer), [10000]);
      }
    });

    test("a token limited to one account lists only that account and gets 403 code 10000 on the other", async () => {
      const list = await callSandbox(sandbox, "GET", "/accounts", { token: "first-only" });
      assert.deepEqual(
        resultArray(list).map((a) => a["id"]),
        [first.id],
      );
      const other = await callSandbox(sandbox, "GET", `/accounts/${second.id}/mtls_certificates`, { token: "first-only" });
      assert.equal(other.status, 403);
      assert.deepEqual(errorCodes(other), [10000]);
    });

    test("/user answers for a Global API key with its email, and for a user token", async () => {
      const byKey = await callSandbox(sandbox, "GET", "/user", {
        headers: { "x-auth-email": "owner@example.com", "x-auth-key": "0123456789abcdef0123456789abcdef01234" },
      });
      assert.equal(byKey.status, 200);
      assert.equal(resultObject(byKey)["email"], "owner@example.com");
      const byToken = await callSandbox(sandbox, "GET", "/user", { token: "good" });
      assert.equal(byToken.status, 200);
      assert.match(String(resultObject(byToken)["id"]), /^[0-9a-f]{32}$/);
      const byAccountToken = await callSandbox(sandbox, "GET", "/user", { token: "account-owned" });
      assert.equal(byAccountToken.status, 403);
    });
  });
});
