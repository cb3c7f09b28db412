// Client certificates issued by the Cloudflare-managed CA: /zones/{zone_id}/client_certificates
// (cloudflare-api.md §4): create from a CSR, list (status filter, pages), get, revoke (DELETE),
// reactivate (PATCH).
//
// Assumptions (unconfirmed; each fails loudly in the extension if Cloudflare differs):
// - validity_days is an integer from 1 to 5475 (15 years, the longest the dashboard offers).
// - A list without `status` lists every status, as `status=all` does.
// - `limit` and `offset` (in the schema, not in SDK 7.3's pagination) cut the filtered list
//   before `page`/`per_page` slice it.
// - Only an active certificate can be revoked; a revoked or pending_revocation one can be
//   reactivated (the schema names pending_revocation; the dashboard also restores revoked ones).
// - PATCH takes SDK 7.3's body, `{}` or `{ "reactivate": true }`; the 2024 schema gives none.
// - The list's result_info has page, per_page, count and total_count, no total_pages (schema).
import type { ClientCertificateRecord, ClientCertificateStatus } from "../clientCertificateStore";
import { CLIENT_CERTIFICATE_STATUSES } from "../clientCertificateStore";
import { CsrError, readCsr, type CsrFacts } from "../csrFacts";
import { ErrorCodes } from "../errorCodes";
import { SandboxApiError, successEnvelope } from "../envelope";
import { pageOf, readPageRequest, type PerPageLimits } from "../pagination";
import type { Route, RouteContext } from "../router";
import { requireZone } from "../scopes";
import type { ZoneRecord } from "../state";
import { BodyValidator } from "../validation";

export const MIN_VALIDITY_DAYS = 1;
export const MAX_VALIDITY_DAYS = 5475;
/** Schema: per_page 5..50, default 20. */
export const clientCertificateLimits: PerPageLimits = { min: 5, max: 50 };
const DEFAULT_PER_PAGE = 20;

const body = new BodyValidator({ invalid: ErrorCodes.clientCertificateInvalidBody, unknownField: ErrorCodes.clientCertificateUnknownField });

/** The API's view of a client certificate. */
export function clientCertificateJson(record: ClientCertificateRecord): Record<string, unknown> {
  return {
    id: record.id,
    certificate: record.certificate,
    certificate_authority: { id: record.certificate_authority.id, name: record.certificate_authority.name },
    common_name: record.common_name,
    country: record.country,
    organization: record.organization,
    organizational_unit: record.organizational_unit,
    location: record.location,
    state: record.state,
    csr: record.csr,
    expires_on: record.expires_on,
    issued_on: record.issued_on,
    fingerprint_sha256: record.fingerprint_sha256,
    serial_number: record.serial_number,
    signature: record.signature,
    ski: record.ski,
    status: record.status,
    validity_days: record.validity_days,
  };
}

function zoneOf(context: RouteContext): ZoneRecord {
  return requireZone(context, context.params["zoneId"] ?? "");
}

function certificateOf(context: RouteContext, zone: ZoneRecord): ClientCertificateRecord {
  const certificate = context.state.clientCertificates.get(zone.id, context.params["clientCertificateId"] ?? "");
  if (!certificate) {
    throw SandboxApiError.of(ErrorCodes.clientCertificateNotFound);
  }
  return certificate;
}

/** Checks a CSR as the managed CA does; the refusal says what is wrong with it. */
export function checkCsr(pem: string): CsrFacts {
  try {
    return readCsr(pem);
  } catch (error) {
    if (error instanceof CsrError) {
      const refusal = {
        notCsr: ErrorCodes.clientCertificateInvalidCsr,
        badSignature: ErrorCodes.clientCertificateCsrSignature,
        unsupportedKey: ErrorCodes.clientCertificateCsrKey,
      }[error.refusal];
      throw SandboxApiError.of(refusal, { detail: error.message, pointer: "/csr" });
    }
    throw error;
  }
}

/** An integer in range; anything else is refused. */
export function checkValidityDays(value: unknown): number {
  if (value === undefined) {
    throw body.invalid("/validity_days", "is required");
  }
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw body.invalid("/validity_days", "must be an integer");
  }
  if (value < MIN_VALIDITY_DAYS || value > MAX_VALIDITY_DAYS) {
    throw SandboxApiError.of(ErrorCodes.clientCertificateInvalidValidity, {
      detail: `must be between ${MIN_VALIDITY_DAYS} and ${MAX_VALIDITY_DAYS} days, got ${value}`,
      pointer: "/validity_days",
    });
  }
  return value;
}

