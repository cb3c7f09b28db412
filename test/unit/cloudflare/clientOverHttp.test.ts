// The client over real HTTP (node-fetch) against the Cloudflare-compatible sandbox: both auth
// schemes as the server sees them, every error envelope shape, retries on injected faults, no
// retry of writes, timeouts, cancellation, and no credential in any error.
import assert from "node:assert/strict";
import { waitFor } from "../../support/asyncAssertions";
import { CloudflareApiError, isAbortError, type CloudflareApiErrorKind } from "../../../src/cloudflare/errors";
import { deleteMtlsCertificate, listMtlsCertificates, uploadMtlsCertificate } from "../../../src/cloudflare/mtlsCertificates";
import type { SandboxFault } from "../../support/cloudflareSandbox";
import { makeCa } from "../../support/makeCertificates";
import { assertNoSecret } from "./secretAssertions";
import { SANDBOX_TOKEN, useSandbox } from "./sandboxFixture";
import { rejection } from "../../support/asyncAssertions";

async function apiError(promise: Promise<unknown>): Promise<CloudflareApiError> {
  const error = await rejection(promise);
  assert.ok(error instanceof CloudflareApiError, `expected CloudflareApiError, got ${String(error)}`);
  return error;
}


suite("CloudflareClient over HTTP (sandbox)", () => {
  const fixture = useSandbox();

  function mtlsPath(): string {
    return `/accounts/${fixture().account.id}/mtls_certificates`;
  }

  suite("auth schemes", () => {
    test("an API token reaches the server as Authorization: Bearer, with JSON headers", async () => {
      const { sandbox, client } = fixture();
      await client().request("GET", mtlsPath());
      const [request] = sandbox.requests;
      assert.equal(request?.headers.authorization, `Bearer ${SANDBOX_TOKEN}`);
      assert.equal(request?.headers.accept, "application/json");
      assert.equal(request?.headers["content-type"], undefined, "no Content-Type without a body");
      assert.equal(request?.headers["x-auth-key"], undefined);
      assert.match(request?.headers["user-agent"] ?? "", /^cloudflare-mtls-vscode/);
    });

    test("a Global API key reaches the server as X-Auth-Email and X-Auth-Key", async () => {
      const { sandbox, client } = fixture();
      sandbox.addGlobalApiKey("owner@example.com", "sbx-GLOBALKEY-0a1b2c3d4e5f");
      const response = await client({ credentials: { kind: "globalApiKey", email: "owner@example.com", key: "sbx-GLOBALKEY-0a1b2c3d4e5f" } }).request<unknown[]>("GET", mtlsPath());
      assert.deepEqual(response.result, []);
      const [request] = sandbox.requests;
      assert.equal(request?.headers["x-auth-email"], "owner@example.com");
      assert.equal(request?.headers["x-auth-key"], "sbx-GLOBALKEY-0a1b2c3d4e5f");
      assert.equal(request?.headers.authorization, undefined);
    });

    test("a body goes out as JSON with Content-Type", async () => {
      const { sandbox, client } = fixture();
      const ca = await makeCa();
      await uploadMtlsCertificate(client(), fixture().account.id, { ca: true, certificates: ca.pem, name: "json" });
      const [request] = sandbox.requests;
      assert.equal(request?.headers["content-type"], "application/json");
      assert.deepEqual(request?.body, { ca: true, certificates: ca.pem, name: "json" });
    });

    test("a base URL with a trailing slash works the same", async () => {
      const { sandbox, client } = fixture();
      await client({ baseUrl: `${sandbox.baseUrl}/` }).request("GET", mtlsPath());
      assert.equal(sandbox.requests[0]?.path, mtlsPath());
    });
  });

  suite("error envelopes", () => {
    test("an unknown token: 403, code 10000, an auth error", async () => {
      const error = await apiError(fixture().client({ credentials: { kind: "apiToken", token: "sbx-unknown-token-9z8y7x" } }).request("GET", mtlsPath()));
      assert.equal(error.status, 403);
      assert.deepEqual(error.codes, [10000]);
      assert.equal(error.kind, "auth");
      assert.ok(error.isAuthError);
      assert.equal(error.message, `Cloudflare API error 10000: Authentication error (GET ${mtlsPath()}, HTTP 403)`);
    });

    test("a revoked token is refused from then on", async () => {
      const { sandbox, client } = fixture();
      const api = client();
      await api.request("GET", mtlsPath());
      sandbox.revokeToken(SANDBOX_TOKEN);
      const error = await apiError(api.request("GET", mtlsPath()));
      assert.ok(error.isAuthError);
      assert.ok(error.hasCode(10000));
    });

    test("a wrong Global API key: 403, code 9103", async () => {
      const { sandbox, client } = fixture();
      sandbox.addGlobalApiKey("owner@example.com", "right-key-123456");
      const error = await apiError(client({ credentials: { kind: "globalApiKey", email: "owner@example.com", key: "wrong-key-654321" } }).request("GET", mtlsPath()));
      assert.equal(error.status, 403);
      assert.deepEqual(error.codes, [9103]);
      assert.ok(error.isAuthError);
    });

    test("the CA quota: code 1489, in the message the way users will read it", async () => {
      const { sandbox, client, account } = fixture();
      for (let index = 0; index < 5; index++) {
        sandbox.addMtlsCertificate(account.id, { certificates: (await makeCa({ commonName: `CA ${index}` })).pem, ca: true });
      }
      const error = await apiError(uploadMtlsCertificate(client(), account.id, { ca: true, certificates: (await makeCa({ commonName: "one too many" })).pem }));
      assert.equal(error.message, `Cloudflare API error 1489: Hit maximum CA cert allocation (POST /accounts/${account.id}/mtls_certificates, HTTP 400)`);
      assert.equal(error.kind, "http");
      assert.equal(error.isAuthError, false);
      assert.equal(sandbox.requests.length, 1, "never retried");
    });

    test("an unknown route: 404 with code 7000 or 7003", async () => {
      const error = await apiError(fixture().client().request("GET", "/no/such/thing"));
      assert.equal(error.status, 404);
      assert.ok(error.hasCode(7000) || error.hasCode(7003), error.message);
      assert.equal(error.path, "/no/such/thing");
    });

    const shapes: [string, SandboxFault, CloudflareApiErrorKind, number][] = [
      ["success: false with HTTP 200", { kind: "errorEnvelope", code: 1234, message: "Something odd" }, "envelope", 200],
      ["an auth code with HTTP 200", { kind: "errorEnvelope", code: 10000, message: "Authentication error" }, "auth", 200],
      ["an error envelope with HTTP 400", { kind: "errorEnvelope", httpStatus: 400, code: 1002, message: "Bad input" }, "http", 400],
      ["an error envelope with HTTP 403", { kind: "errorEnvelope", httpStatus: 403, code: 9109, message: "Invalid access token" }, "auth", 403],
      ["an error envelope with HTTP 500", { kind: "errorEnvelope", httpStatus: 500, code: 10002, message: "An unknown error has occurred" }, "http", 500],
      ["an HTML body", { kind: "invalidJson" }, "invalidResponse", 200],
      ["a truncated body", { kind: "truncate" }, "invalidResponse", 200],
      ["a 502 HTML page", { kind: "status", status: 502 }, "http", 502],
      ["a 429", { kind: "status", status: 429, retryAfterSeconds: 5 }, "rateLimited", 429],
    ];
    for (const [name, fault, kind, status] of shapes) {
      test(`${name} becomes a CloudflareApiError of kind ${kind}`, async () => {
        const { sandbox, client } = fixture();
        sandbox.injectFault(fault, { times: 10 });
        const upload = { ca: true, certificates: (await makeCa()).pem };
        const error = await apiError(client().request("POST", mtlsPath(), { body: upload }));
        assert.equal(error.kind, kind);
        assert.equal(error.status, status);
        assert.equal(error.method, "POST");
        assert.equal(error.path, mtlsPath());
        assert.ok(error.message.endsWith(`(POST ${mtlsPath()}, HTTP ${status})`), error.message);
        if (fault.kind === "errorEnvelope") {
          assert.deepEqual(error.errors, [{ code: fault.code, message: fault.message }]);
          assert.ok(error.message.startsWith(`Cloudflare API error ${fault.code}: ${fault.message}`), error.message);
        }
        assert.equal(sandbox.requests.length, 1, "a POST is never retried");
      });
    }
  });

  suite("retries", () => {
    test("a GET waits exactly the Retry-After of a 429, then succeeds", async () => {
      const { sandbox, client, sleeps } = fixture();
      sandbox.injectFault({ kind: "status", status: 429, retryAfterSeconds: 3 });
      const response = await client().request<unknown[]>("GET", mtlsPath());
      assert.deepEqual(response.result, []);
      assert.equal(sandbox.requests.length, 2);
      assert.deepEqual(sleeps, [3000]);
    });

    test("a 429 whose Retry-After is beyond the cap fails at once as rateLimited", async () => {
      const { sandbox, client, sleeps } = fixture();
      sandbox.injectFault({ kind: "status", status: 429, retryAfterSeconds: 600 });
      const error = await apiError(client().request("GET", mtlsPath()));
      assert.equal(error.kind, "rateLimited");
      assert.equal(error.retryAfterSeconds, 600);
      assert.equal(sandbox.requests.length, 1);
      assert.deepEqual(sleeps, []);
    });

    const transient: [string, SandboxFault][] = [
      ["500", { kind: "status", status: 500 }],
      ["502", { kind: "status", status: 502 }],
      ["503", { kind: "status", status: 503 }],
      ["a dropped connection", { kind: "drop" }],
      ["a truncated body", { kind: "truncate" }],
      ["an HTML body", { kind: "invalidJson" }],
    ];
    for (const [name, fault] of transient) {
      test(`a GET is retried after ${name}, with jittered backoff`, async () => {
        const { sandbox, client, sleeps } = fixture();
        sandbox.injectFault(fault, { method: "GET", times: 2 });
        const certificates = await listMtlsCertificates(client({ random: () => 0.5, retryBaseDelayMs: 200 }), fixture().account.id);
        assert.deepEqual(certificates, []);
        assert.equal(sandbox.requests.length, 3);
        assert.deepEqual(sleeps, [100, 200]);
      });

      test(`a GET gives up after maxTries on persistent ${name}`, async () => {
        const { sandbox, client } = fixture();
        sandbox.injectFault(fault, { times: 10 });
        const error = await apiError(client({ maxTries: 3 }).request("GET", mtlsPath()));
        assert.ok(["http", "network", "invalidResponse"].includes(error.kind), error.kind);
        assert.equal(sandbox.requests.length, 3);
      });
    }

    test("POST is never retried on a 500", async () => {
      const { sandbox, client, account } = fixture();
      sandbox.injectFault({ kind: "status", status: 500 }, { method: "POST" });
      const error = await apiError(uploadMtlsCertificate(client(), account.id, { ca: true, certificates: (await makeCa()).pem }));
      assert.equal(error.status, 500);
      assert.equal(sandbox.requests.filter((request) => request.method === "POST").length, 1);
      assert.equal(sandbox.mtlsCertificates(account.id).length, 0);
    });

    test("POST is never retried on a dropped connection", async () => {
      const { sandbox, client, account } = fixture();
      sandbox.injectFault({ kind: "drop" }, { method: "POST" });
      const error = await apiError(uploadMtlsCertificate(client(), account.id, { ca: true, certificates: (await makeCa()).pem }));
      assert.equal(error.kind, "network");
      assert.equal(sandbox.requests.length, 1);
    });

    test("DELETE is never retried on a 500, and the certificate stays", async () => {
      const { sandbox, client, account } = fixture();
      const record = sandbox.addMtlsCertificate(account.id, { certificates: (await makeCa()).pem, ca: true });
      sandbox.injectFault({ kind: "status", status: 500 }, { method: "DELETE" });
      const error = await apiError(deleteMtlsCertificate(client(), account.id, record.id));
      assert.equal(error.status, 500);
      assert.equal(sandbox.requests.filter((request) => request.method === "DELETE").length, 1);
      assert.equal(sandbox.mtlsCertificates(account.id).length, 1);
    });

    test("a refused connection fails as network (the one failure a write may retry)", async () => {
      const { sandbox, client } = fixture();
      const closedUrl = sandbox.baseUrl;
      await sandbox.close();
      const error = await apiError(client({ baseUrl: closedUrl, maxTries: 2 }).request("POST", "/accounts/a/mtls_certificates", { body: {} }));
      assert.equal(error.kind, "network");
      assert.match(error.message, /ECONNREFUSED/);
      assert.equal(fixture().sleeps.length, 1, "retried once: nothing had been sent");
    });
  });

  suite("timeouts and cancellation", () => {
    test("a hanging answer times out; a GET is tried again and succeeds", async () => {
      const { sandbox, client } = fixture();
      sandbox.injectFault({ kind: "hang" });
      const response = await client({ timeoutMs: 150 }).request<unknown[]>("GET", mtlsPath());
      assert.deepEqual(response.result, []);
      assert.equal(sandbox.requests.length, 2);
    });

    test("a GET that always hangs ends as kind timeout", async () => {
      const { sandbox, client } = fixture();
      sandbox.injectFault({ kind: "hang" }, { times: 2 });
      const error = await apiError(client({ timeoutMs: 100, maxTries: 2 }).request("GET", mtlsPath()));
      assert.equal(error.kind, "timeout");
      assert.equal(error.path, mtlsPath());
    });

    test("a POST that hangs times out once and is not sent again", async () => {
      const { sandbox, client } = fixture();
      sandbox.injectFault({ kind: "hang" });
      const error = await apiError(client({ timeoutMs: 100 }).request("POST", mtlsPath(), { body: { ca: true, certificates: "-----BEGIN CERTIFICATE-----" } }));
      assert.equal(error.kind, "timeout");
      assert.equal(sandbox.requests.length, 1);
    });

    test("aborting a hanging request rejects at once with an AbortError, not retried", async () => {
      const { sandbox, client } = fixture();
      sandbox.injectFault({ kind: "hang" });
      const controller = new AbortController();
      const pending = client({ timeoutMs: 60_000 }).request("GET", mtlsPath(), { signal: controller.signal });
      await waitFor("the request to arrive", () => sandbox.requests.length === 1);
      controller.abort();
      const error = await rejection(pending);
      assert.ok(isAbortError(error), String(error));
      assert.ok(!(error instanceof CloudflareApiError));
      assert.equal(sandbox.requests.length, 1);
    });

    test("aborting during the backoff wait rejects at once, with the real sleep", async () => {
      const { sandbox, client } = fixture();
      sandbox.injectFault({ kind: "status", status: 503 }, { times: 5 });
      const controller = new AbortController();
      const logged: string[] = [];
      const pending = client({
        // The default sleep, with a wait far longer than the test: only the abort can end it.
        sleep: undefined,
        retryBaseDelayMs: 60_000,
        retryMaxDelayMs: 60_000,
        random: () => 0.99,
        logger: { debug: () => undefined, info: () => undefined, warn: (line) => logged.push(line), error: () => undefined },
      }).request("GET", mtlsPath(), { signal: controller.signal });
      await waitFor("the retry to be scheduled", () => logged.length === 1);
      controller.abort();
      assert.ok(isAbortError(await rejection(pending)));
      assert.equal(sandbox.requests.length, 1);
    });
  });

  suite("credentials never appear in errors", () => {
    const kinds: [CloudflareApiErrorKind, SandboxFault | "unknownToken"][] = [
      ["auth", "unknownToken"],
      ["http", { kind: "status", status: 500 }],
      ["http", { kind: "status", status: 502 }],
      ["envelope", { kind: "errorEnvelope", code: 1234, message: "odd" }],
      ["rateLimited", { kind: "status", status: 429, retryAfterSeconds: 999 }],
      ["invalidResponse", { kind: "invalidJson" }],
      ["invalidResponse", { kind: "truncate" }],
      ["network", { kind: "drop" }],
      ["timeout", { kind: "hang" }],
    ];
    for (const [kind, fault] of kinds) {
      test(`kind ${kind}${fault === "unknownToken" ? " (unknown token)" : ` (${fault.kind})`}`, async () => {
        const { sandbox, client } = fixture();
        let token = SANDBOX_TOKEN;
        if (fault === "unknownToken") {
          token = "sbx-unknown-T0KEN-1f2e3d4c5b6a";
        } else {
          sandbox.injectFault(fault, { times: 10 });
        }
        const error = await apiError(client({ credentials: { kind: "apiToken", token }, maxTries: 2, timeoutMs: 100 }).request("GET", mtlsPath()));
        assert.equal(error.kind, kind);
        assertNoSecret(error, [token]);
      });
    }

    test("kind auth with a Global API key", async () => {
      const { sandbox, client } = fixture();
      sandbox.addGlobalApiKey("owner@example.com", "sbx-right-KEY-99887766");
      const error = await apiError(client({ credentials: { kind: "globalApiKey", email: "owner@example.com", key: "sbx-wrong-KEY-11223344" } }).request("GET", mtlsPath()));
      assertNoSecret(error, ["sbx-wrong-KEY-11223344", "sbx-right-KEY-99887766"]);
    });
  });
});
