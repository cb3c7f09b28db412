// The one error shape of the Cloudflare client. It carries what a user or a log needs (HTTP status,
// every Cloudflare code and message, method and path) and, by construction, nothing that was sent:
// no header, no body, no query, no credential. Only the fields below are ever stored on it.

export type CloudflareApiErrorKind =
  /** A non-2xx answer that is not about auth or rate limits. */
  | "http"
  /** HTTP 2xx with `success: false`. */
  | "envelope"
  /** No answer: connection refused, reset or dropped, host not found. */
  | "network"
  /** An attempt took longer than the client's timeoutMs. */
  | "timeout"
  /** A body that is not JSON, was cut off, is not an envelope, or has the wrong result shape. */
  | "invalidResponse"
  /** 401/403, an auth error code, or a token Cloudflare reports as not active. */
  | "auth"
  /** HTTP 429, or a Retry-After longer than the client is willing to wait. */
  | "rateLimited";

export interface CloudflareErrorEntry {
  readonly code: number;
  readonly message: string;
}

export interface CloudflareApiErrorInit {
  readonly kind: CloudflareApiErrorKind;
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly errors?: readonly CloudflareErrorEntry[];
  readonly retryAfterSeconds?: number;
  readonly rayId?: string;
  /** Why, when Cloudflare gave no error entries, e.g. "the body is not JSON". Never request data. */
  readonly reason?: string;
}

/** Codes Cloudflare uses for missing, malformed or rejected credentials (cloudflare-api.md). */
const AUTH_ERROR_CODES: ReadonlySet<number> = new Set([9103, 9106, 9109, 10000, 6003, 6111]);
/** On the token verify endpoints, 1000 means "this token is unknown". Elsewhere it is generic. */
const UNKNOWN_TOKEN_CODE = 1000;

function isTokenVerifyPath(path: string): boolean {
  return path.endsWith("/tokens/verify");
}

/** True when a status and codes say the credentials were not accepted. */
export function looksLikeAuthFailure(status: number | undefined, codes: readonly number[], path: string): boolean {
  if (status === 401 || status === 403) {
    return true;
  }
  return codes.some((code) => AUTH_ERROR_CODES.has(code) || (code === UNKNOWN_TOKEN_CODE && isTokenVerifyPath(path)));
}

function describe(init: CloudflareApiErrorInit): string {
  const where = `${init.method} ${init.path}${init.status !== undefined ? `, HTTP ${init.status}` : ""}`;
  const wait = init.retryAfterSeconds !== undefined ? `; Cloudflare asks to retry after ${init.retryAfterSeconds} s` : "";
  const errors = init.errors ?? [];
  if (errors.length > 0) {
    const list = errors.map((entry) => `${entry.code}: ${entry.message}`).join("; ");
    return `Cloudflare API error ${list}${wait} (${where})`;
  }
  const reason = (init.reason ?? (init.status !== undefined ? `HTTP ${init.status}` : "request failed")) + wait;
  switch (init.kind) {
    case "network":
      return `Network error calling the Cloudflare API: ${reason} (${where})`;
    case "timeout":
      return `The Cloudflare API did not answer in time: ${reason} (${where})`;
    case "invalidResponse":
      return `The Cloudflare API sent an unreadable answer: ${reason} (${where})`;
    case "rateLimited":
      return `The Cloudflare API rate limit was reached: ${reason} (${where})`;
    case "auth":
      return `The Cloudflare API rejected the credentials: ${reason} (${where})`;
    case "http":
    case "envelope":
      return `Cloudflare API error: ${reason} (${where})`;
  }
}

export class CloudflareApiError extends Error {
  readonly kind: CloudflareApiErrorKind;
  readonly status?: number;
  readonly errors: readonly CloudflareErrorEntry[];
  readonly method: string;
  readonly path: string;
  readonly retryAfterSeconds?: number;
  readonly rayId?: string;

  constructor(init: CloudflareApiErrorInit) {
    super(describe(init));
    this.name = "CloudflareApiError";
    this.kind = init.kind;
    this.method = init.method;
    this.path = init.path;
    this.errors = Object.freeze((init.errors ?? []).map((entry) => Object.freeze({ code: entry.code, message: entry.message })));
    // Optional fields are only set when known, so JSON and inspect output stay free of noise.
    if (init.status !== undefined) {
      this.status = init.status;
    }
    if (init.retryAfterSeconds !== undefined) {
      this.retryAfterSeconds = init.retryAfterSeconds;
    }
    if (init.rayId !== undefined) {
      this.rayId = init.rayId;
    }
  }

  get codes(): number[] {
    return this.errors.map((entry) => entry.code);
  }

  get isAuthError(): boolean {
    return this.kind === "auth" || looksLikeAuthFailure(this.status, this.codes, this.path);
  }

  hasCode(code: number): boolean {
    return this.errors.some((entry) => entry.code === code);
  }
}

/**
 * True when the caller cancelled (its AbortSignal fired). Callers stay silent on these. Matches
 * the client's own AbortError, node-fetch's and the platform's DOMException alike.
 */
export function isAbortError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === "AbortError";
}
