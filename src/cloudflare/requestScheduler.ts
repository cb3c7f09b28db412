// One scheduler per CloudflareClient, shared by every read it sends (GET tries, retries included):
// the bound that holds across calls, so listing the Access certificates of 200 zones at once does
// not put 200 requests on the wire together.
//
// A read starts only when all of these allow it:
// - fewer than `maxInFlight` reads are in flight (default 100);
// - fewer than `maxPerSecond` reads started in the last second (default 100: half the 200 a second
//   Cloudflare allows per IP, the rest left to writes and to the user's other tools on that IP).
//   Once a second is full, waiting reads go together when it has room for all of them (up to a
//   second's worth), so a long list takes one more round trip, not a trickle of them;
// - the rate budget Cloudflare last reported (Ratelimit header, per user: 1,200 per 5 minutes),
//   less every request still unanswered, stays above `reserve` (default 5% of the policy's limit,
//   10 when no limit was given). Below it, reads wait for the window to reset instead of spending
//   the last requests and meeting a 429 (which blocks every API call of the user, CI included,
//   for five minutes). A reset further away than the client's maxRetryAfterSeconds fails the
//   waiting reads at once with kind "rateLimited" and the wait in retryAfterSeconds, so a command
//   never hangs for minutes. No budget reported (or a reset window with no limit): no gating.
//
// Fairness: reads queue per lane (a RequestLane: one list, one caller), and lanes take turns, so a
// single tree expansion waits for one slot, not behind the 199 queued pages of a long list.
// A read without a lane is a lane of its own.
//
// Cancellation: a waiting read subscribes once to its signal (through onAbort, one listener per
// signal however many reads share it) and unsubscribes when it is granted or settles; an abort
// takes it out of the queue and rejects it with an AbortError.
//
// Writes (POST, PUT, PATCH, DELETE) never queue here: they are sent at once as before, so an
// upload is never held behind a background list, its timeout and cancel mean what they meant, and
// the reserve above is what they spend. They do count against the budget estimate while unanswered.

import { createAbortError, onAbort } from "./abort";
import { CloudflareApiError } from "./errors";
import type { Logger } from "./logger";
import { budgetResetsAt, requestsLeftAt, type RateBudget } from "./rateLimit";

export interface RequestSchedulerOptions {
  /** Reads in flight at once across the client. Default 100. */
  maxInFlight?: number;
  /** Reads started in any one second. Default 100 (Cloudflare allows 200 a second per IP). */
  maxPerSecond?: number;
  /** Requests left in the window that reads never spend. Default 5% of the policy's limit, or 10. */
  reserve?: number;
}

/** What the scheduler reads from its client. */
export interface SchedulerContext {
  /** The client's clock, ms since the epoch (the clock the budget's `at` was taken with). */
  readonly now: () => number;
  readonly rateBudget: () => RateBudget | undefined;
  /** Writes sent and not yet answered: they count against the budget too. */
  readonly writesInFlight: () => number;
  /** Longest wait for a window reset; longer fails as "rateLimited". */
  readonly maxWaitSeconds: number;
  readonly logger: Logger;
}

export const DEFAULT_MAX_READS_IN_FLIGHT = 100;
export const DEFAULT_MAX_READS_PER_SECOND = 100;
/** Share of the policy's limit that reads leave alone. */
const RESERVE_SHARE = 0.05;
const RESERVE_WITHOUT_LIMIT = 10;
/** Waited past a window's reset: `t` is rounded to seconds and clocks differ a little. */
const RESET_MARGIN_MS = 1000;

/** One caller's queue: the reads of one list, or one call. */
export class RequestLane {
  constructor(readonly label: string) {}
}

/** Ends a granted read's slot; calling it more than once does nothing. */
export type ReleaseSlot = () => void;

interface Waiter {
  readonly lane: RequestLane;
  readonly path: string;
  readonly grant: (release: ReleaseSlot) => void;
  readonly reject: (error: Error) => void;
}

function boundedInteger(value: number | undefined, fallback: number, minimum: number, name: string): number {
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isFinite(value) || value < minimum) {
    throw new RangeError(`RequestScheduler: ${name} must be at least ${minimum}, got ${value}`);
  }
  return Math.floor(value);
}

