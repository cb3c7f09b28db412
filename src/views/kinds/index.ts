// THE table of certificate kinds: one row per kind, in the order the tree shows their groups.
// The mapped type makes a missing kind a compile error. Outside its own module a kind's records
// are opaque (`unknown`): nodes only ever hand a record back to the module that listed it.
import type { CertificateKind, ScopeKind } from "../certificateKind";
import { accessCertificates } from "./accessCertificates";
import type { CertificateKindModule } from "./certificateKindModule";
import { clientCertificates } from "./clientCertificates";
import { hostnameAssociations } from "./hostnameAssociations";
import { mtlsCertificates } from "./mtlsCertificates";

export type AnyKindModule = CertificateKindModule<unknown>;

const TABLE: { readonly [K in CertificateKind]: AnyKindModule & { readonly kind: K } } = {
  mtlsCertificate: mtlsCertificates,
  accessCertificate: accessCertificates,
  clientCertificate: clientCertificates,
  hostnameAssociation: hostnameAssociations,
};

/** The kinds whose groups appear under a scope's row, in table order. */
export function kindsIn(scope: ScopeKind): readonly AnyKindModule[] {
  return Object.values(TABLE).filter((module) => module.scopes.includes(scope));
}

/** Every contextValue the kinds' rows carry. */
export function kindContextValues(): readonly string[] {
  return Object.values(TABLE).flatMap((module) => module.contextValues);
}
