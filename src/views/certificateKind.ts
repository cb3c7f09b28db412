// Pure: the one spelling of each kind of certificate the extension knows, and everything whose
// name derives from it: tree contextValues (and so package.json's `when` clauses), cache keys and
// row ids. A kind's behaviour lives in its own module under src/views/kinds/.
import type { Account, Zone } from "../cloudflare/types";

export const CERTIFICATE_KINDS = ["mtlsCertificate", "accessCertificate", "clientCertificate", "hostnameAssociation"] as const;

/**
 * Account mTLS certificates (`/accounts/{id}/mtls_certificates`), Access mTLS root certificates
 * (`/{accounts|zones}/{id}/access/certificates`), client certificates issued by a zone's
 * Cloudflare-managed CA (`/zones/{id}/client_certificates`), and which CA each hostname of a zone
 * checks (`/zones/{id}/certificate_authorities/hostname_associations`).
 */
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

/** Where Cloudflare keeps a list: an account or a zone, spelled as in the API's paths. */
export type ScopeKind = "accounts" | "zones";

/** A place certificates are listed, with the names the user reads. */
export interface CertificateScope {
  readonly kind: ScopeKind;
  readonly id: string;
  readonly account: Account;
  /** Set when kind is "zones". */
  readonly zone?: Zone;
}

export function accountScope(account: Account): CertificateScope {
  return { kind: "accounts", id: account.id, account };
}

export function zoneScope(account: Account, zone: Zone): CertificateScope {
  return { kind: "zones", id: zone.id, account, zone };
}

/** "account Acme" / "zone example.com": how messages name a scope. */
export function scopeLabel(scope: CertificateScope): string {
  return scope.zone ? `zone ${scope.zone.name}` : `account ${scope.account.name || scope.account.id}`;
}

/**
 * Flags a row's contextValue carries after its kind, so menus can ask for what a row can do
 * rather than list kinds: every certificate row has `certificate`, one with a PEM `hasPem`, one
 * that can be deleted `deletable`; a group one can upload into `uploadable`, one whose kind is
 * created here (client certificates) `creatable`; a certificate Rotate Certificate… can replace
 * `rotatable` (not a Cloudflare-managed CA, which Cloudflare renews, nor a leaf or a revoked one).
 */
export type RowFlag = "certificate" | "hasPem" | "uploadable" | "deletable" | "creatable" | "rotatable";

/** contextValue grammar: `<kind>[.<variant>]` then ` <flag>`s, e.g. "mtlsCertificate.ca certificate hasPem". */
export function contextValue(kind: string, variant: string | undefined, flags: readonly RowFlag[] = []): string {
  return [variant ? `${kind}.${variant}` : kind, ...flags].join(" ");
}

/** The cache key of a kind's list in a scope; also the prefix of everything cached below it. */
export function listCacheKey(kind: CertificateKind, scope: Pick<CertificateScope, "kind" | "id">): string {
  return `${kind}/${scope.kind}/${scope.id}`;
}

export const rowIds = {
  account: (accountId: string) => `accounts/${accountId}`,
  zonesGroup: (accountId: string) => `accounts/${accountId}/zones`,
  zone: (accountId: string, zoneId: string) => `accounts/${accountId}/zones/${zoneId}`,
  /** A kind's group in a scope: zone-scoped groups sit under their zone's row. */
  group: (kind: CertificateKind, scope: Pick<CertificateScope, "kind" | "id" | "account">) =>
    scope.kind === "accounts" ? `${rowIds.account(scope.id)}/${kind}` : `${rowIds.zone(scope.account.id, scope.id)}/${kind}`,
  certificate: (kind: CertificateKind, scope: Pick<CertificateScope, "kind" | "id" | "account">, certificateId: string) => `${rowIds.group(kind, scope)}/${certificateId}`,
};
