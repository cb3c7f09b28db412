// Answers that used to crash the views or walk forever: wrong field types, nulls, duplicate
// hostnames, oversized bodies and gzip bombs, a refused Access page size; and what the client
// reads besides the result: the rate budget, a reason phrase that echoes the token.
import assert from "node:assert/strict";
import { listAccessCertificates, getAccessHostnameSettings, updateAccessHostnameSettings, settingsForEveryHostname } from "../../../src/cloudflare/accessCertificates";
import { listAccounts } from "../../../src/cloudflare/accounts";
import { listZones } from "../../../src/cloudflare/zones";
import { CloudflareClient } from "../../../src/cloudflare/client";
import { CloudflareApiError } from "../../../src/cloudflare/errors";
import { listMtlsCertificates, uploadMtlsCertificate } from "../../../src/cloudflare/mtlsCertificates";
import type { Logger } from "../../../src/cloudflare/logger";
import { makeCa } from "../../support/makeCertificates";
import { nodeFetch, SANDBOX_TOKEN, useSandbox } from "./sandboxFixture";
import { ok, recordingSleep, SCRIPTED_BASE_URL, ScriptedFetch, type ScriptedReply } from "./scriptedFetch";
import { assertNoSecret } from "./secretAssertions";

const TOKEN = "answer-checks-token-Zq9vXbN3kTq7YpLmW2sR";

function scriptedClient(...replies: ScriptedReply[]): { client: CloudflareClient; scripted: ScriptedFetch } {
  const scripted = ScriptedFetch.sequence(...replies);
  return { scripted, client: new CloudflareClient({ fetch: scripted.fetch, credentials: { kind: "apiToken", token: TOKEN }, baseUrl: SCRIPTED_BASE_URL, sleep: recordingSleep().sleep }) };
}

const mtls = (fields: Record<string, unknown>) => ({
  id: "7d1c2f5e-0b6a-4a8e-9c1d-3e5f7a9b1c2d",
  ca: true,
  certificates: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
  name: "CA",
  issuer: "O=Example",
  serial_number: "1",
  signature: "SHA256WithRSA",
  expires_on: "2030-01-01T00:00:00Z",
  uploaded_on: "2024-01-01T00:00:00Z",
  ...fields,
});

async function rejection(promise: Promise<unknown>): Promise<CloudflareApiError> {
  const error = await promise.catch((caught: unknown) => caught);
  assert.ok(error instanceof CloudflareApiError, String(error));
  return error;
}

