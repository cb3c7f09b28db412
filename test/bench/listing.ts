// 1. Listing every Access certificate of an account, across many pages, against the sandbox with
// 50 ms of latency on every request: our client (src/cloudflare, node-fetch as the extension
// ships it) against the official `cloudflare` SDK's auto-pagination (`for await` over
// client.zeroTrust.access.certificates.list), same sandbox, same page size.
//
// Why Access certificates: they are the list Cloudflare pages by number (V4PagePaginationArray in
// the SDK); account mTLS certificates come back as one page (SinglePage in the SDK, and the sandbox
// answers them the same way), so there is nothing to page through there.
//
// 2. The Access certificates of 200 zones at once, as a refresh of every zone would ask for them,
// all under one AbortSignal: peak requests in flight at the sandbox, wall time, 429s and process
// warnings (MaxListenersExceededWarning), ours against the SDK doing the same Promise.all. Each
// run gets a fresh window of Cloudflare's own budget (1,200 per 5 minutes, 200 a second per IP).
import Cloudflare from "cloudflare";
import fetch from "node-fetch";
import { listAccessCertificates } from "../../src/cloudflare/accessCertificates";
import { CloudflareClient } from "../../src/cloudflare/client";
import { peakInFlight, rateLimitedAnswers, sequentialRoundTrips, startSandbox, type CloudflareSandbox } from "../support/cloudflareSandbox";
import { CLOUDFLARE_RATE_LIMIT } from "../support/cloudflareSandbox/rateLimit";
import { makeCa } from "../support/makeCertificates";
import { formatCount, formatMs, formatRatio, maxInFlight, median, spread } from "./stats";
import type { BenchSection } from "./table";
import { warningsDuring } from "../support/processWarnings";

export const LATENCY_MS = 50;
/** What src/cloudflare/accessCertificates.ts asks for; the SDK is given the same. */
export const PAGE_SIZE = 50;
export const PAGE_COUNTS = [1, 5, 20, 50, 200] as const;
/** Issue 16, target 1: any list in at most this many sequential round trips. */
export const ROUND_TRIP_TARGET = 3;
export const ZONE_COUNT = 200;
const TOKEN = "bench-token-3f9a1c";

export interface ListingSample {
  readonly ms: number;
  readonly requests: number;
  readonly roundTrips: number;
  readonly maxInFlight: number;
}

export interface ListingResult {
  readonly pages: number;
  readonly certificates: number;
  readonly ours: ListingSummary;
  readonly sdk: ListingSummary;
}

export interface ListingSummary {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Median over runs (they agree run to run; the median guards against a stray one). */
  readonly requests: number;
  readonly roundTrips: number;
  readonly maxInFlight: number;
  readonly samples: readonly ListingSample[];
}

/** Runs `list` once and reads what it cost from the sandbox's request log. */
async function measure(sandbox: CloudflareSandbox, expected: number, list: () => Promise<number>): Promise<ListingSample> {
  const before = sandbox.requests.length;
  const started = performance.now();
  const count = await list();
  const ms = performance.now() - started;
  if (count !== expected) {
    throw new Error(`listing returned ${count} certificates, expected ${expected}`);
  }
  const requests = sandbox.requests.slice(before);
  return { ms, requests: requests.length, roundTrips: sequentialRoundTrips(requests), maxInFlight: maxInFlight(requests) };
}

function summarize(samples: readonly ListingSample[]): ListingSummary {
  const times = samples.map((sample) => sample.ms);
  const { min, max } = spread(times);
  return {
    medianMs: median(times),
    minMs: min,
    maxMs: max,
    requests: median(samples.map((sample) => sample.requests)),
    roundTrips: median(samples.map((sample) => sample.roundTrips)),
    maxInFlight: median(samples.map((sample) => sample.maxInFlight)),
    samples,
  };
}

export interface ZonesAtOnceSample {
  readonly ms: number;
  readonly requests: number;
  readonly peakInFlight: number;
  readonly rateLimited: number;
  /** Zones whose list failed (the SDK, sent all at once, meets 429s). */
  readonly failedLists: number;
  /** Process warnings emitted during the run, as "Name: message". */
  readonly warnings: readonly string[];
}

