// The expiry scan's pacer on a fake clock, against the sandbox's own rate limiter (the same
// Ratelimit headers Cloudflare sends): it never spends more than a quarter of what is reported
// left in a window, never bursts, waits for the reset, and copes with a server that sends none.
import assert from "node:assert/strict";
import { createAbortError } from "../../../src/cloudflare/abort";
import type { Fetch, FetchResponse } from "../../../src/cloudflare/http";
import { RequestPacer, type PacerClock } from "../../../src/cloudflare/requestPacer";
import { RateLimiter } from "../../support/cloudflareSandbox/rateLimit";

/** A clock whose time only moves when every pending promise has settled and a timer is due. */
class FakeClock implements PacerClock {
  time = 1_000_000;
  private timers: { at: number; resolve: () => void }[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const abort = () => {
        this.timers = this.timers.filter((other) => other !== timer);
        reject(createAbortError());
      };
      const timer = {
        at: this.time + ms,
        resolve: () => {
          signal?.removeEventListener("abort", abort);
          resolve();
        },
      };
      this.timers.push(timer);
      signal?.addEventListener("abort", abort, { once: true });
    });
  }

  /** Runs until `work` settles, jumping from timer to timer. */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const watched = work.finally(() => {
      settled = true;
    });
    watched.catch(() => undefined);
    for (let steps = 0; !settled; steps += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) {
        break;
      }
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift();
      if (!next) {
        continue;
      }
      this.time = Math.max(this.time, next.at);
      next.resolve();
      assert.ok(steps < 1_000_000, "the fake clock ran away");
    }
    return watched;
  }
}

interface Exchange {
  readonly start: number;
  readonly paced: boolean;
  readonly status: number;
  readonly remainingBefore: number;
  readonly windowStart: number;
}

/** A server behind the sandbox's RateLimiter; each answer takes `latencyMs` of fake time. */
function fakeServer(clock: FakeClock, limit: number, windowSeconds: number, latencyMs = 50) {
  const limiter = new RateLimiter({ limit, windowSeconds }, () => clock.now());
  const exchanges: Exchange[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let windowStart = clock.now();
  let remaining = limit;
  const fetch: Fetch = async (_url, init) => {
    const paced = init.headers["x-paced"] === "1";
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, paced ? inFlight : maxInFlight);
    const start = clock.now();
    if (start - windowStart >= windowSeconds * 1000) {
      windowStart = start;
      remaining = limit;
    }
    const remainingBefore = remaining;
    const decision = limiter.take();
    remaining = decision.allowed ? remaining - 1 : remaining;
    await clock.sleep(latencyMs);
    inFlight -= 1;
    exchanges.push({ start, paced, status: decision.allowed ? 200 : 429, remainingBefore, windowStart });
    const headers = new Map(Object.entries(decision.headers));
    const response: FetchResponse = { status: decision.allowed ? 200 : 429, headers: { get: (name) => headers.get(name.toLowerCase()) ?? null }, text: () => Promise.resolve("{}") };
    return response;
  };
  return { fetch, exchanges, maxInFlight: () => maxInFlight };
}

function init(paced: boolean, signal = new AbortController().signal) {
  return { method: "GET", headers: { "x-paced": paced ? "1" : "0" }, signal, redirect: "manual" as const };
}

/** What a scan does: admit, then one read (one request), `count` times with `workers` at once. */
async function scan(pacer: RequestPacer, fetch: Fetch, count: number, workers = 2, signal = new AbortController().signal): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < count) {
        next += 1;
        const admission = await pacer.admit(signal);
        try {
          await pacer.pace(() => fetch("https://api.example/x", init(true, signal)));
        } finally {
          admission.done();
        }
      }
    }),
  );
}

/** Paced requests per server window, against what was left when the window's first paced request went. */
function sharesByWindow(exchanges: readonly Exchange[]): { spent: number; remainingAtStart: number }[] {
  const windows = new Map<number, { spent: number; remainingAtStart: number }>();
  for (const exchange of [...exchanges].sort((a, b) => a.start - b.start)) {
    if (!exchange.paced) {
      continue;
    }
    const window = windows.get(exchange.windowStart) ?? { spent: 0, remainingAtStart: exchange.remainingBefore };
    window.spent += 1;
    windows.set(exchange.windowStart, window);
  }
  return [...windows.values()];
}

