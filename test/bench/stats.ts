// Pure helpers for the benchmark: medians and spreads, the few number formats the table uses, and
// one reading of the sandbox's request log.
import type { RecordedRequest } from "../support/cloudflareSandbox";

/** The median of the samples (mean of the middle two for an even count). Throws on no samples. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) {
    throw new RangeError("median of no samples");
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/** Smallest and largest sample, for the JSON's spread. */
export function spread(samples: readonly number[]): { min: number; max: number } {
  return { min: Math.min(...samples), max: Math.max(...samples) };
}

/** "12.3 ms" below 10 s, "12.3 s" above; one decimal below 100, none above. */
export function formatMs(ms: number): string {
  if (ms >= 10_000) {
    return `${(ms / 1000).toFixed(1)} s`;
  }
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

/** "12,345" with thin-free ASCII separators, so the table aligns in any terminal. */
export function formatCount(count: number): string {
  return Math.round(count).toLocaleString("en-US");
}

/** "565.4 KB" (1 KB = 1024 bytes, as esbuild's size line prints). */
export function formatKb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/**
 * How many times faster ours is than the reference: reference time ÷ our time (equivalently our
 * rate ÷ reference rate). "2.5× faster", "0.40× (2.5× slower)", "1.0× (same)".
 */
export function formatRatio(referenceMs: number, oursMs: number): string {
  const ratio = referenceMs / oursMs;
  if (!Number.isFinite(ratio) || ratio <= 0) {
    return "n/a";
  }
  if (ratio >= 1.05) {
    return `${ratio.toFixed(ratio >= 10 ? 0 : 1)}× faster`;
  }
  if (ratio > 0.95) {
    return "1.0× (same)";
  }
  return `${ratio.toFixed(2)}× (${(1 / ratio).toFixed(1)}× slower)`;
}

/** Most requests the sandbox was handling at the same moment. */
export function maxInFlight(requests: readonly RecordedRequest[]): number {
  let most = 0;
  for (const request of requests) {
    const overlapping = requests.filter((other) => other.startedAt <= request.startedAt && (other.finishedAt ?? Infinity) > request.startedAt).length;
    most = Math.max(most, overlapping);
  }
  return most;
}
