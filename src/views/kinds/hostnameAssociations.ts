// Which CA each hostname of a zone checks client certificates against
// (`/zones/{id}/certificate_authorities/hostname_associations`): the zone's Cloudflare-managed CA,
// and each CA uploaded to the zone's account (an account mTLS certificate with ca: true). One row
// per CA, its hostnames below it.
import { MANAGED_CA, type HostnameAssociationCa } from "../../cloudflare/hostnameAssociations";
import { CommandIds } from "../../identifiers";
import { contextValue, rowIds, type CertificateScope } from "../certificateKind";
import { zoneDashboardUrl } from "../dashboardLinks";
import { infoRow, tooltipTable, type RowView } from "../treeModel";
import { recordOfKind, type CertificateKindModule, type ChildRow } from "./certificateKindModule";

const KIND = "hostnameAssociation" as const;

/** One CA and the hostnames of the zone that ask for a client certificate it issued. */
export interface CaHostnames {
  readonly ca: HostnameAssociationCa;
  /** "Cloudflare-managed CA", or the uploaded CA's name. */
  readonly caName: string;
  readonly hostnames: readonly string[];
}

function keyOf(ca: HostnameAssociationCa): string {
  return ca.kind === "managed" ? "managed" : ca.mtlsCertificateId;
}

function variant(ca: HostnameAssociationCa): "managed" | "uploaded" {
  return ca.kind === "managed" ? "managed" : "uploaded";
}

export function mtlsHostnamesGroupRow(scope: CertificateScope): RowView {
  return {
    id: rowIds.group(KIND, scope),
    label: "mTLS Hostnames",
    tooltip: "The hostnames of this zone that ask clients for a certificate, grouped by the CA they check it against: the zone's Cloudflare-managed CA, or a CA uploaded to the account.",
    contextValue: contextValue("group", KIND),
    icon: { id: "shield" },
    collapsible: "collapsed",
    accessibilityLabel: "mTLS hostnames of the zone",
  };
}

export function caHostnamesRow(scope: CertificateScope, entry: CaHostnames): RowView {
  const count = entry.hostnames.length === 1 ? "1 hostname" : `${entry.hostnames.length} hostnames`;
  return {
    id: rowIds.certificate(KIND, scope, keyOf(entry.ca)),
    label: entry.caName,
    description: `${entry.ca.kind === "managed" ? "managed CA" : "uploaded CA"} · ${count}`,
    tooltip: tooltipTable(entry.caName, [
      ["CA", entry.ca.kind === "managed" ? "The zone's Cloudflare-managed CA" : "A CA uploaded to the account (account mTLS certificate)"],
      ["mTLS certificate ID", entry.ca.kind === "mtlsCertificate" ? entry.ca.mtlsCertificateId : undefined],
      ["Hostnames", entry.hostnames.join(", ") || "none"],
    ]),
    contextValue: contextValue(KIND, variant(entry.ca)),
    icon: { id: entry.ca.kind === "managed" ? "cloud" : "workspace-trusted" },
    collapsible: "collapsed",
    accessibilityLabel: `${entry.caName}, ${count} ask for its client certificates`,
  };
}

export const hostnameAssociations: CertificateKindModule<CaHostnames, typeof KIND> = {
  kind: KIND,
  scopes: ["zones"],
  noun: "a CA's mTLS hostnames",
  permission: "Zone · SSL and Certificates: Read",
  contextValues: [contextValue("group", KIND), contextValue(KIND, "managed"), contextValue(KIND, "uploaded"), "hostname"],

  groupRow: mtlsHostnamesGroupRow,
  emptyGroupLabel: () => "No CA can be listed for this zone.",
  async list(repository, scope) {
    const managed: CaHostnames = { ca: MANAGED_CA, caName: "Cloudflare-managed CA", hostnames: await repository.hostnameAssociations(scope.id, MANAGED_CA) };
    // Uploaded CAs are the account's mTLS CA certificates; a token that cannot list them still sees the managed CA.
    const uploaded = await repository.mtlsCertificates(scope.account.id).catch(() => []);
    const entries = await Promise.all(
      uploaded
        .filter((certificate) => certificate.ca)
        .map(async (certificate): Promise<CaHostnames> => {
          const ca: HostnameAssociationCa = { kind: "mtlsCertificate", mtlsCertificateId: certificate.id };
          return { ca, caName: certificate.name || certificate.id, hostnames: await repository.hostnameAssociations(scope.id, ca) };
        }),
    );
    return [managed, ...entries];
  },

  id: (entry) => keyOf(entry.ca),
  name: (entry) => entry.caName,
  row: caHostnamesRow,
  children(_repository, _scope, entry, rowId): Promise<readonly ChildRow[]> {
    if (entry.hostnames.length === 0) {
      return Promise.resolve([
        infoRow(rowId, "none", "No hostname asks for a certificate from this CA", {
          icon: "circle-slash",
          tooltip: "Click to choose hostnames of the zone that ask clients for a certificate issued by this CA.",
          command: { id: CommandIds.editMtlsHostnames, title: "Edit mTLS Hostnames", argument: "owner" },
        }),
      ]);
    }
    return Promise.resolve(
      entry.hostnames.map((hostname) => ({
        row: { id: `${rowId}/hostnames/${hostname}`, label: hostname, contextValue: "hostname", icon: { id: "globe" }, collapsible: "none" as const, accessibilityLabel: `mTLS hostname ${hostname}`, tooltip: tooltipTable(hostname, [["Checks client certificates against", entry.caName]]) },
      })),
    );
  },
  childrenCacheKey: () => undefined,

  pem: () => undefined,
  fingerprint: () => Promise.resolve(undefined),
  dashboardUrl: (scope) => zoneDashboardUrl(scope.account.id, scope.zone?.name ?? scope.id, "ssl-tls/client-certificates"),
};

/** The CA entry of a node of this kind; undefined for any other kind. */
export const caHostnamesOf = recordOfKind<CaHostnames>(KIND);
