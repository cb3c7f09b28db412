// Pure: what the expiry watch says about a scan's certificates: which need attention (expiring
// within cloudflareMtls.expiryWarningDays, or expired), soonest first, and the status bar item's
// text, colour and tooltip, for every state of the scan.
import { describeExpiry, type ExpiryStatus } from "../certificates/expiry";
import { escapeMarkdown, formatInstant } from "../views/treeModel";
import type { CertificateKind } from "../views/certificateKind";
import type { CertificateLocation } from "../views/certificateLocation";

/** One certificate the watch knows the expiry of. */
export interface WatchedCertificate {
  readonly kind: CertificateKind;
  readonly location: CertificateLocation;
  readonly name: string;
  /** "account Acme" / "zone example.com". */
  readonly where: string;
  readonly notAfter: Date;
}

export interface AttentionEntry {
  readonly certificate: WatchedCertificate;
  readonly expiry: ExpiryStatus;
}

/** Expiring and expired certificates, soonest first. */
export function needingAttention(certificates: readonly WatchedCertificate[], now: Date, warningDays: number): AttentionEntry[] {
  return certificates
    .map((certificate) => ({ certificate, expiry: describeExpiry({ notAfter: certificate.notAfter }, now, warningDays) }))
    .filter((entry) => entry.expiry.state === "expiring" || entry.expiry.state === "expired")
    .sort((a, b) => a.certificate.notAfter.getTime() - b.certificate.notAfter.getTime());
}

export interface WatchState {
  readonly scanning: boolean;
  /** Undefined before the first scan finished. */
  readonly entries: readonly AttentionEntry[] | undefined;
  /** What the last scan could not read (or why it failed), one line each. */
  readonly failures: readonly string[];
  /** Zones not looked through (accounts above the zone limit, neither expanded nor pinned). */
  readonly zonesSkipped: number;
}

export interface StatusBarView {
  readonly visible: boolean;
  /** With codicons, e.g. "$(warning) 3 expiring". */
  readonly text: string;
  /** Theme colour id of the background, or undefined. */
  readonly backgroundColor?: "statusBarItem.warningBackground" | "statusBarItem.errorBackground";
  /** Markdown; API values escaped. */
  readonly tooltip: string;
  readonly accessibilityLabel: string;
}

/** How many the tooltip lists before "and N more". */
const TOOLTIP_ENTRIES = 5;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export function counts(entries: readonly AttentionEntry[]): { readonly expired: number; readonly expiring: number } {
  const expired = entries.filter((entry) => entry.expiry.state === "expired").length;
  return { expired, expiring: entries.length - expired };
}

/** "2 expired, 3 expiring" / "3 expiring" / "" */
export function countsText(entries: readonly AttentionEntry[]): string {
  const { expired, expiring } = counts(entries);
  return [...(expired > 0 ? [`${expired} expired`] : []), ...(expiring > 0 ? [`${expiring} expiring`] : [])].join(", ");
}

/** "api-ca (account Acme): expires in 3 days, 2026-12-05T00:00:00Z" */
export function describeEntry(entry: AttentionEntry): string {
  return `${entry.certificate.name} (${entry.certificate.where}): ${entry.expiry.label}, ${formatInstant(entry.certificate.notAfter)}`;
}

export function statusBarView(state: WatchState): StatusBarView {
  const entries = state.entries ?? [];
  const summary = countsText(entries);
  const failed = state.failures.length > 0;
  const lines: string[] = [];
  if (entries.length > 0) {
    lines.push(`**Cloudflare mTLS: ${escapeMarkdown(summary)}**`, "");
    for (const entry of entries.slice(0, TOOLTIP_ENTRIES)) {
      lines.push(`- ${escapeMarkdown(describeEntry(entry))}`);
    }
    if (entries.length > TOOLTIP_ENTRIES) {
      lines.push(`- and ${entries.length - TOOLTIP_ENTRIES} more`);
    }
  }
  if (state.zonesSkipped > 0) {
    lines.push("", `${escapeMarkdown(plural(state.zonesSkipped, "zone"))} not checked (accounts with many zones: only zones you expanded or pinned).`);
  }
  if (failed) {
    lines.push("", `The last check could not read ${escapeMarkdown(plural(state.failures.length, "list"))}; details are in the log.`);
  }
  if (state.scanning) {
    lines.push("", "Checking certificates' expiry… Click to see them or to cancel.");
  } else if (entries.length > 0 || failed) {
    lines.push("", "Click to see them, soonest first.");
  }
  const tooltip = lines.join("\n").trim();
  const { expired } = counts(entries);
  const backgroundColor = expired > 0 ? "statusBarItem.errorBackground" : entries.length > 0 ? "statusBarItem.warningBackground" : undefined;
  if (state.scanning) {
    const text = `$(sync~spin) ${summary || "Checking expiry"}`;
    return { visible: true, text, backgroundColor, tooltip, accessibilityLabel: `Checking certificate expiry${summary ? `: ${summary}` : ""}` };
  }
  if (entries.length === 0 && !failed) {
    return { visible: false, text: "", tooltip: "", accessibilityLabel: "" };
  }
  const icon = expired > 0 ? "$(error)" : entries.length > 0 ? "$(warning)" : "$(shield)";
  const mark = failed ? " $(alert)" : "";
  const text = `${icon} ${summary || "Expiry check failed"}${mark}`;
  return { visible: true, text, backgroundColor, tooltip, accessibilityLabel: `Cloudflare mTLS certificates: ${summary || "none expiring"}${failed ? ", the last check failed in part" : ""}` };
}
