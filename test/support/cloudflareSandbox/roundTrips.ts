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
