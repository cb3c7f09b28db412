// CloudflareApiError never carries a credential: for every kind of failure, the token (or Global
// API key) must be absent from the message, the stack, toString(), JSON and util.inspect, even
// when the fetch implementation or the server quotes it back. Also: the error's own helpers.
import assert from "node:assert/strict";
import { CloudflareClient } from "../../../src/cloudflare/client";
import { CloudflareApiError, isAbortError, type CloudflareApiErrorKind } from "../../../src/cloudflare/errors";
import type { Credentials } from "../../../src/cloudflare/types";
import { assertNoSecret } from "./secretAssertions";
import { failure, ok, recordingSleep, SCRIPTED_BASE_URL, ScriptedFetch, systemError, type ScriptedReply } from "./scriptedFetch";

const TOKEN = "leakcheck-T0KEN-7f3b9c1e5a";
const KEY = "leakcheck-GLOBALKEY-2d8e4a6c0b";

const FAILURES: [CloudflareApiErrorKind, string, ScriptedReply, "GET" | "POST"][] = [
  ["http", "a 500", failure(500, [{ code: 10001, message: "Internal" }]), "GET"],
  ["http", "a 404", failure(404, [{ code: 7003, message: "Could not route" }]), "GET"],
  ["envelope", "success: false on HTTP 200", { status: 200, json: { success: false, errors: [{ code: 1002, message: "bad" }], messages: [] } }, "POST"],
  ["auth", "a 403 with 10000", failure(403, [{ code: 10000, message: "Authentication error" }]), "GET"],
  ["auth", "a 400 with 6003/6111", failure(400, [{ code: 6003, message: "Invalid request headers" }]), "GET"],
  ["rateLimited", "a 429 with a long Retry-After", failure(429, [], { "retry-after": "3600" }), "GET"],
  ["rateLimited", "a 429 on a POST", failure(429, [], { "retry-after": "5" }), "POST"],
  ["invalidResponse", "a non-JSON body", { status: 200, text: "<html>oops</html>" }, "GET"],
  ["invalidResponse", "a body cut off", { status: 200, bodyError: systemError("ECONNRESET") }, "POST"],
  ["invalidResponse", "a body that is not an envelope", { status: 200, json: { hello: "world" } }, "GET"],
  ["network", "a refused connection quoting the header", { throws: systemError("ECONNREFUSED", `Authorization: Bearer ${TOKEN} X-Auth-Key: ${KEY}`) }, "GET"],
  ["network", "an undici error quoting the header", { throws: new TypeError(`Headers.append: "Bearer ${TOKEN}" is an invalid header value.`, { cause: new Error(KEY) }) }, "POST"],
  ["timeout", "no answer", { hangs: true }, "GET"],
];

const CREDENTIALS: Credentials[] = [
  { kind: "apiToken", token: TOKEN },
  { kind: "globalApiKey", email: "leak@example.com", key: KEY },
];

function clientFor(scripted: ScriptedFetch, credentials: Credentials): CloudflareClient {
  return new CloudflareClient({ fetch: scripted.fetch, credentials, baseUrl: SCRIPTED_BASE_URL, timeoutMs: 20, maxTries: 2, sleep: recordingSleep().sleep });
}

