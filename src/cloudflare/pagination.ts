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
// rather than walking forever.

import type { CloudflareClient, QueryParameters } from "./client";
import { createAbortError } from "./abort";
import { CloudflareApiError } from "./errors";
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
  const controller = new AbortController();
  const callerSignal = options.signal;
  if (callerSignal?.aborted) {
    throw createAbortError();
  }
  const forwardAbort = () => controller.abort();
  callerSignal?.addEventListener("abort", forwardAbort, { once: true });

  let firstFailure: unknown;
  let reportedPageSize: number | undefined;
  const fetchPage = async (page: number): Promise<Page> => {
    const bare = page === 1 && options.perPage === undefined;
    const perPage = options.perPage ?? reportedPageSize;
    const query: QueryParameters = bare ? { ...options.query } : { ...options.query, page, per_page: perPage };
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

  try {
    const first = await fetchPage(1).catch(rethrowCause);
    // A per_page of 0 (an empty single-page answer) says nothing about the page size.
    const serverPageSize = first.info?.per_page;
    reportedPageSize = serverPageSize !== undefined && serverPageSize > 0 ? serverPageSize : options.perPage;
    const items: unknown[] = [...first.items];
    const totalPages = totalPagesFrom(first.info, reportedPageSize);

    if (totalPages !== undefined) {
      if (totalPages > maxPages) {
        throw tooManyPages(`Cloudflare reports ${totalPages} pages, more than the ${maxPages} this client fetches`);
      }
      const rest = await fetchInWaves(range(2, totalPages), concurrency, fetchPage).catch(rethrowCause);
      for (const page of rest) {
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
      for (const page of pages) {
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
