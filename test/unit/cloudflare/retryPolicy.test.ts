// The retry arithmetic on its own: backoff ceilings, jitter and Retry-After parsing.
import assert from "node:assert/strict";
import { backoffDelayMs, parseRetryAfterSeconds } from "../../../src/cloudflare/retryPolicy";

suite("retryPolicy", () => {
  test("the backoff ceiling doubles per retry up to the cap; full jitter scales it", () => {
    const settings = (random: number) => ({ baseDelayMs: 500, maxDelayMs: 8_000, random: () => random });
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(retry, settings(0.999999))),
      [499, 999, 1999, 3999, 7999, 7999, 7999],
    );
    assert.deepEqual(
      [0, 1, 2].map((retry) => backoffDelayMs(retry, settings(0))),
      [0, 0, 0],
    );
    assert.equal(backoffDelayMs(2, settings(0.25)), 500);
  });

  test("a random() outside [0, 1) cannot push a delay past the ceiling", () => {
    assert.equal(backoffDelayMs(0, { baseDelayMs: 100, maxDelayMs: 1_000, random: () => 7 }), 100);
    assert.equal(backoffDelayMs(0, { baseDelayMs: 100, maxDelayMs: 1_000, random: () => -1 }), 0);
  });

  test("Retry-After in seconds", () => {
    assert.equal(parseRetryAfterSeconds("120", 0), 120);
    assert.equal(parseRetryAfterSeconds(" 0 ", 0), 0);
    assert.equal(parseRetryAfterSeconds("1.5", 0), 1.5);
  });

  test("Retry-After as an HTTP date, relative to now; a past date means now", () => {
    const now = Date.parse("2030-06-01T12:00:00Z");
    assert.equal(parseRetryAfterSeconds("Sat, 01 Jun 2030 12:01:30 GMT", now), 90);
    assert.equal(parseRetryAfterSeconds("Sat, 01 Jun 2030 11:00:00 GMT", now), 0);
  });

  test("absent or unreadable Retry-After is undefined", () => {
    for (const value of [null, undefined, "", "soon", "-5", "1e3"]) {
      assert.equal(parseRetryAfterSeconds(value, 0), undefined, String(value));
    }
  });
});
