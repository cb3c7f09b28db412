// The client certificate kind (`/zones/{id}/client_certificates`): certificates the zone's
// Cloudflare-managed CA issued from a CSR (the key stays where it was made). They are revoked
// and reactivated rather than deleted; revoked ones are listed only when the user asks.
import { isPendingStatus, type ClientCertificate } from "../../cloudflare/clientCertificates";
import { CommandIds } from "../../identifiers";
import { contextValue, rowIds, type CertificateScope } from "../certificateKind";
import { zoneDashboardUrl } from "../dashboardLinks";
import { clientCertificateDetails } from "../detailsModel";
import { expiryIcon, expiryOf, expiryText, formatApiDate, infoRow, tooltipTable, type ExpirySettings, type RowIcon, type RowView } from "../treeModel";
import { recordOfKind, type CertificateKindModule } from "./certificateKindModule";

const KIND = "clientCertificate" as const;

const STATUS_ICON: Record<string, RowIcon> = {
  revoked: { id: "circle-slash", color: "list.errorForeground" },
  pending_revocation: { id: "sync", color: "list.warningForeground" },
  pending_reactivation: { id: "sync", color: "list.warningForeground" },
};

/** "active", "pending revocation", …; a status Cloudflare adds later is shown as it came. */
export function statusText(certificate: ClientCertificate): string {
  return (certificate.status ?? "unknown status").replace(/_/g, " ");
}

/** The variant in the row's contextValue, so Revoke and Reactivate appear only where they work. */
function variant(certificate: ClientCertificate): "active" | "revoked" | "pending" {
  if (isPendingStatus(certificate.status)) {
    return "pending";
  }
  return certificate.status === "revoked" ? "revoked" : "active";
}

function nameOf(certificate: ClientCertificate): string {
  return certificate.common_name || certificate.id;
}

export function clientCertificatesGroupRow(scope: CertificateScope): RowView {
  return {
    id: rowIds.group(KIND, scope),
    label: "Client Certificates",
    tooltip: "Client certificates issued by this zone's Cloudflare-managed CA. Create one here: the private key is made on this machine and never sent.",
    contextValue: contextValue("group", KIND, ["creatable"]),
    icon: { id: "account" },
    collapsible: "collapsed",
    accessibilityLabel: "Client certificates of the zone",
  };
}

export function clientCertificateRow(scope: CertificateScope, certificate: ClientCertificate, settings: ExpirySettings): RowView {
  const expiry = expiryOf(certificate.expires_on, settings);
  const label = nameOf(certificate);
  const status = certificate.status && certificate.status !== "active" ? statusText(certificate) : undefined;
  const live = variant(certificate) === "active";
  return {
    id: rowIds.certificate(KIND, scope, certificate.id),
    label,
    description: [status, live ? expiry?.label : undefined].filter((part): part is string => Boolean(part)).join(" · "),
    tooltip: tooltipTable(label, [
      ["Kind", "Client certificate (Cloudflare-managed CA)"],
      ["Status", statusText(certificate)],
      ["Issued by", certificate.certificate_authority?.name],
      ["Serial number", certificate.serial_number],
      ["Expires", expiryText(certificate.expires_on, expiry)],
      ["Issued", formatApiDate(certificate.issued_on)],
      ["SHA-256", certificate.fingerprint_sha256],
      ["ID", certificate.id],
    ]),
    contextValue: contextValue(KIND, variant(certificate), ["certificate", "hasPem", ...(variant(certificate) === "active" ? (["rotatable"] as const) : [])]),
    icon: STATUS_ICON[certificate.status ?? ""] ?? expiryIcon("account", expiry),
    collapsible: "none",
    accessibilityLabel: `Client certificate ${label}, ${statusText(certificate)}${live ? `, ${expiry?.label ?? "expiry unknown"}` : ""}`,
  };
}

export const clientCertificates: CertificateKindModule<ClientCertificate, typeof KIND> = {
  kind: KIND,
  scopes: ["zones"],
  noun: "a client certificate",
  permission: "Zone · SSL and Certificates: Read",
  contextValues: [
    contextValue("group", KIND, ["creatable"]),
    contextValue(KIND, "active", ["certificate", "hasPem", "rotatable"]),
    contextValue(KIND, "revoked", ["certificate", "hasPem"]),
    contextValue(KIND, "pending", ["certificate", "hasPem"]),
  ],

  groupRow: clientCertificatesGroupRow,
  emptyGroupLabel: () => "No client certificates yet. Create one…",
  emptyGroupCommand: { id: CommandIds.createClientCertificate, title: "Create Client Certificate", argument: "owner" },
  async list(repository, scope) {
    const all = await repository.clientCertificates(scope.id);
    return repository.showRevokedClientCertificates ? all : all.filter((certificate) => certificate.status !== "revoked");
  },
  async groupFooter(repository, scope, groupId) {
    if (repository.showRevokedClientCertificates) {
      return undefined;
    }
    const revoked = (await repository.clientCertificates(scope.id)).filter((certificate) => certificate.status === "revoked").length;
    return revoked === 0
      ? undefined
      : infoRow(groupId, "revokedHidden", `${revoked} revoked ${revoked === 1 ? "certificate" : "certificates"} hidden`, {
          icon: "eye-closed",
          tooltip: "Click to list revoked client certificates too.",
          command: { id: CommandIds.toggleRevokedClientCertificates, title: "Show Revoked Client Certificates", argument: "none" },
        });
  },

  id: (certificate) => certificate.id,
  name: nameOf,
  expiresOn: (certificate) => (certificate.status === "revoked" ? undefined : certificate.expires_on),
  filterTerms: (certificate) => [certificate.common_name ?? "", certificate.id, certificate.organization ?? "", certificate.organizational_unit ?? ""],
  row: clientCertificateRow,
  children: () => Promise.resolve([]),
  childrenCacheKey: () => undefined,

  pem: (certificate) => certificate.certificate,
  async fingerprint(certificate, decoder) {
    if (certificate.fingerprint_sha256) {
      return { value: certificate.fingerprint_sha256, what: "SHA-256 fingerprint" };
    }
    if (!certificate.certificate) {
      return undefined;
    }
    const { readCertificates } = await decoder();
    const first = (await readCertificates(certificate.certificate)).certificates[0];
    return first ? { value: first.fingerprints.sha256, what: "SHA-256 fingerprint" } : undefined;
  },
  dashboardUrl: (scope) => zoneDashboardUrl(scope.account.id, scope.zone?.name ?? scope.id, "ssl-tls/client-certificates"),

  async details(context, scope, certificate) {
    let document;
    let problem: string | undefined;
    try {
      const { readCertificates } = await context.decoder();
      document = await readCertificates(certificate.certificate ?? "");
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    const facts = {
      id: certificate.id,
      commonName: certificate.common_name,
      status: certificate.status,
      issuerName: certificate.certificate_authority?.name,
      issuedOn: certificate.issued_on,
      expiresOn: certificate.expires_on,
      serialNumber: certificate.serial_number,
      fingerprintSha256: certificate.fingerprint_sha256,
      validityDays: certificate.validity_days,
    };
    return { model: clientCertificateDetails(scope.zone?.name ?? scope.id, facts, document, problem, context.expiry()) };
  },
};

/** The client certificate record of a certificate node of this kind; undefined for any other kind. */
export const clientCertificateRecordOf = recordOfKind<ClientCertificate>(KIND);
