// Account mTLS certificates: upload, list, get, delete, associations.
import { CertificateParseError, checkPrivateKey, parseCertificateBundle, type CertificateFacts } from "../certificateFacts";
import { ErrorCodes } from "../errorCodes";
import { SandboxApiError, successEnvelope } from "../envelope";
import type { Route, RouteContext } from "../router";
import { requireAccount } from "../scopes";
import type { MtlsCertificateRecord, MtlsCertificateType } from "../types";
import { BodyValidator } from "../validation";

/** CAs per account (Cloudflare's default, shared by API Shield, Workers mTLS and Gateway). Only the user's own ("custom") CAs count. */
export const MAX_CA_CERTIFICATES_PER_ACCOUNT = 5;

const certificateTypes: readonly MtlsCertificateType[] = ["custom", "gateway_managed", "access_managed"];
const body = new BodyValidator({ invalid: ErrorCodes.mtlsInvalidBody, unknownField: ErrorCodes.mtlsUnknownField });

/** The API's view of a certificate: everything but what only the sandbox knows. */
export function mtlsCertificateJson(record: MtlsCertificateRecord): Record<string, unknown> {
  return {
    id: record.id,
    name: record.name,
    ca: record.ca,
    certificates: record.certificates,
    issuer: record.issuer,
    serial_number: record.serial_number,
    signature: record.signature,
    expires_on: record.expires_on,
    uploaded_on: record.uploaded_on,
    updated_at: record.updated_at,
    type: record.type,
  };
}

function accountIdOf(context: RouteContext): string {
  return requireAccount(context, context.params["accountId"] ?? "").id;
}

function certificateOf(context: RouteContext, accountId: string): MtlsCertificateRecord {
  const certificate = context.state.mtlsCertificate(accountId, context.params["certificateId"] ?? "");
  if (!certificate) {
    throw SandboxApiError.of(ErrorCodes.mtlsCertificateNotFound);
  }
  return certificate;
}

function parseUpload(pem: string): CertificateFacts[] {
  try {
    return parseCertificateBundle(pem);
  } catch (error) {
    if (error instanceof CertificateParseError) {
      throw SandboxApiError.of(ErrorCodes.mtlsUnparsableCertificate, { detail: error.message, pointer: "/certificates" });
    }
    throw error;
  }
}

function upload(context: RouteContext): MtlsCertificateRecord {
  const accountId = accountIdOf(context);
  const fields = body.object(context.body, ["ca", "certificates", "name", "private_key"]);
  const ca = body.requiredBoolean(fields, "ca");
  const certificates = body.requiredString(fields, "certificates");
  const name = body.optionalString(fields, "name");
  const privateKey = body.optionalString(fields, "private_key");
  const bundle = parseUpload(certificates);
  const [first] = bundle;
  if (!first) {
    throw SandboxApiError.of(ErrorCodes.mtlsUnparsableCertificate, { pointer: "/certificates" });
  }
  if (ca) {
    if (privateKey !== undefined) {
      throw SandboxApiError.of(ErrorCodes.mtlsPrivateKeyWithCa, { pointer: "/private_key" });
    }
    if (!bundle.every((c) => c.isCa)) {
      throw SandboxApiError.of(ErrorCodes.mtlsNotACa, { pointer: "/certificates" });
    }
    const unsupported = bundle.find((c) => !c.signatureAllowedForCa);
    if (unsupported) {
      throw SandboxApiError.of(ErrorCodes.mtlsUnsupportedSignature, { detail: unsupported.signature, pointer: "/certificates" });
    }
    const customCas = context.state.mtlsCertificates(accountId).filter((c) => c.ca && c.type === "custom").length;
    if (customCas >= MAX_CA_CERTIFICATES_PER_ACCOUNT) {
      throw SandboxApiError.of(ErrorCodes.mtlsCaQuota);
    }
  } else if (privateKey !== undefined) {
    const check = checkPrivateKey(first, privateKey);
    if (check === "unparsable") {
      throw SandboxApiError.of(ErrorCodes.mtlsInvalidPrivateKey, { pointer: "/private_key" });
    }
    if (check === "mismatch") {
      throw SandboxApiError.of(ErrorCodes.mtlsPrivateKeyMismatch, { pointer: "/private_key" });
    }
  }
  return context.state.addMtlsCertificate(accountId, { certificates, ca, name, type: "custom", hasPrivateKey: privateKey !== undefined }, first);
}

