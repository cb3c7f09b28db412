// 1. Listing every Access certificate of an account, across many pages, against the sandbox with
// 50 ms of latency on every request: our client (src/cloudflare, node-fetch as the extension
// ships it) against the official `cloudflare` SDK's auto-pagination (`for await` over
// client.zeroTrust.access.certificates.list), same sandbox, same page size.
//
// Why Access certificates: they are the list Cloudflare pages by number (V4PagePaginationArray in
// the SDK); account mTLS certificates come back as one page (SinglePage in the SDK, and the sandbox
// answers them the same way), so there is nothing to page through there.
import Cloudflare from "cloudflare";
import fetch from "node-fetch";
import { listAccessCertificates } from "../../src/cloudflare/accessCertificates";
import { CloudflareClient } from "../../src/cloudflare/client";
import { sequentialRoundTrips, startSandbox, type CloudflareSandbox } from "../support/cloudflareSandbox";
import { makeCa } from "../support/makeCertificates";
import { formatCount, formatMs, formatRatio, maxInFlight, median, spread } from "./stats";
import type { BenchSection } from "./table";

export const LATENCY_MS = 50;
/** What src/cloudflare/accessCertificates.ts asks for; the SDK is given the same. */
export const PAGE_SIZE = 50;
export const PAGE_COUNTS = [1, 5, 20, 50] as const;
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

export async function benchListing(runs: number, progress: (line: string) => void): Promise<ListingResult[]> {
  // Thousands of pages in a few seconds: far past Cloudflare's 1,200 per 5 minutes, which is not what this measures.
  const sandbox = await startSandbox({ latencyMs: 0, rateLimit: { limit: 1_000_000, windowSeconds: 300 } });
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

/** Our bound: page 1, then the rest in waves of maxConcurrency (4). */
function waveBound(pages: number): number {
  return 1 + Math.ceil((pages - 1) / 4);
}

function cell(summary: ListingSummary): string {
  return `${formatMs(summary.medianMs)} · ${summary.roundTrips} RT · ${summary.requests} req`;
}

export function listingSection(results: readonly ListingResult[]): BenchSection {
  return {
    title: `Listing Access certificates, ${LATENCY_MS} ms latency a request, ${PAGE_SIZE} a page (reference: cloudflare SDK auto-pagination)`,
    rows: results.map((result) => ({
      measurement: `${result.pages} page${result.pages === 1 ? "" : "s"} (${formatCount(result.certificates)} certs)`,
      ours: cell(result.ours),
      reference: cell(result.sdk),
      ratio: formatRatio(result.sdk.medianMs, result.ours.medianMs),
      note: `bound 1+⌈${result.pages - 1}/4⌉ = ${waveBound(result.pages)} RT; ≤ ${result.ours.maxInFlight} in flight (SDK ${result.sdk.maxInFlight})`,
    })),
    footnotes: [
      "RT = sequential round trips: the longest chain of requests in the sandbox's log in which each request started only after the previous one had finished (sequentialRoundTrips in test/support/cloudflareSandbox/roundTrips.ts), not elapsed ÷ latency. req = requests the sandbox received. The SDK walks page after page and stops at the first empty page, so it sends one request more than there are pages.",
    ],
  };
}
