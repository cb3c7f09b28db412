// The Access mTLS root certificate kind (`/{accounts|zones}/{id}/access/certificates`): CAs that
// Cloudflare Access trusts for client certificates, per account or per zone, each with the
// hostnames it protects. Cloudflare never returns their PEM, so details come from a local file
// matched by MD5 fingerprint.
import type { AccessCertificate } from "../../cloudflare/types";
import { fingerprintHex, sameFingerprint } from "../../certificates/fingerprints";
import { settle } from "../../writeOutcome";
import { CommandIds } from "../../identifiers";
import { contextValue, rowIds, scopeLabel, type CertificateScope } from "../certificateKind";
import { zoneDashboardUrl, ZERO_TRUST_DASHBOARD } from "../dashboardLinks";
import { accessCertificateDetails } from "../detailsModel";
import { expiryIcon, expiryOf, expiryText, formatApiDate, infoRow, tooltipTable, type ExpirySettings, type RowView } from "../treeModel";
import { recordOfKind, type CertificateKindModule, type ChildRow, type KindContext, type LocalCertificateMatch } from "./certificateKindModule";

const KIND = "accessCertificate" as const;

/** Cloudflare's MD5 fingerprint of the certificate, as colon hex without its "MD5 Fingerprint=" prefix. */
export function md5Of(record: AccessCertificate): string {
  return fingerprintHex(record.fingerprint);
}

function hostnamesOf(record: AccessCertificate): readonly string[] {
  return record.associated_hostnames ?? [];
}

export function accessGroupRow(scope: CertificateScope): RowView {
  return {
    id: rowIds.group(KIND, scope),
    label: "Access Certificates",
    tooltip:
      scope.kind === "accounts"
        ? "Access mTLS root certificates of the account: CAs that Cloudflare Access trusts for client certificates."
        : "Access mTLS root certificates of this zone: CAs that Cloudflare Access trusts for client certificates on its hostnames.",
    contextValue: contextValue("group", KIND, ["uploadable"]),
    icon: { id: "lock" },
    collapsible: "collapsed",
    accessibilityLabel: scope.kind === "accounts" ? "Access certificates of the account" : "Access certificates of the zone",
  };
}

export function accessCertificateRow(scope: CertificateScope, record: AccessCertificate, settings: ExpirySettings): RowView {
  const expiry = expiryOf(record.expires_on, settings);
  const hostnames = hostnamesOf(record);
  const label = record.name || record.id;
  const hostnameText = hostnames.length === 1 ? "1 hostname" : `${hostnames.length} hostnames`;
  return {
    id: rowIds.certificate(KIND, scope, record.id),
    label,
    description: [hostnameText, expiry?.label].filter((part): part is string => Boolean(part)).join(" · "),
    tooltip: tooltipTable(label, [
      ["Kind", scope.kind === "accounts" ? "Access root CA (account)" : "Access root CA (zone)"],
      ["MD5 fingerprint", md5Of(record)],
      ["Expires", expiryText(record.expires_on, expiry)],
      ["Created", formatApiDate(record.created_at)],
      ["Updated", formatApiDate(record.updated_at)],
      ["Hostnames", hostnames.join(", ") || "none"],
      ["ID", record.id],
    ]),
    contextValue: contextValue(KIND, undefined, ["certificate", "deletable", "rotatable"]),
    icon: expiryIcon("verified", expiry),
    collapsible: "collapsed",
    accessibilityLabel: `Access certificate ${label}, ${hostnameText}, ${expiry?.label ?? "expiry unknown"}`,
  };
}

export function hostnameRow(certificateRowId: string, hostname: string): RowView {
  return {
    id: `${certificateRowId}/hostnames/${hostname}`,
    label: hostname,
    tooltip: tooltipTable(hostname, [["Associated hostname", hostname]]),
    contextValue: "hostname",
    icon: { id: "globe" },
    collapsible: "none",
    accessibilityLabel: `Associated hostname ${hostname}`,
  };
}

