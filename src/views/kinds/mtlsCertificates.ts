// The account mTLS certificate kind (`/accounts/{id}/mtls_certificates`): CAs brought by the user
// and leaf certificates, used by API Shield, Workers mTLS bindings, Gateway; each with the
// services that use it (associations). Cloudflare returns their PEM.
import { isInUseRefusal } from "../../cloudflare/inUseRefusal";
import { CommandIds } from "../../identifiers";
import { settle } from "../../writeOutcome";
import type { CertificateRepository } from "../certificateRepository";
import type { MtlsCertificate, MtlsCertificateAssociation } from "../../cloudflare/types";
import { associationService, associationStatus, describeAssociation } from "../associationText";
import { contextValue, listCacheKey, rowIds, scopeLabel, type CertificateScope } from "../certificateKind";
import { accountDashboardUrl } from "../dashboardLinks";
import { mtlsCertificateDetails } from "../detailsModel";
import { expiryIcon, expiryOf, expiryText, formatApiDate, infoRow, tooltipTable, type ExpirySettings, type RowIcon, type RowView } from "../treeModel";
import { recordOfKind, type CertificateKindModule, type ChildRow } from "./certificateKindModule";

const KIND = "mtlsCertificate" as const;

const ASSOCIATION_STATUS_ICON: Record<string, RowIcon> = {
  active: { id: "pass", color: "testing.iconPassed" },
  pending_deployment: { id: "sync", color: "list.warningForeground" },
  pending_deletion: { id: "trash", color: "list.warningForeground" },
  failed: { id: "error", color: "list.errorForeground" },
};

function variant(record: MtlsCertificate): "ca" | "leaf" {
  return record.ca ? "ca" : "leaf";
}

function managedBy(record: MtlsCertificate): string | undefined {
  return record.type && record.type !== "custom" ? record.type.replace(/_/g, " ") : undefined;
}

/** Only an uploaded (custom) CA is rotated here: Cloudflare renews the CAs it manages. */
function isRotatable(record: MtlsCertificate): boolean {
  return record.ca && managedBy(record) === undefined;
}

function kindLabel(record: MtlsCertificate): string {
  return record.ca ? "mTLS CA certificate" : "mTLS leaf certificate";
}

export function mtlsGroupRow(scope: CertificateScope): RowView {
  return {
    id: rowIds.group(KIND, scope),
    label: "mTLS Certificates",
    tooltip: "Account mTLS certificates: CA certificates you brought (BYO CA) and leaf certificates, used by API Shield, Workers mTLS bindings, Gateway and other Cloudflare services.",
    contextValue: contextValue("group", KIND, ["uploadable"]),
    icon: { id: "shield" },
    collapsible: "collapsed",
    accessibilityLabel: "mTLS certificates of the account",
  };
}

export function mtlsCertificateRow(scope: CertificateScope, record: MtlsCertificate, settings: ExpirySettings): RowView {
  const expiry = expiryOf(record.expires_on, settings);
  const kind = record.ca ? "CA" : "Leaf";
  const managed = managedBy(record);
  const label = record.name || record.id;
  const description = [kind, managed, expiry?.label].filter((part): part is string => Boolean(part)).join(" · ");
  return {
    id: rowIds.certificate(KIND, scope, record.id),
    label,
    description,
    tooltip: tooltipTable(label, [
      ["Kind", record.ca ? "CA certificate" : "Leaf certificate"],
      ["Managed by", managed],
      ["Issuer", record.issuer],
      ["Serial number", record.serial_number],
      ["Signature", record.signature],
      ["Expires", expiryText(record.expires_on, expiry)],
      ["Uploaded", formatApiDate(record.uploaded_on)],
      ["ID", record.id],
    ]),
    contextValue: contextValue(KIND, variant(record), ["certificate", "hasPem", "deletable", ...(isRotatable(record) ? (["rotatable"] as const) : [])]),
    icon: expiryIcon(record.ca ? "workspace-trusted" : "key", expiry),
    collapsible: "collapsed",
    accessibilityLabel: `${kind} certificate ${label}, ${expiry?.label ?? "expiry unknown"}`,
  };
}

export function associationRow(certificateRowId: string, association: MtlsCertificateAssociation, index: number): RowView {
  const service = associationService(association);
  const status = association.status ? associationStatus(association) : "unknown status";
  return {
    id: `${certificateRowId}/associations/${index}/${service}`,
    label: service,
    description: status,
    tooltip: tooltipTable(service, [
      ["Service", association.service],
      ["Status", association.status],
    ]),
    contextValue: "association",
    icon: ASSOCIATION_STATUS_ICON[association.status ?? ""] ?? { id: "plug" },
    collapsible: "none",
    accessibilityLabel: `Used by ${service}, ${status}`,
  };
}

/** An uploaded CA's rows for the zones whose hostnames check client certificates against it. */
async function zoneHostnameRows(repository: CertificateRepository, scope: CertificateScope, record: MtlsCertificate, rowId: string): Promise<ChildRow[]> {
  const used = await repository.zonesUsingCa(scope.account.id, record.id);
  if (!used.complete) {
    return [
      infoRow(rowId, "zoneHostnames", "Which zones' hostnames check certificates against it…", {
        icon: "search",
        tooltip: "This account has many zones: pick one to see its hostnames that ask for client certificates issued by this CA. Each zone costs one request of your rate budget.",
        command: { id: CommandIds.findCaHostnamesInZone, title: "Find mTLS Hostnames in a Zone", argument: "owner" },
      }),
    ];
  }
  return used.zones.map(({ zone, hostnames }) => ({
    row: {
      id: `${rowId}/zones/${zone.id}`,
      label: hostnames.join(", "),
      description: `mTLS hostnames of ${zone.name}`,
      tooltip: tooltipTable(zone.name, [["Hostnames that ask for a client certificate issued by this CA", hostnames.join(", ")]]),
      contextValue: "hostname",
      icon: { id: "globe" },
      collapsible: "none",
      accessibilityLabel: `Hostnames of zone ${zone.name} that check client certificates against this CA: ${hostnames.join(", ")}`,
    },
  }));
}

