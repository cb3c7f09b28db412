// describeError: how each failure reads to a person and which buttons it offers. Cloudflare errors
// are built with CloudflareApiError's own constructor, or come out of the real client talking to a
// scripted fetch, so the kinds, statuses and codes are the ones the client really produces.
import assert from "node:assert/strict";
import { CertificateInputError } from "../../../src/certificates/errors";
import { CloudflareClient } from "../../../src/cloudflare/client";
import { CloudflareApiError, type CloudflareApiErrorInit } from "../../../src/cloudflare/errors";
import type { Credentials } from "../../../src/cloudflare/types";
import { isInUseRefusal } from "../../../src/cloudflare/inUseRefusal";
import { describeError, ERROR_ACTION_LABELS, type UserFacingError } from "../../../src/commands/errorMessages";
import { ApiBaseUrlError, LostAnswerError, NotSignedInError } from "../../../src/errors";
import { failure, recordingSleep, SCRIPTED_BASE_URL, ScriptedFetch, systemError, type ScriptedReply } from "../cloudflare/scriptedFetch";

const PATH = "/accounts/0123456789abcdef0123456789abcdef/mtls_certificates";

function apiError(init: Partial<CloudflareApiErrorInit> & Pick<CloudflareApiErrorInit, "kind">): CloudflareApiError {
  return new CloudflareApiError({ method: "GET", path: PATH, ...init });
}

function described(error: unknown): UserFacingError {
  const result = describeError(error);
  assert.ok(result, `expected ${String(error)} to be shown`);
  assert.equal(result.actions.at(-1), "openLog", "Open Log is always the last button");
  assert.equal(result.actions.filter((action) => action === "openLog").length, 1);
  assert.ok(result.message.length > 0);
  return result;
}