suite("answers are checked field by field where they enter the client", () => {
  for (const [field, value, described] of [
    ["name", 42, "a number"],
    ["issuer", ["O=Example"], "an array"],
    ["serial_number", { value: 1 }, "an object"],
    ["uploaded_on", 1_700_000_000, "a number"],
    ["ca", "yes", "a string"],
  ] as const) {
    test(`an mTLS certificate whose ${field} is ${described} is an unexpected answer naming the field`, async () => {
      const { client } = scriptedClient(ok([mtls({ [field]: value })], { page: 1, per_page: 1, total_pages: 1 }));
      const error = await rejection(listMtlsCertificates(client, "a"));
      assert.equal(error.kind, "invalidResponse");
      assert.match(error.message, new RegExp(`unexpected answer from Cloudflare: \`${field}\` of item 0 of the result is ${described}`));
    });
  }

  test("null or missing optional fields are tolerated: shown text becomes empty, never null", async () => {
    const { client } = scriptedClient(ok([mtls({ name: null, issuer: null, serial_number: undefined, uploaded_on: null, signature: null, type: null })]));
    const [certificate] = await listMtlsCertificates(client, "a");
    assert.ok(certificate);
    assert.equal(certificate.issuer, "");
    assert.equal(certificate.serial_number, "");
    assert.equal(certificate.uploaded_on, "");
    assert.equal("name" in certificate, false);
    assert.equal("type" in certificate, false);
  });

  test("an mTLS certificate without its id, ca flag or PEM is refused, naming the field", async () => {
    for (const field of ["id", "ca", "certificates"]) {
      const { client } = scriptedClient(ok([mtls({ [field]: null })]));
      assert.match((await rejection(listMtlsCertificates(client, "a"))).message, new RegExp(`has no \`${field}\` \\(null`));
    }
  });

  test("Access certificates: null fingerprint, name and created_at are tolerated; a string for associated_hostnames is not", async () => {
    const access = { id: "6b1f1c52-6a0e-4a40-9a36-c7a1c0f0e0a1", name: null, fingerprint: null, created_at: null, expires_on: "2030-01-01T00:00:00Z", associated_hostnames: null };
    const { client } = scriptedClient(ok([access], { page: 1, per_page: 50, count: 1, total_count: 1 }));
    const [certificate] = await listAccessCertificates(client, { kind: "accounts", id: "a" });
    assert.deepEqual(certificate, { id: access.id, name: "", fingerprint: "", expires_on: access.expires_on, associated_hostnames: [] });
    const bad = scriptedClient(ok([{ ...access, associated_hostnames: "app.example.com" }], { page: 1, per_page: 50, count: 1, total_count: 1 }));
    const error = await rejection(listAccessCertificates(bad.client, { kind: "accounts", id: "a" }));
    assert.match(error.message, /`associated_hostnames` of item 0 of the result is a string, expected an array of strings/);
  });

  test("duplicate associated hostnames are listed once", async () => {
    const access = { id: "6b1f1c52-6a0e-4a40-9a36-c7a1c0f0e0a1", name: "n", fingerprint: "f", expires_on: "e", associated_hostnames: ["a.example.com", "b.example.com", "a.example.com"] };
    const { client } = scriptedClient(ok([access], { page: 1, per_page: 50, count: 1, total_count: 1 }));
    const [certificate] = await listAccessCertificates(client, { kind: "accounts", id: "a" });
    assert.deepEqual(certificate?.associated_hostnames, ["a.example.com", "b.example.com"]);
  });

  test("accounts, zones and hostname settings are checked too", async () => {
    assert.match((await rejection(listAccounts(scriptedClient(ok([{ id: 5, name: "x" }], { page: 1, per_page: 50, total_pages: 1 })).client))).message, /`id` of item 0/);
    assert.match((await rejection(listZones(scriptedClient(ok([{ id: "z", name: "example.com", account: "a" }], { page: 1, per_page: 50, total_pages: 1 })).client, "a"))).message, /`account` of item 0 of the result is a string, expected an object/);
    const settings = await getAccessHostnameSettings(scriptedClient(ok([{ hostname: "a.example.com", china_network: null }])).client, { kind: "accounts", id: "a" });
    assert.deepEqual(settings, [{ hostname: "a.example.com", china_network: false, client_certificate_forwarding: false }]);
    assert.match((await rejection(getAccessHostnameSettings(scriptedClient(ok([{ hostname: "a", china_network: "no" }])).client, { kind: "accounts", id: "a" }))).message, /`china_network` of item 0 of the result is a string, expected a boolean/);
  });

  test("a reason phrase that echoes the token, or any Cloudflare token, never reaches the error", async () => {
    const stranger = "cfut_0123456789abcdefghijABCDEFGHIJ0123456789xyz0";
    for (const statusText of [`Bad token ${TOKEN}`, `Unknown token ${stranger}`]) {
      const scripted = ScriptedFetch.sequence({ status: 500, statusText, text: "" });
      const client = new CloudflareClient({ fetch: scripted.fetch, credentials: { kind: "apiToken", token: TOKEN }, baseUrl: SCRIPTED_BASE_URL, maxTries: 1 });
      const error = await rejection(listAccounts(client));
      assertNoSecret(error, [TOKEN, stranger]);
      assert.match(error.message, /HTTP 500 (Bad|Unknown) token \[redacted\]/);
    }
  });
});

suite("the hostname-settings PUT and the hostnames it offers", () => {
  test("each item sends exactly hostname, china_network and client_certificate_forwarding", async () => {
    const { client, scripted } = scriptedClient({ status: 202, json: { success: true, errors: [], messages: [], result: [] } });
    const fromGet = { hostname: "a.example.com", china_network: false, client_certificate_forwarding: true, status: "active", updated_at: "2024" };
    await updateAccessHostnameSettings(client, { kind: "zones", id: "z" }, [fromGet]);
    assert.deepEqual(JSON.parse(scripted.calls[0]?.init.body ?? "null"), { settings: [{ hostname: "a.example.com", china_network: false, client_certificate_forwarding: true }] });
  });

  test("every associated hostname is offered, false/false when it has no setting yet, and nothing held is dropped", () => {
    const certificates = [{ associated_hostnames: ["a.example.com", "b.example.com"] }, { associated_hostnames: ["b.example.com"] }];
    const settings = [
      { hostname: "b.example.com", china_network: true, client_certificate_forwarding: false },
      { hostname: "old.example.com", china_network: false, client_certificate_forwarding: true },
    ];
    assert.deepEqual(settingsForEveryHostname(certificates, settings), [
      { hostname: "a.example.com", china_network: false, client_certificate_forwarding: false },
      { hostname: "b.example.com", china_network: true, client_certificate_forwarding: false },
      { hostname: "old.example.com", china_network: false, client_certificate_forwarding: true },
    ]);
  });
});

