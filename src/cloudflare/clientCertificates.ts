// Client certificates issued by the zone's Cloudflare-managed CA:
// /zones/{zone_id}/client_certificates (cloudflare-api.md §4). Needs the zone token permission
// "SSL and Certificates" Read (list, get) or Edit (create, revoke, reactivate).
//
// The private key never travels: Cloudflare signs a CSR made wherever the key is kept. Revoke and
// reactivate are asynchronous at Cloudflare: their answer shows pending_revocation or
// pending_reactivation, and a later get or list shows revoked or active.

import type { CloudflareClient } from "./client";
import { fetchAllPages } from "./pagination";
import { recordItems, recordResult } from "./resultShapes";
import type { RequestOptions } from "./types";

export type ClientCertificateStatus = "active" | "pending_reactivation" | "pending_revocation" | "revoked";

/** The list's `status` filter: one status, or "all". */
export type ClientCertificateStatusFilter = ClientCertificateStatus | "all";

/** As Cloudflare returns it; every field is optional in SDK 7.3 except what we check (`id`). */
export interface ClientCertificate {
  /** A UUID. */
  id: string;
  /** The signed certificate, PEM. */
  certificate?: string;
  /** The managed CA that issued it. */
  certificate_authority?: { id?: string; name?: string };
  common_name?: string;
  country?: string;
  organization?: string;
  organizational_unit?: string;
  /** The subject's L (locality), as Cloudflare names it. */
  location?: string;
  state?: string;
  /** The CSR it was made from, PEM. */
  csr?: string;
  /** RFC 3339. */
  expires_on?: string;
  /** RFC 3339. */
  issued_on?: string;
  /** Hex SHA-256 of the certificate's DER. */
  fingerprint_sha256?: string;
  /** Hex. */
  serial_number?: string;
  /** e.g. "SHA256WithRSA". */
  signature?: string;
  /** Subject key identifier, hex. */
  ski?: string;
  /** Shown as sent should Cloudflare add a status; the four known ones are typed. */
  status?: ClientCertificateStatus | (string & {});
  validity_days?: number;
}

export interface ClientCertificateRequest {
  /** PEM PKCS#10 ("-----BEGIN CERTIFICATE REQUEST-----"), newline-encoded. */
  csr: string;
  /** Whole days from issue; at least 1. */
  validity_days: number;
}

export interface ListClientCertificatesOptions extends RequestOptions {
  /** Default "all", sent explicitly so the answer does not hang on Cloudflare's unpublished default. */
  readonly status?: ClientCertificateStatusFilter;
  /** 5..50 (the schema's bounds); default 50, the fewest round trips. */
  readonly perPage?: number;
}

export const CLIENT_CERTIFICATE_PER_PAGE = { min: 5, max: 50, default: 50 } as const;

const CERTIFICATE_KEYS = ["id"] as const;

function certificatesPath(zoneId: string): string {
  return `/zones/${encodeURIComponent(zoneId)}/client_certificates`;
}

function certificatePath(zoneId: string, certificateId: string): string {
  return `${certificatesPath(zoneId)}/${encodeURIComponent(certificateId)}`;
}

/**
 * Why `days` cannot be sent as validity_days, or undefined when it can. Only what is wrong
 * whatever Cloudflare's bounds are (not a whole number, 0 or less): the upper bound is
 * Cloudflare's to refuse, with its own message.
 */
export function validityDaysProblem(days: number): string | undefined {
  if (!Number.isFinite(days) || !Number.isInteger(days)) {
    return "The validity must be a whole number of days.";
  }
  if (days < 1) {
    return "The validity must be at least 1 day.";
  }
  return undefined;
}

/**
 * Every client certificate of the zone with the given status, all pages. Throws a RangeError
 * (before sending anything) for a per_page outside 5..50.
 */
export async function listClientCertificates(client: CloudflareClient, zoneId: string, options: ListClientCertificatesOptions = {}): Promise<ClientCertificate[]> {
  const perPage = options.perPage ?? CLIENT_CERTIFICATE_PER_PAGE.default;
  if (!Number.isInteger(perPage) || perPage < CLIENT_CERTIFICATE_PER_PAGE.min || perPage > CLIENT_CERTIFICATE_PER_PAGE.max) {
    throw new RangeError(`listClientCertificates: perPage must be an integer from ${CLIENT_CERTIFICATE_PER_PAGE.min} to ${CLIENT_CERTIFICATE_PER_PAGE.max}, got ${perPage}`);
  }
  const path = certificatesPath(zoneId);
  const items = await fetchAllPages<unknown>(client, path, { query: { status: options.status ?? "all" }, perPage, signal: options.signal });
  const certificates = recordItems<ClientCertificate>(items, CERTIFICATE_KEYS, { method: "GET", path });
  // A certificate created or revoked while the pages were read can appear on two pages: keep it once.
  const seen = new Set<string>();
  return certificates.filter((certificate) => !seen.has(certificate.id) && seen.add(certificate.id));
}

/**
 * Asks the managed CA to sign the CSR. Throws a RangeError (before sending anything) for a
 * validity Cloudflare cannot take. Never retried: a retry could issue two certificates.
 */
export async function createClientCertificate(client: CloudflareClient, zoneId: string, request: ClientCertificateRequest, options: RequestOptions = {}): Promise<ClientCertificate> {
  const problem = validityDaysProblem(request.validity_days);
  if (problem) {
    throw new RangeError(`createClientCertificate: ${problem} Got ${request.validity_days}.`);
  }
  const body: ClientCertificateRequest = { csr: request.csr, validity_days: request.validity_days };
  const response = await client.request<unknown>("POST", certificatesPath(zoneId), { body, signal: options.signal });
  return recordResult<ClientCertificate>(response, CERTIFICATE_KEYS);
}

export async function getClientCertificate(client: CloudflareClient, zoneId: string, certificateId: string, options: RequestOptions = {}): Promise<ClientCertificate> {
  const response = await client.request<unknown>("GET", certificatePath(zoneId, certificateId), { signal: options.signal });
  return recordResult<ClientCertificate>(response, CERTIFICATE_KEYS);
}

/** Starts the revocation (DELETE): the answer shows pending_revocation; clients presenting it will be refused. */
export async function revokeClientCertificate(client: CloudflareClient, zoneId: string, certificateId: string, options: RequestOptions = {}): Promise<ClientCertificate> {
  const response = await client.request<unknown>("DELETE", certificatePath(zoneId, certificateId), { signal: options.signal });
  return recordResult<ClientCertificate>(response, CERTIFICATE_KEYS);
}

/**
 * Starts the reactivation of a revoked (or pending_revocation) certificate (PATCH): the answer
 * shows pending_reactivation. Sends SDK 7.3's body `{ reactivate: true }`.
 */
export async function reactivateClientCertificate(client: CloudflareClient, zoneId: string, certificateId: string, options: RequestOptions = {}): Promise<ClientCertificate> {
  const response = await client.request<unknown>("PATCH", certificatePath(zoneId, certificateId), { body: { reactivate: true }, signal: options.signal });
  return recordResult<ClientCertificate>(response, CERTIFICATE_KEYS);
}

/** True while Cloudflare is still moving the certificate to its next status. */
export function isPendingStatus(status: ClientCertificate["status"]): boolean {
  return status === "pending_revocation" || status === "pending_reactivation";
}
