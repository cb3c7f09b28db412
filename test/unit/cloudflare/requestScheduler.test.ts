// The client-wide read scheduler (src/cloudflare/requestScheduler.ts), through the client's own
// calls: a cap on reads in flight shared by every caller, lanes served in turn, writes never
// queued, a waiting read cancelled by its signal, no MaxListenersExceededWarning however many calls
// share one signal, and pacing by the rate budget (wait for the window reset rather than a 429;
// refuse when the reset is further than the client waits). Over a scripted fetch where the order
// of events matters, over the sandbox where Cloudflare's answers do.
import assert from "node:assert/strict";
import { listAccessCertificates } from "../../../src/cloudflare/accessCertificates";
import { listAccounts } from "../../../src/cloudflare/accounts";
import { CloudflareClient, RequestLane, type CloudflareClientOptions } from "../../../src/cloudflare/client";
import { CloudflareApiError, isAbortError } from "../../../src/cloudflare/errors";
import { silentLogger } from "../../../src/cloudflare/logger";
import { fetchAllPages } from "../../../src/cloudflare/pagination";
import { RequestScheduler } from "../../../src/cloudflare/requestScheduler";
import { peakInFlight, rateLimitedAnswers } from "../../support/cloudflareSandbox";
import { makeCa } from "../../support/makeCertificates";
import { warningsDuring } from "../../support/processWarnings";
import { useSandbox } from "./sandboxFixture";
import { deferred, ok, recordingSleep, SCRIPTED_BASE_URL, ScriptedFetch } from "./scriptedFetch";

function scriptedClient(scripted: ScriptedFetch, options: Partial<CloudflareClientOptions> = {}): CloudflareClient {
  return new CloudflareClient({
    fetch: scripted.fetch,
    credentials: { kind: "apiToken", token: "scheduler-token" },
    baseUrl: SCRIPTED_BASE_URL,
    sleep: recordingSleep().sleep,
    ...options,
  });
}

