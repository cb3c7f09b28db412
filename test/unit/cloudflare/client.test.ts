// CloudflareClient's own rules, driven by a scripted Fetch: headers, envelope checks, the retry
// policy (which methods, which failures, how long to wait), timeouts, cancellation and logging.
// The same behaviours over real HTTP against the sandbox are in clientOverHttp.test.ts.
import assert from "node:assert/strict";
import { CloudflareClient, type CloudflareClientOptions } from "../../../src/cloudflare/client";
import { CloudflareApiError, isAbortError } from "../../../src/cloudflare/errors";
import type { Logger } from "../../../src/cloudflare/logger";
import { deferred, failure, ok, recordingSleep, SCRIPTED_BASE_URL, ScriptedFetch, systemError, type ScriptedReply } from "./scriptedFetch";
import { rejection } from "../../support/asyncAssertions";

const TOKEN = "scripted-token-Zq81";

function clientFor(scripted: ScriptedFetch, options: Partial<CloudflareClientOptions> = {}): CloudflareClient {
  return new CloudflareClient({
    fetch: scripted.fetch,
    credentials: { kind: "apiToken", token: TOKEN },
    baseUrl: SCRIPTED_BASE_URL,
    sleep: recordingSleep().sleep,
    random: () => 0.5,
    ...options,
  });
}

async function apiError(promise: Promise<unknown>): Promise<CloudflareApiError> {
  const error = await rejection(promise);
  assert.ok(error instanceof CloudflareApiError, `expected CloudflareApiError, got ${String(error)}`);
  return error;
}

function recordingLogger(): Logger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const record = (level: string) => (message: string) => {
    lines.push({ level, message });
  };
  return { lines, debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error") };
}

