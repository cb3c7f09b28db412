// The errors of the zone-scoped mTLS routes: client certificates from the managed CA and hostname
// associations. Part of ErrorCodes (errorCodes.ts spreads them in). Neither the 2024 schema nor
// SDK 7.3 lists these endpoints' error codes or wording, so every one here is the sandbox's choice
// (in the 1000-1999 range of Cloudflare's validation errors) and may differ from the real service.
import type { SandboxError } from "./errorCodes";

function error(status: number, code: number, message: string): SandboxError {
  return { status, code, message };
}

export const zoneMtlsErrorCodes = {
  // Client certificates.
  clientCertificateInvalidBody: error(400, 1101, "Invalid request body"),
  clientCertificateUnknownField: error(400, 1102, "Unknown field in request body"),
  clientCertificateNotFound: error(404, 1104, "Client certificate not found"),
  /** Not PEM, not a CERTIFICATE REQUEST block, or not PKCS#10 inside. */
  clientCertificateInvalidCsr: error(400, 1110, "Invalid CSR: unable to parse the certificate signing request"),
  clientCertificateCsrSignature: error(400, 1111, "Invalid CSR: the signature is not valid"),
  clientCertificateCsrKey: error(400, 1112, "Invalid CSR: unsupported public key"),
  clientCertificateInvalidValidity: error(400, 1113, "Invalid validity_days"),
  /** DELETE of a certificate that is not active. */
  clientCertificateNotActive: error(400, 1120, "The client certificate is not active, so it cannot be revoked"),
  /** PATCH of a certificate that is neither revoked nor pending revocation. */
  clientCertificateNotRevoked: error(400, 1121, "Only a revoked or pending_revocation client certificate can be reactivated"),

  // Hostname associations.
  hostnameAssociationInvalidBody: error(400, 1201, "Invalid request body"),
  hostnameAssociationUnknownField: error(400, 1202, "Unknown field in request body"),
  hostnameAssociationInvalidCertificateId: error(400, 1203, "mtls_certificate_id must be a 36-character UUID"),
  hostnameAssociationCertificateNotFound: error(404, 1204, "No mTLS certificate with this mtls_certificate_id in the zone's account"),
  hostnameAssociationNotACa: error(400, 1205, "mtls_certificate_id must name a CA certificate (uploaded with ca: true)"),
  hostnameAssociationInvalidHostname: error(400, 1206, "Invalid hostname"),
  hostnameAssociationOutsideZone: error(400, 1207, "Hostname does not belong to this zone"),
  hostnameAssociationTaken: error(400, 1208, "Hostname is already associated with another certificate authority in this zone"),
} as const satisfies Record<string, SandboxError>;
