// Pure: how an mTLS certificate's association (a Cloudflare service using it) reads everywhere:
// its tree row, its details view and the delete confirmation.
import type { MtlsCertificateAssociation } from "../cloudflare/types";

export function associationService(association: MtlsCertificateAssociation): string {
  return association.service || "unknown service";
}

export function associationStatus(association: MtlsCertificateAssociation): string {
  return (association.status || "unknown").replace(/_/g, " ");
}

/** "api_shield (active)". */
export function describeAssociation(association: MtlsCertificateAssociation): string {
  return `${associationService(association)} (${associationStatus(association)})`;
}
