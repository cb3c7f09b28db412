// Reading Cloudflare's rate-limit headers: the structured-field form Cloudflare sends, the older
// draft's bare numbers, and headers that cannot be read (ignored, never an error).
import assert from "node:assert/strict";
import { describeRateBudget, readRateBudget } from "../../../src/cloudflare/rateLimit";

function headers(values: Record<string, string>): { get(name: string): string | null } {
  const map = new Map(Object.entries(values).map(([name, value]) => [name.toLowerCase(), value]));
  return { get: (name) => map.get(name.toLowerCase()) ?? null };
}

suite("readRateBudget", () => {
  test("Ratelimit and Ratelimit-Policy as Cloudflare sends them", () => {
    assert.deepEqual(readRateBudget(headers({ Ratelimit: '"default";r=50;t=30', "Ratelimit-Policy": '"default";q=1200;w=300' }), 7), { remaining: 50, resetSeconds: 30, limit: 1200, at: 7 });
  });

  test("several windows: the tightest counts, with its own policy", () => {
    const budget = readRateBudget(headers({ ratelimit: '"burst";r=90;t=5, "default";r=12;t=200', "ratelimit-policy": '"burst";q=100;w=10, "default";q=1200;w=300' }), 0);
    assert.deepEqual(budget, { remaining: 12, resetSeconds: 200, limit: 1200, at: 0 });
  });

  test("without a policy the limit is unknown; the older draft's bare numbers are read too", () => {
    assert.deepEqual(readRateBudget(headers({ ratelimit: '"default";r=3;t=9' }), 1), { remaining: 3, resetSeconds: 9, at: 1 });
    assert.deepEqual(readRateBudget(headers({ "ratelimit-remaining": "4", "ratelimit-reset": "60", "ratelimit-limit": "100" }), 2), { remaining: 4, resetSeconds: 60, limit: 100, at: 2 });
  });

  test("absent or unreadable headers give no budget", () => {
    assert.equal(readRateBudget(headers({}), 0), undefined);
    assert.equal(readRateBudget(headers({ ratelimit: "garbage" }), 0), undefined);
    assert.equal(readRateBudget(headers({ "ratelimit-remaining": "many", "ratelimit-reset": "1" }), 0), undefined);
  });

  test("the log wording", () => {
    assert.equal(describeRateBudget({ remaining: 48, limit: 1200, resetSeconds: 30, at: 0 }), "rate limit: 48 of 1200 requests left, window resets in 30 s");
  });
});