export interface ZonesAtOnceSummary {
  readonly medianMs: number;
  readonly requests: number;
  /** The largest over the runs. */
  readonly peakInFlight: number;
  readonly rateLimited: number;
  readonly failedLists: number;
  readonly warnings: readonly string[];
  readonly samples: readonly ZonesAtOnceSample[];
}

export interface ZonesAtOnceResult {
  readonly zones: number;
  readonly ours: ZonesAtOnceSummary;
  readonly sdk: ZonesAtOnceSummary;
}

export interface ListingBench {
  readonly lists: readonly ListingResult[];
  readonly zonesAtOnce: ZonesAtOnceResult;
}

export async function benchListing(runs: number, progress: (line: string) => void): Promise<ListingBench> {
  const lists = await benchLists(runs, progress);
  const zonesAtOnce = await benchZonesAtOnce(runs, progress);
  return { lists, zonesAtOnce };
}

async function benchLists(runs: number, progress: (line: string) => void): Promise<ListingResult[]> {
  // Thousands of pages in a minute: far past Cloudflare's 1,200 per 5 minutes per user, which is not
  // what this measures (the window is made large); its 200 a second per IP holds.
  const sandbox = await startSandbox({ latencyMs: 0, rateLimit: { limit: 1_000_000, windowSeconds: 300, perSecond: 200 } });
  try {
    sandbox.addApiToken(TOKEN);
    const ca = await makeCa({ subject: "CN=Bench Access Root CA, O=Example Inc., C=US" });
    const accounts = PAGE_COUNTS.map((pages) => {
      const account = sandbox.addAccount({ name: `Bench ${pages} pages` });
      for (let index = 0; index < pages * PAGE_SIZE; index++) {
        sandbox.addAccessCertificate(
          { kind: "accounts", id: account.id },
          { certificate: ca.pem, name: `Access root ${index}`, associated_hostnames: [`app${index}.example.com`] },
        );
      }
      return { pages, id: account.id };
    });
    sandbox.setLatency(LATENCY_MS);

    const ours = new CloudflareClient({ fetch, credentials: { kind: "apiToken", token: TOKEN }, baseUrl: sandbox.baseUrl });
    const sdk = new Cloudflare({ apiToken: TOKEN, apiKey: null, apiEmail: null, baseURL: sandbox.baseUrl, maxRetries: 0 });
    const listOurs = async (accountId: string) => (await listAccessCertificates(ours, { kind: "accounts", id: accountId })).length;
    const listSdk = async (accountId: string) => {
      let count = 0;
      for await (const _certificate of sdk.zeroTrust.access.certificates.list({ account_id: accountId, per_page: PAGE_SIZE })) {
        count++;
      }
      return count;
    };

    const results: ListingResult[] = [];
    for (const { pages, id } of accounts) {
      const expected = pages * PAGE_SIZE;
      // One warm-up each (connections, JIT), not counted; then alternate so drift hits both alike.
      await measure(sandbox, expected, () => listOurs(id));
      await measure(sandbox, expected, () => listSdk(id));
      const oursSamples: ListingSample[] = [];
      const sdkSamples: ListingSample[] = [];
      for (let run = 0; run < runs; run++) {
        oursSamples.push(await measure(sandbox, expected, () => listOurs(id)));
        sdkSamples.push(await measure(sandbox, expected, () => listSdk(id)));
      }
      const result = { pages, certificates: expected, ours: summarize(oursSamples), sdk: summarize(sdkSamples) };
      progress(`listing ${pages} pages: ours ${formatMs(result.ours.medianMs)}, SDK ${formatMs(result.sdk.medianMs)}`);
      results.push(result);
    }
    return results;
  } finally {
    await sandbox.close();
  }
}

