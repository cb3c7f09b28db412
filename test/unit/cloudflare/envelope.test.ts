// Reading Cloudflare's envelope: what counts as one, and how loose fields are normalised.
import assert from "node:assert/strict";
import { flattenErrors, readEnvelope } from "../../../src/cloudflare/envelope";

suite("readEnvelope", () => {
  test("a success envelope with result_info, nulls dropped", () => {
    const reading = readEnvelope(
      JSON.stringify({ success: true, errors: [], messages: [], result: [{ id: "a" }], result_info: { page: 1, per_page: 20, count: null, total_count: 1, total_pages: "2" } }),
    );
    assert.ok(reading.ok);
    assert.equal(reading.envelope.success, true);
    assert.deepEqual(reading.envelope.result, [{ id: "a" }]);
    assert.deepEqual(reading.envelope.resultInfo, { page: 1, per_page: 20, total_count: 1 });
  });

  test("result null counts as present; an absent result does not", () => {
    const withNull = readEnvelope('{"success":true,"errors":[],"messages":[],"result":null}');
    const without = readEnvelope('{"success":true,"errors":[],"messages":[]}');
    assert.ok(withNull.ok && without.ok);
    assert.equal(withNull.envelope.hasResult, true);
    assert.equal(without.envelope.hasResult, false);
  });

  test("errors keep their order, documentation_url, source and chain; odd entries still count", () => {
    const reading = readEnvelope(
      JSON.stringify({
        success: false,
        errors: [
          { code: 6003, message: "Invalid request headers", error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }] },
          { code: "1004", message: "DNS Validation Error", documentation_url: "https://developers.cloudflare.com/", source: { pointer: "/name" } },
          "bare string",
          { message: "no code" },
        ],
        messages: "not a list",
      }),
    );
    assert.ok(reading.ok);
    assert.deepEqual(reading.envelope.errors, [
      { code: 6003, message: "Invalid request headers", error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }] },
      { code: 1004, message: "DNS Validation Error", documentation_url: "https://developers.cloudflare.com/", source: { pointer: "/name" } },
      { code: 0, message: "bare string" },
      { code: 0, message: "no code" },
    ]);
    assert.deepEqual(reading.envelope.messages, []);
    assert.deepEqual(
      flattenErrors(reading.envelope.errors).map((entry) => entry.code),
      [6003, 6111, 1004, 0, 0],
    );
  });

  const notEnvelopes: [string, string][] = [
    ["empty", ""],
    ["whitespace", "  \n"],
    ["HTML", "<!doctype html><title>502</title>"],
    ["truncated", '{"success":true,"result":[{"id":"a"'],
    ["array", "[]"],
    ["null", "null"],
    ["success as a string", '{"success":"true","result":[]}'],
    ["no success", '{"result":[]}'],
  ];
  for (const [name, text] of notEnvelopes) {
    test(`not an envelope: ${name}`, () => {
      const reading = readEnvelope(text);
      assert.equal(reading.ok, false);
      assert.ok(!reading.ok && reading.reason.length > 0);
    });
  }
});
