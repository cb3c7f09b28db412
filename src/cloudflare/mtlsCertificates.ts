// Account mTLS certificates: /accounts/{account_id}/mtls_certificates (cloudflare-api.md §1).
// Needs the token permission "SSL and Certificates" Read (list, get, associations) or Edit.

import type { CloudflareClient } from "./client";
import { fetchAllPages } from "./pagination";
import { recordItems, recordResult } from "./resultShapes";
import type { MtlsCertificate, MtlsCertificateAssociation, MtlsCertificateUpload, RequestOptions } from "./types";

export type MtlsCertificateType = "custom" | "gateway_managed" | "access_managed";

/** Fields every certificate object must carry; the rest may be missing on some answers. */
const CERTIFICATE_KEYS = ["id"] as const;

function certificatesPath(accountId: string): string {
  return `/accounts/${encodeURIComponent(accountId)}/mtls_certificates`;
}

function certificatePath(accountId: string, certificateId: string): string {
  return `${certificatesPath(accountId)}/${encodeURIComponent(certificateId)}`;
}

/** Uploads a CA (ca: true) or a leaf with its chain. Never retried: a retry could upload twice. */
export async function uploadMtlsCertificate(client: CloudflareClient, accountId: string, upload: MtlsCertificateUpload, options: RequestOptions = {}): Promise<MtlsCertificate> {
  const response = await client.request<unknown>("POST", certificatesPath(accountId), { body: upload, signal: options.signal });
  return recordResult<MtlsCertificate>(response, CERTIFICATE_KEYS);
}

/**
 * Every mTLS certificate of the account, optionally only some types. Documented as one page, so
 * page 1 is asked for bare; should Cloudflare report more pages they are fetched too, and a
 * certificate seen twice (a server ignoring `page`) is kept once.
 */
export async function listMtlsCertificates(
  client: CloudflareClient,
  accountId: string,
  options: RequestOptions & { type?: readonly MtlsCertificateType[] } = {},
): Promise<MtlsCertificate[]> {
  const path = certificatesPath(accountId);
  const type = options.type && options.type.length > 0 ? options.type.join(",") : undefined;
  const items = await fetchAllPages<unknown>(client, path, { query: { type }, signal: options.signal });
  const certificates = recordItems<MtlsCertificate>(items, CERTIFICATE_KEYS, { method: "GET", path });
  const seen = new Set<string>();
  return certificates.filter((certificate) => !seen.has(certificate.id) && seen.add(certificate.id));
}

export async function getMtlsCertificate(client: CloudflareClient, accountId: string, certificateId: string, options: RequestOptions = {}): Promise<MtlsCertificate> {
  const response = await client.request<unknown>("GET", certificatePath(accountId, certificateId), { signal: options.signal });
  return recordResult<MtlsCertificate>(response, CERTIFICATE_KEYS);
}

/** Deletes and returns the deleted certificate. Cloudflare refuses while a service still uses it. */
export async function deleteMtlsCertificate(client: CloudflareClient, accountId: string, certificateId: string, options: RequestOptions = {}): Promise<MtlsCertificate> {
  const response = await client.request<unknown>("DELETE", certificatePath(accountId, certificateId), { signal: options.signal });
  return recordResult<MtlsCertificate>(response, CERTIFICATE_KEYS);
}

/** The Cloudflare services using the certificate (service and status shown as sent). */
export async function listMtlsCertificateAssociations(
  client: CloudflareClient,
  accountId: string,
  certificateId: string,
  options: RequestOptions = {},
): Promise<MtlsCertificateAssociation[]> {
  const path = `${certificatePath(accountId, certificateId)}/associations`;
  const items = await fetchAllPages<unknown>(client, path, { signal: options.signal });
  return recordItems<MtlsCertificateAssociation>(items, [], { method: "GET", path });
}
