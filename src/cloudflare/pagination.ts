// Lists every page of a paginated Cloudflare list: page 1 first, then all the remaining pages at
// once, as far as the rate budget allows; results kept in Cloudflare's page order.
//
// How many pages go at once: page 1 says how many pages there are, so the rest can all go
// together, but never more than a quarter (BUDGET_SHARE) of the requests Cloudflare says are left
// in its window (less what this client has unanswered), and never more than `maxConcurrency` when
// a caller or the client sets one. Cloudflare's per-user budget (1,200 per 5 minutes, shared with
// the dashboard, Terraform and CI) is what a long list could exhaust; a 429 there blocks the user
// for five minutes. With a fresh budget (1,200 left) any list of up to 300 pages is one wave.
// A wave's pages are handed to the client's RequestScheduler together; it bounds reads across all
// callers (100 in flight and 100 started a second, for Cloudflare's 200 a second per IP; a reserve
// of the budget), so: up to 100 pages take 2 round trips, up to 200 take 3, and longer lists one
// more per 100 pages: sending them faster would break Cloudflare's own limits. After each wave
// the budget is read again for the next.
//
// Why waves rather than a sliding pool: a wave's pages overlap, so the round trips are 1 + the
// number of waves, and the budget is re-read between waves. A pool could start each page the
// moment a slot frees, but under uneven latency its slots drift and chain more round trips.
//
// How many pages there are, in order of trust:
// 1. `result_info.total_pages`;
// 2. computed from `total_count` and `per_page` when total_pages is missing;
// 3. neither: walk on, a wave at a time (4 pages, doubling each wave, within the same bounds; or
//    `maxConcurrency` when set), until a page is shorter than per_page or empty. Pages fetched
//    past that end are dropped.
// A server that never ends is cut off at `maxPages` (default 1000) with an "invalidResponse" error
// rather than walking forever, and one that ignores `page` (answering every page with the same
// items) is stopped as soon as a page repeats an earlier one.
//
// Cancellation and failure: every page has its own AbortController (so no signal carries more than
// a few listeners, however many pages are in flight), the caller's signal is subscribed to once,
// and the first failing page cancels the pages in flight or still queued, and no later wave starts.
//
// A refused page size: where no source states an endpoint's maximum (Access lists), the caller
// names a `pageSizeKey`. If Cloudflare answers 400 about pagination, page 1 is asked for once more
// without per_page, later pages send only `page` and are counted with the per_page Cloudflare
// reports, and the client remembers the refusal under that key for the rest of its session.

import type { CloudflareClient, QueryParameters } from "./client";
import { createAbortError, onAbort } from "./abort";
import { CloudflareApiError } from "./errors";
import { isRecord } from "./json";
import { RequestLane } from "./requestScheduler";
import { arrayResult } from "./resultShapes";
import type { ResultInfo } from "./types";

export const DEFAULT_MAX_PAGES = 1000;
/** Share of the requests left in Cloudflare's window that one wave of one list may spend. */
export const BUDGET_SHARE = 0.25;
/** First wave of a walk without totals; later waves double. */
const FIRST_WALK_WAVE = 4;

export interface FetchAllPagesOptions {
  query?: QueryParameters;
  /**
   * Sent as `per_page` on every page. When undefined, page 1 is requested bare (for endpoints
   * documented as unpaginated) and later pages, if Cloudflare reports any, use its own per_page.
   */
  perPage?: number;
  signal?: AbortSignal;
  /** Most pages at once. Defaults to the client's maxConcurrency; when neither is set, the budget decides. */
  maxConcurrency?: number;
  /** Defaults to 1000. */
  maxPages?: number;
  /**
   * Set for endpoints whose per_page bound is unknown: a refused `perPage` falls back to
   * Cloudflare's own page size, and the client remembers it under this key.
   */
  pageSizeKey?: string;
}

/** True for Cloudflare's 400 about page or per_page. */
export function isPageSizeRefusal(error: unknown): boolean {
  return (
    error instanceof CloudflareApiError &&
    error.status === 400 &&
    error.errors.some((entry) => /per_page|page size|pagination/i.test(entry.message))
  );
}

/** What identifies a page's content: its items' ids, or the items themselves when they have none. */
function pageSignature(items: readonly unknown[]): string {
  return JSON.stringify(items.map((item) => (isRecord(item) && typeof item.id === "string" ? item.id : item)));
}

interface Page {
  readonly items: unknown[];
  readonly info?: ResultInfo;
}

function totalPagesFrom(info: ResultInfo | undefined, pageSize: number | undefined): number | undefined {
  if (info?.total_pages !== undefined) {
    return Math.max(1, Math.ceil(info.total_pages));
  }
  if (info?.total_count !== undefined && pageSize !== undefined && pageSize > 0) {
    return Math.max(1, Math.ceil(info.total_count / pageSize));
  }
  return undefined;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);
}