export const mtlsCertificates: CertificateKindModule<MtlsCertificate, typeof KIND> = {
  kind: KIND,
  scopes: ["accounts"],
  noun: "an mTLS certificate",
  permission: "Account · SSL and Certificates: Read",
  contextValues: [
    contextValue("group", KIND, ["uploadable"]),
    contextValue(KIND, "ca", ["certificate", "hasPem", "deletable", "rotatable"]),
    contextValue(KIND, "ca", ["certificate", "hasPem", "deletable"]),
    contextValue(KIND, "leaf", ["certificate", "hasPem", "deletable"]),
    "association",
  ],

  groupRow: mtlsGroupRow,
  emptyGroupLabel: () => "No mTLS certificates yet. Upload one…",
  list: (repository, scope) => repository.mtlsCertificates(scope.account.id),

  id: (record) => record.id,
  name: (record) => record.name || record.id,
  expiresOn: (record) => record.expires_on,
  filterTerms: (record) => [record.name ?? "", record.issuer, record.id],
  row: mtlsCertificateRow,
  async children(repository, scope, record, rowId): Promise<readonly ChildRow[]> {
    const [associations, zoneHostnames] = await Promise.all([repository.associations(scope.account.id, record.id), record.ca ? zoneHostnameRows(repository, scope, record, rowId) : []]);
    if (associations.length === 0 && zoneHostnames.length === 0) {
      return [infoRow(rowId, "none", "No associations", { icon: "circle-slash", tooltip: "No Cloudflare service uses this certificate: it can be deleted." })];
    }
    return [...associations.map((association, index) => ({ row: associationRow(rowId, association, index) })), ...zoneHostnames];
  },
  childrenCacheKey: (scope, record) => `${listCacheKey(KIND, scope)}/${record.id}/associations`,

  pem: (record) => record.certificates,
  async fingerprint(record, decoder) {
    const { readCertificates } = await decoder();
    const document = await readCertificates(record.certificates);
    const first = document.certificates[0];
    return first ? { value: first.fingerprints.sha256, what: "SHA-256 fingerprint" } : undefined;
  },
  /** Account mTLS certificates are API-managed; the SSL/TLS area of the account is the closest page. */
  dashboardUrl: (scope) => `${accountDashboardUrl(scope.account.id)}/ssl-tls`,

  async details(context, scope, record) {
    let document;
    let problem: string | undefined;
    try {
      const { readCertificates } = await context.decoder();
      document = await readCertificates(record.certificates);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    const associations = await context.repository.associations(scope.account.id, record.id).catch(() => undefined);
    return { model: mtlsCertificateDetails(scope.account.name, record, associations, document, problem, context.expiry()) };
  },

  deletion: {
    async describe(repository, scope, record) {
    const associations = await repository.associations(scope.account.id, record.id).catch(() => undefined);
    const zoneHostnames = record.ca ? await repository.zonesUsingCa(scope.account.id, record.id).catch(() => undefined) : undefined;
    const hostnames = zoneHostnames?.zones ?? [];
    if (hostnames.length > 0) {
      const listed = hostnames.map(({ zone, hostnames: names }) => `${names.join(", ")} (zone ${zone.name})`).join("; ");
      return {
        name: record.name || record.id,
        kindLabel: kindLabel(record),
        where: scopeLabel(scope),
        consequence: `Hostnames ask for client certificates it issued: ${listed}. They are cleared first, so those clients are no longer asked for a certificate; then the CA is deleted.`,
      };
    }
    let consequence: string;
    if (associations === undefined) {
      consequence = "Its associations could not be checked; Cloudflare refuses the delete if a service still uses it.";
    } else if (associations.length === 0) {
      consequence = "No Cloudflare service uses it.";
    } else {
      consequence = `In use by ${associations.map(describeAssociation).join(", ")}: Cloudflare will refuse to delete it until it is removed from ${associations.length === 1 ? "that service" : "those services"}.`;
    }
    return { name: record.name || record.id, kindLabel: kindLabel(record), where: scopeLabel(scope), consequence };
  },
    async delete(repository, scope, record, signal) {
    // A CA that hostnames check certificates against is in use: clear them first (the confirmation said so).
    const zoneHostnames = record.ca ? await repository.zonesUsingCa(scope.account.id, record.id).catch(() => undefined) : undefined;
    const zoneIds = (zoneHostnames?.zones ?? []).map(({ zone }) => zone.id);
    try {
      settle(await repository.deleteMtlsCertificate(scope.account.id, record.id, signal, zoneIds), `delete of “${record.name || record.id}”`);
      return { outcome: "deleted" };
    } catch (error) {
      if (isInUseRefusal(error)) {
        return { outcome: "inUse", message: `Cloudflare refused to delete “${record.name || record.id}”: it is still in use by a Cloudflare service. Remove it from those services first.` };
      }
      throw error;
    }
  },
  },
};

/** The MtlsCertificate record of a certificate node of this kind; undefined for any other kind. */
export const mtlsCertificateRecordOf = recordOfKind<MtlsCertificate>(KIND);
