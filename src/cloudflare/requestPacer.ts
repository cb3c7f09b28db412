// Paces background work (the expiry scan) by the rate budget Cloudflare reports, so that it never
// spends more than a share (a quarter) of what is left and never bursts. The budget is the user's,
// shared with their dashboard, Terraform and CI; a 429 blocks every call of theirs for minutes.
//
// How it works:
// - `wrap(fetch)` gives the fetch every client of the extension uses. It reads the Ratelimit
//   headers of EVERY answer (the tree's too: they spend the same budget), and it gates the
//   requests made inside `pace(work)` (an AsyncLocalStorage context, so the repository and the
//   client need not know about pacing): at most `concurrency` at once, starts at least
//   `minGapMs` apart. These waits are short (one request's duration at most), so they stay within
//   the client's per-try timeout.
// - `admit(signal)` is the long wait, taken by the background work before each read it starts:
//   it returns once the current window still has room. The window's allowance is
//   floor(share × what Cloudflare reported left at the window's start); once it is spent the
//   work waits for the window to reset. A read started while other reads are admitted counts
//   them as spent already, so admission never overshoots; a read of several pages can (by its
//   extra pages), which the next admissions pay for.
// - Cloudflare reports its window (t = seconds to reset): a reading whose window ends later
//   than the one we count in means a new window began. Readings from other work that show the
//   budget shrinking (the user's CI) tighten the allowance to share × what is left now.
// - Before any reading (or from a server that sends none) one request goes alone as a probe;
//   without headers the pacer assumes Cloudflare's documented 1,200 per 300 s (cloudflare-api.md,
//   "Rate limits"). Assumption: the headers count per user, as Cloudflare documents; if they
//   counted per token, the pacer would be more careful than needed, never less.
import { AsyncLocalStorage } from "node:async_hooks";
import { createAbortError, raceWithSignal, sleepUnlessAborted } from "./abort";
import type { Fetch } from "./http";
import { readRateBudget, type RateBudget } from "./rateLimit";

export interface PacerClock {
  /** ms since the epoch */
  now(): number;
  /** Resolves after `ms`; rejects with an AbortError when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface RequestPacerOptions {
  /** Largest share of the reported remaining budget one window's paced work may spend. Default 0.25. */
  readonly share?: number;
  /** Paced requests in flight at once. Default 2. */
  readonly concurrency?: number;
  /** Least time between the starts of two paced requests. Default 100 ms. */
  readonly minGapMs?: number;
  /** What the budget is taken to be when Cloudflare sends no headers. Default 1,200 per 300 s. */
  readonly assumedBudget?: { readonly limit: number; readonly windowSeconds: number };
  readonly clock?: PacerClock;
}

/** One rate-limit window as the pacer counted it. */
export interface PacedWindow {
  /** What Cloudflare reported left when the window was first seen (plus what paced work had spent in it by then). */
  readonly remainingAtStart: number;
  readonly allowance: number;
  /** Paced requests started in the window. */
  readonly spent: number;
  /** False while the budget was assumed (no reading yet). */
  readonly reported: boolean;
}

/** Slack for readings of the same window: Cloudflare reports whole seconds. */
const SAME_WINDOW_SLACK_MS = 1500;
/** Extra wait after a window's announced reset, so the first request surely lands in the next one. */
const RESET_MARGIN_MS = 1000;

const DEFAULT_CLOCK: PacerClock = { now: () => Date.now(), sleep: sleepUnlessAborted };

interface MutableWindow {
  endsAt: number;
  allowance: number;
  spent: number;
  remainingAtStart: number;
  reported: boolean;
  /** A window of unknown budget whose one probe request is allowed. */
  probing: boolean;
}

export class RequestPacer {
  private readonly share: number;
  private readonly concurrency: number;
  private readonly minGapMs: number;
  private readonly assumedBudget: { readonly limit: number; readonly windowSeconds: number };
  private readonly clock: PacerClock;
  private readonly context = new AsyncLocalStorage<true>();

  private latestBudget: RateBudget | undefined;
  private window: MutableWindow | undefined;
  private readonly history: MutableWindow[] = [];
  private inFlight = 0;
  /** Reads admitted whose requests have not started yet (reserved room in the window). */
  private admittedReads = 0;
  private lastStartAt = Number.NEGATIVE_INFINITY;
  private requestQueue: Promise<unknown> = Promise.resolve();
  private admitQueue: Promise<unknown> = Promise.resolve();
  private wake: (() => void) | undefined;
  private wakeSignal: Promise<void> | undefined;

