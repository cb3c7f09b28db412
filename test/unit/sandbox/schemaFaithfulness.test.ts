// The sandbox as Cloudflare's schema and SDK describe the API: UUID certificate ids, repeated
// query keys, full zone objects, 201/202 answers, the refusals the client handles, the rate-limit
// headers and the after-processing faults (the write happens, the answer is lost).
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { gunzipSync } from "node:zlib";
import { startSandbox, type CloudflareSandbox, type SandboxAccount } from "../../support/cloudflareSandbox";
import { makeCa } from "../../support/makeCertificates";
import { callSandbox, errorCodes, resultArray, resultObject } from "./callSandbox";

const TOKEN = "faithful-token";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

suite("sandbox: faithful to Cloudflare's schema and SDK", () => {
  let sandbox: CloudflareSandbox;
  let account: SandboxAccount;

  setup(async () => {
    sandbox = await startSandbox();
    sandbox.addApiToken(TOKEN);
    account = sandbox.addAccount({ name: "Faithful" });
  });

  teardown(() => sandbox.close());

  test("mTLS and Access certificate ids are UUIDs; account and zone ids stay 32 hex", async () => {
    const ca = await makeCa();
    const zone = sandbox.addZone(account.id, { name: "example.com" });
    assert.match(account.id, /^[0-9a-f]{32}$/);
    assert.match(zone.id, /^[0-9a-f]{32}$/);
    assert.match(sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true }).id, UUID);
    assert.match(sandbox.addAccessCertificate({ kind: "zones", id: zone.id }, { certificate: ca.pem, name: "x" }).id, UUID);
  });

  test("the mTLS type filter takes repeated keys (the SDK's way), comma-separated values, and both together", async () => {
    const ca = await makeCa();
    sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true, type: "custom", name: "c" });
    sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true, type: "gateway_managed", name: "g" });
    sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true, type: "access_managed", name: "a" });
    const names = async (query: string) =>
      resultArray(await callSandbox(sandbox, "GET", `/accounts/${account.id}/mtls_certificates?${query}`, { token: TOKEN })).map((c) => c["name"]);
    assert.deepEqual(await names("type=custom&type=gateway_managed"), ["c", "g"]);
    assert.deepEqual(await names("type=custom,access_managed"), ["c", "a"]);
    assert.deepEqual(await names("type=custom,gateway_managed&type=access_managed"), ["c", "g", "a"]);
    assert.deepEqual(errorCodes(await callSandbox(sandbox, "GET", `/accounts/${account.id}/mtls_certificates?type=custom&type=bogus`, { token: TOKEN })), [1005]);
  });

  test("a zone carries every field the schema requires", async () => {
    sandbox.addZone(account.id, { name: "example.com" });
    const [zone] = resultArray(await callSandbox(sandbox, "GET", `/zones?account.id=${account.id}`, { token: TOKEN }));
    for (const field of ["id", "name", "development_mode", "owner", "account", "meta", "name_servers", "original_name_servers", "original_registrar", "original_dnshost", "created_on", "modified_on", "activated_on", "plan"]) {
      assert.ok(zone && field in zone, `zone has ${field}`);
    }
  });

  test("Access add answers 201 and refuses hostnames outside the scope's zones with 12036", async () => {
    const ca = await makeCa();
    const zone = sandbox.addZone(account.id, { name: "example.com" });
    const accountBase = `/accounts/${account.id}/access/certificates`;
    const added = await callSandbox(sandbox, "POST", accountBase, { token: TOKEN, body: { name: "ok", certificate: ca.pem, associated_hostnames: ["app.example.com", "example.com"] } });
    assert.equal(added.status, 201);
    const outside = await callSandbox(sandbox, "POST", accountBase, { token: TOKEN, body: { name: "no", certificate: ca.pem, associated_hostnames: ["app.example.org"] } });
    assert.equal(outside.status, 400);
    assert.deepEqual(outside.envelope.errors.map((e) => [e.code, e.message]), [[12036, "access.api.error.hostnames_must_belong_to_your_domain: app.example.org"]]);
    // A zone scope takes only its own hostnames; an update is held to the same rule.
    const other = sandbox.addZone(account.id, { name: "other.net" });
    const zoneBase = `/zones/${zone.id}/access/certificates`;
    const refused = await callSandbox(sandbox, "POST", zoneBase, { token: TOKEN, body: { name: "z", certificate: ca.pem, associated_hostnames: [`www.${other.name}`] } });
    assert.deepEqual(errorCodes(refused), [12036]);
    const id = String(resultObject(added)["id"]);
    const update = await callSandbox(sandbox, "PUT", `${accountBase}/${id}`, { token: TOKEN, body: { associated_hostnames: ["nowhere.invalid"] } });
    assert.deepEqual(errorCodes(update), [12036]);
    assert.equal(sandbox.accessCertificates({ kind: "accounts", id: account.id }).length, 1);
  });

  test("the Access CA quota is refused with 12130; the mTLS CA quota with 1489", async () => {
    const ca = await makeCa();
    const scope = { kind: "accounts", id: account.id } as const;
    for (let index = 0; index < 50; index++) {
      sandbox.addAccessCertificate(scope, { certificate: ca.pem, name: `ca ${index}` });
    }
    const quota = await callSandbox(sandbox, "POST", `/accounts/${account.id}/access/certificates`, { token: TOKEN, body: { name: "one more", certificate: ca.pem } });
    assert.equal(quota.status, 400);
    assert.deepEqual(errorCodes(quota), [12130]);
    for (let index = 0; index < 5; index++) {
      sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true });
    }
    const mtlsQuota = await callSandbox(sandbox, "POST", `/accounts/${account.id}/mtls_certificates`, { token: TOKEN, body: { ca: true, certificates: ca.pem } });
    assert.deepEqual(errorCodes(mtlsQuota), [1489]);
  });

  test("per_page out of range is refused, for Access lists above accessMaxPerPage too", async () => {
    await sandbox.close();
    sandbox = await startSandbox({ accessMaxPerPage: 25 });
    sandbox.addApiToken(TOKEN);
    account = sandbox.addAccount({ name: "Small pages" });
    assert.deepEqual(errorCodes(await callSandbox(sandbox, "GET", "/accounts?per_page=51", { token: TOKEN })), [1004]);
    assert.deepEqual(errorCodes(await callSandbox(sandbox, "GET", `/accounts/${account.id}/access/certificates?per_page=50`, { token: TOKEN })), [1004]);
    assert.equal((await callSandbox(sandbox, "GET", `/accounts/${account.id}/access/certificates?per_page=25`, { token: TOKEN })).status, 200);
  });

  test("every answer reports the rate budget; once spent, 429 code 971 with Retry-After until the window resets", async () => {
    sandbox.setRateLimit({ limit: 3, windowSeconds: 60 });
    const first = await callSandbox(sandbox, "GET", "/accounts", { token: TOKEN });
    assert.equal(first.headers.get("ratelimit"), '"default";r=2;t=60');
    assert.equal(first.headers.get("ratelimit-policy"), '"default";q=3;w=60');
    await callSandbox(sandbox, "GET", "/accounts", { token: TOKEN });
    const last = await callSandbox(sandbox, "GET", "/accounts", { token: TOKEN });
    assert.match(last.headers.get("ratelimit") ?? "", /^"default";r=0;t=\d+$/);
    const spent = await callSandbox(sandbox, "GET", "/accounts", { token: TOKEN });
    assert.equal(spent.status, 429);
    assert.deepEqual(errorCodes(spent), [971]);
    assert.match(spent.headers.get("retry-after") ?? "", /^\d+$/);
    assert.ok(Number(spent.headers.get("retry-after")) <= 60);
    sandbox.setRateLimit({ limit: 10, windowSeconds: 60 });
    assert.equal((await callSandbox(sandbox, "GET", "/accounts", { token: TOKEN })).status, 200);
  });

  test("each recorded request keeps every query value and the answer it got", async () => {
    await callSandbox(sandbox, "GET", `/accounts/${account.id}/mtls_certificates?type=custom&type=gateway_managed`, { token: TOKEN });
    const recorded = sandbox.requests.at(-1);
    assert.deepEqual(recorded?.queryAll, { type: ["custom", "gateway_managed"] });
    assert.equal(recorded?.answer?.status, 200);
    assert.equal((recorded?.answer?.body as { success?: unknown }).success, true);
  });
});

