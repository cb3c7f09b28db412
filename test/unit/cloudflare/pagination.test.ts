// fetchAllPages over a scripted Fetch: how the page count is found (total_pages, total_count and
// per_page, or walking), bounded concurrency, page order, the page cap, failure and cancellation.
// Round trips over real HTTP with latency are measured in listing.test.ts against the sandbox.
import assert from "node:assert/strict";
import { CloudflareClient } from "../../../src/cloudflare/client";
import { CloudflareApiError, isAbortError } from "../../../src/cloudflare/errors";
import { fetchAllPages } from "../../../src/cloudflare/pagination";
import { deferred, failure, ok, recordingSleep, SCRIPTED_BASE_URL, ScriptedFetch, type ScriptedCall, type ScriptedReply } from "./scriptedFetch";

function clientFor(scripted: ScriptedFetch, maxConcurrency = 4): CloudflareClient {
  return new CloudflareClient({
    fetch: scripted.fetch,
    credentials: { kind: "apiToken", token: "pagination-token" },
    baseUrl: SCRIPTED_BASE_URL,
    maxConcurrency,
    sleep: recordingSleep().sleep,
    // The client-wide pacing (100 reads a second) is requestScheduler.test.ts's; here it would
    // only make the 1000-page walk take ten seconds.
    requestScheduler: { maxPerSecond: 100_000 },
  });
}

/** Items of a list of `total` numbered items, as page `page` of size `perPage`. */
function pageItems(total: number, page: number, perPage: number): number[] {
  const start = (page - 1) * perPage;
  return Array.from({ length: Math.max(0, Math.min(perPage, total - start)) }, (_, index) => start + index + 1);
}

function pageNumber(call: ScriptedCall): number {
  return Number(call.query.page ?? "1");
}