export class RequestScheduler {
  readonly maxInFlight: number;
  readonly maxPerSecond: number;
  private readonly reserveOption: number | undefined;
  private readonly lanes = new Map<RequestLane, Waiter[]>();
  /** When each lane was last served, counted in grants; a lane dropped by its caller is forgotten. */
  private readonly lastServed = new WeakMap<RequestLane, number>();
  private grants = 0;
  /** performance.now() of the reads started in the last second, oldest first. */
  private readonly recentStarts: number[] = [];
  private inFlightNow = 0;
  private waitingNow = 0;
  private peak = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The reset moment last logged as waited for, so a long wait is logged once. */
  private loggedResetAt: number | undefined;

  constructor(
    private readonly context: SchedulerContext,
    options: RequestSchedulerOptions = {},
  ) {
    this.maxInFlight = boundedInteger(options.maxInFlight, DEFAULT_MAX_READS_IN_FLIGHT, 1, "maxInFlight");
    this.maxPerSecond = boundedInteger(options.maxPerSecond, DEFAULT_MAX_READS_PER_SECOND, 1, "maxPerSecond");
    this.reserveOption = options.reserve === undefined ? undefined : boundedInteger(options.reserve, 0, 0, "reserve");
  }

  /** Reads holding a slot now. */
  get inFlight(): number {
    return this.inFlightNow;
  }

  /** Reads queued for a slot now. */
  get waiting(): number {
    return this.waitingNow;
  }

  /** Most reads that held a slot at once in this scheduler's life. */
  get peakInFlight(): number {
    return this.peak;
  }

  /**
   * Requests left in the window by the last budget Cloudflare reported, less every request still
   * unanswered (reads and writes); undefined when no budget tells.
   */
  estimatedRequestsLeft(): number | undefined {
    const budget = this.context.rateBudget();
    const left = budget === undefined ? undefined : requestsLeftAt(budget, this.context.now());
    return left === undefined ? undefined : Math.max(0, left - this.inFlightNow - this.context.writesInFlight());
  }

  /**
   * Resolves with the release of a slot once the read may start; rejects with an AbortError when
   * `signal` aborts first, or with a "rateLimited" error when the budget would make it wait longer
   * than the client waits.
   */
  acquire(path: string, lane: RequestLane | undefined, signal: AbortSignal | undefined): Promise<ReleaseSlot> {
    if (signal?.aborted) {
      return Promise.reject(createAbortError());
    }
    return new Promise<ReleaseSlot>((resolve, reject) => {
      let unsubscribe = (): void => undefined;
      const waiter: Waiter = {
        lane: lane ?? new RequestLane(path),
        path,
        grant: (release) => {
          unsubscribe();
          resolve(release);
        },
        reject: (error: Error) => {
          unsubscribe();
          reject(error);
        },
      };
      this.enqueue(waiter);
      if (signal) {
        unsubscribe = onAbort(signal, () => {
          if (this.dequeue(waiter)) {
            reject(createAbortError());
            this.pump();
          }
        });
      }
      this.pump();
    });
  }

  private enqueue(waiter: Waiter): void {
    const queue = this.lanes.get(waiter.lane);
    if (queue) {
      queue.push(waiter);
    } else {
      this.lanes.set(waiter.lane, [waiter]);
    }
    this.waitingNow++;
  }

  /** Takes `waiter` out of its queue; false when it was no longer queued. */
  private dequeue(waiter: Waiter): boolean {
    const queue = this.lanes.get(waiter.lane);
    const index = queue?.indexOf(waiter) ?? -1;
    if (!queue || index < 0) {
      return false;
    }
    queue.splice(index, 1);
    if (queue.length === 0) {
      this.lanes.delete(waiter.lane);
    }
    this.waitingNow--;
    return true;
  }

  /**
   * The next waiter, lanes in turn: the lane served longest ago (or never) goes first, ties in
   * the order they queued, so a lane served a moment ago waits for every other lane's turn.
   */
  private takeNext(): Waiter | undefined {
    let chosen: { lane: RequestLane; queue: Waiter[]; servedAt: number } | undefined;
    for (const [lane, queue] of this.lanes) {
      const servedAt = this.lastServed.get(lane) ?? -1;
      if (!chosen || servedAt < chosen.servedAt) {
        chosen = { lane, queue, servedAt };
      }
    }
    const waiter = chosen?.queue.shift();
    if (!chosen || !waiter) {
      return undefined;
    }
    if (chosen.queue.length === 0) {
      this.lanes.delete(chosen.lane);
    }
    this.lastServed.set(chosen.lane, this.grants++);
    this.waitingNow--;
    return waiter;
  }