suite("sandbox: faults after processing (the write happens, the answer is lost)", () => {
  let sandbox: CloudflareSandbox;
  let account: SandboxAccount;

  setup(async () => {
    sandbox = await startSandbox();
    sandbox.addApiToken(TOKEN);
    account = sandbox.addAccount({ name: "Lossy" });
  });

  teardown(() => sandbox.close());

  const upload = async (): Promise<Response | Error> => {
    const ca = await makeCa();
    return fetch(`${sandbox.baseUrl}/accounts/${account.id}/mtls_certificates`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ ca: true, certificates: ca.pem, name: "lost" }),
      signal: AbortSignal.timeout(2000),
    }).catch((error: unknown) => error as Error);
  };

  test("drop after processing: no answer, but the certificate exists", async () => {
    sandbox.injectFault({ kind: "drop", afterProcessing: true }, { method: "POST" });
    const answer = await upload();
    assert.ok(answer instanceof Error, "the connection was cut");
    assert.equal(sandbox.mtlsCertificates(account.id).length, 1);
  });

  test("drop before processing (the default): nothing is created", async () => {
    sandbox.injectFault({ kind: "drop" }, { method: "POST" });
    assert.ok((await upload()) instanceof Error);
    assert.equal(sandbox.mtlsCertificates(account.id).length, 0);
  });

  test("hang after processing: the client gives up, the certificate exists", async () => {
    sandbox.injectFault({ kind: "hang", afterProcessing: true }, { method: "POST" });
    const answer = await upload();
    assert.ok(answer instanceof Error, "timed out");
    assert.equal(sandbox.mtlsCertificates(account.id).length, 1);
  });

  for (const status of [502, 504] as const) {
    test(`${status} after processing: the edge's HTML page, and the certificate exists`, async () => {
      sandbox.injectFault({ kind: "status", status, afterProcessing: true }, { method: "POST" });
      const answer = await upload();
      assert.ok(!(answer instanceof Error));
      assert.equal(answer.status, status);
      assert.match(await answer.text(), new RegExp(`${status}: `));
      assert.equal(sandbox.mtlsCertificates(account.id).length, 1);
    });
  }

  test("an oversized body sent as a gzip bomb: a few KiB on the wire, a valid envelope of the asked size once decoded", async () => {
    sandbox.injectFault({ kind: "oversizedBody", bytes: 1 << 20, gzip: true });
    const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      const request = httpRequest(`${sandbox.baseUrl}/accounts`, { headers: { authorization: `Bearer ${TOKEN}`, "accept-encoding": "gzip" } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ encoding: response.headers["content-encoding"], body: Buffer.concat(chunks) }));
        response.on("error", reject);
      });
      request.on("error", reject);
      request.end();
    });
    assert.equal(raw.encoding, "gzip");
    assert.ok(raw.body.length < 64 * 1024, `${raw.body.length} bytes on the wire`);
    const decoded = gunzipSync(raw.body);
    assert.equal(decoded.length, 1 << 20);
    assert.equal((JSON.parse(decoded.toString("utf8")) as { success: boolean }).success, true);
  });
});
