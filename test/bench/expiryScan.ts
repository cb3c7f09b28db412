// The expiry scan (src/expiry/expiryScan.ts) over one account of 200 zones, against the sandbox
// at 50 ms a request with Cloudflare's budget of 1,200 requests per 300 s: requests, wall time,
// the largest share of the budget it used in any window, and 429s (target 0). The real
// repository and client are used, the fetch paced by the RequestPacer as in the extension.
//
// Waiting for a window's reset would make the bench last five minutes a run, so the sandbox's
// rate-limit window and the pacer share a clock on which a wait of more than a second passes at
// once: "wall time" is that clock's elapsed time (real request time plus the windows waited
// out), and "real" is what the run took. The share is measured from the answers' own Ratelimit
// headers, not from the pacer's bookkeeping.
import fetch from "node-fetch";
import "../support/vscodeModule";
import type * as vscode from "vscode";
import type { CloudflareSession } from "../../src/auth/session";
import { CloudflareClient } from "../../src/cloudflare/client";
import type { Fetch } from "../../src/cloudflare/http";
import { readRateBudget } from "../../src/cloudflare/rateLimit";
import { RequestPacer, type PacerClock } from "../../src/cloudflare/requestPacer";
import { sleepUnlessAborted } from "../../src/cloudflare/abort";
import { scanExpiry } from "../../src/expiry/expiryScan";
import { CertificateRepository } from "../../src/views/certificateRepository";
import { kindsIn } from "../../src/views/kinds/index";
import { startSandbox } from "../support/cloudflareSandbox";
import { days, makeCa } from "../support/makeCertificates";
import { formatMs } from "./stats";
import type { BenchSection } from "./table";

export const EXPIRY_SCAN_ZONES = 200;
const LATENCY_MS = 50;
const BUDGET = { limit: 1200, windowSeconds: 300 } as const;
const TOKEN = "bench-expiry-token-7c21e0";

export interface ExpiryScanSample {
  readonly label: string;
  /** What Cloudflare reported left before the scan (the rest spent by the user's other tools). */
  readonly remainingBefore: number;
  readonly requests: number;
  readonly wallMs: number;
  readonly realMs: number;
  readonly windows: number;
  /** Largest (scan requests in a window) ÷ (what was left when the window's first scan request went). */
  readonly largestShare: number;
  readonly tooManyRequests: number;
  readonly certificates: number;
  readonly maxInFlight: number;
}

/** A clock whose long waits pass at once (they are added to its time). */
function warpClock(): PacerClock & { skippedMs: number } {
  const clock = {
    skippedMs: 0,
    now: () => Date.now() + clock.skippedMs,
    sleep: (ms: number, signal?: AbortSignal) => {
      if (ms <= 1000) {
        return sleepUnlessAborted(ms, signal);
      }
      clock.skippedMs += ms;
      return Promise.resolve();
    },
  };
  return clock;
}

class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return (this.values.has(key) ? this.values.get(key) : defaultValue) as T | undefined;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