suite("CloudflareClient (scripted fetch)", () => {
  suite("requests", () => {
    test("a token is sent as a Bearer header, with Accept and a User-Agent, and no Content-Type without a body", async () => {
      const scripted = ScriptedFetch.sequence(ok({ id: "a" }));
      await clientFor(scripted).request("GET", "/accounts/a");
      const { init } = scripted.calls[0]!;
      assert.equal(init.method, "GET");
      assert.equal(init.headers.Authorization, `Bearer ${TOKEN}`);
      assert.equal(init.headers.Accept, "application/json");
      assert.match(init.headers["User-Agent"] ?? "", /^cloudflare-mtls-vscode/);
      assert.equal(init.headers["Content-Type"], undefined);
      assert.equal(init.headers["X-Auth-Key"], undefined);
      assert.equal(init.body, undefined);
      assert.equal(init.redirect, "manual");
    });

    test("a Global API key is sent as X-Auth-Email and X-Auth-Key, never as Authorization", async () => {
      const scripted = ScriptedFetch.sequence(ok({}));
      const client = clientFor(scripted, { credentials: { kind: "globalApiKey", email: "me@example.com", key: "global-key-Zq81" } });
      await client.request("GET", "/user");
      const { headers } = scripted.calls[0]!.init;
      assert.equal(headers["X-Auth-Email"], "me@example.com");
      assert.equal(headers["X-Auth-Key"], "global-key-Zq81");
      assert.equal(headers.Authorization, undefined);
    });

    test("credentials given as a function are asked for on each request", async () => {
      const scripted = ScriptedFetch.sequence(ok({}), ok({}));
      let asked = 0;
      const client = clientFor(scripted, {
        credentials: () => {
          asked++;
          return Promise.resolve({ kind: "apiToken", token: `rotating-${asked}` });
        },
      });
      await client.request("GET", "/a");
      await client.request("GET", "/b");
      assert.deepEqual(
        scripted.calls.map((call) => call.init.headers.Authorization),
        ["Bearer rotating-1", "Bearer rotating-2"],
      );
    });

    test("a body is sent as JSON with Content-Type", async () => {
      const scripted = ScriptedFetch.sequence(ok({ id: "c" }));
      await clientFor(scripted).request("POST", "/accounts/a/mtls_certificates", { body: { ca: true, certificates: "PEM" } });
      const { init } = scripted.calls[0]!;
      assert.equal(init.headers["Content-Type"], "application/json");
      assert.deepEqual(JSON.parse(init.body ?? ""), { ca: true, certificates: "PEM" });
    });

    test("the base URL may end in a slash; the query drops undefined values and is encoded", async () => {
      const scripted = ScriptedFetch.sequence(ok([]));
      const client = clientFor(scripted, { baseUrl: `${SCRIPTED_BASE_URL}//` });
      assert.equal(client.baseUrl, SCRIPTED_BASE_URL);
      await client.request("GET", "/zones", { query: { "account.id": "a b&c", page: 2, name: undefined } });
      const { url } = scripted.calls[0]!;
      assert.equal(url.pathname, "/client/v4/zones");
      assert.deepEqual(Object.fromEntries(url.searchParams), { "account.id": "a b&c", page: "2" });
    });

    test("the result, result_info and messages come back unwrapped", async () => {
      const scripted = ScriptedFetch.sequence({
        status: 200,
        json: { success: true, errors: [], messages: [{ code: 1000, message: "note" }], result: [1, 2], result_info: { page: 1, per_page: 2, total_pages: null } },
      });
      const response = await clientFor(scripted).request<number[]>("GET", "/x");
      assert.deepEqual(response.result, [1, 2]);
      assert.deepEqual(response.resultInfo, { page: 1, per_page: 2 });
      assert.deepEqual(response.messages, [{ code: 1000, message: "note" }]);
      assert.equal(response.status, 200);
    });

    test("a path without a leading slash or with a query is refused before anything is sent", async () => {
      const scripted = ScriptedFetch.sequence();
      const client = clientFor(scripted);
      await assert.rejects(client.request("GET", "accounts"), TypeError);
      await assert.rejects(client.request("GET", "/accounts?page=1"), TypeError);
      assert.equal(scripted.calls.length, 0);
    });

    test("invalid options and base URLs are refused at construction", () => {
      const fetch = ScriptedFetch.sequence().fetch;
      const credentials = { kind: "apiToken", token: TOKEN } as const;
      assert.throws(() => new CloudflareClient({ fetch, credentials, baseUrl: "not a url" }), TypeError);
      assert.throws(() => new CloudflareClient({ fetch, credentials, baseUrl: "ftp://example.com" }), TypeError);
      assert.throws(() => new CloudflareClient({ fetch, credentials, baseUrl: "https://user:pw@example.com" }), TypeError);
      assert.throws(() => new CloudflareClient({ fetch, credentials, maxTries: 0 }), RangeError);
      assert.throws(() => new CloudflareClient({ fetch, credentials, timeoutMs: -1 }), RangeError);
    });

    test("a token that cannot go into a header fails as an auth error, without sending and without quoting it", async () => {
      const scripted = ScriptedFetch.sequence();
      const badToken = "line-break-token-Zq81\n";
      const client = clientFor(scripted, { credentials: { kind: "apiToken", token: badToken } });
      const error = await apiError(client.request("GET", "/user/tokens/verify"));
      assert.equal(error.kind, "auth");
      assert.ok(error.isAuthError);
      assert.ok(!error.message.includes("line-break-token"));
      assert.equal(scripted.calls.length, 0);
    });
  });

  suite("envelope checks", () => {
    test("a 4xx error envelope names the code, message, method, path and status", async () => {
      const scripted = ScriptedFetch.sequence(failure(400, [{ code: 1489, message: "Hit maximum CA cert allocation" }], { "cf-ray": "8f1e2d3c4b5a6978-LHR" }));
      const error = await apiError(clientFor(scripted).request("POST", "/accounts/acc1/mtls_certificates", { body: {} }));
      assert.equal(error.message, "Cloudflare API error 1489: Hit maximum CA cert allocation (POST /accounts/acc1/mtls_certificates, HTTP 400)");
      assert.equal(error.kind, "http");
      assert.equal(error.status, 400);
      assert.deepEqual(error.codes, [1489]);
      assert.ok(error.hasCode(1489));
      assert.ok(!error.hasCode(1000));
      assert.equal(error.method, "POST");
      assert.equal(error.path, "/accounts/acc1/mtls_certificates");
      assert.equal(error.rayId, "8f1e2d3c4b5a6978-LHR");
      assert.equal(error.isAuthError, false);
    });

    test("success: false with HTTP 200 is an error, with every error in order and chained causes after their parent", async () => {
      const scripted = ScriptedFetch.sequence({
        status: 200,
        json: {
          success: false,
          errors: [
            { code: 1001, message: "first" },
            { code: 6003, message: "Invalid request headers", error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }] },
          ],
          messages: [],
          result: null,
        },
      });
      const error = await apiError(clientFor(scripted).request("GET", "/x"));
      assert.equal(error.status, 200);
      assert.deepEqual(error.errors, [
        { code: 1001, message: "first" },
        { code: 6003, message: "Invalid request headers" },
        { code: 6111, message: "Invalid format for Authorization header" },
      ]);
      assert.match(error.message, /^Cloudflare API error 1001: first; 6003: Invalid request headers; 6111: .* \(GET \/x, HTTP 200\)$/);
      assert.equal(error.kind, "auth", "6003/6111 are auth codes");
    });

    test("success: false with HTTP 200 and an ordinary code is kind envelope", async () => {
      const scripted = ScriptedFetch.sequence({ status: 200, json: { success: false, errors: [{ code: 7003, message: "Could not route" }], messages: [], result: null } });
      const error = await apiError(clientFor(scripted).request("GET", "/x"));
      assert.equal(error.kind, "envelope");
      assert.deepEqual(error.codes, [7003]);
    });

    const unreadable: [string, ScriptedReply, RegExp][] = [
      ["a non-JSON body", { status: 200, text: "<html>Bad gateway</html>" }, /not valid JSON/],
      ["a truncated JSON body", { status: 200, text: '{"success":true,"result":[{"id":' }, /not valid JSON/],
      ["an empty body", { status: 200, text: "" }, /empty/],
      ["a body without success", { status: 200, json: { result: [] } }, /no boolean `success`/],
      ["a JSON array", { status: 200, json: [] }, /no boolean `success`/],
      ["success without a result", { status: 200, json: { success: true, errors: [], messages: [] } }, /no `result`/],
      ["success: false without errors", { status: 200, json: { success: false, errors: [], messages: [] } }, /`success` is false/],
    ];
    for (const [name, reply, reason] of unreadable) {
      test(`${name} becomes a clear CloudflareApiError`, async () => {
        const scripted = ScriptedFetch.sequence(reply);
        const error = await apiError(clientFor(scripted).request("POST", "/accounts/a/mtls_certificates", { body: {} }));
        assert.match(error.message, reason);
        assert.match(error.message, /\(POST \/accounts\/a\/mtls_certificates, HTTP 200\)$/);
        assert.equal(error.status, 200);
        assert.ok(error.kind === "invalidResponse" || error.kind === "envelope");
      });
    }

    test("a body cut off while being read is invalidResponse", async () => {
      const scripted = ScriptedFetch.sequence({ status: 200, bodyError: systemError("ERR_STREAM_PREMATURE_CLOSE") });
      const error = await apiError(clientFor(scripted).request("DELETE", "/x"));
      assert.equal(error.kind, "invalidResponse");
      assert.equal(error.status, 200);
    });

    test("a redirect is not followed and is an http error", async () => {
      const scripted = ScriptedFetch.sequence({ status: 302, headers: { location: "https://elsewhere.invalid/steal" }, text: "" });
      const error = await apiError(clientFor(scripted).request("GET", "/x"));
      assert.equal(error.kind, "http");
      assert.equal(error.status, 302);
      assert.ok(!error.message.includes("elsewhere"), "no header value in the message");
      assert.equal(scripted.calls.length, 1);
    });

    test("401 and 403 are auth errors; so are the auth codes, and 1000 only on a verify path", async () => {
      const cases: [ScriptedReply, string, boolean][] = [
        [failure(401, []), "/x", true],
        [failure(403, [{ code: 10000, message: "Authentication error" }]), "/x", true],
        [failure(400, [{ code: 9106, message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers" }]), "/x", true],
        [failure(400, [{ code: 6111, message: "Invalid format for Authorization header" }]), "/x", true],
        [failure(400, [{ code: 9109, message: "Invalid access token" }]), "/x", true],
        [failure(403, [{ code: 9103, message: "Unknown X-Auth-Key or X-Auth-Email" }]), "/x", true],
        [failure(400, [{ code: 1000, message: "Invalid API Token" }]), "/user/tokens/verify", true],
        [failure(400, [{ code: 1000, message: "Something else" }]), "/accounts", false],
        [failure(404, [{ code: 7003, message: "Could not route" }]), "/x", false],
      ];
      for (const [reply, path, expected] of cases) {
        const error = await apiError(clientFor(ScriptedFetch.sequence(reply)).request("GET", path));
        assert.equal(error.isAuthError, expected, `${error.message}`);
        assert.equal(error.kind === "auth", expected, `${error.message} kind ${error.kind}`);
      }
    });
  });

  suite("retries", () => {
    const transient: [string, ScriptedReply][] = [
      ["HTTP 500", failure(500, [{ code: 10001, message: "Internal error" }])],
      ["HTTP 502 with an HTML page", { status: 502, text: "<html>502</html>" }],
      ["HTTP 503", { status: 503, text: "" }],
      ["HTTP 429", failure(429, [{ code: 10000, message: "Rate limited" }])],
      ["a reset connection", { throws: systemError("ECONNRESET") }],
      ["a refused connection", { throws: systemError("ECONNREFUSED") }],
      ["a non-JSON body", { status: 200, text: "<html>" }],
      ["a truncated body", { status: 200, text: '{"success":tr' }],
      ["a body cut off while reading", { status: 200, bodyError: systemError("ECONNRESET") }],
    ];
    for (const [name, reply] of transient) {
      test(`a GET is retried after ${name}`, async () => {
        const scripted = ScriptedFetch.sequence(reply, reply, ok({ id: "x" }));
        const response = await clientFor(scripted).request<{ id: string }>("GET", "/x");
        assert.deepEqual(response.result, { id: "x" });
        assert.equal(scripted.calls.length, 3);
      });
    }

    test("a GET is tried at most maxTries times, then the last failure is thrown", async () => {
      const scripted = new ScriptedFetch(() => failure(503, [{ code: 10002, message: "Unavailable" }]));
      const error = await apiError(clientFor(scripted, { maxTries: 4 }).request("GET", "/x"));
      assert.equal(scripted.calls.length, 4);
      assert.equal(error.status, 503);
      assert.equal(error.kind, "http");
    });

    test("maxTries 1 means no retry", async () => {
      const scripted = new ScriptedFetch(() => failure(500, []));
      await apiError(clientFor(scripted, { maxTries: 1 }).request("GET", "/x"));
      assert.equal(scripted.calls.length, 1);
    });

    test("4xx other than 429 are never retried", async () => {
      for (const status of [400, 401, 403, 404, 409, 422]) {
        const scripted = new ScriptedFetch(() => failure(status, [{ code: 1002, message: "no" }]));
        await apiError(clientFor(scripted).request("GET", "/x"));
        assert.equal(scripted.calls.length, 1, `HTTP ${status}`);
      }
    });

    for (const method of ["POST", "PUT", "DELETE"] as const) {
      test(`${method} is never retried on 500, 429, a reset connection, a timeout or an unreadable body`, async () => {
        const replies: ScriptedReply[] = [failure(500, []), failure(429, [], { "retry-after": "1" }), { throws: systemError("ECONNRESET") }, { hangs: true }, { status: 200, text: "{" }];
        for (const reply of replies) {
          const scripted = new ScriptedFetch(() => reply);
          await apiError(clientFor(scripted, { timeoutMs: 20 }).request(method, "/x", { body: {} }));
          assert.equal(scripted.calls.length, 1, JSON.stringify(reply));
        }
      });
    }

    test("POST is retried after ECONNREFUSED, because nothing was sent", async () => {
      const scripted = ScriptedFetch.sequence({ throws: systemError("ECONNREFUSED") }, ok({ id: "new" }));
      const response = await clientFor(scripted).request<{ id: string }>("POST", "/x", { body: {} });
      assert.equal(response.result.id, "new");
      assert.equal(scripted.calls.length, 2);
    });

    test("undici-style errors (code in cause) are classified too", async () => {
      const undiciRefused = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }) });
      const scripted = ScriptedFetch.sequence({ throws: undiciRefused }, { throws: undiciRefused });
      const error = await apiError(clientFor(scripted, { maxTries: 2 }).request("PUT", "/x", { body: {} }));
      assert.equal(error.kind, "network");
      assert.match(error.message, /connection refused \(ECONNREFUSED\)/);
      assert.equal(scripted.calls.length, 2);
    });

    test("backoff is capped exponential with full jitter", async () => {
      const recorder = recordingSleep();
      const scripted = new ScriptedFetch(() => failure(500, []));
      const client = clientFor(scripted, { maxTries: 6, retryBaseDelayMs: 100, retryMaxDelayMs: 500, random: () => 0.5, sleep: recorder.sleep });
      await apiError(client.request("GET", "/x"));
      // ceilings 100, 200, 400, 500 (capped), 500; half of each with random() = 0.5
      assert.deepEqual(recorder.delays, [50, 100, 200, 250, 250]);
    });

    test("jitter spans the whole range: random() near 0 waits almost nothing, near 1 almost the ceiling", async () => {
      for (const [random, expected] of [
        [0, [0, 0]],
        [0.999, [499, 999]],
      ] as const) {
        const recorder = recordingSleep();
        const scripted = new ScriptedFetch(() => failure(502, []));
        await apiError(clientFor(scripted, { retryBaseDelayMs: 500, random: () => random, sleep: recorder.sleep }).request("GET", "/x"));
        assert.deepEqual(recorder.delays, expected);
      }
    });

    test("Retry-After in seconds is waited for instead of the backoff, on 429 and 503", async () => {
      for (const status of [429, 503]) {
        const recorder = recordingSleep();
        const scripted = ScriptedFetch.sequence(failure(status, [], { "Retry-After": "7" }), ok({}));
        await clientFor(scripted, { sleep: recorder.sleep }).request("GET", "/x");
        assert.deepEqual(recorder.delays, [7000], `HTTP ${status}`);
      }
    });

    test("Retry-After as an HTTP date is honoured against the injected clock", async () => {
      const now = Date.parse("2030-01-01T00:00:00Z");
      const recorder = recordingSleep();
      const scripted = ScriptedFetch.sequence(failure(429, [], { "retry-after": "Tue, 01 Jan 2030 00:00:12 GMT" }), ok({}));
      await clientFor(scripted, { sleep: recorder.sleep, now: () => now }).request("GET", "/x");
      assert.deepEqual(recorder.delays, [12_000]);
    });

    test("a Retry-After beyond the cap fails at once as rateLimited, telling how long", async () => {
      const recorder = recordingSleep();
      const scripted = new ScriptedFetch(() => failure(429, [{ code: 10000, message: "Rate limited" }], { "retry-after": "300" }));
      const error = await apiError(clientFor(scripted, { sleep: recorder.sleep }).request("GET", "/x"));
      assert.equal(error.kind, "rateLimited");
      assert.equal(error.retryAfterSeconds, 300);
      assert.match(error.message, /retry after 300 s/);
      assert.equal(scripted.calls.length, 1);
      assert.deepEqual(recorder.delays, []);
    });

    test("the Retry-After cap is configurable", async () => {
      const recorder = recordingSleep();
      const scripted = ScriptedFetch.sequence(failure(429, [], { "retry-after": "90" }), ok({}));
      await clientFor(scripted, { sleep: recorder.sleep, maxRetryAfterSeconds: 120 }).request("GET", "/x");
      assert.deepEqual(recorder.delays, [90_000]);
    });

    test("a 429 that persists ends as rateLimited with its Retry-After", async () => {
      const scripted = new ScriptedFetch(() => failure(429, [], { "retry-after": "2" }));
      const error = await apiError(clientFor(scripted).request("GET", "/x"));
      assert.equal(error.kind, "rateLimited");
      assert.equal(error.status, 429);
      assert.equal(error.retryAfterSeconds, 2);
      assert.equal(scripted.calls.length, 3);
    });

    test("a retried request is identical to the first", async () => {
      const scripted = ScriptedFetch.sequence(failure(500, []), ok({}));
      await clientFor(scripted).request("GET", "/x", { query: { page: 3 } });
      const [first, second] = scripted.calls;
      assert.equal(first?.url.href, second?.url.href);
      assert.deepEqual(first?.init.headers, second?.init.headers);
    });
  });

  suite("timeouts", () => {
    test("an attempt with no answer within timeoutMs is a timeout, and a GET tries again", async () => {
      const scripted = ScriptedFetch.sequence({ hangs: true }, ok({ id: "late" }));
      const response = await clientFor(scripted, { timeoutMs: 30 }).request<{ id: string }>("GET", "/x");
      assert.equal(response.result.id, "late");
      assert.equal(scripted.calls.length, 2);
      assert.equal(scripted.calls[0]?.init.signal.aborted, true, "the hung attempt's signal was aborted");
    });

    test("a GET that keeps timing out ends as kind timeout after maxTries", async () => {
      const scripted = new ScriptedFetch(() => ({ hangs: true }));
      const error = await apiError(clientFor(scripted, { timeoutMs: 20, maxTries: 2 }).request("GET", "/slow"));
      assert.equal(error.kind, "timeout");
      assert.match(error.message, /within 20 ms \(GET \/slow\)/);
      assert.equal(scripted.calls.length, 2);
    });

    test("the timeout also covers a body that stalls", async () => {
      const scripted = new ScriptedFetch(() => ({ status: 200, bodyHangs: true }));
      const error = await apiError(clientFor(scripted, { timeoutMs: 20, maxTries: 1 }).request("GET", "/x"));
      assert.equal(error.kind, "timeout");
      assert.equal(error.status, 200);
    });
  });

  suite("cancellation", () => {
    test("an already aborted signal rejects with an AbortError and sends nothing", async () => {
      const scripted = ScriptedFetch.sequence();
      const error = await rejection(clientFor(scripted).request("GET", "/x", { signal: AbortSignal.abort() }));
      assert.ok(isAbortError(error));
      assert.ok(!(error instanceof CloudflareApiError));
      assert.equal(scripted.calls.length, 0);
    });

    test("aborting during a request rejects at once, even if fetch ignores the signal, and is not retried", async () => {
      const started = deferred();
      const scripted = new ScriptedFetch(() => {
        started.resolve();
        return { hangs: true };
      });
      const controller = new AbortController();
      const pending = clientFor(scripted, { timeoutMs: 60_000 }).request("GET", "/x", { signal: controller.signal });
      await started.promise;
      controller.abort();
      const error = await rejection(pending);
      assert.ok(isAbortError(error));
      assert.equal(scripted.calls.length, 1);
    });

    test("aborting during the backoff wait rejects at once, even if the injected sleep ignores the signal", async () => {
      const sleeping = deferred();
      const scripted = new ScriptedFetch(() => failure(503, []));
      const controller = new AbortController();
      const client = clientFor(scripted, {
        sleep: () => {
          sleeping.resolve();
          return new Promise<void>(() => undefined);
        },
      });
      const pending = client.request("GET", "/x", { signal: controller.signal });
      await sleeping.promise;
      controller.abort();
      assert.ok(isAbortError(await rejection(pending)));
      assert.equal(scripted.calls.length, 1);
    });

    test("the default sleep stops waiting on abort", async () => {
      const scripted = new ScriptedFetch(() => failure(503, [], { "retry-after": "50" }));
      const controller = new AbortController();
      const logger = recordingLogger();
      const pending = new CloudflareClient({ fetch: scripted.fetch, credentials: { kind: "apiToken", token: TOKEN }, baseUrl: SCRIPTED_BASE_URL, logger }).request("GET", "/x", {
        signal: controller.signal,
      });
      // Wait for the retry notice, which is logged just before the 50 s wait starts.
      const deadline = Date.now() + 5_000;
      while (!logger.lines.some((line) => line.level === "warn") && Date.now() < deadline) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      controller.abort();
      assert.ok(isAbortError(await rejection(pending)));
    });

    test("aborting while the body is read rejects with an AbortError", async () => {
      const reading = deferred();
      const scripted = new ScriptedFetch(() => {
        reading.resolve();
        return { status: 200, bodyHangs: true };
      });
      const controller = new AbortController();
      const pending = clientFor(scripted).request("GET", "/x", { signal: controller.signal });
      await reading.promise;
      await new Promise((resolve) => setImmediate(resolve));
      controller.abort();
      assert.ok(isAbortError(await rejection(pending)));
    });
  });

  suite("logging", () => {
    test("one line per try with method, path, status, duration and cf-ray; never headers or credentials", async () => {
      const logger = recordingLogger();
      const scripted = ScriptedFetch.sequence(failure(500, []), ok({}, undefined, { "cf-ray": "7a7a7a7a7a7a7a7a-SJC" }));
      await clientFor(scripted, { logger }).request("GET", "/accounts", { query: { page: 1 } });
      // At Info, the default level: README promises each request in the log.
      const info = logger.lines.filter((line) => line.level === "info").map((line) => line.message);
      assert.equal(info.length, 2);
      assert.match(info[0] ?? "", /^GET \/accounts\?page=1 500 \d+ ms$/);
      assert.match(info[1] ?? "", /^GET \/accounts\?page=1 200 \d+ ms cf-ray 7a7a7a7a7a7a7a7a-SJC \(try 2\)$/);
      assert.ok(logger.lines.some((line) => line.level === "warn" && /retrying in \d+ ms \(try 2 of 3\)/.test(line.message)));
      for (const line of logger.lines) {
        assert.ok(!line.message.includes(TOKEN) && !/bearer|authorization/i.test(line.message), line.message);
      }
    });

    test("query values under sensitive-looking keys are masked in the log", async () => {
      const logger = recordingLogger();
      const scripted = ScriptedFetch.sequence(ok([]));
      await clientFor(scripted, { logger }).request("GET", "/x", { query: { api_key: "zzz-secret", page: 1 } });
      assert.equal(scripted.calls[0]?.query.api_key, "zzz-secret");
      assert.ok(!logger.lines.some((line) => line.message.includes("zzz-secret")));
    });
  });
});
