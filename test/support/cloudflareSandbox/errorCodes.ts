// Every error the sandbox answers with, in one table, so tests and the client's error mapping can
// name them. Codes marked "real" were seen in Cloudflare answers (the seeds, cloudflare-api.md or
// public bug reports); the others are the sandbox's choice, in the range Cloudflare uses for that
// API, and may differ from the real service.

import { zoneMtlsErrorCodes } from "./zoneMtlsErrorCodes";

export interface SandboxError {
  readonly status: number;
  readonly code: number;
  readonly message: string;
}

function error(status: number, code: number, message: string): SandboxError {
  return { status, code, message };
}

export const ErrorCodes = {
  // Authentication and request headers.
  /** real: no credentials at all. */
  missingCredentials: error(400, 9106, "Missing X-Auth-Key, X-Auth-Email or Authorization headers"),
  /** real: top-level code of header problems; the detail is in error_chain (see below). */
  invalidRequestHeaders: error(400, 6003, "Invalid request headers"),
  /** real: in error_chain of 6003 when Authorization is not "Bearer <token>". */
  invalidAuthorizationFormat: error(400, 6111, "Invalid format for Authorization header"),
  /** real: in error_chain of 6003 when a body is sent without a JSON Content-Type. */
  invalidContentType: error(400, 6105, "Invalid Content-Type header, valid values are application/json,multipart/form-data"),
  /** real: malformed JSON body. */
  malformedJson: error(400, 6007, "Malformed JSON in request body"),
  /** real: the token verify endpoints called without an Authorization header (e.g. with a Global API key). */
  missingAuthorizationHeader: error(400, 1001, 'Missing "Authorization" header'),
  /** real: unknown, revoked or wrong-owner token on a verify endpoint. */
  invalidApiToken: error(401, 1000, "Invalid API Token"),
  /** real: unknown/revoked/disabled/expired token, read-only token on a write, or no access to the account. */
  authenticationError: error(403, 10000, "Authentication error"),
  /** real: wrong Global API key or email. */
  unknownGlobalKey: error(403, 9103, "Unknown X-Auth-Key or X-Auth-Email"),

  // Routing.
  /** real. */
  noRoute: error(404, 7000, "No route for that URI"),
  /** real code; the sandbox answers 405 when the path exists but the method does not. */
  methodNotAllowed: error(405, 7001, "Method not allowed for this path"),
  /** real: message is completed with the path (couldNotRoute()). */
  couldNotRoute: error(404, 7003, "Could not route"),

  // Pagination and query parameters (sandbox choice).
  invalidPagination: error(400, 1004, "Invalid pagination parameters"),
  invalidQuery: error(400, 1005, "Invalid query parameter"),

  // Account mTLS certificates.
  /** sandbox choice: body is not an object, or a field is missing or of the wrong type. */
  mtlsInvalidBody: error(400, 1401, "Invalid request body"),
  /** sandbox choice. */
  mtlsUnknownField: error(400, 1402, "Unknown field in request body"),
  /** sandbox choice. */
  mtlsCertificateNotFound: error(404, 1404, "mTLS certificate not found"),
  /** real wording ("unable to parse certificate"); code is the sandbox's choice. */
  mtlsUnparsableCertificate: error(400, 1406, "unable to parse certificate"),
  /** sandbox choice. */
  mtlsInvalidPrivateKey: error(400, 1407, "unable to parse private key"),
  /** sandbox choice. */
  mtlsPrivateKeyMismatch: error(400, 1408, "private key does not match the certificate"),
  /** sandbox choice. */
  mtlsPrivateKeyWithCa: error(400, 1409, "a private key can only be uploaded with a leaf certificate (ca=false)"),
  /** sandbox choice. */
  mtlsNotACa: error(400, 1410, "certificate is not a CA: basicConstraints CA:TRUE is required when ca=true"),
  /** sandbox choice: CA signatures must be RSA or ECDSA with SHA-1/256/384/512. */
  mtlsUnsupportedSignature: error(400, 1411, "unsupported signature algorithm for a CA certificate"),
  /** real. */
  mtlsCaQuota: error(400, 1489, "Hit maximum CA cert allocation"),
  /** sandbox choice: DELETE while a Cloudflare service still uses the certificate. */
  mtlsCertificateInUse: error(400, 1490, "certificate is in use by one or more Cloudflare services; remove its associations first"),

  // Access mTLS certificates.
  /** sandbox choice. */
  accessInvalidBody: error(400, 12101, "access.api.error.invalid_request"),
  /** sandbox choice. */
  accessUnknownField: error(400, 12102, "access.api.error.unknown_field"),
  /** sandbox choice. */
  accessCertificateNotFound: error(404, 12104, "access.api.error.not_found"),
  /** sandbox choice. */
  accessUnparsableCertificate: error(400, 12110, "access.api.error.invalid_certificate: unable to parse certificate"),
  /** sandbox choice. */
  accessNotACa: error(400, 12111, "access.api.error.invalid_certificate: the certificate must be a CA (basicConstraints CA:TRUE)"),
  /** sandbox choice, with SandboxOptions.accessHostnameOverlap "refused": the hostname is on another certificate of the scope. */
  accessHostnameTaken: error(400, 12135, "access.api.error.hostname_already_associated: a hostname can be associated with one certificate only"),
  /** sandbox choice: Cloudflare wants the hostnames removed (update with []) before a delete. */
  accessCertificateHasHostnames: error(400, 12134, "access.api.error.certificate_has_associated_hostnames: remove the associated hostnames before deleting the certificate"),

  // Client certificates and hostname associations (zoneMtlsErrorCodes.ts).
  ...zoneMtlsErrorCodes,
  /** real (cloudflare-api.md): an associated hostname in no zone of the scope. */
  accessHostnamesOutsideZones: error(400, 12036, "access.api.error.hostnames_must_belong_to_your_domain"),
  /** code from cloudflare-api.md, wording unconfirmed: the scope holds the most Access roots allowed. */
  accessCaQuota: error(400, 12130, "access.api.error.certificate_quota_exceeded"),

  // Faults.
  /** real: Cloudflare's "slow down" answer; sent with HTTP 429. */
  rateLimited: error(429, 971, "Please wait and consider throttling your request speed"),
  /** sandbox choice. */
  internalError: error(500, 10002, "An unknown error has occurred"),
  /** sandbox choice. */
  serviceUnavailable: error(503, 10003, "Service temporarily unavailable"),
} as const satisfies Record<string, SandboxError>;

export type ErrorName = keyof typeof ErrorCodes;
