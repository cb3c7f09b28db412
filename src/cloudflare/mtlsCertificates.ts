// Account mTLS certificates: /accounts/{account_id}/mtls_certificates (cloudflare-api.md §1).
// Needs the token permission "SSL and Certificates" Read (list, get, associations) or Edit.

import type { CloudflareClient } from "./client";
import { fetchAllPages } from "./pagination";
import { recordItems, recordResult, type RecordShape } from "./resultShapes";
import type { MtlsCertificate, MtlsCertificateAssociation, MtlsCertificateUpload, RequestOptions } from "./types";

export type MtlsCertificateType = "custom" | "gateway_managed" | "access_managed";

/**
 * The fields read from a certificate object. `id`, `ca` and the PEM are needed to act on it; the
 * text shown in the tree and details view becomes "" when Cloudflare leaves it out or sends null.
 */
export const MTLS_CERTIFICATE_SHAPE: RecordShape = {
  id: { type: "string", required: true },
  ca: { type: "boolean", required: true },
  certificates: { type: "string", required: true },
  name: { type: "string" },
  issuer: { type: "string", empty: "" },
  serial_number: { type: "string", empty: "" },
  signature: { type: "string", empty: "" },
  expires_on: { type: "string", empty: "" },
  uploaded_on: { type: "string", empty: "" },
  updated_at: { type: "string" },
  type: { type: "string" },
};

/** A delete answers with the deleted object; only its id is needed, the rest may be partial. */
const DELETED_SHAPE: RecordShape = { id: { type: "string", required: true } };

const ASSOCIATION_SHAPE: RecordShape = {
  service: { type: "string" },
  status: { type: "string" },
};

function certificatesPath(accountId: string): string {
  return `/accounts/${encodeURIComponent(accountId)}/mtls_certificates`;
}

function certificatePath(accountId: string, certificateId: string): string {
  return `${certificatesPath(accountId)}/${encodeURIComponent(certificateId)}`;
}

/** Uploads a CA (ca: true) or a leaf with its chain. Never retried: a retry could upload twice. */
export async function uploadMtlsCertificate(client: CloudflareClient, accountId: string, upload: MtlsCertificateUpload, options: RequestOptions = {}): Promise<MtlsCertificate> {
  const response = await client.request<unknown>("POST", certificatesPath(accountId), { body: upload, signal: options.signal });
  return recordResult<MtlsCertificate>(response, MTLS_CERTIFICATE_SHAPE);
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
  const certificates = recordItems<MtlsCertificate>(items, MTLS_CERTIFICATE_SHAPE, { method: "GET", path });
  const seen = new Set<string>();
  return certificates.filter((certificate) => !seen.has(certificate.id) && seen.add(certificate.id));
}

export async function getMtlsCertificate(client: CloudflareClient, accountId: string, certificateId: string, options: RequestOptions = {}): Promise<MtlsCertificate> {
  const response = await client.request<unknown>("GET", certificatePath(accountId, certificateId), { signal: options.signal });
  return recordResult<MtlsCertificate>(response, MTLS_CERTIFICATE_SHAPE);
}

/** Deletes and returns the deleted certificate. Cloudflare refuses while a service still uses it. */
export async function deleteMtlsCertificate(client: CloudflareClient, accountId: string, certificateId: string, options: RequestOptions = {}): Promise<MtlsCertificate> {
  const response = await client.request<unknown>("DELETE", certificatePath(accountId, certificateId), { signal: options.signal });
  return recordResult<MtlsCertificate>(response, DELETED_SHAPE);
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
  return recordItems<MtlsCertificateAssociation>(items, ASSOCIATION_SHAPE, { method: "GET", path });
}
