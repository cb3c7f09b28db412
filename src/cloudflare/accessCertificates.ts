// Access mTLS root certificates, account- or zone-scoped:
// /{accounts|zones}/{id}/access/certificates (cloudflare-api.md §2).
// Needs the token permission "Access: Mutual TLS Certificates" Read or Write.

import type { CloudflareClient } from "./client";
import { fetchAllPages } from "./pagination";
import { arrayResult, recordItems, recordResult } from "./resultShapes";
import type { AccessCertificate, AccessCertificateInput, AccessCertificateUpdate, AccessHostnameSetting, AccessScope, RequestOptions } from "./types";

const ACCESS_PAGE_SIZE = 50;
const CERTIFICATE_KEYS = ["id"] as const;
const SETTING_KEYS = ["hostname"] as const;

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
  const items = await fetchAllPages<unknown>(client, path, { perPage: ACCESS_PAGE_SIZE, signal: options.signal });
  return recordItems<AccessCertificate>(items, CERTIFICATE_KEYS, { method: "GET", path });
}

/** Adds a root CA (with intermediates, if any). Never retried: a retry could add it twice. */
export async function addAccessCertificate(client: CloudflareClient, scope: AccessScope, input: AccessCertificateInput, options: RequestOptions = {}): Promise<AccessCertificate> {
  const response = await client.request<unknown>("POST", scopePath(scope), { body: input, signal: options.signal });
  return recordResult<AccessCertificate>(response, CERTIFICATE_KEYS);
}

export async function getAccessCertificate(client: CloudflareClient, scope: AccessScope, certificateId: string, options: RequestOptions = {}): Promise<AccessCertificate> {
  const response = await client.request<unknown>("GET", certificatePath(scope, certificateId), { signal: options.signal });
  return recordResult<AccessCertificate>(response, CERTIFICATE_KEYS);
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
  return recordResult<AccessCertificate>(response, CERTIFICATE_KEYS);
}

/** Deletes; Cloudflare wants the associated hostnames removed first (update with []). */
export async function deleteAccessCertificate(client: CloudflareClient, scope: AccessScope, certificateId: string, options: RequestOptions = {}): Promise<{ id: string }> {
  const response = await client.request<unknown>("DELETE", certificatePath(scope, certificateId), { signal: options.signal });
  return recordResult<{ id: string }>(response, CERTIFICATE_KEYS);
}

/** Per-hostname settings: China network and client certificate forwarding. */
export async function getAccessHostnameSettings(client: CloudflareClient, scope: AccessScope, options: RequestOptions = {}): Promise<AccessHostnameSetting[]> {
  const path = settingsPath(scope);
  const response = await client.request<unknown>("GET", path, { signal: options.signal });
  return recordItems<AccessHostnameSetting>(arrayResult(response), SETTING_KEYS, response);
}

/** Replaces the settings of the listed hostnames; returns the settings Cloudflare now holds. */
export async function updateAccessHostnameSettings(
  client: CloudflareClient,
  scope: AccessScope,
  settings: readonly AccessHostnameSetting[],
  options: RequestOptions = {},
): Promise<AccessHostnameSetting[]> {
  const response = await client.request<unknown>("PUT", settingsPath(scope), { body: { settings }, signal: options.signal });
  return recordItems<AccessHostnameSetting>(arrayResult(response), SETTING_KEYS, response);
}