  private reserve(budget: RateBudget): number {
    return this.reserveOption ?? (budget.limit !== undefined ? Math.ceil(budget.limit * RESERVE_SHARE) : RESERVE_WITHOUT_LIMIT);
  }

  /** Starts every waiter the bounds allow, and arranges to be called again when one lifts. */
  private pump(): void {
    let admitting = false;
    while (this.waitingNow > 0) {
      if (this.inFlightNow >= this.maxInFlight) {
        // A release calls pump again.
        this.clearTimer();
        return;
      }
      const monotonic = performance.now();
      while (this.recentStarts.length > 0 && (this.recentStarts[0] ?? 0) <= monotonic - 1000) {
        this.recentStarts.shift();
      }
      // Once the second is full, waiters go when it has room for all of them (up to a second's
      // worth), not one by one as older starts age out: a read let out a moment ahead of the rest
      // would chain a round trip. Decided once per pump; then it admits while there is room.
      const wanted = Math.min(this.waitingNow, this.maxPerSecond);
      const room = this.maxPerSecond - this.recentStarts.length;
      if (room <= 0 || (room < wanted && !admitting)) {
        const lastToAge = this.recentStarts[this.recentStarts.length - this.maxPerSecond + wanted - 1] ?? monotonic;
        this.wakeIn(lastToAge + 1000 - monotonic);
        return;
      }
      admitting = true;
      if (this.budgetHolds()) {
        return;
      }
      const waiter = this.takeNext();
      if (!waiter) {
        break;
      }
      this.recentStarts.push(monotonic);
      this.inFlightNow++;
      this.peak = Math.max(this.peak, this.inFlightNow);
      let released = false;
      waiter.grant(() => {
        if (!released) {
          released = true;
          this.inFlightNow--;
          this.pump();
        }
      });
    }
    this.clearTimer();
  }

  /** True when the budget holds reads back: then a wake-up is arranged, or the waiters are failed. */
  private budgetHolds(): boolean {
    const budget = this.context.rateBudget();
    const left = this.estimatedRequestsLeft();
    if (budget === undefined || left === undefined || left > this.reserve(budget)) {
      return false;
    }
    const now = this.context.now();
    const resetAt = budgetResetsAt(budget);
    const waitMs = Math.max(0, resetAt - now) + RESET_MARGIN_MS;
    if (waitMs > this.context.maxWaitSeconds * 1000) {
      this.failWaiting(budget, left, Math.ceil(waitMs / 1000));
      return true;
    }
    if (this.loggedResetAt !== resetAt) {
      this.loggedResetAt = resetAt;
      this.context.logger.info(
        `rate budget: ${left} requests left, ${this.reserve(budget)} kept for writes and other tools; reads wait ${Math.ceil(waitMs / 1000)} s for the window to reset`,
      );
    }
    this.wakeIn(waitMs);
    return true;
  }

  private failWaiting(budget: RateBudget, left: number, waitSeconds: number): void {
    const waiters = [...this.lanes.values()].flat();
    this.lanes.clear();
    this.waitingNow = 0;
    this.clearTimer();
    this.context.logger.warn(`rate budget: ${left} requests left; ${waiters.length} reads refused rather than wait ${waitSeconds} s for the window to reset`);
    for (const waiter of waiters) {
      waiter.reject(
        new CloudflareApiError({
          kind: "rateLimited",
          method: "GET",
          path: waiter.path,
          retryAfterSeconds: waitSeconds,
          reason: `only ${left} of the requests Cloudflare allows in this window are left (${this.reserve(budget)} kept for changes and your other tools), and the window resets in ${waitSeconds} s, longer than the ${this.context.maxWaitSeconds} s this client waits`,
        }),
      );
    }
  }

  /** One wake-up at a time; the latest pump knows best when, so it replaces any earlier one. */
  private wakeIn(ms: number): void {
    this.clearTimer();
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.pump();
      },
      Math.max(0, Math.ceil(ms)),
    );
  }

  private clearTimer(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
