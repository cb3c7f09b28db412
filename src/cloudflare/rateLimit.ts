// Reads Cloudflare's rate-limit headers (cloudflare-api.md, "Rate limits"):
//   Ratelimit: "default";r=50;t=30        r requests left, t seconds until the window resets
//   Ratelimit-Policy: "default";q=1200;w=300   q requests allowed per window of w seconds
// Both are lists (comma-separated items with ;-parameters, as in RFC 8941 structured fields);
// the tightest item counts. Older drafts of the standard sent RateLimit-Remaining / -Limit /
// -Reset as bare numbers; those are read too. A header that cannot be read is ignored: the
// budget is a hint for pacing, never a reason to fail a call.

import type { FetchResponseHeaders } from "./http";

export interface RateBudget {
  /** Requests left in the current window. */
  readonly remaining: number;
  /** Requests allowed per window, when a policy was given. */
  readonly limit?: number;
  /** Seconds until the window resets, as of `at`. */
  readonly resetSeconds: number;
  /** When the answer carrying these figures arrived, in ms since the epoch. */
  readonly at: number;
}

interface ListItem {
  readonly name: string;
  readonly parameters: ReadonlyMap<string, number>;
}

function parseList(header: string): ListItem[] {
  const items: ListItem[] = [];
  for (const rawItem of header.split(",")) {
    const [rawName = "", ...rawParameters] = rawItem.split(";").map((part) => part.trim());
    const name = rawName.replace(/^"(.*)"$/, "$1");
    const parameters = new Map<string, number>();
    for (const parameter of rawParameters) {
      const match = /^([a-z][a-z0-9_-]*)=(\d+(?:\.\d+)?)$/i.exec(parameter);
      if (match?.[1] && match[2]) {
        parameters.set(match[1].toLowerCase(), Number(match[2]));
      }
    }
    items.push({ name, parameters });
  }
  return items;
}

function bareNumber(value: string | null): number | undefined {
  const text = value?.trim();
  return text && /^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}

export function readRateBudget(headers: FetchResponseHeaders, at: number): RateBudget | undefined {
  const ratelimit = headers.get("ratelimit");
  if (ratelimit) {
    const items = parseList(ratelimit).filter((item) => item.parameters.has("r") && item.parameters.has("t"));
    const tightest = items.sort((a, b) => (a.parameters.get("r") ?? 0) - (b.parameters.get("r") ?? 0))[0];
    if (tightest) {
      const policies = parseList(headers.get("ratelimit-policy") ?? "").filter((item) => item.parameters.has("q"));
      const policy = policies.find((item) => item.name === tightest.name) ?? (policies.length === 1 ? policies[0] : undefined);
      const limit = policy?.parameters.get("q");
      return { remaining: tightest.parameters.get("r") ?? 0, resetSeconds: tightest.parameters.get("t") ?? 0, at, ...(limit !== undefined ? { limit } : {}) };
    }
  }
  const remaining = bareNumber(headers.get("ratelimit-remaining"));
  const resetSeconds = bareNumber(headers.get("ratelimit-reset"));
  if (remaining === undefined || resetSeconds === undefined) {
    return undefined;
  }
  const limit = bareNumber(headers.get("ratelimit-limit"));
  return { remaining, resetSeconds, at, ...(limit !== undefined ? { limit } : {}) };
}

/** "48 of 1200 requests left, window resets in 30 s", for the log. */
export function describeRateBudget(budget: RateBudget): string {
  return `rate limit: ${budget.remaining}${budget.limit !== undefined ? ` of ${budget.limit}` : ""} requests left, window resets in ${budget.resetSeconds} s`;
}

/** When the window of `budget` resets, in ms since the epoch. */
export function budgetResetsAt(budget: RateBudget): number {
  return budget.at + budget.resetSeconds * 1000;
}

/**
 * Requests left at `now` by `budget`: its `remaining` while its window lasts, the policy's limit
 * once the window has reset, undefined when the window has reset and no policy said the limit.
 */
export function requestsLeftAt(budget: RateBudget, now: number): number | undefined {
  return now < budgetResetsAt(budget) ? budget.remaining : budget.limit;
}

/**
 * Which of two budgets to keep when `next` arrives. Answers to concurrent requests arrive in any
 * order, so within one window the lower `remaining` is the truer one; `next` wins when it is from
 * a later window (the old one has reset, or `next` resets more than a second and a half later
 * than `current`: `t` is rounded to whole seconds).
 */
export function newerRateBudget(current: RateBudget | undefined, next: RateBudget): RateBudget {
  if (current === undefined || next.at >= budgetResetsAt(current) || budgetResetsAt(next) - budgetResetsAt(current) > 1500 || next.remaining <= current.remaining) {
    return next;
  }
  return current;
}
