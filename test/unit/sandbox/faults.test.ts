import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { startSandbox, type CloudflareSandbox } from "../../support/cloudflareSandbox";
import { callSandbox, errorCodes } from "./callSandbox";
import { waitFor } from "../../support/asyncAssertions";

suite("sandbox: injected faults", () => {
  let sandbox: CloudflareSandbox;
  const accounts = (): Promise<Response> => fetch(`${sandbox.baseUrl}/accounts`, { headers: { authorization: "Bearer t" } });

  setup(async () => {
    sandbox = await startSandbox();
    sandbox.addApiToken("t");
    sandbox.addAccount({ name: "Faulty" });
  });

  teardown(() => sandbox.close());

  test("429 answers Cloudflare's rate-limit envelope (code 971) with Retry-After, then the next request succeeds", async () => {
    sandbox.injectFault({ kind: "status", status: 429, retryAfterSeconds: 7 });
    const limited = await callSandbox(sandbox, "GET", "/accounts", { token: "t" });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get("retry-after"), "7");
    assert.deepEqual(limited.envelope, {
      success: false,
      errors: [{ code: 971, message: "Please wait and consider throttling your request speed" }],
      messages: [],
      result: null,
    });
    assert.equal((await callSandbox(sandbox, "GET", "/accounts", { token: "t" })).status, 200);
  });

  test("429 without retryAfterSeconds sends no Retry-After", async () => {
    sandbox.injectFault({ kind: "status", status: 429 });
    const limited = await callSandbox(sandbox, "GET", "/accounts", { token: "t" });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get("retry-after"), null);
  });

  test("500 and 503 answer an error envelope; 502 answers an HTML page like Cloudflare's edge", async () => {
    sandbox.injectFault({ kind: "status", status: 500 });
    const internal = await callSandbox(sandbox, "GET", "/accounts", { token: "t" });
    assert.equal(internal.status, 500);
    assert.deepEqual(errorCodes(internal), [10002]);
    sandbox.injectFault({ kind: "status", status: 503 });
    const unavailable = await callSandbox(sandbox, "GET", "/accounts", { token: "t" });
    assert.equal(unavailable.status, 503);
    assert.deepEqual(errorCodes(unavailable), [10003]);
    sandbox.injectFault({ kind: "status", status: 502 });
    const badGateway = await accounts();
    assert.equal(badGateway.status, 502);
    assert.match(badGateway.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(await badGateway.text(), /502: Bad gateway/);
  });

  test("errorEnvelope answers success:false with the given code, with HTTP 200 by default", async () => {
    sandbox.injectFault({ kind: "errorEnvelope", code: 1234, message: "Something odd" });
    const answer = await callSandbox(sandbox, "GET", "/accounts", { token: "t" });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.envelope, { success: false, errors: [{ code: 1234, message: "Something odd" }], messages: [], result: null });
    sandbox.injectFault({ kind: "errorEnvelope", httpStatus: 409, code: 1235, message: "Conflict" });
    assert.equal((await callSandbox(sandbox, "GET", "/accounts", { token: "t" })).status, 409);
  });

  test("invalidJson answers 200 with an HTML body", async () => {
    sandbox.injectFault({ kind: "invalidJson" });
    const response = await accounts();
    assert.equal(response.status, 200);
    await assert.rejects(response.json(), SyntaxError);
  });

  test("invalidJson can claim to be JSON", async () => {
    sandbox.injectFault({ kind: "invalidJson", contentType: "application/json" });
    const response = await accounts();
    assert.equal(response.headers.get("content-type"), "application/json");
    await assert.rejects(response.json(), SyntaxError);
  });

  test("drop destroys the connection without an answer", async () => {
    sandbox.injectFault({ kind: "drop" });
    await assert.rejects(accounts(), TypeError);
    assert.equal((await accounts()).status, 200);
    const dropped = sandbox.requests[0];
    assert.ok(dropped?.finishedAt !== undefined, "a dropped request is finished when its socket closes");
  });

  test("truncate sends the status and headers, then half the body, then cuts the connection", async () => {
    sandbox.injectFault({ kind: "truncate" });
    const response = await accounts();
    assert.equal(response.status, 200);
    const declared = Number(response.headers.get("content-length"));
    assert.ok(declared > 0);
    await assert.rejects(response.text());
    const received = await new Promise<number>((resolve, reject) => {
      sandbox.injectFault({ kind: "truncate" });
      const url = new URL(`${sandbox.baseUrl}/accounts`);
      const request = httpRequest(url, { headers: { authorization: "Bearer t" } }, (incoming) => {
        let length = 0;
        incoming.on("data", (chunk: Buffer) => (length += chunk.length));
        incoming.on("error", () => resolve(length));
        incoming.on("close", () => resolve(length));
      });
      request.on("error", reject);
      request.end();
    });
    assert.equal(received, Math.floor(declared / 2));
  });

  test("hang accepts the request and never answers; the client's own timeout ends it", async () => {
    sandbox.injectFault({ kind: "hang" });
    const controller = new AbortController();
    const pending = fetch(`${sandbox.baseUrl}/accounts`, { headers: { authorization: "Bearer t" }, signal: controller.signal });
    await waitFor("the request to arrive", () => sandbox.requests.length === 1);
    assert.equal(sandbox.requests[0]?.finishedAt, undefined);
    controller.abort();
    await assert.rejects(pending, { name: "AbortError" });
    assert.equal((await accounts()).status, 200);
  });

  test("latency delays the matching request by at least its ms", async () => {
    sandbox.injectFault({ kind: "latency", ms: 60 });
    assert.equal((await accounts()).status, 200);
    const [slow] = sandbox.requests;
    assert.ok(slow?.finishedAt !== undefined && slow.finishedAt - slow.startedAt >= 59);
  });

  test("a fault applies only to requests matching its method and path, `times` times", async () => {
    sandbox.injectFault({ kind: "status", status: 503 }, { method: "get", path: /^\/zones$/, times: 2 });
    assert.equal((await accounts()).status, 200);
    const zones = (): Promise<number> => callSandbox(sandbox, "GET", "/zones", { token: "t" }).then((a) => a.status);
    assert.equal(await zones(), 503);
    assert.equal(await zones(), 503);
    assert.equal(await zones(), 200);
  });

  test("a global RegExp matches every request alike", async () => {
    sandbox.injectFault({ kind: "status", status: 500 }, { path: /accounts/g, times: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await accounts()).status);
    }
    assert.deepEqual(statuses, [500, 500, 500, 200]);
  });

  test("faults queue in order and clearFaults removes them all", async () => {
    sandbox.injectFault({ kind: "status", status: 500 });
    sandbox.injectFault({ kind: "status", status: 503 });
    assert.equal((await accounts()).status, 500);
    sandbox.clearFaults();
    assert.equal((await accounts()).status, 200);
  });

  test("bad fault settings are refused at once", () => {
    assert.throws(() => sandbox.injectFault({ kind: "drop" }, { times: 0 }), /times/);
    assert.throws(() => sandbox.injectFault({ kind: "latency", ms: -1 }), /latency/);
  });
});