/** Asks for the local file of `record` until the user picks a match or cancels. */
async function pickLocalMatch(context: KindContext, record: AccessCertificate): Promise<LocalCertificateMatch | undefined> {
  const picked = await context.localFiles.pick(`Choose the Certificate File of “${record.name}”`);
  if (!picked) {
    return undefined;
  }
  if (!picked.document.certificates.some((certificate) => sameFingerprint(certificate.fingerprints.accessMd5, record.fingerprint))) {
    const found = picked.document.certificates[0]?.fingerprints.md5 ?? "none";
    await context.prompts.warning(`${picked.fileLabel} is not the certificate of “${record.name}”: its MD5 fingerprint is ${found}, Cloudflare's is ${md5Of(record)}.`);
    return undefined;
  }
  return picked;
}

export const accessCertificates: CertificateKindModule<AccessCertificate, typeof KIND> = {
  kind: KIND,
  scopes: ["accounts", "zones"],
  noun: "an Access root certificate",
  permission: "Account · Access: Mutual TLS Certificates: Read",
  contextValues: [contextValue("group", KIND, ["uploadable"]), contextValue(KIND, undefined, ["certificate", "deletable", "rotatable"]), "hostname"],

  groupRow: accessGroupRow,
  emptyGroupLabel: () => "No Access certificates yet. Upload one…",
  list: (repository, scope) => repository.accessCertificates(scope),

  id: (record) => record.id,
  name: (record) => record.name || record.id,
  expiresOn: (record) => record.expires_on,
  filterTerms: (record) => [record.name, record.id, ...record.associated_hostnames],
  row: accessCertificateRow,
  children(_repository, _scope, record, rowId): Promise<readonly ChildRow[]> {
    const hostnames = hostnamesOf(record);
    if (hostnames.length === 0) {
      return Promise.resolve([
        infoRow(rowId, "none", "No associated hostnames", {
          icon: "circle-slash",
          tooltip: "Click to associate hostnames of Access applications with this certificate.",
          command: { id: CommandIds.editHostnames, title: "Edit Associated Hostnames", argument: "owner" },
        }),
      ]);
    }
    return Promise.resolve(hostnames.map((hostname) => ({ row: hostnameRow(rowId, hostname) })));
  },
  childrenCacheKey: () => undefined,

  pem: () => undefined,
  fingerprint: (record) => Promise.resolve({ value: md5Of(record), what: "MD5 fingerprint" }),
  dashboardUrl(scope) {
    return scope.zone
      ? zoneDashboardUrl(scope.account.id, scope.zone.name, "ssl-tls/client-certificates")
      : `${ZERO_TRUST_DASHBOARD}/${encodeURIComponent(scope.account.id)}/access/service-auth/mtls`;
  },

  async details(context, scope, record) {
    const where = scopeLabel(scope);
    const match = await context.localFiles.findByMd5(record.fingerprint);
    return {
      model: accessCertificateDetails(where, record, match, context.expiry()),
      onAction: async (action, update) => {
        if (action !== "pickLocalFile") {
          return;
        }
        const picked = await pickLocalMatch(context, record);
        if (picked) {
          update(accessCertificateDetails(where, record, picked, context.expiry()));
        }
      },
    };
  },

  deletion: {
    describe(_repository, scope, record) {
    const hostnames = hostnamesOf(record);
    return Promise.resolve({
      name: record.name || record.id,
      kindLabel: "Access root certificate",
      where: scopeLabel(scope),
      consequence:
        hostnames.length > 0
          ? `Its hostnames are detached first; Access applications on ${hostnames.join(", ")} will stop accepting client certificates it signed.`
          : "No hostname uses it.",
    });
  },
    async delete(repository, scope, record, signal) {
    settle(await repository.deleteAccessCertificate(scope, record, signal), `delete of “${record.name || record.id}”`);
    return { outcome: "deleted" };
  },
  },
};


/** The AccessCertificate record of a certificate node of this kind; undefined for any other kind. */
export const accessCertificateRecordOf = recordOfKind<AccessCertificate>(KIND);
