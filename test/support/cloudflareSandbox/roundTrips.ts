// How many round trips a set of requests cost end to end: the longest chain of requests in
// which each one started only after the previous one had finished. Ten pages fetched one by one
// make a chain of 10; fetched four at a time after the first page, a chain of about 4.

import type { RecordedRequest } from "./types";

export function sequentialRoundTrips(requests: readonly RecordedRequest[]): number {
  const ordered = [...requests].sort((a, b) => a.startedAt - b.startedAt);
  const chainEndingAt: number[] = [];
  let longest = 0;
  for (const [index, request] of ordered.entries()) {
    let chain = 1;
    for (let previous = 0; previous < index; previous++) {
      const before = ordered[previous];
      const finishedAt = before?.finishedAt;
      if (finishedAt !== undefined && finishedAt <= request.startedAt) {
        chain = Math.max(chain, (chainEndingAt[previous] ?? 0) + 1);
      }
    }
    chainEndingAt.push(chain);
    longest = Math.max(longest, chain);
  }
  return longest;
}

/** Most requests the sandbox was handling at the same moment. */
export function peakInFlight(requests: readonly RecordedRequest[]): number {
  const events = requests.flatMap((request) => [
    { at: request.startedAt, change: 1 },
    { at: request.finishedAt ?? Number.POSITIVE_INFINITY, change: -1 },
  ]);
  // An answer finished at the moment another arrived does not overlap it.
  events.sort((a, b) => a.at - b.at || a.change - b.change);
  let now = 0;
  let peak = 0;
  for (const event of events) {
    now += event.change;
    peak = Math.max(peak, now);
  }
  return peak;
}

/** Requests the sandbox answered 429. */
export function rateLimitedAnswers(requests: readonly RecordedRequest[]): number {
  return requests.filter((request) => request.answer?.status === 429).length;
}
