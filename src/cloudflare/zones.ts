// An account's zones (cloudflare-api.md §3): a page at a time, so an account with thousands of
// zones shows its first rows after one request, and found by name with Cloudflare's own filter.
//
// GET /zones takes `name` with a filter operator in front of the value (the schema's examples:
// "example.com", "contains:.org", "starts_with:dev"); `contains` compares case-insensitively
// (its case-sensitive twin is `contains_case_sensitive`). The schema's result_info for zones has
// `total_count` but no `total_pages`, and describes total_count as "Total results available
// without any search parameters". Assumption: with a `name` filter it counts the matches (what
// the listing pages through). Should Cloudflare count the unfiltered zones instead, a later page
// comes back short or empty, and `hasMore` ends the listing there: never a page repeated or skipped.
import type { CloudflareClient } from "./client";
import { fetchAllPages } from "./pagination";
import { arrayResult, recordItems, type RecordShape } from "./resultShapes";
import type { RequestOptions, Zone } from "./types";

/** Cloudflare's largest page of zones (schema: per_page 5..50, refused outside). */
export const ZONE_PAGE_SIZE = 50;
/** The schema's maxLength of the `name` parameter, operator included. */
const NAME_PARAMETER_MAX_LENGTH = 253;
const CONTAINS = "contains:";

const ZONE_SHAPE: RecordShape = {
  id: { type: "string", required: true },
  name: { type: "string", required: true },
  status: { type: "string" },
  account: { type: "object", required: true, fields: { id: { type: "string", required: true }, name: { type: "string", empty: "" } } },
};

export interface ZonePageRequest extends RequestOptions {
  /** 1-based. */
  readonly page: number;
  /** Only zones whose name contains this text, compared case-insensitively (zoneNameProblem first). */
  readonly nameContains?: string;
}

export interface ZonePage {
  readonly zones: readonly Zone[];
  readonly page: number;
  /** How many zones the listing holds in all, when Cloudflare says. */
  readonly totalCount: number | undefined;
  /** Whether the next page may hold more zones. */
  readonly hasMore: boolean;
}

/** Why `text` cannot be searched for in zone names, or undefined when it can. */
export function zoneNameProblem(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") {
    return "Type part of a zone name, e.g. “shop” or “.org”.";
  }
  if (/\s/.test(trimmed)) {
    return "Zone names have no spaces: type one part of a name.";
  }
  if (CONTAINS.length + trimmed.length > NAME_PARAMETER_MAX_LENGTH) {
    return `Type at most ${NAME_PARAMETER_MAX_LENGTH - CONTAINS.length} characters: no zone name is longer.`;
  }
  return undefined;
}

/** One page of the account's zones, in Cloudflare's order; one request. */
export async function listZonePage(client: CloudflareClient, accountId: string, request: ZonePageRequest): Promise<ZonePage> {
  const nameContains = request.nameContains?.trim();
  const problem = nameContains === undefined ? undefined : zoneNameProblem(nameContains);
  if (problem !== undefined) {
    throw new RangeError(problem);
  }
  const query = {
    "account.id": accountId,
    ...(nameContains === undefined ? {} : { name: `${CONTAINS}${nameContains}` }),
    page: request.page,
    per_page: ZONE_PAGE_SIZE,
  };
  const response = await client.request<unknown>("GET", "/zones", { query, signal: request.signal });
  const zones = recordItems<Zone>(arrayResult(response), ZONE_SHAPE, { method: "GET", path: "/zones" });
  const info = response.resultInfo;
  const perPage = info?.per_page !== undefined && info.per_page > 0 ? info.per_page : ZONE_PAGE_SIZE;
  const totalCount = info?.total_count ?? undefined;
  // A short or empty page ends the listing whatever the count says (see the file comment).
  const full = zones.length >= perPage;
  const hasMore = full && (totalCount === undefined || request.page * perPage < totalCount);
  return { zones, page: request.page, totalCount, hasMore };
}

/** Every zone of the account, all pages: for what needs them all, never the tree. */
export async function listZones(client: CloudflareClient, accountId: string, options: RequestOptions = {}): Promise<Zone[]> {
  const items = await fetchAllPages<unknown>(client, "/zones", { query: { "account.id": accountId }, perPage: ZONE_PAGE_SIZE, signal: options.signal });
  return recordItems<Zone>(items, ZONE_SHAPE, { method: "GET", path: "/zones" });
}
