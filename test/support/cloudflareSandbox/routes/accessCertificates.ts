// Access mTLS certificates and hostname settings, under /accounts/{id} and /zones/{id} alike.
import { CertificateParseError, parseCertificateBundle, type CertificateFacts } from "../certificateFacts";
import { ErrorCodes } from "../errorCodes";
import { SandboxApiError, successEnvelope } from "../envelope";
import { pageOf, readPageRequest } from "../pagination";
import type { Route, RouteContext } from "../router";
import { requireAccessScope } from "../scopes";
import type { AccessCertificateRecord, AccessScope, AccessScopeKind, HostnameSetting } from "../types";
import { BodyValidator } from "../validation";

/** Access roots per scope: the sandbox's choice (Cloudflare's quota is not published). */
export const MAX_ACCESS_CERTIFICATES_PER_SCOPE = 50;

/**
 * Associated hostnames must belong to the scope: to the zone itself (or a subdomain of it) for a
 * zone, to one of the account's zones for an account. Cloudflare answers 12036 otherwise.
 */
function requireHostnamesInScope(context: RouteContext, scope: AccessScope, hostnames: readonly string[], pointer: string): void {
  const zoneNames =
    scope.kind === "zones" ? [context.state.zone(scope.id)?.name ?? ""] : context.state.zones(scope.id).map((zone) => zone.name);
  const outside = hostnames.filter((hostname) => {
    const name = hostname.toLowerCase().replace(/^\*\./, "");
    return !zoneNames.some((zone) => zone !== "" && (name === zone || name.endsWith(`.${zone}`)));
  });
  if (outside.length > 0) {
    throw SandboxApiError.of(ErrorCodes.accessHostnamesOutsideZones, { detail: outside.join(", "), pointer });
  }
}

/**
 * With the sandbox's accessHostnameOverlap "refused", a hostname already associated with another
 * certificate of the scope is refused (12135); "allowed" (the default) lets both keep it.
 */
function requireHostnamesFree(context: RouteContext, scope: AccessScope, certificateId: string | undefined, hostnames: readonly string[], pointer: string): void {
  if (context.state.accessHostnameOverlap === "allowed") {
    return;
  }
  const others = context.state.accessCertificates(scope).filter((certificate) => certificate.id !== certificateId);
  for (const [index, hostname] of hostnames.entries()) {
    const owner = others.find((certificate) => certificate.associated_hostnames.some((taken) => taken.toLowerCase() === hostname.toLowerCase()));
    if (owner) {
      throw SandboxApiError.of(ErrorCodes.accessHostnameTaken, { detail: `"${hostname}" is associated with ${owner.id}`, pointer: `${pointer}/${index}` });
    }
  }
}

const body = new BodyValidator({ invalid: ErrorCodes.accessInvalidBody, unknownField: ErrorCodes.accessUnknownField });

/** The API's view: the PEM is never returned. */
export function accessCertificateJson(record: AccessCertificateRecord): Record<string, unknown> {
  return {
    id: record.id,
    name: record.name,
    associated_hostnames: [...record.associated_hostnames],
    fingerprint: record.fingerprint,
    expires_on: record.expires_on,
    created_at: record.created_at,
    updated_at: record.updated_at,
  };
}

/** Parses an Access root: every certificate in it must be a CA. Throws the API's error. */
export function parseAccessRoot(pem: string): CertificateFacts {
  let bundle: CertificateFacts[];
  try {
    bundle = parseCertificateBundle(pem);
  } catch (error) {
    if (error instanceof CertificateParseError) {
      throw SandboxApiError.of(ErrorCodes.accessUnparsableCertificate, { detail: error.message, pointer: "/certificate" });
    }
    throw error;
  }
  const [first] = bundle;
  if (!first || !bundle.every((c) => c.isCa)) {
    throw SandboxApiError.of(ErrorCodes.accessNotACa, { pointer: "/certificate" });
  }
  return first;
}

function certificateOf(context: RouteContext, scope: AccessScope): AccessCertificateRecord {
  const certificate = context.state.accessCertificate(scope, context.params["certificateId"] ?? "");
  if (!certificate) {
    throw SandboxApiError.of(ErrorCodes.accessCertificateNotFound);
  }
  return certificate;
}

function readSettings(value: unknown): HostnameSetting[] {
  const fields = body.object(value, ["settings"]);
  const entries = body.requiredArray(fields, "settings");
  const settings = entries.map((entry, index) => {
    const pointer = `/settings/${index}`;
    const setting = body.object(entry, ["hostname", "china_network", "client_certificate_forwarding"], pointer);
    return {
      hostname: body.requiredString(setting, "hostname", pointer),
      china_network: body.requiredBoolean(setting, "china_network", pointer),
      client_certificate_forwarding: body.requiredBoolean(setting, "client_certificate_forwarding", pointer),
    };
  });
  const seen = new Set<string>();
  for (const [index, setting] of settings.entries()) {
    if (seen.has(setting.hostname)) {
      throw body.invalid(`/settings/${index}/hostname`, `repeats "${setting.hostname}"`);
    }
    seen.add(setting.hostname);
  }
  return settings;
}