suite("RequestPacer", () => {
  test("700 reads against 1,200 per 300 s: at most a quarter of what is left per window, no 429, then waits for the reset", async () => {
    const clock = new FakeClock();
    const server = fakeServer(clock, 1200, 300);
    const pacer = new RequestPacer({ clock });
    const fetch = pacer.wrap(server.fetch);
    const startedAt = clock.now();
    await clock.run(scan(pacer, fetch, 700));
    assert.equal(server.exchanges.filter((exchange) => exchange.status === 429).length, 0);
    const windows = sharesByWindow(server.exchanges);
    assert.deepEqual(
      windows.map((window) => window.spent),
      [300, 300, 100],
    );
    for (const window of windows) {
      assert.ok(window.spent <= Math.floor(window.remainingAtStart / 4), JSON.stringify(window));
    }
    // Two windows waited out: a little over 600 s.
    const elapsed = clock.now() - startedAt;
    assert.ok(elapsed > 600_000 && elapsed < 640_000, `${elapsed} ms`);
  });

  test("never bursts: at most 2 paced requests in flight, starts at least 100 ms apart", async () => {
    const clock = new FakeClock();
    const server = fakeServer(clock, 1200, 300, 500);
    const pacer = new RequestPacer({ clock });
    await clock.run(scan(pacer, pacer.wrap(server.fetch), 40, 8));
    assert.ok(server.maxInFlight() <= 2, `${server.maxInFlight()} in flight`);
    const starts = server.exchanges.map((exchange) => exchange.start).sort((a, b) => a - b);
    for (let index = 1; index < starts.length; index += 1) {
      assert.ok((starts[index] ?? 0) - (starts[index - 1] ?? 0) >= 100, `starts ${starts[index - 1]} and ${starts[index]}`);
    }
  });

  test("others spending the budget (the user's CI) tighten the allowance to a quarter of what is left now", async () => {
    const clock = new FakeClock();
    const server = fakeServer(clock, 1200, 300);
    const pacer = new RequestPacer({ clock });
    const fetch = pacer.wrap(server.fetch);
    // Someone else spends 800 of the window before the scan starts: 400 left, so 100 are ours.
    for (let index = 0; index < 800; index += 1) {
      await clock.run(fetch("https://api.example/other", init(false)));
    }
    const scanned = scan(pacer, fetch, 150);
    await clock.run(scanned);
    const [first] = sharesByWindow(server.exchanges);
    assert.equal(first?.remainingAtStart, 400);
    assert.equal(first?.spent, 100);
    assert.equal(server.exchanges.filter((exchange) => exchange.status === 429).length, 0);
  });

  test("a server that sends no budget: one probe, then Cloudflare's documented 1,200 per 300 s is assumed", async () => {
    const clock = new FakeClock();
    let requests = 0;
    const bare: Fetch = async () => {
      requests += 1;
      await clock.sleep(50);
      return { status: 200, headers: { get: () => null }, text: () => Promise.resolve("{}") };
    };
    const pacer = new RequestPacer({ clock });
    const startedAt = clock.now();
    await clock.run(scan(pacer, pacer.wrap(bare), 301));
    assert.equal(requests, 301);
    assert.deepEqual(
      pacer.windows().map((window) => window.spent),
      [300, 1],
    );
    assert.ok(clock.now() - startedAt >= 300_000);
  });

  test("cancelling while it waits for the reset rejects at once with an AbortError", async () => {
    const clock = new FakeClock();
    const server = fakeServer(clock, 8, 300);
    const pacer = new RequestPacer({ clock });
    const controller = new AbortController();
    const fetch = pacer.wrap(server.fetch);
    const scanning = scan(pacer, fetch, 10, 1, controller.signal);
    scanning.catch(() => undefined);
    // A quarter of 8 is 2: the third read waits for the window's end.
    await clock.run(
      (async () => {
        while (server.exchanges.length < 2) {
          await clock.sleep(10);
        }
      })(),
    );
    controller.abort();
    await assert.rejects(clock.run(scanning), { name: "AbortError" });
    assert.equal(server.exchanges.length, 2);
  });

  test("a reading of a later window starts a new allowance; older readings are ignored", () => {
    const pacer = new RequestPacer({ clock: new FakeClock() });
    pacer.observe({ remaining: 400, resetSeconds: 100, at: 1_000_000 });
    pacer.observe({ remaining: 1000, resetSeconds: 300, at: 900_000 });
    assert.equal(pacer.rateBudget()?.remaining, 400);
    assert.deepEqual(pacer.windows(), [{ remainingAtStart: 400, allowance: 100, spent: 0, reported: true }]);
    pacer.observe({ remaining: 1199, resetSeconds: 299, at: 1_101_000 });
    assert.deepEqual(pacer.windows()[1], { remainingAtStart: 1199, allowance: 299, spent: 0, reported: true });
  });
});

suite("RequestPacer: a window that ends earlier than announced", () => {
  test("a shorter window (40 per 4 s after 1,200 per 300 s) is waited out by its own reset, not the old one", async () => {
    const clock = new FakeClock();
    let server = fakeServer(clock, 1200, 300);
    const pacer = new RequestPacer({ clock });
    let fetch: Fetch = (url, options) => server.fetch(url, options);
    await clock.run(scan(pacer, pacer.wrap(fetch), 3));
    server = fakeServer(clock, 40, 4);
    fetch = (url, options) => server.fetch(url, options);
    const startedAt = clock.now();
    await clock.run(scan(pacer, pacer.wrap(fetch), 25));
    assert.equal(server.exchanges.filter((exchange) => exchange.status === 429).length, 0);
    assert.ok(clock.now() - startedAt < 30_000, `${clock.now() - startedAt} ms`);
    for (const window of sharesByWindow(server.exchanges)) {
      assert.ok(window.spent <= Math.floor(window.remainingAtStart / 4), JSON.stringify(window));
    }
  });
});
