// Which hostnames of a zone ask clients for a certificate, and which CA they check it against:
// /zones/{zone_id}/certificate_authorities/hostname_associations (cloudflare-api.md §5).
// Needs the zone token permission "SSL and Certificates" Read (get) or Edit (replace).
//
// The CA is the zone's Cloudflare-managed CA when no mtls_certificate_id is given, otherwise a CA
// uploaded to the zone's account mTLS certificates (a 36-character UUID of a certificate with
// ca: true). While hostnames are associated with an uploaded CA, Cloudflare counts it as in use
// and refuses to delete it.

import { domainToASCII } from "node:url";
import type { CloudflareClient } from "./client";
import { CloudflareApiError } from "./errors";
import type { CloudflareResponse, RequestOptions } from "./types";

/** The CA whose hostnames are meant: the managed CA, or an uploaded (BYO) CA by its mTLS id. */
export type HostnameAssociationCa = { readonly kind: "managed" } | { readonly kind: "mtlsCertificate"; readonly mtlsCertificateId: string };

export const MANAGED_CA: HostnameAssociationCa = { kind: "managed" };

export interface HostnameAssociations {
  hostnames: string[];
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * The hostname as Cloudflare keeps it: trimmed, lower-cased, an internationalised name in its
 * ASCII (punycode) form; a leading "*." wildcard label is kept. Undefined when it cannot be
 * written in ASCII at all.
 */
export function normalizeHostname(hostname: string): string | undefined {
  const trimmed = hostname.trim().toLowerCase();
  const wildcard = trimmed.startsWith("*.");
  const bare = wildcard ? trimmed.slice(2) : trimmed;
  const ascii = /^[\x21-\x7e]*$/.test(bare) ? bare : domainToASCII(bare);
  return ascii === "" ? undefined : `${wildcard ? "*." : ""}${ascii}`;
}

/**
 * Why `hostname` cannot be associated in the zone named `zoneName`, or undefined when it can.
 * The rules the sandbox applies (a DNS name of LDH labels, at most 253 characters, in the zone or
 * the zone's apex itself, an optional leading "*." wildcard); for live validation of input.
 */
export function hostnameProblem(hostname: string, zoneName: string): string | undefined {
  if (hostname.trim() === "") {
    return "Enter a hostname, such as api." + zoneName + ".";
  }
  const normalized = normalizeHostname(hostname);
  const bare = normalized?.startsWith("*.") ? normalized.slice(2) : normalized;
  const labels = bare?.split(".") ?? [];
  if (normalized === undefined || bare === undefined || normalized.length > 253 || labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
    return `“${hostname.trim()}” is not a valid hostname: use letters, digits and hyphens in dot-separated labels, such as api.${zoneName}.`;
  }
  const zone = zoneName.toLowerCase();
  if (bare !== zone && !bare.endsWith(`.${zone}`)) {
    return `“${hostname.trim()}” is not in the zone ${zoneName}: only ${zoneName} and its subdomains can be associated here.`;
  }
  return undefined;
}

function associationsPath(zoneId: string): string {
  return `/zones/${encodeURIComponent(zoneId)}/certificate_authorities/hostname_associations`;
}

function certificateIdOf(ca: HostnameAssociationCa): string | undefined {
  return ca.kind === "managed" ? undefined : ca.mtlsCertificateId;
}

/** `{ hostnames: string[] }`; a missing or null list reads as empty, anything else is refused. */
function hostnamesResult(response: CloudflareResponse<unknown>): HostnameAssociations {
  const { result } = response;
  const unexpected = (reason: string) => new CloudflareApiError({ kind: "invalidResponse", method: response.method, path: response.path, status: response.status, reason });
  if (typeof result !== "object" || result === null || Array.isArray(result)) {
    throw unexpected("the result is not an object");
  }
  const hostnames = (result as { hostnames?: unknown }).hostnames;
  if (hostnames === undefined || hostnames === null) {
    return { hostnames: [] };
  }
  if (!Array.isArray(hostnames) || !hostnames.every((hostname): hostname is string => typeof hostname === "string")) {
    throw unexpected("`hostnames` is not an array of strings");
  }
  return { hostnames: [...hostnames] };
}

/** The hostnames of the zone associated with the CA. */
export async function getHostnameAssociations(client: CloudflareClient, zoneId: string, ca: HostnameAssociationCa = MANAGED_CA, options: RequestOptions = {}): Promise<HostnameAssociations> {
  const response = await client.request<unknown>("GET", associationsPath(zoneId), { query: { mtls_certificate_id: certificateIdOf(ca) }, signal: options.signal });
  return hostnamesResult(response);
}

/**
 * Replaces the hostnames associated with the CA (`[]` clears them) and returns the list
 * Cloudflare now holds. Never retried blindly (a PUT is not retried by the client).
 */
export async function replaceHostnameAssociations(
  client: CloudflareClient,
  zoneId: string,
  ca: HostnameAssociationCa,
  hostnames: readonly string[],
  options: RequestOptions = {},
): Promise<HostnameAssociations> {
  const mtlsCertificateId = certificateIdOf(ca);
  const body = mtlsCertificateId === undefined ? { hostnames: [...hostnames] } : { hostnames: [...hostnames], mtls_certificate_id: mtlsCertificateId };
  const response = await client.request<unknown>("PUT", associationsPath(zoneId), { body, signal: options.signal });
  return hostnamesResult(response);
}