async function runOnce(label: string, spentByOthers: number, progress: (line: string) => void): Promise<ExpiryScanSample> {
  const clock = warpClock();
  const sandbox = await startSandbox({ latencyMs: LATENCY_MS, rateLimit: BUDGET, rateLimitClock: () => clock.now() });
  try {
    sandbox.addApiToken(TOKEN, { owner: "user", permissions: "edit" });
    const account = sandbox.addAccount({ name: "Bench Enterprise" });
    const now = Date.now();
    for (let index = 0; index < EXPIRY_SCAN_ZONES; index += 1) {
      const zone = sandbox.addZone(account.id, { name: `zone-${String(index).padStart(3, "0")}.example` });
      if (index % 20 === 0) {
        const ca = await makeCa({ commonName: `Bench Zone CA ${index}`, notAfter: new Date(now + days(5 + index / 10)) });
        sandbox.addAccessCertificate({ kind: "zones", id: zone.id }, { certificate: ca.pem, name: `Bench Zone CA ${index}` });
      }
    }
    const plain = fetch as unknown as Fetch;
    // The user's other tools (dashboard, Terraform, CI) spent part of the window first.
    for (let spent = 0; spent < spentByOthers; spent += 1) {
      await plain(`${sandbox.baseUrl}/user/tokens/verify`, { method: "GET", headers: { authorization: `Bearer ${TOKEN}` }, signal: AbortSignal.timeout(5000), redirect: "manual" });
    }
    const pacer = new RequestPacer({ clock });
    const answers: { readonly status: number; readonly remaining: number | undefined }[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const recording: Fetch = async (url, init) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        const response = await plain(url, init);
        answers.push({ status: response.status, remaining: readRateBudget(response.headers, clock.now())?.remaining });
        return response;
      } finally {
        inFlight -= 1;
      }
    };
    const client = new CloudflareClient({ fetch: pacer.wrap(recording), credentials: { kind: "apiToken", token: TOKEN }, baseUrl: sandbox.baseUrl });
    const session = { client: () => Promise.resolve(client) } as unknown as CloudflareSession;
    const repository = new CertificateRepository(session, new MemoryMemento());
    const before = sandbox.requests.length;
    const startedReal = performance.now();
    const startedWall = clock.now();
    const result = await scanExpiry({
      repository,
      kindsIn,
      pacer,
      zoneLimit: EXPIRY_SCAN_ZONES,
      watchedZones: () => [],
      describeError: (error) => (error instanceof Error ? error.message : String(error)),
      signal: AbortSignal.timeout(600_000),
    });
    const realMs = performance.now() - startedReal;
    const wallMs = clock.now() - startedWall;
    repository.dispose();
    if (result.failures.length > 0) {
      throw new Error(`the scan failed to read: ${result.failures.join("; ")}`);
    }
    // Windows from the answers' headers: what is left only goes up when a new window began.
    const windows: { first: number; requests: number }[] = [];
    let previous = Number.POSITIVE_INFINITY;
    for (const answer of answers) {
      const remaining = answer.remaining ?? previous;
      if (remaining > previous || windows.length === 0) {
        windows.push({ first: remaining + 1, requests: 0 });
      }
      const window = windows[windows.length - 1];
      if (window) {
        window.requests += 1;
      }
      previous = remaining;
    }
    const largestShare = Math.max(...windows.map((window) => window.requests / window.first));
    const sample: ExpiryScanSample = {
      label,
      remainingBefore: BUDGET.limit - spentByOthers,
      requests: sandbox.requests.length - before,
      wallMs,
      realMs,
      windows: windows.length,
      largestShare,
      tooManyRequests: answers.filter((answer) => answer.status === 429).length,
      certificates: result.certificates.length,
      maxInFlight,
    };
    progress(
      `expiry scan (${label}): ${sample.requests} requests, wall ${formatMs(wallMs)} (real ${formatMs(realMs)}), ${windows.length} windows, largest share ${(largestShare * 100).toFixed(1)} %, ${sample.tooManyRequests} × 429`,
    );
    return sample;
  } finally {
    await sandbox.close();
  }
}

export async function benchExpiryScan(progress: (line: string) => void): Promise<ExpiryScanSample[]> {
  return [await runOnce("fresh window", 0, progress), await runOnce("900 already spent by other tools", 900, progress)];
}

export function expiryScanSection(samples: readonly ExpiryScanSample[]): BenchSection {
  return {
    title: `Expiry scan over ${EXPIRY_SCAN_ZONES} zones, ${LATENCY_MS} ms latency a request, budget ${BUDGET.limit} per ${BUDGET.windowSeconds} s (target: ≤ 25 % of what is left per window, 0 × 429)`,
    rows: samples.map((sample) => ({
      measurement: `${sample.label} (${sample.remainingBefore} left)`,
      ours: `${sample.requests} req, ${formatMs(sample.wallMs)} wall`,
      reference: "",
      ratio: "",
      note: `largest share ${(sample.largestShare * 100).toFixed(1)} % over ${sample.windows} windows; ${sample.tooManyRequests} × 429; ≤ ${sample.maxInFlight} in flight; real ${formatMs(sample.realMs)}`,
    })),
    footnotes: [
      "Expiry scan: wall time includes the windows waited out (on a clock shared by the sandbox's rate limiter and the pacer, so a 300 s wait passes at once); real is what the run took. Share = scan requests in a window ÷ what Cloudflare reported left before its first one, read from the answers' Ratelimit headers.",
    ],
  };
}
