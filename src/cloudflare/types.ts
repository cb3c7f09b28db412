// API shapes, in Cloudflare's own snake_case so a payload reads the same here as in Cloudflare's
// reference (see /work/shared/cloudflare-api.md). Only the fields the extension uses are typed;
// Cloudflare may send more.

export type Credentials =
  | { readonly kind: "apiToken"; readonly token: string }
  | { readonly kind: "globalApiKey"; readonly email: string; readonly key: string };

export interface RequestOptions {
  readonly signal?: AbortSignal;
}

/** One entry of an envelope's `errors` or `messages`. */
export interface CloudflareMessage {
  code: number;
  message: string;
  documentation_url?: string;
  source?: { pointer?: string };
  /** The precise causes of a general error, e.g. 6003 "Invalid request headers" → 6111. */
  error_chain?: { code: number; message: string }[];
}

/** `result_info` of a list; Cloudflare leaves fields out or sends null, both become undefined. */
export interface ResultInfo {
  page?: number;
  per_page?: number;
  count?: number;
  total_count?: number;
  total_pages?: number;
}

/** A successful envelope, unwrapped. */
export interface CloudflareResponse<T> {
  result: T;
  resultInfo?: ResultInfo;
  messages: CloudflareMessage[];
  /** HTTP status of the answer (2xx). */
  status: number;
  method: string;
  /** The request path without base URL and query, as in CloudflareApiError. */
  path: string;
}

// Account mTLS certificates: /accounts/{account_id}/mtls_certificates

export interface MtlsCertificate {
  id: string;
  name?: string;
  ca: boolean;
  certificates: string;
  issuer: string;
  serial_number: string;
  signature: string;
  expires_on: string;
  uploaded_on: string;
  updated_at?: string;
  /** custom (the user's own uploads), gateway_managed or access_managed; shown as sent. */
  type?: string;
}

export interface MtlsCertificateUpload {
  ca: boolean;
  certificates: string;
  name?: string;
  private_key?: string;
}

export interface MtlsCertificateAssociation {
  service?: string;
  status?: string;
}

// Access mTLS certificates: /{accounts|zones}/{id}/access/certificates

export type AccessScope = { readonly kind: "accounts" | "zones"; readonly id: string };

export interface AccessCertificate {
  id: string;
  name: string;
  associated_hostnames: string[];
  /** MD5, formatted "MD5 Fingerprint=1E:80:…". The PEM itself is never returned. */
  fingerprint: string;
  expires_on: string;
  created_at?: string;
  updated_at?: string;
}

export interface AccessCertificateInput {
  name: string;
  certificate: string;
  associated_hostnames?: string[];
}

export interface AccessCertificateUpdate {
  associated_hostnames: string[];
  name?: string;
}

export interface AccessHostnameSetting {
  hostname: string;
  china_network: boolean;
  client_certificate_forwarding: boolean;
}

// Accounts, zones, credential checks

export interface Account {
  id: string;
  name: string;
  type?: string;
  created_on?: string;
}

export interface Zone {
  id: string;
  name: string;
  status?: string;
  account: { id: string; name: string };
}

export interface TokenVerification {
  id: string;
  status: "active" | "disabled" | "expired";
  not_before?: string;
  expires_on?: string;
}