function routesFor(kind: AccessScopeKind): Route[] {
  const base = `/${kind}/:scopeId/access/certificates`;
  const scopeOf = (context: RouteContext): AccessScope => requireAccessScope(context, kind, context.params["scopeId"] ?? "");
  return [
    {
      method: "GET",
      pattern: base,
      auth: "api",
      handle: (context) => {
        const scope = scopeOf(context);
        const limits = { min: 1, max: context.accessMaxPerPage };
        const page = pageOf(context.state.accessCertificates(scope), readPageRequest(context.query, limits, context.defaultPerPage));
        return { envelope: successEnvelope(page.items.map(accessCertificateJson), page.resultInfo) };
      },
    },
    {
      method: "POST",
      pattern: base,
      auth: "api",
      write: true,
      jsonBody: true,
      handle: (context) => {
        const scope = scopeOf(context);
        const fields = body.object(context.body, ["name", "certificate", "associated_hostnames"]);
        const name = body.requiredString(fields, "name");
        const certificate = body.requiredString(fields, "certificate");
        const hostnames = body.optionalStringArray(fields, "associated_hostnames");
        const facts = parseAccessRoot(certificate);
        requireHostnamesInScope(context, scope, hostnames ?? [], "/associated_hostnames");
        requireHostnamesFree(context, scope, undefined, hostnames ?? [], "/associated_hostnames");
        if (context.state.accessCertificates(scope).length >= MAX_ACCESS_CERTIFICATES_PER_SCOPE) {
          throw SandboxApiError.of(ErrorCodes.accessCaQuota);
        }
        const record = context.state.addAccessCertificate(scope, { name, certificate, associated_hostnames: hostnames }, facts);
        // Cloudflare's schema: the add answers 201 Created.
        return { status: 201, envelope: successEnvelope(accessCertificateJson(record)) };
      },
    },
    {
      method: "GET",
      pattern: `${base}/settings`,
      auth: "api",
      handle: (context) => ({ envelope: successEnvelope(context.state.hostnameSettings(scopeOf(context))) }),
    },
    {
      method: "PUT",
      pattern: `${base}/settings`,
      auth: "api",
      write: true,
      jsonBody: true,
      handle: (context) => {
        const scope = scopeOf(context);
        // Cloudflare's schema: the settings PUT answers 202 Accepted.
        return { status: 202, envelope: successEnvelope(context.state.setHostnameSettings(scope, readSettings(context.body))) };
      },
    },
    {
      method: "GET",
      pattern: `${base}/:certificateId`,
      auth: "api",
      handle: (context) => ({ envelope: successEnvelope(accessCertificateJson(certificateOf(context, scopeOf(context)))) }),
    },
    {
      method: "PUT",
      pattern: `${base}/:certificateId`,
      auth: "api",
      write: true,
      jsonBody: true,
      handle: (context) => {
        const scope = scopeOf(context);
        const existing = certificateOf(context, scope);
        // The certificate itself cannot be changed, so "certificate" is an unknown field here.
        const fields = body.object(context.body, ["name", "associated_hostnames"]);
        const hostnames = body.requiredStringArray(fields, "associated_hostnames");
        const name = body.optionalString(fields, "name");
        requireHostnamesInScope(context, scope, hostnames, "/associated_hostnames");
        requireHostnamesFree(context, scope, existing.id, hostnames, "/associated_hostnames");
        const updated = context.state.updateAccessCertificate(scope, existing.id, { name, associated_hostnames: hostnames });
        return { envelope: successEnvelope(accessCertificateJson(updated)) };
      },
    },
    {
      method: "DELETE",
      pattern: `${base}/:certificateId`,
      auth: "api",
      write: true,
      handle: (context) => {
        const scope = scopeOf(context);
        const existing = certificateOf(context, scope);
        if (existing.associated_hostnames.length > 0) {
          throw SandboxApiError.of(ErrorCodes.accessCertificateHasHostnames, { detail: existing.associated_hostnames.join(", ") });
        }
        context.state.deleteAccessCertificate(scope, existing.id);
        return { envelope: successEnvelope({ id: existing.id }) };
      },
    },
  ];
}

export const accessCertificateRoutes: readonly Route[] = [...routesFor("accounts"), ...routesFor("zones")];
