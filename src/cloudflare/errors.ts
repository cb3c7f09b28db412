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
  /** For "network": the connection was never made, so the server cannot have seen the request. */
  readonly nothingSent?: boolean;
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
      return `The Cloudflare API sent an answer that could not be used: ${reason} (${where})`;
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
  /** Set (true) only for a network failure before any byte of the request was sent. */
  readonly nothingSent?: true;

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
    if (init.nothingSent === true) {
      this.nothingSent = true;
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

/**
 * True when a write may have been carried out although its answer never arrived, so what it did
 * must be checked (see reconciliation.ts) before anything is sent again:
 * - "timeout": the request went out; Cloudflare may have finished it after we stopped waiting;
 * - "network" after the connection was made (dropped, reset): it may have been read in full;
 * - any 5xx: a proxy's 502 or 504 says nothing about the origin, and a 500 or 503 from the API may
 *   come after part of the work; checking costs one list, a duplicate costs more;
 * - a 2xx (or 5xx) whose body was cut off, too large or unreadable: a 2xx means the write was
 *   done and only its answer is lost.
 * False for refusals (4xx, auth, rate limits: nothing was done), for ECONNREFUSED (nothing was
 * sent) and for anything that is not a CloudflareApiError (a cancel included).
 */
export function isAnswerLost(error: unknown): error is CloudflareApiError {
  if (!(error instanceof CloudflareApiError)) {
    return false;
  }
  switch (error.kind) {
    case "timeout":
      return true;
    case "network":
      return error.nothingSent !== true;
    case "invalidResponse":
      // A 4xx whose body could not be read is still a refusal.
      return error.status === undefined || error.status < 400 || error.status >= 500;
    case "http":
    case "envelope":
    case "auth":
    case "rateLimited":
      return error.status !== undefined && error.status >= 500 && error.status !== 429;
  }
}