suite("CloudflareApiError", () => {
  suite("never carries a credential", () => {
    for (const credentials of CREDENTIALS) {
      for (const [kind, name, reply, method] of FAILURES) {
        test(`${credentials.kind}: ${kind} from ${name}`, async () => {
          const scripted = new ScriptedFetch(() => reply);
          const error = await clientFor(scripted, credentials)
            .request(method, "/accounts/acc/mtls_certificates", { query: { page: 1 }, ...(method === "POST" ? { body: { certificates: "PEM" } } : {}) })
            .catch((caught: unknown) => caught);
          assert.ok(error instanceof CloudflareApiError, String(error));
          assert.equal(error.kind, kind);
          assert.equal(error.path, "/accounts/acc/mtls_certificates", "no base URL, no query");
          assertNoSecret(error, [TOKEN, KEY]);
        });
      }
    }

    for (const credentials of CREDENTIALS) {
      test(`${credentials.kind}: a server that echoes the credential in its error message`, async () => {
        const secret = credentials.kind === "apiToken" ? credentials.token : credentials.key;
        const scripted = new ScriptedFetch(() => failure(400, [{ code: 1001, message: `credential ${secret} is wrong` }]));
        const error = await clientFor(scripted, credentials)
          .request("GET", "/x")
          .catch((caught: unknown) => caught);
        assert.ok(error instanceof CloudflareApiError);
        assert.deepEqual(error.errors, [{ code: 1001, message: "credential [redacted] is wrong" }]);
        assertNoSecret(error, [secret]);
      });
    }

    test("a credential that cannot be sent is refused without quoting it", async () => {
      const scripted = new ScriptedFetch(() => ok({}));
      const error = await clientFor(scripted, { kind: "apiToken", token: `${TOKEN} extra` })
        .request("GET", "/x")
        .catch((caught: unknown) => caught);
      assert.ok(error instanceof CloudflareApiError);
      assert.equal(error.kind, "auth");
      assertNoSecret(error, [TOKEN]);
    });

    test("a cancellation carries nothing either", async () => {
      const scripted = new ScriptedFetch(() => ({ hangs: true }));
      const controller = new AbortController();
      const pending = clientFor(scripted, CREDENTIALS[0]!).request("GET", "/x", { signal: controller.signal });
      controller.abort();
      const error = await pending.catch((caught: unknown) => caught);
      assert.ok(isAbortError(error));
      assertNoSecret(error, [TOKEN]);
    });
  });

  suite("helpers", () => {
    test("codes, hasCode and isAuthError", () => {
      const error = new CloudflareApiError({
        kind: "http",
        method: "GET",
        path: "/x",
        status: 400,
        errors: [
          { code: 1001, message: "a" },
          { code: 1002, message: "b" },
        ],
      });
      assert.deepEqual(error.codes, [1001, 1002]);
      assert.ok(error.hasCode(1002));
      assert.ok(!error.hasCode(1003));
      assert.equal(error.isAuthError, false);
      assert.equal(error.name, "CloudflareApiError");
      assert.ok(error instanceof Error);
    });

    test("the message reads the same whatever the kind, and says where", () => {
      const cases: [CloudflareApiErrorKind, number | undefined, string][] = [
        ["network", undefined, "Network error calling the Cloudflare API: connection reset (ECONNRESET) (GET /x)"],
        ["timeout", undefined, "The Cloudflare API did not answer in time: no complete answer within 10 ms (GET /x)"],
        ["invalidResponse", 200, "The Cloudflare API sent an answer that could not be used: the body is empty (GET /x, HTTP 200)"],
      ];
      const reasons: Record<string, string> = {
        network: "connection reset (ECONNRESET)",
        timeout: "no complete answer within 10 ms",
        invalidResponse: "the body is empty",
      };
      for (const [kind, status, expected] of cases) {
        assert.equal(new CloudflareApiError({ kind, method: "GET", path: "/x", status, reason: reasons[kind] }).message, expected);
      }
    });

    test("JSON carries the fields a log needs", () => {
      const error = new CloudflareApiError({ kind: "rateLimited", method: "GET", path: "/accounts", status: 429, retryAfterSeconds: 30, rayId: "abc-LHR", errors: [{ code: 10000, message: "Rate limited" }] });
      assert.deepEqual(JSON.parse(JSON.stringify(error)), {
        name: "CloudflareApiError",
        kind: "rateLimited",
        method: "GET",
        path: "/accounts",
        errors: [{ code: 10000, message: "Rate limited" }],
        status: 429,
        retryAfterSeconds: 30,
        rayId: "abc-LHR",
      });
    });

    test("isAbortError recognises every AbortError and nothing else", () => {
      assert.ok(isAbortError(new DOMException("x", "AbortError")));
      assert.ok(isAbortError(Object.assign(new Error("x"), { name: "AbortError" })));
      assert.ok(!isAbortError(new CloudflareApiError({ kind: "timeout", method: "GET", path: "/x" })));
      assert.ok(!isAbortError(new Error("AbortError")));
      assert.ok(!isAbortError(undefined));
      assert.ok(!isAbortError("AbortError"));
    });
  });
});
