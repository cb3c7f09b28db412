// Pure: what each tree row shows (label, description, icon, tooltip, contextValue, stable id) for
// the rows every kind shares: accounts, zones, and the message rows (empty, error, sign in). Each
// kind's own rows are built in its module under ./kinds/. The node classes in treeNodes.ts only
// copy these onto vscode.TreeItem, so everything a user reads in the tree is unit-tested in Node.
import type { Account, Zone } from "../cloudflare/types";
import { describeExpiry, type ExpiryState, type ExpiryStatus } from "../certificates/expiry";
import { CommandIds } from "../identifiers";
import { contextValue, rowIds } from "./certificateKind";
import type { ChildRow } from "./kinds/certificateKindModule";

/** The contextValues of the rows that belong to no kind. */
export const SHARED_CONTEXT_VALUES = ["account", "group.zones", "zone", "zone expiryPinned", "info", "error"] as const;

export interface RowIcon {
  /** Codicon id, e.g. "shield". */
  readonly id: string;
  /** Theme colour id, e.g. "list.errorForeground". */
  readonly color?: string;
}

export interface RowView {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  /** Markdown; every value from the API is escaped. */
  readonly tooltip?: string;
  readonly contextValue: string;
  readonly icon: RowIcon;
  readonly collapsible: "none" | "collapsed" | "expanded";
  readonly accessibilityLabel: string;
}

/** What expiry marks depend on: the clock and the cloudflareMtls.expiryWarningDays setting. */
export interface ExpirySettings {
  readonly now: Date;
  readonly warningDays: number;
}

const EXPIRY_ICON_COLOR: Record<ExpiryState, string | undefined> = {
  valid: undefined,
  expiring: "list.warningForeground",
  expired: "list.errorForeground",
  notYetValid: "list.warningForeground",
};

/** Escapes text for a MarkdownString so API values cannot inject links, HTML or formatting. */
export function escapeMarkdown(text: string): string {
  // Line breaks become spaces first: a value from the API must stay on its own tooltip line
  // (a break followed by "===" would turn the line above into a heading).
  return text.replace(/[\r\n\u2028\u2029]+/g, " ").replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (character) => `\\${character}`);
}

export function tooltipTable(title: string, rows: readonly (readonly [string, string | undefined])[]): string {
  const lines = [`**${escapeMarkdown(title)}**`, ""];
  for (const [name, value] of rows) {
    if (value !== undefined && value !== "") {
      lines.push(`${escapeMarkdown(name)}: ${escapeMarkdown(value)}  `);
    }
  }
  return lines.join("\n");
}

