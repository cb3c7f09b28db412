// Listing every page over real HTTP with latency: results complete and in order, never more than
// maxConcurrency requests at once when one is set, and at most 1 + ceil((pages - 1) / maxConcurrency)
// sequential round trips; with none set, 2 round trips within the budget's share (3 when the
// client-wide scheduler splits a very long list), and smaller waves when the budget is low.
// Counts only, no timings: the sandbox's latency just makes requests overlap.
import assert from "node:assert/strict";
import { listAccounts } from "../../../src/cloudflare/accounts";
import { fetchAllPages } from "../../../src/cloudflare/pagination";
import type { Account } from "../../../src/cloudflare/types";
import { rateLimitedAnswers, sequentialRoundTrips, type RecordedRequest } from "../../support/cloudflareSandbox";
import { RateLimiter } from "../../support/cloudflareSandbox/rateLimit";
import { useSandbox } from "./sandboxFixture";

const PER_PAGE = 5;

/** Most requests the server was handling at the same moment. */
function maxOverlap(requests: readonly RecordedRequest[]): number {
  return Math.max(
    0,
    ...requests.map((request) => requests.filter((other) => other.startedAt <= request.startedAt && (other.finishedAt ?? Infinity) > request.startedAt).length),
  );
}

suite("listing all pages (sandbox with latency)", () => {
  const fixture = useSandbox({ latencyMs: 25 });

  /** Fills the sandbox so /accounts at PER_PAGE has exactly `pages` pages; returns every id in order. */
  function accountsFilling(pages: number): string[] {
    const { sandbox, account } = fixture();
    const added = Array.from({ length: pages * PER_PAGE - 1 }, (_, index) => sandbox.addAccount({ name: `Account ${index}` }));
    return [account, ...added].map((item) => item.id);
  }

  for (const pages of [1, 5, 20, 50]) {
    for (const maxConcurrency of [4, 3]) {
      test(`${pages} pages, ${maxConcurrency} at a time: complete, in order, ≤ 1 + ceil((pages-1)/${maxConcurrency}) round trips`, async () => {
        const { sandbox, client } = fixture();
        const expected = accountsFilling(pages);
        const accounts = await fetchAllPages<Account>(client({ maxConcurrency }), "/accounts", { perPage: PER_PAGE });
        assert.deepEqual(
          accounts.map((item) => item.id),
          expected,
        );
        assert.equal(sandbox.requests.length, pages, "each page exactly once");
        assert.deepEqual(
          sandbox.requests.map((request) => Number(request.query.page)).sort((a, b) => a - b),
          Array.from({ length: pages }, (_, index) => index + 1),
        );
        const bound = 1 + Math.ceil((pages - 1) / maxConcurrency);
        const roundTrips = sequentialRoundTrips(sandbox.requests);
        assert.ok(roundTrips <= bound, `${roundTrips} sequential round trips, bound ${bound}`);
        assert.ok(maxOverlap(sandbox.requests) <= maxConcurrency, `overlap ${maxOverlap(sandbox.requests)}`);
      });
    }
  }

  test("maxConcurrency 1 fetches one page after another (the metric is not trivially small)", async () => {
    const { sandbox, client } = fixture();
    accountsFilling(6);
    await fetchAllPages<Account>(client({ maxConcurrency: 1 }), "/accounts", { perPage: PER_PAGE });
    assert.equal(sequentialRoundTrips(sandbox.requests), 6);
    assert.equal(maxOverlap(sandbox.requests), 1);
  });

  test("listAccounts uses the client's maxConcurrency and pages of 50", async () => {
    const { sandbox, client } = fixture();
    const { account } = fixture();
    const added = Array.from({ length: 449 }, (_, index) => sandbox.addAccount({ name: `Bulk ${index}` }));
    const accounts = await listAccounts(client({ maxConcurrency: 4 }));
    assert.deepEqual(
      accounts.map((item) => item.id),
      [account, ...added].map((item) => item.id),
    );
    assert.equal(sandbox.requests.length, 9);
    assert.ok(sequentialRoundTrips(sandbox.requests) <= 1 + Math.ceil(8 / 4));
  });

  // No fixed maxConcurrency: page 1, then the rest within a share of the budget and the scheduler.
  for (const [pages, bound] of [
    [5, 2],
    [50, 2],
    [200, 3],
  ] as const) {
    test(`${pages} pages with no fixed concurrency and Cloudflare's budget: ≤ ${bound} round trips, no 429`, async () => {
      const { sandbox, client } = fixture();
      sandbox.setRateLimit({ limit: 1200, windowSeconds: 300, perSecond: 200 });
      // Opening up to 100 connections at once on a busy machine spreads a wave's arrivals over
      // tens of ms; a latency well above that keeps the count about the client, not the machine.
      sandbox.setLatency(300);
      const expected = accountsFilling(pages);
      const accounts = await fetchAllPages<Account>(client(), "/accounts", { perPage: PER_PAGE });
      assert.deepEqual(
        accounts.map((item) => item.id),
        expected,
      );
      assert.equal(sandbox.requests.length, pages, "each page exactly once");
      const roundTrips = sequentialRoundTrips(sandbox.requests);
      assert.ok(roundTrips <= bound, `${roundTrips} sequential round trips, bound ${bound}`);
      assert.ok(maxOverlap(sandbox.requests) <= 100, `overlap ${maxOverlap(sandbox.requests)}`);
      assert.equal(rateLimitedAnswers(sandbox.requests), 0);
    });
  }

  test("a low budget: each wave spends at most a quarter of what is left, and the list still completes", async () => {
    const { sandbox, client } = fixture();
    sandbox.setRateLimit({ limit: 40, windowSeconds: 300 });
    const expected = accountsFilling(20);
    const accounts = await fetchAllPages<Account>(client(), "/accounts", { perPage: PER_PAGE });
    assert.deepEqual(
      accounts.map((item) => item.id),
      expected,
    );
    assert.equal(sandbox.requests.length, 20);
    // After page 1, 39 are left: the first wave is ⌊39 / 4⌋ = 9 pages, and later waves shrink.
    assert.equal(maxOverlap(sandbox.requests), 9);
    assert.ok(sequentialRoundTrips(sandbox.requests) > 2, "the budget, not the page count, set the waves");
    assert.equal(rateLimitedAnswers(sandbox.requests), 0);
  });

  test("the sandbox holds 200 requests a second: past it, 429 with Retry-After 1, not counted against the window (so the checks above mean something)", () => {
    let clock = 10_000;
    const limiter = new RateLimiter({ limit: 1200, windowSeconds: 300, perSecond: 200 }, () => clock);
    const burst = Array.from({ length: 220 }, () => limiter.take());
    assert.equal(burst.filter((decision) => decision.allowed).length, 200);
    const refused = burst.at(-1);
    assert.equal(refused?.allowed, false);
    assert.equal(refused?.headers["retry-after"], "1");
    assert.equal(refused?.headers.ratelimit, '"default";r=1000;t=300');
    clock += 1000;
    assert.equal(limiter.take().allowed, true, "a second later the IP may send again");
  });

  test("page 1 failing fails the list with its error, and nothing more is fetched", async () => {
    const { sandbox, client } = fixture();
    accountsFilling(10);
    sandbox.injectFault({ kind: "errorEnvelope", httpStatus: 400, code: 1004, message: "Invalid pagination parameters" }, { path: /^\/accounts$/, times: 1 });
    // The first request takes the fault: page 1 fails, so nothing else is fetched.
    await assert.rejects(fetchAllPages<Account>(client(), "/accounts", { perPage: PER_PAGE }), (error: Error) => /1004/.test(error.message));
    assert.equal(sandbox.requests.length, 1);
  });
});