async function benchZonesAtOnce(runs: number, progress: (line: string) => void): Promise<ZonesAtOnceResult> {
  const sandbox = await startSandbox({ latencyMs: 0, rateLimit: { ...CLOUDFLARE_RATE_LIMIT, perSecond: 200 } });
  try {
    sandbox.addApiToken(TOKEN);
    const ca = await makeCa({ subject: "CN=Bench Zone Access Root CA, O=Example Inc., C=US" });
    const account = sandbox.addAccount({ name: `Bench ${ZONE_COUNT} zones` });
    const zoneIds = Array.from({ length: ZONE_COUNT }, (_, index) => {
      const zone = sandbox.addZone(account.id, { name: `zone${index}.example.com` });
      sandbox.addAccessCertificate({ kind: "zones", id: zone.id }, { certificate: ca.pem, name: `Zone root ${index}`, associated_hostnames: [`app.zone${index}.example.com`] });
      return zone.id;
    });
    sandbox.setLatency(LATENCY_MS);

    /** `listAll` gives each zone's certificate count, or undefined where that zone's list failed. */
    const once = async (listAll: (signal: AbortSignal) => Promise<(number | undefined)[]>, mustSucceed: boolean): Promise<ZonesAtOnceSample> => {
      // A fresh window of Cloudflare's budget each run: every run starts as a user with nothing spent.
      sandbox.setRateLimit({ ...CLOUDFLARE_RATE_LIMIT, perSecond: 200 });
      const before = sandbox.requests.length;
      let ms = 0;
      let counts: (number | undefined)[] = [];
      const warnings = (
        await warningsDuring(async () => {
          const started = performance.now();
          counts = await listAll(new AbortController().signal);
          ms = performance.now() - started;
        })
      ).map((warning) => `${warning.name}: ${warning.message}`);
      const failedLists = counts.filter((count) => count === undefined).length;
      if (counts.length !== ZONE_COUNT || counts.some((count) => count !== undefined && count !== 1) || (mustSucceed && failedLists > 0)) {
        throw new Error(`listing ${ZONE_COUNT} zones returned ${counts.length} lists (${failedLists} failed), not one certificate each`);
      }
      const requests = sandbox.requests.slice(before);
      return { ms, requests: requests.length, peakInFlight: peakInFlight(requests), rateLimited: rateLimitedAnswers(requests), failedLists, warnings };
    };
    const listOurs = (client: CloudflareClient) => (signal: AbortSignal) =>
      Promise.all(zoneIds.map(async (id) => (await listAccessCertificates(client, { kind: "zones", id }, { signal })).length));
    const listSdk = (sdk: Cloudflare) => (signal: AbortSignal) =>
      Promise.all(
        zoneIds.map(async (id) => {
          let count = 0;
          try {
            for await (const _certificate of sdk.zeroTrust.access.certificates.list({ zone_id: id, per_page: PAGE_SIZE }, { signal })) {
              count++;
            }
          } catch {
            return undefined;
          }
          return count;
        }),
      );

    const oursSamples: ZonesAtOnceSample[] = [];
    const sdkSamples: ZonesAtOnceSample[] = [];
    for (let run = 0; run <= runs; run++) {
      // A new client each run, as after a sign-in: nothing learnt from the run before. Run 0 warms up.
      const ours = await once(listOurs(new CloudflareClient({ fetch, credentials: { kind: "apiToken", token: TOKEN }, baseUrl: sandbox.baseUrl })), true);
      const sdk = await once(listSdk(new Cloudflare({ apiToken: TOKEN, apiKey: null, apiEmail: null, baseURL: sandbox.baseUrl, maxRetries: 0 })), false);
      if (run > 0) {
        oursSamples.push(ours);
        sdkSamples.push(sdk);
      }
    }
    const summarizeZones = (samples: readonly ZonesAtOnceSample[]): ZonesAtOnceSummary => ({
      medianMs: median(samples.map((sample) => sample.ms)),
      requests: median(samples.map((sample) => sample.requests)),
      peakInFlight: Math.max(...samples.map((sample) => sample.peakInFlight)),
      rateLimited: Math.max(...samples.map((sample) => sample.rateLimited)),
      failedLists: Math.max(...samples.map((sample) => sample.failedLists)),
      warnings: [...new Set(samples.flatMap((sample) => sample.warnings))],
      samples,
    });
    const result = { zones: ZONE_COUNT, ours: summarizeZones(oursSamples), sdk: summarizeZones(sdkSamples) };
    progress(`Access certificates of ${ZONE_COUNT} zones at once: ours ${formatMs(result.ours.medianMs)}, peak ${result.ours.peakInFlight}; SDK ${formatMs(result.sdk.medianMs)}, peak ${result.sdk.peakInFlight}`);
    return result;
  } finally {
    await sandbox.close();
  }
}

function cell(summary: ListingSummary): string {
  return `${formatMs(summary.medianMs)} · ${summary.roundTrips} RT · ${summary.requests} req`;
}