function parseDate(value: string | undefined): Date | undefined {
  if (!value) {
    return undefined;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** An instant as the extension writes it everywhere: ISO 8601 in UTC, without zero milliseconds. */
export function formatInstant(date: Date): string {
  return date.toISOString().replace(".000Z", "Z");
}

/** An API date string in our format; an unreadable one is shown as it came. */
export function formatApiDate(value: string | undefined): string | undefined {
  const date = parseDate(value);
  return date ? formatInstant(date) : value;
}

export function expiryOf(expiresOn: string | undefined, settings: ExpirySettings): ExpiryStatus | undefined {
  const notAfter = parseDate(expiresOn);
  return notAfter ? describeExpiry({ notAfter }, settings.now, settings.warningDays) : undefined;
}

/** "2027-01-01T00:00:00Z (expires in 12 days)", for tooltips. */
export function expiryText(expiresOn: string | undefined, expiry: ExpiryStatus | undefined): string | undefined {
  return expiry ? `${formatApiDate(expiresOn) ?? ""} (${expiry.label})` : formatApiDate(expiresOn);
}

/** The kind's icon, replaced by a coloured warning or error when the certificate needs attention. */
export function expiryIcon(baseIcon: string, expiry: ExpiryStatus | undefined): RowIcon {
  if (!expiry) {
    return { id: baseIcon };
  }
  const color = EXPIRY_ICON_COLOR[expiry.state];
  if (expiry.state === "expired") {
    return { id: "error", color };
  }
  if (expiry.state === "expiring" || expiry.state === "notYetValid") {
    return { id: "warning", color };
  }
  return { id: baseIcon };
}

export function accountRow(account: Account): RowView {
  return {
    id: rowIds.account(account.id),
    label: account.name || account.id,
    description: account.type === "enterprise" ? "Enterprise" : undefined,
    tooltip: tooltipTable(account.name || account.id, [
      ["Account ID", account.id],
      ["Type", account.type],
    ]),
    contextValue: "account",
    icon: { id: "organization" },
    collapsible: "expanded",
    accessibilityLabel: `Cloudflare account ${account.name || account.id}`,
  };
}

export function zonesGroupRow(accountId: string): RowView {
  return {
    id: rowIds.zonesGroup(accountId),
    label: "Zones",
    tooltip: "Zones of this account, each with its own Access mTLS certificates.",
    contextValue: contextValue("group", "zones"),
    icon: { id: "globe" },
    collapsible: "collapsed",
    accessibilityLabel: "Zones of the account",
  };
}

/** `pinned`: the zone is pinned to the expiry watch (its row then offers Unpin). */
export function zoneRow(accountId: string, zone: Zone, pinned = false): RowView {
  return {
    id: rowIds.zone(accountId, zone.id),
    label: zone.name,
    description: zone.status && zone.status !== "active" ? zone.status : undefined,
    tooltip: tooltipTable(zone.name, [
      ["Zone ID", zone.id],
      ["Status", zone.status],
    ]),
    contextValue: pinned ? "zone expiryPinned" : "zone",
    icon: { id: pinned ? "pinned" : "globe" },
    collapsible: "collapsed",
    accessibilityLabel: `Zone ${zone.name}`,
  };
}

function messageRow(id: string, label: string, icon: RowIcon, tooltip: string | undefined, isError: boolean): RowView {
  return { id, label, tooltip, contextValue: isError ? "error" : "info", icon, collapsible: "none", accessibilityLabel: label };
}

/** An information row below `ownerId` (an empty list, "no associations"…), optionally clickable. */
export function infoRow(ownerId: string, key: string, label: string, options: { icon?: string; tooltip?: string; command?: ChildRow["command"] } = {}): ChildRow {
  return { row: messageRow(`${ownerId}/${key}`, label, { id: options.icon ?? "info" }, options.tooltip ?? label, false), command: options.command };
}

/** The row of an empty certificate group: clicking it uploads into that group. */
export function uploadFirstRow(groupId: string, label: string): ChildRow {
  return infoRow(groupId, "empty", label, { icon: "cloud-upload", command: { id: CommandIds.uploadCertificate, title: "Upload Certificate", argument: "owner" } });
}

export function noZonesRow(zonesGroupId: string): ChildRow {
  return infoRow(zonesGroupId, "empty", "No zones in this account", { icon: "circle-slash" });
}

const SIGN_IN_AGAIN = { id: CommandIds.signIn, title: "Sign In Again", argument: "none" } as const;
const RETRY = { id: CommandIds.refresh, title: "Retry", argument: "retryOwner" } as const;

/** The one row a view or branch shows once Cloudflare rejected the stored credential. */
export function credentialRejectedRow(ownerId: string | undefined): ChildRow {
  const id = ownerId === undefined ? "root/rejected" : `${ownerId}/error`;
  return { row: messageRow(id, "Cloudflare rejected the credentials. Sign in again.", { id: "warning", color: "list.warningForeground" }, undefined, true), command: SIGN_IN_AGAIN };
}

/** A branch the credential may not list: valid credential, missing permission (named when the branch's kind is known). */
export function missingPermissionRow(ownerId: string | undefined, reason: string, permission?: string): ChildRow {
  return {
    row: messageRow(
      `${ownerId ?? "root"}/error`,
      permission ? `The API token lacks “${permission}”.` : "The credential lacks the permission to list these.",
      { id: "lock", color: "list.warningForeground" },
      `${reason}\n\n${permission ? `Give the API token “${permission}”` : 'Give the API token the permission (e.g. "SSL and Certificates: Read" for mTLS certificates and client certificates, "Access: Mutual TLS Certificates: Read" for Access certificates)'}, then click to retry.`,
      true,
    ),
    command: RETRY,
  };
}

/** A branch that failed to load for any other reason; clicking it loads the branch again. */
export function loadFailedRow(ownerId: string | undefined, reason: string): ChildRow {
  return {
    row: messageRow(
      `${ownerId ?? "root"}/error`,
      `Could not load: ${reason}`,
      { id: "error", color: "list.errorForeground" },
      `${reason}\n\nClick to retry. Details are in the log (Cloudflare mTLS: Show Log).`,
      true,
    ),
    command: RETRY,
  };
}