  constructor(options: RequestPacerOptions = {}) {
    this.share = options.share ?? 0.25;
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 2));
    this.minGapMs = Math.max(0, options.minGapMs ?? 100);
    this.assumedBudget = options.assumedBudget ?? { limit: 1200, windowSeconds: 300 };
    this.clock = options.clock ?? DEFAULT_CLOCK;
    if (!(this.share > 0 && this.share <= 1)) {
      throw new RangeError(`RequestPacer: share must be in (0, 1], got ${this.share}`);
    }
  }

  /** The last budget Cloudflare reported, on any answer. */
  rateBudget(): RateBudget | undefined {
    return this.latestBudget;
  }

  /** The windows paced work spent requests in, oldest first. */
  windows(): readonly PacedWindow[] {
    return this.history.map((window) => ({ remainingAtStart: window.remainingAtStart, allowance: window.allowance, spent: window.spent, reported: window.reported }));
  }

  /** Runs `work` paced: every request it makes (through a wrapped fetch) waits its turn. */
  pace<T>(work: () => Promise<T>): Promise<T> {
    return this.context.run(true, work);
  }

  /** The fetch for every client: reads every answer's budget, and gates requests made inside pace(). */
  wrap(fetch: Fetch): Fetch {
    return async (url, init) => {
      const paced = this.context.getStore() === true;
      if (paced) {
        await this.startRequest(init.signal);
      }
      try {
        const response = await fetch(url, init);
        const budget = readRateBudget(response.headers, this.clock.now());
        if (budget) {
          this.observe(budget);
        }
        return response;
      } finally {
        if (paced) {
          this.inFlight -= 1;
          this.notify();
        }
      }
    };
  }

  /**
   * Waits until the current window has room for one more read, then reserves it; call `done`
   * when the read has finished (its requests are counted as they start, so a read in progress is
   * counted twice, which errs on the careful side).
   */
  admit(signal: AbortSignal): Promise<{ done(): void }> {
    const admitted = this.admitQueue.then(() => this.waitForRoom(signal));
    this.admitQueue = admitted.catch(() => undefined);
    return admitted.then(() => {
      this.admittedReads += 1;
      let released = false;
      return {
        done: () => {
          if (!released) {
            released = true;
            this.admittedReads -= 1;
            this.notify();
          }
        },
      };
    });
  }

  /** Records a reading; exposed for tests and for answers read elsewhere. */
  observe(budget: RateBudget): void {
    if (this.latestBudget && budget.at < this.latestBudget.at) {
      return;
    }
    this.latestBudget = budget;
    const endsAt = budget.at + budget.resetSeconds * 1000;
    const window = this.window;
    if (!window || !window.reported || endsAt > window.endsAt + SAME_WINDOW_SLACK_MS) {
      // First reading, a probe's answer, or a new window on Cloudflare's side.
      const replacing = window && !window.reported && this.clock.now() < window.endsAt ? window : undefined;
      const carried = replacing ? replacing.spent : this.inFlight;
      const remainingAtStart = budget.remaining + carried;
      this.startWindow({ endsAt, allowance: Math.floor(remainingAtStart * this.share), spent: carried, remainingAtStart, reported: true, probing: false }, replacing);
    } else {
      // Same window: others' spending tightens what is ours, and an earlier reset (a shorter or
      // sliding window) is the one we wait for.
      window.allowance = Math.min(window.allowance, window.spent + Math.floor(budget.remaining * this.share));
      window.endsAt = Math.min(window.endsAt, endsAt);
    }
    this.notify();
  }

  private startWindow(next: MutableWindow, replacing: MutableWindow | undefined): void {
    if (replacing) {
      Object.assign(replacing, next);
      this.window = replacing;
      return;
    }
    this.window = next;
    this.history.push(next);
  }

  /** The window now, starting a new one (from a fresh reading, or a probe) when the last one ended. */
  private currentWindow(): MutableWindow {
    const now = this.clock.now();
    if (this.window && now < this.window.endsAt) {
      return this.window;
    }
    const budget = this.latestBudget;
    const budgetEndsAt = budget ? budget.at + budget.resetSeconds * 1000 : 0;
    if (budget && budgetEndsAt > now) {
      this.startWindow({ endsAt: budgetEndsAt, allowance: Math.floor(budget.remaining * this.share), spent: 0, remainingAtStart: budget.remaining, reported: true, probing: false }, undefined);
    } else {
      // Unknown: one probe request; its answer sets the real allowance (observe).
      this.startWindow({ endsAt: now + this.assumedBudget.windowSeconds * 1000, allowance: 1, spent: 0, remainingAtStart: this.assumedBudget.limit, reported: false, probing: true }, undefined);
    }
    return this.window as MutableWindow;
  }

  private async waitForRoom(signal: AbortSignal): Promise<void> {
    for (;;) {
      if (signal.aborted) {
        throw createAbortError();
      }
      const window = this.currentWindow();
      if (window.spent + this.admittedReads < window.allowance) {
        return;
      }
      if (window.probing && (this.inFlight > 0 || this.admittedReads > 0)) {
        // The probe's answer will tell the real budget.
        await this.changed(signal);
        continue;
      }
      if (window.probing && window.spent > 0) {
        // The probe came back without headers: take the documented budget for this window.
        window.probing = false;
        window.allowance = Math.floor(this.assumedBudget.limit * this.share);
        continue;
      }
      if (this.admittedReads > 0) {
        await this.changed(signal);
        continue;
      }
      // This window's share is spent: wait for Cloudflare's reset.
      await this.clock.sleep(Math.max(0, window.endsAt - this.clock.now()) + RESET_MARGIN_MS, signal);
    }
  }

  private startRequest(signal: AbortSignal): Promise<void> {
    const started = this.requestQueue.then(async () => {
      for (;;) {
        if (signal.aborted) {
          throw createAbortError();
        }
        if (this.inFlight >= this.concurrency) {
          await this.changed(signal);
          continue;
        }
        const gap = this.lastStartAt + this.minGapMs - this.clock.now();
        if (gap > 0) {
          await this.clock.sleep(gap, signal);
          continue;
        }
        break;
      }
      this.inFlight += 1;
      this.lastStartAt = this.clock.now();
      this.currentWindow().spent += 1;
    });
    this.requestQueue = started.catch(() => undefined);
    return started;
  }

  /** Resolves at the next release or reading. */
  private changed(signal: AbortSignal): Promise<void> {
    if (!this.wakeSignal) {
      this.wakeSignal = new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    return raceWithSignal(this.wakeSignal, signal, createAbortError);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    this.wakeSignal = undefined;
    wake?.();
  }
}
