// When and how long to wait before trying a request again. Pure arithmetic, so the client's retry
// loop stays readable and these rules are tested on their own.

export interface BackoffSettings {
  /** Delay ceiling of the first retry; doubles on each further retry. */
  readonly baseDelayMs: number;
  /** No single delay exceeds this, however many retries came before. */
  readonly maxDelayMs: number;
  /** In [0, 1). Injected so tests choose the jitter. */
  readonly random: () => number;
}

/**
 * Capped exponential backoff with full jitter: a uniform pick in [0, min(cap, base * 2^retry)).
 * Full jitter spreads clients that failed together, so they do not return in lockstep.
 * `retryIndex` is 0 for the first retry.
 */
export function backoffDelayMs(retryIndex: number, settings: BackoffSettings): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** retryIndex);
  const fraction = Math.min(Math.max(settings.random(), 0), 1);
  return Math.floor(ceiling * fraction);
}

/**
 * Reads a Retry-After header: delta-seconds ("120", decimals tolerated) or an HTTP-date.
 * Returns undefined when absent or unreadable; a date in the past means "now" (0).
 */
export function parseRetryAfterSeconds(header: string | null | undefined, nowMs: number): number | undefined {
  const value = header?.trim();
  if (!value) {
    return undefined;
  }
  if (/^\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  // HTTP-dates (IMF-fixdate, RFC 850, asctime) all start with a day name; Date.parse alone would
  // also accept things like "-5" as a year.
  const dateMs = /^[A-Za-z]{3}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(dateMs)) {
    return undefined;
  }
  return Math.max(0, Math.ceil((dateMs - nowMs) / 1000));
}