suite("commands/errorMessages", () => {
  suite("Cloudflare API errors", () => {
    test("rate limited: a warning that says how long to wait, with Retry", () => {
      const withWait = described(apiError({ kind: "rateLimited", status: 429, retryAfterSeconds: 12.2 }));
      assert.equal(withWait.severity, "warning");
      assert.equal(withWait.message, "Cloudflare is limiting how fast this account can make requests. Try again in 13 seconds.");
      assert.deepEqual(withWait.actions, ["retry", "openLog"]);
      const noWait = described(apiError({ kind: "rateLimited", status: 429 }));
      assert.equal(noWait.message, "Cloudflare is limiting how fast this account can make requests. Wait a minute and try again.");
    });

    test("any HTTP 429 reads as rate limiting, even with codes and an auth-looking path", () => {
      const result = described(apiError({ kind: "http", status: 429, errors: [{ code: 10000, message: "Rate limited" }] }));
      assert.equal(result.severity, "warning");
      assert.deepEqual(result.actions, ["retry", "openLog"]);
    });

    const AUTH_FAILURES: readonly [string, CloudflareApiError][] = [
      ["kind auth", apiError({ kind: "auth", reason: "the token is not active" })],
      ["HTTP 401", apiError({ kind: "http", status: 401 })],
      ["HTTP 403 with code 10000", apiError({ kind: "http", status: 403, errors: [{ code: 10000, message: "Authentication error" }] })],
      ["HTTP 400 with 6003", apiError({ kind: "http", status: 400, errors: [{ code: 6003, message: "Invalid request headers" }] })],
      ["HTTP 400 with 9109", apiError({ kind: "http", status: 400, errors: [{ code: 9109, message: "Invalid access token" }] })],
      ["code 1000 on token verify", apiError({ kind: "envelope", status: 200, path: "/user/tokens/verify", errors: [{ code: 1000, message: "Invalid API Token" }] })],
    ];
    for (const [name, error] of AUTH_FAILURES) {
      test(`credentials rejected (${name}) lead to Sign In`, () => {
        const result = described(error);
        assert.equal(result.severity, "error");
        assert.match(result.message, /^Cloudflare rejected the credentials: .+\. Sign in again, or check that the token has the permissions this needs\.$/);
        assert.deepEqual(result.actions, ["signIn", "openLog"]);
      });
    }

    test("code 1000 away from token verify is not an auth failure", () => {
      const result = described(apiError({ kind: "http", status: 400, errors: [{ code: 1000, message: "Invalid request" }] }));
      assert.deepEqual(result.actions, ["openLog"]);
      assert.equal(result.message, "Cloudflare refused the request: Invalid request (code 1000).");
    });

    test("Cloudflare's own messages and codes are quoted", () => {
      const result = described(apiError({ kind: "http", status: 400, errors: [{ code: 1402, message: "unable to parse certificate" }, { code: 1403, message: "second" }] }));
      assert.equal(result.message, "Cloudflare refused the request: unable to parse certificate (code 1402); second (code 1403).");
      assert.equal(described(apiError({ kind: "http", status: 404 })).message, "Cloudflare refused the request: HTTP 404.");
      assert.equal(
        described(apiError({ kind: "envelope", status: 200, errors: [{ code: 1002, message: "bad" }] })).message,
        "Cloudflare refused the request: bad (code 1002).",
      );
    });

    test("the CA quota (1489) says what to do and opens the dashboard", () => {
      const result = described(apiError({ kind: "http", method: "POST", status: 400, errors: [{ code: 1489, message: "Hit maximum CA cert allocation" }] }));
      assert.match(result.message, /already has the most CA certificates Cloudflare allows \(code 1489\)\. Delete one you no longer use/);
      assert.deepEqual(result.actions, ["openDashboard", "openLog"]);
    });

    test("a certificate still in use (1490): Cloudflare's reason is shown, and the delete command can tell", () => {
      const inUse = apiError({
        kind: "http",
        method: "DELETE",
        path: `${PATH}/cert-1`,
        status: 400,
        errors: [{ code: 1490, message: "certificate is in use by one or more Cloudflare services; remove its associations first" }],
      });
      assert.equal(isInUseRefusal(inUse), true);
      const result = described(inUse);
      assert.equal(result.message, "Cloudflare refused the request: certificate is in use by one or more Cloudflare services; remove its associations first (code 1490).");
      assert.deepEqual(result.actions, ["openLog"]);
    });

    test("what is not an in-use refusal", () => {
      const inUseText = [{ code: 1490, message: "certificate is in use" }];
      assert.equal(isInUseRefusal(apiError({ kind: "http", status: 500, errors: inUseText })), false, "a server error");
      assert.equal(isInUseRefusal(apiError({ kind: "http", status: 403, errors: inUseText })), false, "an auth error");
      assert.equal(isInUseRefusal(apiError({ kind: "network" })), false, "no answer");
      assert.equal(isInUseRefusal(apiError({ kind: "http", status: 400, errors: [{ code: 1489, message: "Hit maximum CA cert allocation" }] })), false);
      assert.equal(isInUseRefusal(new Error("certificate is in use")), false, "not a Cloudflare answer");
      assert.equal(isInUseRefusal(apiError({ kind: "http", status: 400, errors: [{ code: 1234, message: "Certificate still used by API Shield" }] })), true);
    });

    test("server errors (5xx) offer Retry", () => {
      const result = described(apiError({ kind: "http", status: 502, errors: [{ code: 10001, message: "Bad gateway" }] }));
      assert.equal(result.message, "Cloudflare had a problem answering (HTTP 502): Bad gateway (code 10001). Try again in a moment.");
      assert.deepEqual(result.actions, ["retry", "openLog"]);
      assert.equal(described(apiError({ kind: "http", status: 500 })).message, "Cloudflare had a problem answering (HTTP 500): HTTP 500. Try again in a moment.");
    });

    test("no answer at all: network, timeout, unreadable answer", () => {
      const network = described(apiError({ kind: "network", reason: "connection refused (ECONNREFUSED)" }));
      assert.match(network.message, /^Could not reach the Cloudflare API: .*ECONNREFUSED.*\. Check your connection and try again\.$/);
      assert.deepEqual(network.actions, ["retry", "openLog"]);

      const timeout = described(apiError({ kind: "timeout", method: "GET" }));
      assert.equal(timeout.message, `The Cloudflare API did not answer in time (GET ${PATH}). Try again in a moment.`);
      assert.deepEqual(timeout.actions, ["retry", "openLog"]);

      const unreadable = described(apiError({ kind: "invalidResponse", status: 200, reason: "the body is not JSON" }));
      assert.equal(unreadable.message, `The Cloudflare API sent an answer that could not be read (GET ${PATH}, HTTP 200). Try again in a moment.`);
      assert.deepEqual(unreadable.actions, ["retry", "openLog"]);
      assert.equal(
        described(apiError({ kind: "invalidResponse", reason: "the body was cut off" })).message,
        `The Cloudflare API sent an answer that could not be read (GET ${PATH}). Try again in a moment.`,
      );
    });
  });

  suite("a write whose answer was lost is never offered a blind Retry", () => {
    test("a raw lost answer to a POST, PUT or DELETE: it may have happened, Refresh and look", () => {
      for (const error of [apiError({ kind: "timeout", method: "POST" }), apiError({ kind: "network", method: "PUT", reason: "socket hang up" }), apiError({ kind: "http", method: "DELETE", status: 502 })]) {
        const result = described(error);
        assert.match(result.message, /^Cloudflare did not answer \((POST|PUT|DELETE) .*\): the change may have been made\. Refresh and look before trying again\.$/);
        assert.deepEqual(result.actions, ["refresh", "openLog"]);
      }
    });

    test("after the check: not done offers Retry (it is safe); unknown offers Refresh", () => {
      const lost = apiError({ kind: "timeout", method: "POST" });
      const notDone = described(new LostAnswerError("notDone", "upload of “Corp Root”", lost));
      assert.equal(notDone.message, "Cloudflare's answer to the upload of “Corp Root” was lost, and it did not happen: trying again is safe.");
      assert.deepEqual(notDone.actions, ["retry", "openLog"]);
      const unknown = described(new LostAnswerError("unknown", "upload of “Corp Root”", lost));
      assert.match(unknown.message, /whether it happened could not be checked: look at the list \(Refresh\) before trying again\.$/);
      assert.deepEqual(unknown.actions, ["refresh", "openLog"]);
    });
  });

  suite("the extension's own errors", () => {
    test("a refused certificate file: its message as it is", () => {
      const error = new CertificateInputError("privateKey", "Block 1 (line 1) is a private key, not a certificate.", { block: 1, line: 1 });
      assert.deepEqual(described(error), { severity: "error", message: "Block 1 (line 1) is a private key, not a certificate.", actions: ["openLog"] });
    });

    test("not signed in: a warning with Sign In", () => {
      assert.deepEqual(described(new NotSignedInError()), { severity: "warning", message: "Sign in to Cloudflare first.", actions: ["signIn", "openLog"] });
    });

    test("an unsafe API base URL: Open Settings", () => {
      const result = described(new ApiBaseUrlError("cloudflareMtls.apiBaseUrl must use https."));
      assert.equal(result.message, "cloudflareMtls.apiBaseUrl must use https.");
      assert.deepEqual(result.actions, ["openSettings", "openLog"]);
    });

    test("anything else: one sentence, whatever was thrown", () => {
      assert.deepEqual(described(new TypeError("x is undefined")), { severity: "error", message: "Something went wrong: x is undefined", actions: ["openLog"] });
      assert.equal(described("a string").message, "Something went wrong: a string");
      assert.equal(described(undefined).message, "Something went wrong: undefined");
    });

    test("cancellations stay silent, whoever raised them", () => {
      const named = new Error("The operation was aborted");
      named.name = "AbortError";
      assert.equal(describeError(named), undefined);
      assert.equal(describeError(new DOMException("This operation was aborted", "AbortError")), undefined);
      const controller = new AbortController();
      controller.abort();
      assert.equal(describeError(controller.signal.reason), undefined);
    });
  });

  test("every button has its own label", () => {
    const labels = Object.values(ERROR_ACTION_LABELS);
    assert.equal(new Set(labels).size, labels.length);
    assert.equal(ERROR_ACTION_LABELS.signIn, "Sign In Again");
    assert.equal(ERROR_ACTION_LABELS.openLog, "Open Log");
  });

  suite("no message ever shows a credential", () => {
    const TOKEN = "msgcheck-T0KEN-4c2e9a7b1d";
    const KEY = "msgcheck-GLOBALKEY-8f1a3c5e7b";
    const CREDENTIALS: Credentials[] = [
      { kind: "apiToken", token: TOKEN },
      { kind: "globalApiKey", email: "leak@example.com", key: KEY },
    ];
    /** The server or the fetch layer quotes the credential in use (`secret`). */
    const REPLIES: readonly [string, (secret: string) => ScriptedReply][] = [
      ["a 403", () => failure(403, [{ code: 10000, message: "Authentication error" }])],
      ["an echo of the credential", (secret) => failure(400, [{ code: 1001, message: `credential ${secret} is wrong` }])],
      ["a 500", () => failure(500, [{ code: 10001, message: "Internal" }])],
      ["a 429", () => failure(429, [], { "retry-after": "3600" })],
      ["a refused connection quoting the headers", (secret) => ({ throws: systemError("ECONNREFUSED", `Authorization: Bearer ${secret} X-Auth-Key: ${secret}`) })],
      ["an undici error quoting the header", (secret) => ({ throws: new TypeError(`Headers.append: "Bearer ${secret}" is an invalid header value.`, { cause: new Error(secret) }) })],
      ["a non-JSON body quoting the header", (secret) => ({ status: 200, text: `<html>Authorization: Bearer ${secret}</html>` })],
      ["no answer", () => ({ hangs: true })],
    ];

    for (const credentials of CREDENTIALS) {
      const secret = credentials.kind === "apiToken" ? credentials.token : credentials.key;
      for (const [name, reply] of REPLIES) {
        test(`${credentials.kind}: ${name}`, async () => {
          const client = new CloudflareClient({
            fetch: new ScriptedFetch(() => reply(secret)).fetch,
            credentials,
            baseUrl: SCRIPTED_BASE_URL,
            timeoutMs: 20,
            maxTries: 1,
            sleep: recordingSleep().sleep,
          });
          const error = await client.request("POST", PATH, { body: { certificates: "PEM", private_key: secret } }).catch((caught: unknown) => caught);
          assert.ok(error instanceof CloudflareApiError, String(error));
          const result = described(error);
          assert.ok(!result.message.includes(secret), `the message shows the credential: ${result.message}`);
          assert.doesNotMatch(result.message, /Bearer\s|x-auth-key/i);
        });
      }
    }
  });
});