/** A list server answering each page after a little shuffled delay, so pages finish out of order. */
function listServer(total: number, perPage: number, info: (page: number) => Record<string, number | null>): ScriptedFetch {
  return new ScriptedFetch(async (call) => {
    const page = pageNumber(call);
    // Later pages answer sooner: results must still come back in page order.
    for (let turn = 0; turn < (50 - page) % 7; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    return ok(pageItems(total, page, perPage), info(page));
  });
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

suite("fetchAllPages (scripted fetch)", () => {
  test("one page: one request with page=1 and per_page", async () => {
    const scripted = ScriptedFetch.sequence(ok([1, 2], { page: 1, per_page: 50, count: 2, total_count: 2, total_pages: 1 }));
    assert.deepEqual(await fetchAllPages<number>(clientFor(scripted), "/accounts", { perPage: 50 }), [1, 2]);
    assert.deepEqual(scripted.calls.map((call) => call.query), [{ page: "1", per_page: "50" }]);
  });

  test("total_pages given: every page once, in page order, never more than maxConcurrency at once", async () => {
    const scripted = listServer(95, 5, (page) => ({ page, per_page: 5, total_pages: 19 }));
    const items = await fetchAllPages<number>(clientFor(scripted, 3), "/x", { perPage: 5, query: { "account.id": "a" } });
    assert.deepEqual(items, range(1, 95));
    assert.deepEqual(scripted.calls.map(pageNumber).sort((a, b) => a - b), range(1, 19));
    assert.equal(scripted.calls[0] && pageNumber(scripted.calls[0]), 1, "page 1 comes first");
    assert.ok(scripted.maxInFlight <= 3, `max in flight ${scripted.maxInFlight}`);
    assert.equal(scripted.maxInFlight, 3, "pages 2..N do run concurrently");
    assert.ok(scripted.calls.every((call) => call.query["account.id"] === "a" && call.query.per_page === "5"));
  });

  test("no maxConcurrency and no budget reported: after page 1, every remaining page at once", async () => {
    const scripted = listServer(150, 5, (page) => ({ page, per_page: 5, total_pages: 30 }));
    const client = new CloudflareClient({ fetch: scripted.fetch, credentials: { kind: "apiToken", token: "t" }, baseUrl: SCRIPTED_BASE_URL });
    assert.equal(client.maxConcurrency, undefined);
    assert.deepEqual(await fetchAllPages<number>(client, "/x", { perPage: 5 }), range(1, 150));
    assert.equal(scripted.maxInFlight, 29);
  });

  test("a reported budget: each wave is at most a quarter of the requests left, re-read between waves", async () => {
    // Cloudflare counts each request as it arrives and reports what is left on its answer.
    const budgeted = new ScriptedFetch((call, index) => {
      const page = pageNumber(call);
      return ok(pageItems(100, page, 5), { page, per_page: 5, total_pages: 20 }, { ratelimit: `"default";r=${40 - (index + 1)};t=300`, "ratelimit-policy": `"default";q=40;w=300` });
    });
    const items = await fetchAllPages<number>(clientFor(budgeted, 1000), "/x", { perPage: 5 });
    assert.deepEqual(items, range(1, 100));
    // After page 1, 39 are left: a wave of ⌊39/4⌋ = 9 pages; then 30 left: 7; then 23: the last 3.
    assert.equal(budgeted.calls.length, 20);
    assert.equal(budgeted.maxInFlight, 9);
  });

  test("the option's maxConcurrency overrides the client's", async () => {
    const scripted = listServer(40, 2, (page) => ({ page, per_page: 2, total_pages: 20 }));
    await fetchAllPages<number>(clientFor(scripted, 4), "/x", { perPage: 2, maxConcurrency: 1 });
    assert.equal(scripted.maxInFlight, 1);
  });

  test("total_pages missing: computed from total_count and per_page", async () => {
    const scripted = listServer(23, 5, (page) => ({ page, per_page: 5, count: pageItems(23, page, 5).length, total_count: 23, total_pages: null }));
    assert.deepEqual(await fetchAllPages<number>(clientFor(scripted), "/x", { perPage: 5 }), range(1, 23));
    assert.equal(scripted.calls.length, 5);
  });

  test("no totals: walks in waves until a short page, and drops pages fetched past the end", async () => {
    const scripted = listServer(23, 5, (page) => ({ page, per_page: 5 }));
    const items = await fetchAllPages<number>(clientFor(scripted, 4), "/x", { perPage: 5 });
    assert.deepEqual(items, range(1, 23));
    // page 1, then the wave 2..5: page 5 is short, so the walk ends there.
    assert.deepEqual(scripted.calls.map(pageNumber).sort((a, b) => a - b), [1, 2, 3, 4, 5]);
  });

  test("no totals and no maxConcurrency: the walk starts with 4 pages and doubles each wave", async () => {
    const scripted = listServer(40, 1, (page) => ({ page, per_page: 1 }));
    const client = new CloudflareClient({ fetch: scripted.fetch, credentials: { kind: "apiToken", token: "t" }, baseUrl: SCRIPTED_BASE_URL });
    assert.deepEqual(await fetchAllPages<number>(client, "/x", { perPage: 1 }), range(1, 40));
    // Page 1, then waves 2–5, 6–13, 14–29 and 30–61 (page 41 is the first empty one).
    assert.equal(scripted.calls.length, 1 + 4 + 8 + 16 + 32);
    assert.equal(scripted.maxInFlight, 32);
  });

  test("no totals: an empty page ends the walk", async () => {
    const scripted = listServer(10, 5, () => ({}));
    const items = await fetchAllPages<number>(clientFor(scripted, 2), "/x", { perPage: 5 });
    assert.deepEqual(items, range(1, 10));
    assert.deepEqual(scripted.calls.map(pageNumber).sort((a, b) => a - b), [1, 2, 3]);
  });

  test("an empty first page with per_page 0 and no total_pages ends at once", async () => {
    const scripted = ScriptedFetch.sequence(ok([], { page: 1, per_page: 0, count: 0, total_count: 0 }));
    assert.deepEqual(await fetchAllPages<number>(clientFor(scripted), "/associations"), []);
    assert.equal(scripted.calls.length, 1);
  });

  test("no totals: an empty page ends the walk even when per_page is unknown or 0", async () => {
    const scripted = new ScriptedFetch((call) => (pageNumber(call) <= 2 ? ok(pageItems(4, pageNumber(call), 2), { per_page: 0 }) : ok([], { per_page: 0 })));
    assert.deepEqual(await fetchAllPages<number>(clientFor(scripted, 1), "/x", { perPage: 2 }), [1, 2, 3, 4]);
    assert.equal(scripted.calls.length, 3);
  });

  test("no result_info at all and a short first page: one request", async () => {
    const scripted = ScriptedFetch.sequence(ok([1, 2, 3]));
    assert.deepEqual(await fetchAllPages<number>(clientFor(scripted), "/x", { perPage: 50 }), [1, 2, 3]);
    assert.equal(scripted.calls.length, 1);
  });

  test("without perPage, page 1 is asked for bare, and later pages use Cloudflare's per_page", async () => {
    const scripted = listServer(7, 3, (page) => ({ page, per_page: 3, total_count: 7 }));
    assert.deepEqual(await fetchAllPages<number>(clientFor(scripted), "/accounts/a/mtls_certificates", { query: { type: undefined } }), range(1, 7));
    const queries = scripted.calls.map((call) => call.query).sort((a, b) => Number(a.page ?? 0) - Number(b.page ?? 0));
    assert.deepEqual(queries, [{}, { page: "2", per_page: "3" }, { page: "3", per_page: "3" }]);
  });

  test("without perPage or any totals, the first page is the whole list", async () => {
    const scripted = ScriptedFetch.sequence(ok([1, 2, 3]));
    assert.deepEqual(await fetchAllPages<number>(clientFor(scripted), "/x"), [1, 2, 3]);
  });

  test("a server that never ends is cut off at maxPages", async () => {
    const scripted = new ScriptedFetch((call) => ok(pageItems(1_000_000, pageNumber(call), 2), {}));
    const error = await fetchAllPages<number>(clientFor(scripted), "/endless", { perPage: 2, maxPages: 30 }).catch((caught: unknown) => caught);
    assert.ok(error instanceof CloudflareApiError);
    assert.equal(error.kind, "invalidResponse");
    assert.match(error.message, /did not end after 30 pages \(GET \/endless\)/);
    assert.ok(scripted.calls.length <= 30, `${scripted.calls.length} requests`);
  });

  test("the default cap is 1000 pages", async () => {
    const scripted = new ScriptedFetch((call) => ok([pageNumber(call)], {}));
    const error = await fetchAllPages<number>(clientFor(scripted, 8), "/endless", { perPage: 1 }).catch((caught: unknown) => caught);
    assert.ok(error instanceof CloudflareApiError);
    assert.match(error.message, /1000 pages/);
    assert.equal(scripted.calls.length, 1000);
  });

  test("a server that ignores `page` (no totals, full pages of the same items) is stopped at the first repeat", async () => {
    const scripted = new ScriptedFetch(() => ok([{ id: "a" }, { id: "b" }], {}));
    const error = await fetchAllPages<unknown>(clientFor(scripted, 1), "/same", { perPage: 2 }).catch((caught: unknown) => caught);
    assert.ok(error instanceof CloudflareApiError);
    assert.equal(error.kind, "invalidResponse");
    assert.match(error.message, /unexpected answer from Cloudflare: page 2 repeats the items of page 1/);
    assert.equal(scripted.calls.length, 2);
  });

  test("a server that ignores `page` while reporting total_pages is refused too", async () => {
    const scripted = new ScriptedFetch(() => ok([1, 2], { per_page: 2, total_pages: 3 }));
    const error = await fetchAllPages<number>(clientFor(scripted), "/same", { perPage: 2 }).catch((caught: unknown) => caught);
    assert.ok(error instanceof CloudflareApiError);
    assert.match(error.message, /page 2 repeats the items of page 1/);
  });

  test("a total_pages above the cap fails before fetching the rest", async () => {
    const scripted = ScriptedFetch.sequence(ok([1], { page: 1, per_page: 1, total_pages: 1_000_000 }));
    const error = await fetchAllPages<number>(clientFor(scripted), "/huge", { perPage: 1 }).catch((caught: unknown) => caught);
    assert.ok(error instanceof CloudflareApiError);
    assert.match(error.message, /1000000 pages/);
    assert.equal(scripted.calls.length, 1);
  });

  test("a result that is not an array fails loudly", async () => {
    const scripted = ScriptedFetch.sequence(ok({ not: "a list" }, { total_pages: 1 }));
    const error = await fetchAllPages<number>(clientFor(scripted), "/x", { perPage: 5 }).catch((caught: unknown) => caught);
    assert.ok(error instanceof CloudflareApiError);
    assert.equal(error.kind, "invalidResponse");
  });

  test("a page that fails rejects with its own error and cancels the pages still in flight", async () => {
    const failing = deferred();
    const scripted = new ScriptedFetch(async (call): Promise<ScriptedReply> => {
      const page = pageNumber(call);
      if (page === 1) {
        return ok([1], { page: 1, per_page: 1, total_pages: 6 });
      }
      if (page === 3) {
        await failing.promise;
        return failure(404, [{ code: 7003, message: "Could not route" }]);
      }
      // Every other page hangs until cancelled.
      failing.resolve();
      return { hangs: true };
    });
    const error = await fetchAllPages<number>(clientFor(scripted, 4), "/x", { perPage: 1 }).catch((caught: unknown) => caught);
    assert.ok(error instanceof CloudflareApiError, String(error));
    assert.deepEqual(error.codes, [7003]);
    const others = scripted.calls.filter((call) => pageNumber(call) !== 1 && pageNumber(call) !== 3);
    assert.ok(others.length > 0);
    assert.ok(others.every((call) => call.init.signal.aborted), "pages still in flight were cancelled");
    assert.ok(scripted.calls.length <= 5, "no new page starts after a failure");
  });

  test("the caller's abort cancels every page and rejects with an AbortError", async () => {
    const inFlight = deferred();
    const controller = new AbortController();
    const scripted = new ScriptedFetch((call): ScriptedReply => {
      if (pageNumber(call) === 1) {
        return ok([1], { page: 1, per_page: 1, total_pages: 10 });
      }
      inFlight.resolve();
      return { hangs: true };
    });
    const pending = fetchAllPages<number>(clientFor(scripted), "/x", { perPage: 1, signal: controller.signal });
    await inFlight.promise;
    controller.abort();
    const error = await pending.catch((caught: unknown) => caught);
    assert.ok(isAbortError(error), String(error));
    assert.ok(scripted.calls.slice(1).every((call) => call.init.signal.aborted));
  });

  test("an already aborted signal sends nothing", async () => {
    const scripted = ScriptedFetch.sequence();
    const error = await fetchAllPages<number>(clientFor(scripted), "/x", { signal: AbortSignal.abort() }).catch((caught: unknown) => caught);
    assert.ok(isAbortError(error));
    assert.equal(scripted.calls.length, 0);
  });

  test("a page that fails once is retried by the client and the list completes", async () => {
    let failedOnce = false;
    const scripted = new ScriptedFetch((call) => {
      const page = pageNumber(call);
      if (page === 2 && !failedOnce) {
        failedOnce = true;
        return failure(502, []);
      }
      return ok(pageItems(9, page, 3), { page, per_page: 3, total_pages: 3 });
    });
    assert.deepEqual(await fetchAllPages<number>(clientFor(scripted), "/x", { perPage: 3 }), range(1, 9));
    assert.equal(scripted.calls.length, 4);
  });
});