function create(context: RouteContext): ClientCertificateRecord {
  const zone = zoneOf(context);
  const fields = body.object(context.body, ["csr", "validity_days"]);
  const csrPem = body.requiredString(fields, "csr");
  const validityDays = checkValidityDays(fields["validity_days"]);
  const csr = checkCsr(csrPem);
  return context.state.clientCertificates.issue(zone, csrPem, csr, validityDays);
}

function nonNegativeInteger(context: RouteContext, name: string): number | undefined {
  const text = context.query[name];
  if (text === undefined) {
    return undefined;
  }
  if (!/^\d{1,9}$/.test(text)) {
    throw SandboxApiError.of(ErrorCodes.invalidQuery, { detail: `${name} must be an integer of 0 or more, got "${text}"` });
  }
  return Number(text);
}

function list(context: RouteContext): { items: Record<string, unknown>[]; info: { page: number; per_page: number; count: number; total_count: number } } {
  const zone = zoneOf(context);
  const status = context.query["status"];
  if (status !== undefined && status !== "all" && !CLIENT_CERTIFICATE_STATUSES.includes(status as ClientCertificateStatus)) {
    throw SandboxApiError.of(ErrorCodes.invalidQuery, { detail: `status must be one of all, ${CLIENT_CERTIFICATE_STATUSES.join(", ")}, got "${status}"` });
  }
  const pageRequest = readPageRequest(context.query, clientCertificateLimits, DEFAULT_PER_PAGE);
  const offset = nonNegativeInteger(context, "offset") ?? 0;
  const limit = nonNegativeInteger(context, "limit");
  const matching = context.state.clientCertificates.list(zone.id).filter((record) => status === undefined || status === "all" || record.status === status);
  const cut = matching.slice(offset, limit === undefined ? undefined : offset + limit);
  const { items, resultInfo } = pageOf(cut, pageRequest);
  return {
    items: items.map(clientCertificateJson),
    info: { page: resultInfo.page, per_page: resultInfo.per_page, count: resultInfo.count, total_count: resultInfo.total_count },
  };
}

function revoke(context: RouteContext): ClientCertificateRecord {
  const zone = zoneOf(context);
  const certificate = certificateOf(context, zone);
  if (certificate.status !== "active") {
    throw SandboxApiError.of(ErrorCodes.clientCertificateNotActive, { detail: `its status is ${certificate.status}` });
  }
  return context.state.clientCertificates.startTransition(zone.id, certificate.id, "pending_revocation");
}

function reactivate(context: RouteContext): ClientCertificateRecord {
  const zone = zoneOf(context);
  const fields = body.object(context.body, ["reactivate"]);
  if (fields["reactivate"] !== undefined && fields["reactivate"] !== true) {
    throw body.invalid("/reactivate", "must be true when given");
  }
  const certificate = certificateOf(context, zone);
  if (certificate.status !== "revoked" && certificate.status !== "pending_revocation") {
    throw SandboxApiError.of(ErrorCodes.clientCertificateNotRevoked, { detail: `its status is ${certificate.status}` });
  }
  return context.state.clientCertificates.startTransition(zone.id, certificate.id, "pending_reactivation");
}

export const clientCertificateRoutes: readonly Route[] = [
  {
    method: "POST",
    pattern: "/zones/:zoneId/client_certificates",
    auth: "api",
    write: true,
    jsonBody: true,
    handle: (context) => ({ envelope: successEnvelope(clientCertificateJson(create(context))) }),
  },
  {
    method: "GET",
    pattern: "/zones/:zoneId/client_certificates",
    auth: "api",
    handle: (context) => {
      const { items, info } = list(context);
      return { envelope: successEnvelope(items, info) };
    },
  },
  {
    method: "GET",
    pattern: "/zones/:zoneId/client_certificates/:clientCertificateId",
    auth: "api",
    handle: (context) => ({ envelope: successEnvelope(clientCertificateJson(certificateOf(context, zoneOf(context)))) }),
  },
  {
    method: "DELETE",
    pattern: "/zones/:zoneId/client_certificates/:clientCertificateId",
    auth: "api",
    write: true,
    handle: (context) => ({ envelope: successEnvelope(clientCertificateJson(revoke(context))) }),
  },
  {
    method: "PATCH",
    pattern: "/zones/:zoneId/client_certificates/:clientCertificateId",
    auth: "api",
    write: true,
    jsonBody: true,
    handle: (context) => ({ envelope: successEnvelope(clientCertificateJson(reactivate(context))) }),
  },
];