function zonesCell(summary: ZonesAtOnceSummary): string {
  const failed = summary.failedLists > 0 ? ` · ${summary.failedLists} lists failed` : "";
  return `${formatMs(summary.medianMs)} · peak ${summary.peakInFlight} in flight · ${summary.rateLimited} × 429${failed} · ${summary.warnings.length} warning${summary.warnings.length === 1 ? "" : "s"}`;
}

/** The most round trips any list of ours took: what issue 16's target 1 holds to ROUND_TRIP_TARGET. */
export function maxRoundTrips(results: readonly ListingResult[]): { ours: number; sdk: number } {
  return { ours: Math.max(...results.map((result) => result.ours.roundTrips)), sdk: Math.max(...results.map((result) => result.sdk.roundTrips)) };
}

export function listingSection({ lists, zonesAtOnce }: ListingBench): BenchSection {
  const most = maxRoundTrips(lists);
  const zonesMet = zonesAtOnce.ours.rateLimited === 0 && zonesAtOnce.ours.warnings.length === 0 && zonesAtOnce.ours.peakInFlight < zonesAtOnce.zones;
  return {
    title: `Listing Access certificates, ${LATENCY_MS} ms latency a request, ${PAGE_SIZE} a page (reference: cloudflare SDK auto-pagination)`,
    rows: [
      ...lists.map((result) => ({
        measurement: `${result.pages} page${result.pages === 1 ? "" : "s"} (${formatCount(result.certificates)} certs)`,
        ours: cell(result.ours),
        reference: cell(result.sdk),
        ratio: formatRatio(result.sdk.medianMs, result.ours.medianMs),
        note: `≤ ${result.ours.maxInFlight} in flight (SDK ${result.sdk.maxInFlight})`,
      })),
      {
        measurement: `max round trips: ${most.ours} (target <= ${ROUND_TRIP_TARGET})`,
        ours: `${most.ours} RT`,
        reference: `${most.sdk} RT`,
        ratio: "",
        note: most.ours <= ROUND_TRIP_TARGET ? "target met" : "TARGET MISSED",
      },
      {
        measurement: `Access certificates of ${zonesAtOnce.zones} zones at once`,
        ours: zonesCell(zonesAtOnce.ours),
        reference: zonesCell(zonesAtOnce.sdk),
        // A reference whose lists failed (fast, on 429s) did not do the same work: no ratio.
        ratio: zonesAtOnce.sdk.failedLists > 0 ? "n/a (SDK failed)" : formatRatio(zonesAtOnce.sdk.medianMs, zonesAtOnce.ours.medianMs),
        note: `${zonesAtOnce.ours.requests} req (SDK ${zonesAtOnce.sdk.requests}); target 0 × 429, 0 warnings, < ${zonesAtOnce.zones} together: ${zonesMet ? "met" : "MISSED"}`,
      },
    ],
    footnotes: [
      "RT = sequential round trips: the longest chain of requests in the sandbox's log in which each request started only after the previous one had finished (sequentialRoundTrips in test/support/cloudflareSandbox/roundTrips.ts), not elapsed ÷ latency. req = requests the sandbox received. The SDK walks page after page and stops at the first empty page, so it sends one request more than there are pages.",
      "Ours: page 1, then every remaining page at once within a quarter of the rate budget Cloudflare reports; the client's one scheduler caps reads at 100 in flight and 100 started a second (Cloudflare allows 200 a second per IP, which the sandbox enforces with 429s), so a 200-page list takes a third round trip.",
      `${zonesAtOnce.zones} zones at once: each run on a fresh window of Cloudflare's budget (1,200 per 5 minutes, 200 a second per IP), a new client each run, all lists under one AbortSignal; peak = most requests the sandbox was handling at once, 429s and failed lists: the worst run; warnings: every distinct process warning (MaxListenersExceededWarning) of any run. The SDK runs without retries (maxRetries 0), so a 429 fails that zone's list.`,
      ...(zonesAtOnce.sdk.warnings.length > 0 ? [`SDK warnings: ${zonesAtOnce.sdk.warnings.join("; ")}`] : []),
      ...(zonesAtOnce.ours.warnings.length > 0 ? [`Our warnings: ${zonesAtOnce.ours.warnings.join("; ")}`] : []),
    ],
  };
}
