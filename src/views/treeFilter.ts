// Pure: the tree's filters (the view's title bar): only certificates that are expiring or
// expired, and a text that a certificate's name, common name or issuer, or one of its hostnames
// contains. They apply to certificate rows; a group they empty says so in one row.
import type { ExpiryStatus } from "../certificates/expiry";

export interface TreeFilter {
  readonly expiringOnly: boolean;
  /** Trimmed; "" when there is no text filter. */
  readonly text: string;
}

export const NO_FILTER: TreeFilter = { expiringOnly: false, text: "" };

export function isFiltering(filter: TreeFilter): boolean {
  return filter.expiringOnly || filter.text !== "";
}

/** Case-insensitive; every word of the text must appear in one of the terms. */
export function matchesText(text: string, terms: readonly string[]): boolean {
  const words = text.toLowerCase().split(/\s+/).filter((word) => word !== "");
  const haystack = terms.map((term) => term.toLowerCase());
  return words.every((word) => haystack.some((term) => term.includes(word)));
}

export function needsAttention(expiry: ExpiryStatus | undefined): boolean {
  return expiry?.state === "expiring" || expiry?.state === "expired";
}

/** Whether a certificate row stays shown under `filter`. */
export function matchesFilter(filter: TreeFilter, terms: readonly string[], expiry: ExpiryStatus | undefined): boolean {
  return (!filter.expiringOnly || needsAttention(expiry)) && (filter.text === "" || matchesText(filter.text, terms));
}

/** The view's description while a filter is on ("Filter: expiring · “acme”"); undefined when none is. */
export function describeFilter(filter: TreeFilter): string | undefined {
  const parts = [...(filter.expiringOnly ? ["expiring and expired"] : []), ...(filter.text ? [`“${filter.text}”`] : [])];
  return parts.length > 0 ? `Filter: ${parts.join(" · ")}` : undefined;
}

/** The row of a group whose certificates the filter all hides. */
export const FILTERED_OUT_LABEL = "No certificates match the filter";
