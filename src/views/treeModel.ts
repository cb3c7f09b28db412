// Pure: turns Cloudflare API results into what each tree row shows (label, description, icon,
// tooltip, contextValue, stable id). The node classes in treeNodes.ts only copy these onto
// vscode.TreeItem, so everything a user reads in the tree is unit-tested in plain Node.
import type { AccessCertificate, AccessScope, Account, MtlsCertificate, MtlsCertificateAssociation, Zone } from "../cloudflare/types";
import { describeExpiry, type ExpiryState, type ExpiryStatus } from "../certificates/expiry";

/** contextValue grammar `<kind>[.<variant>]`: menus in package.json match these (test/manifest.test.ts checks). */
export const CONTEXT_VALUES = [
  "account",
  "group.mtls",
  "group.access",
  "group.zones",
  "zone",
  "accountCertificate.ca",
  "accountCertificate.leaf",
  "accessCertificate",
  "association",
  "hostname",
  "info",
  "error",
] as const;

export type ContextValue = (typeof CONTEXT_VALUES)[number];

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
  readonly contextValue: ContextValue;
  readonly icon: RowIcon;
  readonly collapsible: "none" | "collapsed" | "expanded";
  readonly accessibilityLabel: string;
}

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

function tooltipTable(title: string, rows: readonly (readonly [string, string | undefined])[]): string {
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

function expiryOf(expiresOn: string | undefined, settings: ExpirySettings): ExpiryStatus | undefined {
  const notAfter = parseDate(expiresOn);
  return notAfter ? describeExpiry({ notAfter }, settings.now, settings.warningDays) : undefined;
}

function formatDate(value: string | undefined): string | undefined {
  const date = parseDate(value);
  return date ? date.toISOString().replace(".000Z", "Z") : value;
}

export const rowIds = {
  account: (accountId: string) => `account/${accountId}`,
  mtlsGroup: (accountId: string) => `account/${accountId}/mtls`,
  accessGroup: (scope: AccessScope) => `${scope.kind === "accounts" ? "account" : "zone"}/${scope.id}/access`,
  zonesGroup: (accountId: string) => `account/${accountId}/zones`,
  zone: (accountId: string, zoneId: string) => `account/${accountId}/zones/${zoneId}`,
  mtlsCertificate: (accountId: string, certificateId: string) => `account/${accountId}/mtls/${certificateId}`,
  accessCertificate: (scope: AccessScope, certificateId: string) => `${rowIds.accessGroup(scope)}/${certificateId}`,
};

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

export function mtlsGroupRow(accountId: string, count?: number): RowView {
  return {
    id: rowIds.mtlsGroup(accountId),
    label: "mTLS Certificates",
    description: count === undefined ? undefined : String(count),
    tooltip: "Account mTLS certificates: CA certificates you brought (BYO CA) and leaf certificates, used by API Shield, Workers mTLS bindings, Gateway and other Cloudflare services.",
    contextValue: "group.mtls",
    icon: { id: "shield" },
    collapsible: "collapsed",
    accessibilityLabel: "mTLS certificates of the account",
  };
}

export function accessGroupRow(scope: AccessScope, count?: number): RowView {
  return {
    id: rowIds.accessGroup(scope),
    label: "Access Certificates",
    description: count === undefined ? undefined : String(count),
    tooltip:
      scope.kind === "accounts"
        ? "Access mTLS root certificates of the account: CAs that Cloudflare Access trusts for client certificates."
        : "Access mTLS root certificates of this zone: CAs that Cloudflare Access trusts for client certificates on its hostnames.",
    contextValue: "group.access",
    icon: { id: "lock" },
    collapsible: "collapsed",
    accessibilityLabel: scope.kind === "accounts" ? "Access certificates of the account" : "Access certificates of the zone",
  };
}

export function zonesGroupRow(accountId: string, count?: number): RowView {
  return {
    id: rowIds.zonesGroup(accountId),
    label: "Zones",
    description: count === undefined ? undefined : String(count),
    tooltip: "Zones of this account, each with its own Access mTLS certificates.",
    contextValue: "group.zones",
    icon: { id: "globe" },
    collapsible: "collapsed",
    accessibilityLabel: "Zones of the account",
  };
}

export function zoneRow(accountId: string, zone: Zone): RowView {
  return {
    id: rowIds.zone(accountId, zone.id),
    label: zone.name,
    description: zone.status && zone.status !== "active" ? zone.status : undefined,
    tooltip: tooltipTable(zone.name, [
      ["Zone ID", zone.id],
      ["Status", zone.status],
    ]),
    contextValue: "zone",
    icon: { id: "globe" },
    collapsible: "collapsed",
    accessibilityLabel: `Zone ${zone.name}`,
  };
}

function expiryIcon(baseIcon: string, expiry: ExpiryStatus | undefined): RowIcon {
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

export function mtlsCertificateRow(accountId: string, certificate: MtlsCertificate, settings: ExpirySettings): RowView {
  const expiry = expiryOf(certificate.expires_on, settings);
  const kind = certificate.ca ? "CA" : "Leaf";
  const managed = certificate.type && certificate.type !== "custom" ? certificate.type.replace(/_/g, " ") : undefined;
  const label = certificate.name || certificate.id;
  const description = [kind, managed, expiry?.label].filter((part): part is string => Boolean(part)).join(" · ");
  return {
    id: rowIds.mtlsCertificate(accountId, certificate.id),
    label,
    description,
    tooltip: tooltipTable(label, [
      ["Kind", certificate.ca ? "CA certificate" : "Leaf certificate"],
      ["Managed by", managed],
      ["Issuer", certificate.issuer],
      ["Serial number", certificate.serial_number],
      ["Signature", certificate.signature],
      ["Expires", expiry ? `${formatDate(certificate.expires_on) ?? ""} (${expiry.label})` : formatDate(certificate.expires_on)],
      ["Uploaded", formatDate(certificate.uploaded_on)],
      ["ID", certificate.id],
    ]),
    contextValue: certificate.ca ? "accountCertificate.ca" : "accountCertificate.leaf",
    icon: expiryIcon(certificate.ca ? "workspace-trusted" : "key", expiry),
    collapsible: "collapsed",
    accessibilityLabel: `${kind} certificate ${label}, ${expiry?.label ?? "expiry unknown"}`,
  };
}

export function accessCertificateRow(scope: AccessScope, certificate: AccessCertificate, settings: ExpirySettings): RowView {
  const expiry = expiryOf(certificate.expires_on, settings);
  const hostnames = certificate.associated_hostnames ?? [];
  const label = certificate.name || certificate.id;
  const hostnameText = hostnames.length === 1 ? "1 hostname" : `${hostnames.length} hostnames`;
  return {
    id: rowIds.accessCertificate(scope, certificate.id),
    label,
    description: [hostnameText, expiry?.label].filter((part): part is string => Boolean(part)).join(" · "),
    tooltip: tooltipTable(label, [
      ["Kind", scope.kind === "accounts" ? "Access root CA (account)" : "Access root CA (zone)"],
      ["Fingerprint", certificate.fingerprint],
      ["Expires", expiry ? `${formatDate(certificate.expires_on) ?? ""} (${expiry.label})` : formatDate(certificate.expires_on)],
      ["Created", formatDate(certificate.created_at)],
      ["Updated", formatDate(certificate.updated_at)],
      ["Hostnames", hostnames.join(", ") || "none"],
      ["ID", certificate.id],
    ]),
    contextValue: "accessCertificate",
    icon: expiryIcon("verified", expiry),
    collapsible: "collapsed",
    accessibilityLabel: `Access certificate ${label}, ${hostnameText}, ${expiry?.label ?? "expiry unknown"}`,
  };
}

const ASSOCIATION_STATUS_ICON: Record<string, RowIcon> = {
  active: { id: "pass", color: "testing.iconPassed" },
  pending_deployment: { id: "sync", color: "list.warningForeground" },
  pending_deletion: { id: "trash", color: "list.warningForeground" },
  failed: { id: "error", color: "list.errorForeground" },
};

export function associationRow(parentId: string, association: MtlsCertificateAssociation, index: number): RowView {
  const service = association.service || "unknown service";
  const status = association.status || "unknown status";
  return {
    id: `${parentId}/associations/${index}/${service}`,
    label: service,
    description: status.replace(/_/g, " "),
    tooltip: tooltipTable(service, [
      ["Service", association.service],
      ["Status", association.status],
    ]),
    contextValue: "association",
    icon: ASSOCIATION_STATUS_ICON[status] ?? { id: "plug" },
    collapsible: "none",
    accessibilityLabel: `Used by ${service}, ${status.replace(/_/g, " ")}`,
  };
}

export function hostnameRow(parentId: string, hostname: string): RowView {
  return {
    id: `${parentId}/hostnames/${hostname}`,
    label: hostname,
    tooltip: tooltipTable(hostname, [["Associated hostname", hostname]]),
    contextValue: "hostname",
    icon: { id: "globe" },
    collapsible: "none",
    accessibilityLabel: `Associated hostname ${hostname}`,
  };
}

export function infoRow(parentId: string, key: string, label: string, icon = "info"): RowView {
  return {
    id: `${parentId}/info/${key}`,
    label,
    contextValue: "info",
    icon: { id: icon },
    collapsible: "none",
    accessibilityLabel: label,
  };
}
