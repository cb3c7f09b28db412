// Lists every page of a paginated Cloudflare list: page 1 first, then the rest in waves of
// `maxConcurrency` pages fetched together, results kept in Cloudflare's page order.
//
// Why waves rather than a sliding pool: a wave's pages overlap, so a list of N pages costs at most
// 1 + ceil((N - 1) / maxConcurrency) sequential round trips, always. A pool can start each page
// the moment a slot frees, but under uneven latency its slots drift and chain one round trip more
// than that. Waiting for a wave's slowest page costs little for lists of this size, and the
// bound holds.
//
// How many pages there are, in order of trust:
// 1. `result_info.total_pages`;
// 2. computed from `total_count` and `per_page` when total_pages is missing;
// 3. neither: walk on, one wave at a time, until a page is shorter than per_page or empty.
//    Pages fetched past that end are dropped.
// A server that never ends is cut off at `maxPages` (default 1000) with an "invalidResponse" error
// rather than walking forever, and one that ignores `page` (answering every page with the same
// items) is stopped as soon as a page repeats an earlier one.
//
// A refused page size: where no source states an endpoint's maximum (Access lists), the caller
// names a `pageSizeKey`. If Cloudflare answers 400 about pagination, page 1 is asked for once more
// without per_page, later pages send only `page` and are counted with the per_page Cloudflare
// reports, and the client remembers the refusal under that key for the rest of its session.

import type { CloudflareClient, QueryParameters } from "./client";
import { createAbortError } from "./abort";
import { CloudflareApiError } from "./errors";
import { isRecord } from "./json";
import { arrayResult } from "./resultShapes";
import type { ResultInfo } from "./types";

export const DEFAULT_MAX_PAGES = 1000;

export interface FetchAllPagesOptions {
  query?: QueryParameters;
  /**
   * Sent as `per_page` on every page. When undefined, page 1 is requested bare (for endpoints
   * documented as unpaginated) and later pages, if Cloudflare reports any, use its own per_page.
   */
  perPage?: number;
  signal?: AbortSignal;
  /** Defaults to the client's maxConcurrency. */
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

/** Fetches `pages` in waves of `concurrency`; results in page order. */
async function fetchInWaves(pages: readonly number[], concurrency: number, fetchPage: (page: number) => Promise<Page>): Promise<Page[]> {
  const results: Page[] = [];
  for (let start = 0; start < pages.length; start += concurrency) {
    results.push(...(await Promise.all(pages.slice(start, start + concurrency).map(fetchPage))));
  }
  return results;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);
}

export async function fetchAllPages<T>(client: CloudflareClient, path: string, options: FetchAllPagesOptions = {}): Promise<T[]> {
  const concurrency = Math.max(1, Math.floor(options.maxConcurrency ?? client.maxConcurrency));
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const tooManyPages = (reason: string) => new CloudflareApiError({ kind: "invalidResponse", method: "GET", path, reason });

  // One controller for every page request: the first failure cancels the pages still in flight,
  // and the caller's signal cancels them all.
  let controller = new AbortController();
  const callerSignal = options.signal;
  if (callerSignal?.aborted) {
    throw createAbortError();
  }
  const forwardAbort = () => controller.abort();
  callerSignal?.addEventListener("abort", forwardAbort, { once: true });

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
    try {
      const response = await client.request<unknown>("GET", path, { query, signal: controller.signal });
      return { items: arrayResult(response), ...(response.resultInfo ? { info: response.resultInfo } : {}) };
    } catch (error) {
      if (firstFailure === undefined) {
        firstFailure = error;
        controller.abort();
      }
      throw error;
    }
  };
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
      controller = new AbortController();
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
      const rest = await fetchInWaves(range(2, totalPages), concurrency, fetchPage).catch(rethrowCause);
      for (const [index, page] of rest.entries()) {
        checkNotRepeated(page, index + 2);
        items.push(...page.items);
      }
      return items as T[];
    }

    // No totals: walk in waves until a short page shows the end.
    const pageSize = reportedPageSize;
    if (pageSize === undefined || first.items.length === 0 || first.items.length < pageSize) {
      return items as T[];
    }
    for (let waveStart = 2; ; waveStart += concurrency) {
      if (waveStart > maxPages) {
        throw tooManyPages(`the list did not end after ${maxPages} pages`);
      }
      const wave = range(waveStart, Math.min(waveStart + concurrency - 1, maxPages));
      const pages = await fetchInWaves(wave, concurrency, fetchPage).catch(rethrowCause);
      for (const [index, page] of pages.entries()) {
        checkNotRepeated(page, waveStart + index);
        items.push(...page.items);
        if (page.items.length === 0 || page.items.length < pageSize) {
          return items as T[];
        }
      }
    }
  } finally {
    callerSignal?.removeEventListener("abort", forwardAbort);
  }
}
