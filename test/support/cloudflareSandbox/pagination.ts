// page / per_page parsing and slicing. Cloudflare refuses out-of-range values rather than
// clamping them, and so does the sandbox, so a client that sends a bad page size finds out here.
import { ErrorCodes } from "./errorCodes";
import { SandboxApiError, type ResultInfo } from "./envelope";

export interface PerPageLimits {
  readonly min: number;
  readonly max: number;
}

/** Accounts and zones (confirmed: per_page 5..50). */
export const accountAndZoneLimits: PerPageLimits = { min: 5, max: 50 };

export interface PageRequest {
  readonly page: number;
  readonly perPage: number;
}

export function readPageRequest(query: Readonly<Record<string, string>>, limits: PerPageLimits, defaultPerPage: number): PageRequest {
  const page = query["page"] === undefined ? 1 : parsePositiveInteger(query["page"], "page");
  if (page < 1) {
    throw SandboxApiError.of(ErrorCodes.invalidPagination, { detail: "page must be an integer of at least 1" });
  }
  if (query["per_page"] === undefined) {
    return { page, perPage: defaultPerPage };
  }
  const perPage = parsePositiveInteger(query["per_page"], "per_page");
  if (perPage < limits.min || perPage > limits.max) {
    throw SandboxApiError.of(ErrorCodes.invalidPagination, { detail: `per_page must be an integer between ${limits.min} and ${limits.max}` });
  }
  return { page, perPage };
}

export function pageOf<T>(items: readonly T[], request: PageRequest): { items: T[]; resultInfo: ResultInfo } {
  const start = (request.page - 1) * request.perPage;
  const pageItems = items.slice(start, start + request.perPage);
  return {
    items: pageItems,
    resultInfo: {
      page: request.page,
      per_page: request.perPage,
      count: pageItems.length,
      total_count: items.length,
      total_pages: Math.ceil(items.length / request.perPage),
    },
  };
}

function parsePositiveInteger(text: string, name: string): number {
  if (!/^\d{1,9}$/.test(text)) {
    throw SandboxApiError.of(ErrorCodes.invalidPagination, { detail: `${name} must be an integer, got "${text}"` });
  }
  return Number(text);
}