/**
 * `type` is the documented filter, as repeated keys (`type=custom&type=gateway_managed`, how the
 * SDK sends an array) or comma-separated (how its docs describe it), or both; `ca` and `name`
 * are what wrangler sends (unconfirmed).
 */
function listFilter(context: RouteContext): (record: MtlsCertificateRecord) => boolean {
  const typeValues = context.queryAll["type"];
  const types = typeValues === undefined ? undefined : typeValues.flatMap((value) => value.split(",")).map((t) => t.trim());
  const unknownType = types?.find((t) => !certificateTypes.includes(t as MtlsCertificateType));
  if (unknownType !== undefined) {
    throw SandboxApiError.of(ErrorCodes.invalidQuery, { detail: `type must be one of ${certificateTypes.join(", ")}, got "${unknownType}"` });
  }
  const caQuery = context.query["ca"];
  if (caQuery !== undefined && caQuery !== "true" && caQuery !== "false") {
    throw SandboxApiError.of(ErrorCodes.invalidQuery, { detail: `ca must be true or false, got "${caQuery}"` });
  }
  const name = context.query["name"];
  return (record) =>
    (types === undefined || types.includes(record.type)) && (caQuery === undefined || String(record.ca) === caQuery) && (name === undefined || record.name === name);
}

/** One page holding everything, as Cloudflare answers these lists. */
function singlePageInfo(count: number): { page: number; per_page: number; count: number; total_count: number; total_pages: number } {
  return { page: 1, per_page: count, count, total_count: count, total_pages: 1 };
}

export const mtlsCertificateRoutes: readonly Route[] = [
  {
    method: "POST",
    pattern: "/accounts/:accountId/mtls_certificates",
    auth: "api",
    write: true,
    jsonBody: true,
    handle: (context) => ({ envelope: successEnvelope(mtlsCertificateJson(upload(context))) }),
  },
  {
    method: "GET",
    pattern: "/accounts/:accountId/mtls_certificates",
    auth: "api",
    handle: (context) => {
      const accountId = accountIdOf(context);
      const certificates = context.state.mtlsCertificates(accountId).filter(listFilter(context));
      return { envelope: successEnvelope(certificates.map(mtlsCertificateJson), singlePageInfo(certificates.length)) };
    },
  },
  {
    method: "GET",
    pattern: "/accounts/:accountId/mtls_certificates/:certificateId",
    auth: "api",
    handle: (context) => ({ envelope: successEnvelope(mtlsCertificateJson(certificateOf(context, accountIdOf(context)))) }),
  },
  {
    method: "DELETE",
    pattern: "/accounts/:accountId/mtls_certificates/:certificateId",
    auth: "api",
    write: true,
    handle: (context) => {
      const accountId = accountIdOf(context);
      const certificate = certificateOf(context, accountId);
      if (certificate.associations.length > 0) {
        const services = certificate.associations.map((a) => a.service).join(", ");
        throw SandboxApiError.of(ErrorCodes.mtlsCertificateInUse, { detail: services });
      }
      context.state.deleteMtlsCertificate(accountId, certificate.id);
      return { envelope: successEnvelope(mtlsCertificateJson(certificate)) };
    },
  },
  {
    method: "GET",
    pattern: "/accounts/:accountId/mtls_certificates/:certificateId/associations",
    auth: "api",
    handle: (context) => {
      const associations = certificateOf(context, accountIdOf(context)).associations;
      const info = singlePageInfo(associations.length);
      return {
        envelope: successEnvelope(
          associations.map((a) => ({ service: a.service, status: a.status })),
          { page: info.page, per_page: info.per_page, count: info.count, total_count: info.total_count },
        ),
      };
    },
  },
];
