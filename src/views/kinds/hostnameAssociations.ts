// Which CA each hostname of a zone checks client certificates against
// (`/zones/{id}/certificate_authorities/hostname_associations`): the zone's Cloudflare-managed CA,
// and each CA uploaded to the zone's account (an account mTLS certificate with ca: true). One row
// per CA, its hostnames below it. Cloudflare answers one CA per request, so the group lists its CA
// rows from the account's CA list alone (shared with the account's mTLS Certificates group, so
// often cached) and each CA row asks for its hostnames when it is expanded: a zone opened costs
// the same whether its account holds one CA or fifty. Hostnames loaded once come from the cache.
import { MANAGED_CA, type HostnameAssociationCa } from "../../cloudflare/hostnameAssociations";
import { CommandIds } from "../../identifiers";
import { cacheKeys } from "../certificateRepository";
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
  /** Undefined until the CA's row is expanded (the group never asks for them). */
  readonly hostnames: readonly string[] | undefined;
}

function countOf(hostnames: readonly string[]): string {
  return hostnames.length === 1 ? "1 hostname" : `${hostnames.length} hostnames`;
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
  const caLabel = entry.ca.kind === "managed" ? "managed CA" : "uploaded CA";
  const { hostnames } = entry;
  return {
    id: rowIds.certificate(KIND, scope, keyOf(entry.ca)),
    label: entry.caName,
    description: `${caLabel} · ${hostnames ? countOf(hostnames) : "expand to load hostnames"}`,
    tooltip: tooltipTable(entry.caName, [
      ["CA", entry.ca.kind === "managed" ? "The zone's Cloudflare-managed CA" : "A CA uploaded to the account (account mTLS certificate)"],
      ["mTLS certificate ID", entry.ca.kind === "mtlsCertificate" ? entry.ca.mtlsCertificateId : undefined],
      ["Hostnames", hostnames ? hostnames.join(", ") || "none" : "Expand the row to load them (one request)"],
    ]),
    contextValue: contextValue(KIND, variant(entry.ca)),
    icon: { id: entry.ca.kind === "managed" ? "cloud" : "workspace-trusted" },
    collapsible: "collapsed",
    accessibilityLabel: hostnames ? `${entry.caName}, ${countOf(hostnames)} ask for its client certificates` : `${entry.caName}, ${caLabel}: expand to load its hostnames`,
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
  // At most one request: the account's CA list, when not cached. Each CA's hostnames come from the cache if loaded.
  async list(repository, scope) {
    // Uploaded CAs are the account's mTLS CA certificates; a token that cannot list them still sees the managed CA.
    const uploaded = await repository.mtlsCertificates(scope.account.id).catch(() => []);
    const cas: { readonly ca: HostnameAssociationCa; readonly caName: string }[] = [
      { ca: MANAGED_CA, caName: "Cloudflare-managed CA" },
      ...uploaded.filter((certificate) => certificate.ca).map((certificate) => ({ ca: { kind: "mtlsCertificate", mtlsCertificateId: certificate.id } as const, caName: certificate.name || certificate.id })),
    ];
    return Promise.all(cas.map(async ({ ca, caName }): Promise<CaHostnames> => ({ ca, caName, hostnames: await repository.loadedHostnameAssociations(scope.id, ca) })));
  },

  id: (entry) => keyOf(entry.ca),
  name: (entry) => entry.caName,
  row: caHostnamesRow,
  // One request the first time a CA's row is expanded; the row then redraws with the count.
  async children(repository, scope, entry, rowId): Promise<readonly ChildRow[]> {
    const hostnames = await repository.expandedHostnameAssociations(scope.id, entry.ca);
    if (hostnames.length === 0) {
      return [
        infoRow(rowId, "none", "No hostname asks for a certificate from this CA", {
          icon: "circle-slash",
          tooltip: "Click to choose hostnames of the zone that ask clients for a certificate issued by this CA.",
          command: { id: CommandIds.editMtlsHostnames, title: "Edit mTLS Hostnames", argument: "owner" },
        }),
      ];
    }
    return hostnames.map((hostname) => ({
      row: { id: `${rowId}/hostnames/${hostname}`, label: hostname, contextValue: "hostname", icon: { id: "globe" }, collapsible: "none" as const, accessibilityLabel: `mTLS hostname ${hostname}`, tooltip: tooltipTable(hostname, [["Checks client certificates against", entry.caName]]) },
    }));
  },
  // A failed load becomes an error row whose Retry reloads the CA's hostnames.
  childrenCacheKey: (scope, entry) => cacheKeys.hostnameAssociationsOf(scope.id, entry.ca),

  pem: () => undefined,
  fingerprint: () => Promise.resolve(undefined),
  dashboardUrl: (scope) => zoneDashboardUrl(scope.account.id, scope.zone?.name ?? scope.id, "ssl-tls/client-certificates"),
};

/** The CA entry of a node of this kind; undefined for any other kind. */
export const caHostnamesOf = recordOfKind<CaHostnames>(KIND);