export async function fetchAllPages<T>(client: CloudflareClient, path: string, options: FetchAllPagesOptions = {}): Promise<T[]> {
  const explicitCap = options.maxConcurrency ?? client.maxConcurrency;
  const cap = explicitCap === undefined ? Number.POSITIVE_INFINITY : Math.max(1, Math.floor(explicitCap));
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const tooManyPages = (reason: string) => new CloudflareApiError({ kind: "invalidResponse", method: "GET", path, reason });
  /** Pages to fetch together now, of `wanted`: within the cap and the budget's share, at least 1. */
  const waveSize = (wanted: number): number => {
    const left = client.estimatedRequestsLeft();
    const share = left === undefined ? Number.POSITIVE_INFINITY : Math.floor(left * BUDGET_SHARE);
    return Math.max(1, Math.min(wanted, cap, share));
  };

  // One controller per page: the first failure cancels the pages in flight or queued, and the
  // caller's signal (one subscription for the whole list) cancels them all.
  const callerSignal = options.signal;
  if (callerSignal?.aborted) {
    throw createAbortError();
  }
  const pageControllers = new Set<AbortController>();
  const abortPages = () => {
    for (const pageController of pageControllers) {
      pageController.abort();
    }
  };
  const stopForwarding = callerSignal ? onAbort(callerSignal, abortPages) : () => undefined;
  const lane = new RequestLane(`GET ${path}`);

  let firstFailure: unknown;
  let reportedPageSize: number | undefined;
  const { pageSizeKey } = options;
  let requestedPerPage = pageSizeKey !== undefined && client.isPageSizeRefused(pageSizeKey) ? undefined : options.perPage;
  // After a refusal, later pages name only `page`: Cloudflare then uses the size it reported.
  let pageOnly = requestedPerPage === undefined && options.perPage !== undefined;
  const fetchPage = async (page: number): Promise<Page> => {
    const bare = page === 1 && requestedPerPage === undefined;
    const query: QueryParameters = bare
      ? { ...options.query }
      : pageOnly
        ? { ...options.query, page }
        : { ...options.query, page, per_page: requestedPerPage ?? reportedPageSize };
    if (firstFailure !== undefined) {
      throw createAbortError();
    }
    const pageController = new AbortController();
    pageControllers.add(pageController);
    try {
      const response = await client.request<unknown>("GET", path, { query, signal: pageController.signal, lane });
      return { items: arrayResult(response), ...(response.resultInfo ? { info: response.resultInfo } : {}) };
    } catch (error) {
      if (firstFailure === undefined) {
        firstFailure = error;
        abortPages();
      }
      throw error;
    } finally {
      pageControllers.delete(pageController);
    }
  };
  /** Fetches `pages` together; results in page order. */
  const fetchWave = (pages: readonly number[]): Promise<Page[]> => Promise.all(pages.map(fetchPage));
  // Pages cancelled because another page failed reject with AbortErrors; report the real cause.
  const rethrowCause = (error: unknown): never => {
    throw callerSignal?.aborted ? createAbortError() : (firstFailure ?? error);
  };

  const seenPages = new Map<string, number>();
  const checkNotRepeated = (page: Page, number: number): void => {
    if (page.items.length === 0) {
      return;
    }
    const signature = pageSignature(page.items);
    const earlier = seenPages.get(signature);
    if (earlier !== undefined) {
      throw new CloudflareApiError({
        kind: "invalidResponse",
        method: "GET",
        path,
        reason: `unexpected answer from Cloudflare: page ${number} repeats the items of page ${earlier}, so the server seems to ignore \`page\`; stopped listing`,
      });
    }
    seenPages.set(signature, number);
  };

  const fetchFirstPage = async (): Promise<Page> => {
    try {
      return await fetchPage(1);
    } catch (error) {
      if (pageSizeKey === undefined || requestedPerPage === undefined || !isPageSizeRefusal(error) || callerSignal?.aborted) {
        throw error;
      }
      // Asked once more without per_page: this GET changes nothing, so it is safe to repeat.
      client.rememberRefusedPageSize(pageSizeKey, requestedPerPage);
      requestedPerPage = undefined;
      pageOnly = true;
      firstFailure = undefined;
      return await fetchPage(1);
    }
  };

  try {
    const first = await fetchFirstPage().catch(rethrowCause);
    // A per_page of 0 (an empty single-page answer) says nothing about the page size.
    const serverPageSize = first.info?.per_page;
    reportedPageSize = serverPageSize !== undefined && serverPageSize > 0 ? serverPageSize : requestedPerPage;
    checkNotRepeated(first, 1);
    const items: unknown[] = [...first.items];
    const totalPages = totalPagesFrom(first.info, reportedPageSize);

    if (totalPages !== undefined) {
      if (totalPages > maxPages) {
        throw tooManyPages(`Cloudflare reports ${totalPages} pages, more than the ${maxPages} this client fetches`);
      }
      for (let waveStart = 2; waveStart <= totalPages; ) {
        const wave = range(waveStart, waveStart + waveSize(totalPages - waveStart + 1) - 1);
        const pages = await fetchWave(wave).catch(rethrowCause);
        for (const [index, page] of pages.entries()) {
          checkNotRepeated(page, waveStart + index);
          items.push(...page.items);
        }
        waveStart += wave.length;
      }
      return items as T[];
    }

    // No totals: walk in waves until a short page shows the end.
    const pageSize = reportedPageSize;
    if (pageSize === undefined || first.items.length === 0 || first.items.length < pageSize) {
      return items as T[];
    }
    // Pages asked for past the end cost budget for nothing, so a walk starts small and doubles.
    let wanted = explicitCap === undefined ? FIRST_WALK_WAVE : cap;
    for (let waveStart = 2; ; ) {
      if (waveStart > maxPages) {
        throw tooManyPages(`the list did not end after ${maxPages} pages`);
      }
      const wave = range(waveStart, Math.min(waveStart + waveSize(wanted) - 1, maxPages));
      const pages = await fetchWave(wave).catch(rethrowCause);
      for (const [index, page] of pages.entries()) {
        checkNotRepeated(page, waveStart + index);
        items.push(...page.items);
        if (page.items.length === 0 || page.items.length < pageSize) {
          return items as T[];
        }
      }
      waveStart += wave.length;
      if (explicitCap === undefined) {
        wanted *= 2;
      }
    }
  } finally {
    stopForwarding();
  }
}
