// The rate-limit budget of the sandbox, one window for every caller (Cloudflare counts per user;
// the sandbox has one user). Every API answer reports what is left the way Cloudflare does:
//   Ratelimit: "default";r=<left>;t=<seconds to reset>
//   Ratelimit-Policy: "default";q=<limit>;w=<window seconds>
// and once the budget is spent, calls get 429 code 971 with Retry-After until the window resets.
// With `perSecond` set, it also holds Cloudflare's 200 requests a second per IP (the sandbox has
// one client IP): a request past it gets the same 429 with Retry-After: 1, and is not counted
// against the window. Assumption (no source shows Cloudflare's per-IP answer): it looks like the
// per-user one; a client that paces itself never sees either, which is what the tests check.
import type { RateLimitBudget } from "./types";

/** Cloudflare's: 1,200 requests per five minutes per user (cloudflare-api.md). */
export const CLOUDFLARE_RATE_LIMIT: RateLimitBudget = { limit: 1200, windowSeconds: 300 };

export interface RateLimitDecision {
  readonly allowed: boolean;
  readonly headers: Record<string, string>;
  /** Set when not allowed. */
  readonly retryAfterSeconds?: number;
}

export class RateLimiter {
  private budget: RateLimitBudget;
  private windowStartedAt: number;
  private used = 0;
  /** Arrival times of the requests of the last second, oldest first, when perSecond is set. */
  private readonly lastSecond: number[] = [];

  constructor(
    budget: RateLimitBudget,
    private readonly now: () => number = Date.now,
  ) {
    this.budget = checkBudget(budget);
    this.windowStartedAt = now();
  }

  reset(budget: RateLimitBudget): void {
    this.budget = checkBudget(budget);
    this.windowStartedAt = this.now();
    this.used = 0;
    this.lastSecond.length = 0;
  }

  /** Counts one request against the budget and says whether it may go on. */
  take(): RateLimitDecision {
    const now = this.now();
    const windowMs = this.budget.windowSeconds * 1000;
    if (now - this.windowStartedAt >= windowMs) {
      this.windowStartedAt = now;
      this.used = 0;
    }
    const resetSeconds = Math.max(1, Math.ceil((this.windowStartedAt + windowMs - now) / 1000));
    if (this.budget.perSecond !== undefined) {
      while (this.lastSecond.length > 0 && (this.lastSecond[0] ?? 0) <= now - 1000) {
        this.lastSecond.shift();
      }
      if (this.lastSecond.length >= this.budget.perSecond) {
        const remaining = this.budget.limit - this.used;
        return {
          allowed: false,
          headers: {
            ratelimit: `"default";r=${remaining};t=${resetSeconds}`,
            "ratelimit-policy": `"default";q=${this.budget.limit};w=${this.budget.windowSeconds}`,
            "retry-after": "1",
          },
          retryAfterSeconds: 1,
        };
      }
      this.lastSecond.push(now);
    }
    const allowed = this.used < this.budget.limit;
    if (allowed) {
      this.used += 1;
    }
    const remaining = this.budget.limit - this.used;
    const headers = {
      ratelimit: `"default";r=${remaining};t=${resetSeconds}`,
      "ratelimit-policy": `"default";q=${this.budget.limit};w=${this.budget.windowSeconds}`,
    };
    return allowed ? { allowed, headers } : { allowed, headers: { ...headers, "retry-after": String(resetSeconds) }, retryAfterSeconds: resetSeconds };
  }
}

function checkBudget(budget: RateLimitBudget): RateLimitBudget {
  if (!Number.isInteger(budget.limit) || budget.limit < 0 || !(budget.windowSeconds > 0) || (budget.perSecond !== undefined && !(Number.isInteger(budget.perSecond) && budget.perSecond > 0))) {
    throw new Error(`sandbox: a rate limit needs an integer limit >= 0 and a window > 0 s, got ${JSON.stringify(budget)}`);
  }
  return { ...budget };
}
