// Which hostnames of a zone ask for a client certificate, and which CA they check it against:
// GET / PUT /zones/{zone_id}/certificate_authorities/hostname_associations (cloudflare-api.md §5).
// Without mtls_certificate_id: the account's Cloudflare-managed CA; with it: a CA uploaded to the
// zone's account mTLS certificates. The PUT replaces the list; [] clears it.
//
// Assumptions (unconfirmed; each fails loudly in the extension if Cloudflare differs):
// - The PUT must carry `hostnames` (SDK 7.3 marks it optional; the extension always sends it).
// - Hostnames are compared case-insensitively and kept lower-case, once each, in the order given.
//   A leading "*." wildcard label is accepted.
// - A hostname checks client certificates against one CA: a hostname already associated with
//   another CA of the zone is refused, not moved.
// - A CA with associated hostnames shows in its account's associations as service "api_shield",
//   status "active", once however many zones use it, and so cannot be deleted until cleared.
import { ErrorCodes } from "../errorCodes";
import { SandboxApiError, successEnvelope } from "../envelope";
import type { Route, RouteContext } from "../router";
import { requireZone } from "../scopes";
import type { SandboxState, ZoneRecord } from "../state";
import { BodyValidator } from "../validation";

export const HOSTNAME_ASSOCIATION_SERVICE = { service: "api_shield", status: "active" } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

const body = new BodyValidator({ invalid: ErrorCodes.hostnameAssociationInvalidBody, unknownField: ErrorCodes.hostnameAssociationUnknownField });

/** Checks an mTLS certificate id as Cloudflare does: a UUID of a CA in the zone's account. */
function checkCertificateId(context: RouteContext, zone: ZoneRecord, id: string | undefined, pointer: string): string | undefined {
  if (id === undefined) {
    return undefined;
  }
  if (id.length !== 36 || !UUID.test(id)) {
    throw SandboxApiError.of(ErrorCodes.hostnameAssociationInvalidCertificateId, { detail: `got "${id}"`, pointer });
  }
  const certificate = context.state.mtlsCertificate(zone.accountId, id);
  if (!certificate) {
    throw SandboxApiError.of(ErrorCodes.hostnameAssociationCertificateNotFound, { detail: id, pointer });
  }
  if (!certificate.ca) {
    throw SandboxApiError.of(ErrorCodes.hostnameAssociationNotACa, { detail: `${id} is a leaf certificate`, pointer });
  }
  return certificate.id;
}

function checkHostname(zone: ZoneRecord, raw: string, pointer: string): string {
  const hostname = raw.toLowerCase();
  const labels = hostname.startsWith("*.") ? hostname.slice(2).split(".") : hostname.split(".");
  if (hostname.length > 253 || labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
    throw SandboxApiError.of(ErrorCodes.hostnameAssociationInvalidHostname, { detail: `"${raw}"`, pointer });
  }
  const zoneName = zone.name.toLowerCase();
  const bare = hostname.startsWith("*.") ? hostname.slice(2) : hostname;
  if (bare !== zoneName && !bare.endsWith(`.${zoneName}`)) {
    throw SandboxApiError.of(ErrorCodes.hostnameAssociationOutsideZone, { detail: `"${raw}" is not in ${zone.name}`, pointer });
  }
  return hostname;
}

function describeOwner(owner: string): string {
  return owner === "managed" ? "the Cloudflare-managed CA" : `mTLS certificate ${owner}`;
}

/** Marks the CA as in use in its account's associations while any zone associates hostnames with it. */
export function syncCaInUse(state: SandboxState, accountId: string, certificateId: string): void {
  const store = state.hostnameAssociations;
  const inUse = store.zonesUsing(certificateId).length > 0;
  if (inUse === store.isMarked(certificateId)) {
    return;
  }
  const certificate = state.mtlsCertificate(accountId, certificateId);
  if (!certificate) {
    return;
  }
  const associations = [...certificate.associations];
  if (inUse) {
    associations.push({ ...HOSTNAME_ASSOCIATION_SERVICE });
  } else {
    const index = associations.findIndex((a) => a.service === HOSTNAME_ASSOCIATION_SERVICE.service && a.status === HOSTNAME_ASSOCIATION_SERVICE.status);
    if (index >= 0) {
      associations.splice(index, 1);
    }
  }
  state.setAssociations(accountId, certificateId, associations);
  store.setMarked(certificateId, inUse);
}

function replace(context: RouteContext): string[] {
  const zone = requireZone(context, context.params["zoneId"] ?? "");
  const fields = body.object(context.body, ["hostnames", "mtls_certificate_id"]);
  const requested = body.requiredStringArray(fields, "hostnames");
  const certificateId = checkCertificateId(context, zone, body.optionalString(fields, "mtls_certificate_id"), "/mtls_certificate_id");
  const hostnames: string[] = [];
  requested.forEach((raw, index) => {
    const hostname = checkHostname(zone, raw, `/hostnames/${index}`);
    const owner = context.state.hostnameAssociations.otherOwner(zone.id, certificateId, hostname);
    if (owner !== undefined) {
      throw SandboxApiError.of(ErrorCodes.hostnameAssociationTaken, { detail: `"${hostname}" uses ${describeOwner(owner)}`, pointer: `/hostnames/${index}` });
    }
    if (!hostnames.includes(hostname)) {
      hostnames.push(hostname);
    }
  });
  const stored = context.state.hostnameAssociations.setHostnames(zone.id, certificateId, hostnames);
  if (certificateId !== undefined) {
    syncCaInUse(context.state, zone.accountId, certificateId);
  }
  return stored;
}

export const hostnameAssociationRoutes: readonly Route[] = [
  {
    method: "GET",
    pattern: "/zones/:zoneId/certificate_authorities/hostname_associations",
    auth: "api",
    handle: (context) => {
      const zone = requireZone(context, context.params["zoneId"] ?? "");
      const certificateId = checkCertificateId(context, zone, context.query["mtls_certificate_id"], "mtls_certificate_id");
      return { envelope: successEnvelope({ hostnames: context.state.hostnameAssociations.hostnames(zone.id, certificateId) }) };
    },
  },
  {
    method: "PUT",
    pattern: "/zones/:zoneId/certificate_authorities/hostname_associations",
    auth: "api",
    write: true,
    jsonBody: true,
    handle: (context) => ({ envelope: successEnvelope({ hostnames: replace(context) }) }),
  },
];