suite("bodies are capped, page sizes fall back, the rate budget is read (sandbox)", () => {
  const fixture = useSandbox({ accessMaxPerPage: 25 });

  test("a gzip bomb stops at the cap with a clear error, and a write is not retried", async () => {
    const { sandbox } = fixture();
    sandbox.injectFault({ kind: "oversizedBody", bytes: 4 << 20, gzip: true });
    const error = await rejection(listAccounts(fixture().client({ maxBodyBytes: 256 * 1024, maxTries: 1 })));
    assert.equal(error.kind, "invalidResponse");
    assert.match(error.message, /the body is larger than 256 KiB|the body is larger than 262144 bytes/);
  });

  test("an oversized plain body is refused from its Content-Length, before it is read", async () => {
    fixture().sandbox.injectFault({ kind: "oversizedBody", bytes: 1 << 20 });
    const error = await rejection(listAccounts(fixture().client({ maxBodyBytes: 64 * 1024, maxTries: 1 })));
    assert.match(error.message, /far above any real answer/);
  });

  test("the default cap (8 MiB) lets an ordinary answer through", async () => {
    fixture().sandbox.injectFault({ kind: "oversizedBody", bytes: 1 << 20, gzip: true });
    assert.deepEqual(await listAccounts(fixture().client()), []);
  });

  test("a refused Access per_page: asked again without it, paged by Cloudflare's size, remembered for the session", async () => {
    const { sandbox, account } = fixture();
    const ca = await makeCa();
    const scope = { kind: "accounts", id: account.id } as const;
    for (let index = 0; index < 45; index++) {
      sandbox.addAccessCertificate(scope, { certificate: ca.pem, name: `ca ${index}` });
    }
    const lines: string[] = [];
    const logger: Logger = { debug: () => undefined, info: (line) => lines.push(line), warn: () => undefined, error: () => undefined };
    const client = fixture().client({ logger });
    const listed = await listAccessCertificates(client, scope);
    assert.equal(listed.length, 45);
    assert.equal(new Set(listed.map((c) => c.id)).size, 45);
    const queries = sandbox.requests.map((r) => r.query);
    assert.deepEqual(queries[0], { page: "1", per_page: "50" }, "first asked with our size");
    assert.deepEqual(queries[1], {}, "then without per_page");
    assert.deepEqual(queries.slice(2), [{ page: "2" }, { page: "3" }]);
    assert.match(lines.join("\n"), /refused per_page=50/);
    const before = sandbox.requests.length;
    await listAccessCertificates(client, scope);
    assert.deepEqual(sandbox.requests[before]?.query, {}, "the refusal is remembered: no per_page any more");
  });

  test("the client reads Ratelimit / Ratelimit-Policy, exposes the budget and logs what is left", async () => {
    const { sandbox } = fixture();
    sandbox.setRateLimit({ limit: 100, windowSeconds: 300 });
    const lines: string[] = [];
    const logger: Logger = { debug: () => undefined, info: (line) => lines.push(line), warn: () => undefined, error: () => undefined };
    const client = fixture().client({ logger, now: () => 1_000 });
    assert.equal(client.rateBudget(), undefined);
    await listAccounts(client);
    assert.deepEqual(client.rateBudget(), { remaining: 99, limit: 100, resetSeconds: 300, at: 1_000 });
    assert.match(lines.at(-1) ?? "", /rate limit: 99 of 100 requests left, window resets in 300 s/);
  });

  test("a spent budget: 429 with Retry-After, longer than the client waits, fails as rateLimited", async () => {
    const { sandbox } = fixture();
    sandbox.setRateLimit({ limit: 0, windowSeconds: 300 });
    const error = await rejection(listAccounts(fixture().client({ maxRetryAfterSeconds: 60 })));
    assert.equal(error.kind, "rateLimited");
    assert.ok((error.retryAfterSeconds ?? 0) > 60);
  });

  test("an upload to a port where nothing listens fails as network with nothingSent", async () => {
    const closed = new CloudflareClient({ fetch: nodeFetch, credentials: { kind: "apiToken", token: SANDBOX_TOKEN }, baseUrl: "http://127.0.0.1:9/client/v4", maxTries: 1 });
    const error = await rejection(uploadMtlsCertificate(closed, "a", { ca: true, certificates: "x" }));
    assert.equal(error.kind, "network");
    assert.equal(error.nothingSent, true);
  });
});
