import assert from "node:assert/strict";
import { startSandbox, type CloudflareSandbox, type SandboxAccount } from "../../support/cloudflareSandbox";
import { makeCa } from "../../support/makeCertificates";
import { callSandbox, errorCodes } from "./callSandbox";

suite("sandbox: request strictness", () => {
  let sandbox: CloudflareSandbox;
  let account: SandboxAccount;
  let caPem: string;

  suiteSetup(async () => {
    sandbox = await startSandbox();
    sandbox.addApiToken("t");
    account = sandbox.addAccount({ name: "Strict" });
    caPem = (await makeCa()).pem;
  });

  suiteTeardown(() => sandbox.close());

  test("a JSON body without Content-Type: application/json answers 400 code 6003 with 6105 in error_chain", async () => {
    const body = JSON.stringify({ ca: true, certificates: caPem });
    for (const contentType of [undefined, "text/plain", "application/x-www-form-urlencoded", "application/jsonp"]) {
      const headers: Record<string, string> = contentType ? { "content-type": contentType } : {};
      const answer = await callSandbox(sandbox, "POST", `/accounts/${account.id}/mtls_certificates`, { token: "t", rawBody: body, headers });
      assert.equal(answer.status, 400, String(contentType));
      assert.deepEqual(errorCodes(answer), [6003, 6105], String(contentType));
    }
    assert.equal(sandbox.mtlsCertificates(account.id).length, 0);
  });

  test("Content-Type with a charset parameter is accepted", async () => {
    const answer = await callSandbox(sandbox, "POST", `/accounts/${account.id}/mtls_certificates`, {
      token: "t",
      rawBody: JSON.stringify({ ca: true, certificates: caPem }),
      headers: { "content-type": "application/json; charset=utf-8" },
    });
    assert.equal(answer.status, 200);
  });

  test("malformed or empty JSON answers 400 code 6007", async () => {
    for (const rawBody of ["{", "{'ca': true}", "", "undefined"]) {
      const answer = await callSandbox(sandbox, "POST", `/accounts/${account.id}/access/certificates`, {
        token: "t",
        rawBody,
        headers: { "content-type": "application/json" },
      });
      assert.equal(answer.status, 400, JSON.stringify(rawBody));
      assert.deepEqual(answer.envelope.errors, [{ code: 6007, message: "Malformed JSON in request body" }]);
    }
  });

  test("credentials are checked before the body", async () => {
    const answer = await callSandbox(sandbox, "POST", `/accounts/${account.id}/mtls_certificates`, { rawBody: "{", headers: { "content-type": "application/json" } });
    assert.deepEqual(errorCodes(answer), [9106]);
  });

  test("an unknown route answers 404 code 7000 'No route for that URI', even without credentials", async () => {
    for (const path of ["/nothing", "/accounts/x/workers", "/user/tokens", "/accounts/x/mtls_certificates/y/z/w"]) {
      const answer = await callSandbox(sandbox, "GET", path, { token: "t" });
      assert.equal(answer.status, 404, path);
      assert.deepEqual(answer.envelope, { success: false, errors: [{ code: 7000, message: "No route for that URI" }], messages: [], result: null });
    }
    const outsideApi = await fetch(sandbox.baseUrl.replace("/client/v4", "/elsewhere"));
    assert.equal(outsideApi.status, 404);
    assert.deepEqual(((await outsideApi.json()) as { errors: unknown }).errors, [{ code: 7000, message: "No route for that URI" }]);
  });

  test("a known path with a method it does not have answers 405 code 7001", async () => {
    const answer = await callSandbox(sandbox, "PATCH", `/accounts/${account.id}/mtls_certificates`, { token: "t" });
    assert.equal(answer.status, 405);
    assert.deepEqual(errorCodes(answer), [7001]);
    const settingsDelete = await callSandbox(sandbox, "DELETE", `/accounts/${account.id}/access/certificates/settings`, { token: "t" });
    assert.equal(settingsDelete.status, 405, "settings is never read as a certificate id");
  });

  test("unknown zone and account scopes answer 404 code 7003 naming the path", async () => {
    const zonePath = "/zones/ffffffffffffffffffffffffffffffff/access/certificates";
    const zone = await callSandbox(sandbox, "GET", zonePath, { token: "t" });
    assert.equal(zone.status, 404);
    assert.deepEqual(zone.envelope.errors, [{ code: 7003, message: `Could not route to ${zonePath}, perhaps your object identifier is invalid?` }]);
    const accountAnswer = await callSandbox(sandbox, "GET", "/accounts/not-an-id/access/certificates/settings", { token: "t" });
    assert.equal(accountAnswer.status, 404);
    assert.deepEqual(errorCodes(accountAnswer), [7003]);
  });

  test("every answer is a complete envelope with JSON content type and a cf-ray header", async () => {
    const ok = await callSandbox(sandbox, "GET", "/accounts", { token: "t" });
    assert.deepEqual(Object.keys(ok.envelope).sort(), ["errors", "messages", "result", "result_info", "success"]);
    assert.equal(ok.headers.get("content-type"), "application/json");
    assert.match(ok.headers.get("cf-ray") ?? "", /^[0-9a-f]{16}-SBX$/);
    const failed = await callSandbox(sandbox, "GET", "/accounts");
    assert.deepEqual(Object.keys(failed.envelope).sort(), ["errors", "messages", "result", "success"]);
    assert.equal(failed.envelope.result, null);
  });
});
