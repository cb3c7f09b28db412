// Access mTLS root certificates, account- or zone-scoped:
// /{accounts|zones}/{id}/access/certificates (cloudflare-api.md §2).
// Needs the token permission "Access: Mutual TLS Certificates" Read or Write.

import type { CloudflareClient } from "./client";
import { fetchAllPages } from "./pagination";
import { arrayResult, recordItems, recordResult, type RecordShape } from "./resultShapes";
import type { AccessCertificate, AccessCertificateInput, AccessCertificateUpdate, AccessHostnameSetting, AccessScope, RequestOptions } from "./types";

/**
 * What we ask for. No source states this endpoint's maximum, so when Cloudflare refuses it the
 * list is asked for again without per_page, paged by the size Cloudflare reports, and the client
 * remembers that for the rest of its session (see fetchAllPages' `pageSizeKey`).
 */
const ACCESS_PAGE_SIZE = 50;
const ACCESS_PAGE_SIZE_KEY = "access/certificates";

/** The fields read from an Access certificate; shown text becomes "" when missing or null. */
export const ACCESS_CERTIFICATE_SHAPE: RecordShape = {
  id: { type: "string", required: true },
  name: { type: "string", empty: "" },
  associated_hostnames: { type: "stringArray", empty: [] },
  fingerprint: { type: "string", empty: "" },
  expires_on: { type: "string", empty: "" },
  created_at: { type: "string" },
  updated_at: { type: "string" },
};
const DELETED_SHAPE: RecordShape = { id: { type: "string", required: true } };
const SETTING_SHAPE: RecordShape = {
  hostname: { type: "string", required: true },
  china_network: { type: "boolean", empty: false },
  client_certificate_forwarding: { type: "boolean", empty: false },
};

function scopePath(scope: AccessScope): string {
  // The kind goes into the path verbatim, so only the two known values are accepted.
  if (scope.kind !== "accounts" && scope.kind !== "zones") {
    throw new TypeError(`Access scope kind must be "accounts" or "zones", got ${String(scope.kind)}`);
  }
  return `/${scope.kind}/${encodeURIComponent(scope.id)}/access/certificates`;
}

function certificatePath(scope: AccessScope, certificateId: string): string {
  return `${scopePath(scope)}/${encodeURIComponent(certificateId)}`;
}

function settingsPath(scope: AccessScope): string {
  return `${scopePath(scope)}/settings`;
}

/** Every Access certificate of the scope, all pages. */
export async function listAccessCertificates(client: CloudflareClient, scope: AccessScope, options: RequestOptions = {}): Promise<AccessCertificate[]> {
  const path = scopePath(scope);
  const items = await fetchAllPages<unknown>(client, path, { perPage: ACCESS_PAGE_SIZE, pageSizeKey: ACCESS_PAGE_SIZE_KEY, signal: options.signal });
  return recordItems<AccessCertificate>(items, ACCESS_CERTIFICATE_SHAPE, { method: "GET", path });
}

/** Adds a root CA (with intermediates, if any). Never retried: a retry could add it twice. */
export async function addAccessCertificate(client: CloudflareClient, scope: AccessScope, input: AccessCertificateInput, options: RequestOptions = {}): Promise<AccessCertificate> {
  const response = await client.request<unknown>("POST", scopePath(scope), { body: input, signal: options.signal });
  return recordResult<AccessCertificate>(response, ACCESS_CERTIFICATE_SHAPE);
}

export async function getAccessCertificate(client: CloudflareClient, scope: AccessScope, certificateId: string, options: RequestOptions = {}): Promise<AccessCertificate> {
  const response = await client.request<unknown>("GET", certificatePath(scope, certificateId), { signal: options.signal });
  return recordResult<AccessCertificate>(response, ACCESS_CERTIFICATE_SHAPE);
}

/** Replaces the associated hostnames (and optionally the name); the certificate itself is fixed. */
export async function updateAccessCertificate(
  client: CloudflareClient,
  scope: AccessScope,
  certificateId: string,
  update: AccessCertificateUpdate,
  options: RequestOptions = {},
): Promise<AccessCertificate> {
  const response = await client.request<unknown>("PUT", certificatePath(scope, certificateId), { body: update, signal: options.signal });
  return recordResult<AccessCertificate>(response, ACCESS_CERTIFICATE_SHAPE);
}

/** Deletes; Cloudflare wants the associated hostnames removed first (update with []). */
export async function deleteAccessCertificate(client: CloudflareClient, scope: AccessScope, certificateId: string, options: RequestOptions = {}): Promise<{ id: string }> {
  const response = await client.request<unknown>("DELETE", certificatePath(scope, certificateId), { signal: options.signal });
  return recordResult<{ id: string }>(response, DELETED_SHAPE);
}

/** Per-hostname settings: China network and client certificate forwarding. */
export async function getAccessHostnameSettings(client: CloudflareClient, scope: AccessScope, options: RequestOptions = {}): Promise<AccessHostnameSetting[]> {
  const path = settingsPath(scope);
  const response = await client.request<unknown>("GET", path, { signal: options.signal });
  return dedupeSettings(recordItems<AccessHostnameSetting>(arrayResult(response), SETTING_SHAPE, response));
}

/** The first setting of each hostname: the PUT refuses a hostname listed twice. */
function dedupeSettings(settings: AccessHostnameSetting[]): AccessHostnameSetting[] {
  const seen = new Set<string>();
  return settings.filter((setting) => !seen.has(setting.hostname) && seen.add(setting.hostname));
}

/**
 * The item the PUT accepts: exactly these three fields (the schema says additionalProperties:
 * false), never an item copied from a GET answer, which may carry more.
 */
export function hostnameSettingBody(setting: AccessHostnameSetting): AccessHostnameSetting {
  return { hostname: setting.hostname, china_network: setting.china_network, client_certificate_forwarding: setting.client_certificate_forwarding };
}

/**
 * Every hostname associated with one of the scope's certificates, each with its setting, or
 * false/false when Cloudflare lists none for it yet (whether a newly associated hostname appears
 * in the settings list before it has one is unconfirmed; the sandbox lists none). Settings of
 * hostnames no certificate names any more come last, so a PUT of this list drops nothing.
 */
export function settingsForEveryHostname(certificates: readonly Pick<AccessCertificate, "associated_hostnames">[], settings: readonly AccessHostnameSetting[]): AccessHostnameSetting[] {
  const byHostname = new Map(settings.map((setting) => [setting.hostname, setting]));
  const hostnames = new Set(certificates.flatMap((certificate) => certificate.associated_hostnames ?? []));
  const associated = [...hostnames].map((hostname) => hostnameSettingBody(byHostname.get(hostname) ?? { hostname, china_network: false, client_certificate_forwarding: false }));
  const others = settings.filter((setting) => !hostnames.has(setting.hostname)).map(hostnameSettingBody);
  return dedupeSettings([...associated, ...others]);
}

/** Replaces the settings of the listed hostnames; returns the settings Cloudflare now holds. */
export async function updateAccessHostnameSettings(
  client: CloudflareClient,
  scope: AccessScope,
  settings: readonly AccessHostnameSetting[],
  options: RequestOptions = {},
): Promise<AccessHostnameSetting[]> {
  const body = { settings: settings.map(hostnameSettingBody) };
  const response = await client.request<unknown>("PUT", settingsPath(scope), { body, signal: options.signal });
  return dedupeSettings(recordItems<AccessHostnameSetting>(arrayResult(response), SETTING_SHAPE, response));
}