/** Lets every pending promise callback and I/O turn run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

suite("request scheduler (scripted fetch)", () => {
  test("reads of separate calls share one cap on requests in flight; the rest wait and then all complete", async () => {
    const gate = deferred();
    const scripted = new ScriptedFetch(async () => {
      await gate.promise;
      return ok([]);
    });
    const client = scriptedClient(scripted, { requestScheduler: { maxInFlight: 3 } });
    const calls = Array.from({ length: 10 }, (_, index) => client.request("GET", `/zones/z${index}/access/certificates`));
    await settle();
    assert.equal(scripted.calls.length, 3, "only the cap went out");
    assert.equal(client.requestScheduler.inFlight, 3);
    assert.equal(client.requestScheduler.waiting, 7);
    gate.resolve();
    await Promise.all(calls);
    assert.equal(scripted.calls.length, 10);
    assert.equal(scripted.maxInFlight, 3);
    assert.equal(client.requestScheduler.peakInFlight, 3);
    assert.equal(client.requestScheduler.waiting, 0);
  });

  test("a write is sent at once, never queued behind reads that fill the scheduler", async () => {
    const gate = deferred();
    const scripted = new ScriptedFetch(async (call) => {
      if (call.init.method === "GET") {
        await gate.promise;
      }
      return ok({ id: "written" });
    });
    const client = scriptedClient(scripted, { requestScheduler: { maxInFlight: 2 } });
    const reads = Array.from({ length: 6 }, () => client.request("GET", "/accounts/a/access/certificates"));
    await settle();
    const write = await client.request<{ id: string }>("POST", "/accounts/a/access/certificates", { body: { name: "n" } });
    assert.equal(write.result.id, "written");
    assert.equal(client.requestScheduler.waiting, 4, "the reads still wait; the write did not take their turn or a slot");
    gate.resolve();
    await Promise.all(reads);
  });

  test("lanes take turns: a single call waits for one slot, not behind every queued page of a long list", async () => {
    const gates: (() => void)[] = [];
    const scripted = new ScriptedFetch(
      () =>
        new Promise((resolve) => {
          gates.push(() => resolve(ok([])));
        }),
    );
    const client = scriptedClient(scripted, { requestScheduler: { maxInFlight: 1 } });
    const list = new RequestLane("GET /long");
    const pages = Array.from({ length: 5 }, (_, index) => client.request("GET", "/long", { query: { page: index + 1 }, lane: list }));
    const single = client.request("GET", "/single");
    const order: string[] = [];
    for (let step = 0; step < 6; step++) {
      await settle();
      const call = scripted.calls[step];
      order.push(call ? `${call.path}${call.query.page ? `#${call.query.page}` : ""}` : "none");
      gates[step]?.();
    }
    await Promise.all([...pages, single]);
    assert.deepEqual(order, ["/long#1", "/single", "/long#2", "/long#3", "/long#4", "/long#5"]);
  });

  test("a waiting read cancelled by its signal leaves the queue at once, sends nothing, and rejects with an AbortError", async () => {
    const gate = deferred();
    const scripted = new ScriptedFetch(async () => {
      await gate.promise;
      return ok([]);
    });
    const client = scriptedClient(scripted, { requestScheduler: { maxInFlight: 1 } });
    const first = client.request("GET", "/first");
    const controller = new AbortController();
    const waiting = client.request("GET", "/waiting", { signal: controller.signal });
    await settle();
    assert.equal(client.requestScheduler.waiting, 1);
    controller.abort();
    const error = await waiting.catch((caught: unknown) => caught);
    assert.ok(isAbortError(error), String(error));
    assert.equal(client.requestScheduler.waiting, 0);
    gate.resolve();
    await first;
    assert.deepEqual(
      scripted.calls.map((call) => call.path),
      ["/first"],
    );
  });

  test("200 calls and a 200-page list on one signal: never a MaxListenersExceededWarning, and an abort still stops them all", async () => {
    const scripted = new ScriptedFetch(async (call) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      const page = Number(call.query.page ?? "1");
      return call.path === "/long" ? ok([page], { page, per_page: 1, total_pages: 200 }) : ok([]);
    });
    // The per-second pacing is not what this checks; lifted so the suite stays fast.
    const client = scriptedClient(scripted, { requestScheduler: { maxPerSecond: 100_000 } });
    const shared = new AbortController();
    const warnings = await warningsDuring(() =>
      Promise.all([
        ...Array.from({ length: 200 }, (_, index) => client.request("GET", `/zones/z${index}/access/certificates`, { signal: shared.signal })),
        fetchAllPages<number>(client, "/long", { perPage: 1, signal: shared.signal }),
      ]),
    );
    assert.deepEqual(
      warnings.map((warning) => `${warning.name}: ${warning.message}`),
      [],
    );
    assert.ok(client.requestScheduler.peakInFlight <= 100, `peak ${client.requestScheduler.peakInFlight}`);

    // The same again, cancelled while most calls still wait: all reject, none is left queued.
    const cancelled = new AbortController();
    const gate = deferred();
    const hanging = new ScriptedFetch(async () => {
      await gate.promise;
      return ok([]);
    });
    const busy = scriptedClient(hanging);
    const abortWarnings = await warningsDuring(async () => {
      const pending = Array.from({ length: 300 }, (_, index) => busy.request("GET", `/zones/z${index}`, { signal: cancelled.signal }).catch((caught: unknown) => caught));
      await settle();
      cancelled.abort();
      const outcomes = await Promise.all(pending);
      assert.ok(outcomes.every(isAbortError));
    });
    gate.resolve();
    assert.deepEqual(abortWarnings, []);
    assert.equal(busy.requestScheduler.waiting, 0);
    assert.equal(busy.requestScheduler.inFlight, 0);
  });

  test("a full second admits its waiters together, not one as the oldest start ages out (that would chain a round trip)", async () => {
    const scheduler = new RequestScheduler({ now: Date.now, rateBudget: () => undefined, writesInFlight: () => 0, maxWaitSeconds: 60, logger: silentLogger }, { maxPerSecond: 10 });
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    (await scheduler.acquire("/first", undefined, undefined))();
    await sleep(150);
    const wave = await Promise.all(Array.from({ length: 9 }, () => scheduler.acquire("/wave", undefined, undefined)));
    const grantedAt: number[] = [];
    const started = performance.now();
    const rest = Array.from({ length: 10 }, () => scheduler.acquire("/rest", undefined, undefined).then((release) => (grantedAt.push(performance.now() - started), release)));
    // Past the first start's second, one slot is free: a release then must not let one read out alone.
    await sleep(900);
    wave[0]?.();
    await sleep(20);
    assert.equal(grantedAt.length, 0, "none went alone");
    for (const release of [...wave.slice(1), ...(await Promise.all(rest))]) {
      release();
    }
    assert.equal(grantedAt.length, 10);
    assert.ok(Math.max(...grantedAt) - Math.min(...grantedAt) < 20, `granted over ${Math.round(Math.max(...grantedAt) - Math.min(...grantedAt))} ms`);
  });

  test("an answer that reports more left than a later one does not raise the budget within a window", async () => {
    let remaining = 50;
    const scripted = new ScriptedFetch(() => ok([], undefined, { ratelimit: `"default";r=${remaining};t=60`, "ratelimit-policy": `"default";q=100;w=60` }));
    const client = scriptedClient(scripted, { now: () => 10_000 });
    await client.request("GET", "/a");
    remaining = 70;
    await client.request("GET", "/b");
    assert.equal(client.rateBudget()?.remaining, 50, "the earlier-counted answer arrived late");
    assert.equal(client.estimatedRequestsLeft(), 50);
  });
});

suite("request scheduler (sandbox)", () => {
  const fixture = useSandbox({ latencyMs: 10 });

  test("the Access certificates of 200 zones at once: at most 100 requests in flight, no 429, no warning", async () => {
    const { sandbox, account, client } = fixture();
    sandbox.setRateLimit({ limit: 1200, windowSeconds: 300, perSecond: 200 });
    const ca = await makeCa({ subject: "CN=Scheduler Root CA" });
    const zones = Array.from({ length: 200 }, (_, index) => {
      const zone = sandbox.addZone(account.id, { name: `zone${index}.example.com` });
      sandbox.addAccessCertificate({ kind: "zones", id: zone.id }, { certificate: ca.pem, name: `root ${index}`, associated_hostnames: [`app.zone${index}.example.com`] });
      return zone;
    });
    const ours = client();
    const refresh = new AbortController();
    let listed: string[][] = [];
    const warnings = await warningsDuring(async () => {
      listed = (await Promise.all(zones.map((zone) => listAccessCertificates(ours, { kind: "zones", id: zone.id }, { signal: refresh.signal })))).map((certificates) =>
        certificates.map((certificate) => certificate.name),
      );
    });
    assert.deepEqual(
      listed,
      zones.map((_, index) => [`root ${index}`]),
    );
    assert.equal(sandbox.requests.length, 200);
    assert.ok(peakInFlight(sandbox.requests) <= 100, `peak in flight ${peakInFlight(sandbox.requests)}`);
    assert.equal(rateLimitedAnswers(sandbox.requests), 0);
    assert.deepEqual(warnings, []);
  });

  test("a budget running low: reads wait for the window to reset instead of meeting a 429, and the list completes", async () => {
    const { sandbox, client } = fixture();
    // 30 requests a second-long window; 40 pages need a second window.
    sandbox.setRateLimit({ limit: 30, windowSeconds: 1 });
    const expected = [fixture().account.id, ...Array.from({ length: 199 }, (_, index) => sandbox.addAccount({ name: `Paced ${index}` }).id)];
    const lines: string[] = [];
    const ours = client({ logger: { debug: () => undefined, info: (line) => lines.push(line), warn: (line) => lines.push(line), error: () => undefined } });
    const accounts = await fetchAllPages<{ id: string }>(ours, "/accounts", { perPage: 5 });
    assert.deepEqual(
      accounts.map((item) => item.id),
      expected,
    );
    assert.equal(rateLimitedAnswers(sandbox.requests), 0);
    assert.equal(sandbox.requests.length, 40);
    assert.ok(
      lines.some((line) => /rate budget: \d+ requests left, 2 kept for writes and other tools; reads wait \d+ s for the window to reset/.test(line)),
      lines.join("\n"),
    );
  });

  test("a budget spent down to its reserve with the reset minutes away: reads fail as rateLimited without sending, and no 429 is met", async () => {
    const { sandbox, client } = fixture();
    sandbox.setRateLimit({ limit: 12, windowSeconds: 300 });
    for (let index = 0; index < 99; index++) {
      sandbox.addAccount({ name: `Spent ${index}` });
    }
    const ours = client({ maxRetryAfterSeconds: 60 });
    const error = await fetchAllPages(ours, "/accounts", { perPage: 5 }).catch((caught: unknown) => caught);
    assert.ok(error instanceof CloudflareApiError, String(error));
    assert.equal(error.kind, "rateLimited");
    assert.ok((error.retryAfterSeconds ?? 0) > 60);
    assert.match(error.message, /requests Cloudflare allows in this window are left \(1 kept for changes/);
    assert.equal(rateLimitedAnswers(sandbox.requests), 0);
    assert.ok(sandbox.requests.length <= 11, `${sandbox.requests.length} sent`);
    // A later read is refused the same way, at once.
    const again = await listAccounts(ours).catch((caught: unknown) => caught);
    assert.ok(again instanceof CloudflareApiError && again.kind === "rateLimited");
    assert.equal(rateLimitedAnswers(sandbox.requests), 0);
  });
});
