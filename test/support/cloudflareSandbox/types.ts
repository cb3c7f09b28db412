import type { ClientCertificateRecord, ClientCertificateStatus } from "./clientCertificateStore";
import type { ManagedCaInfo } from "./managedCa";

// The sandbox's public shapes. The API client's tests, the benchmarks and the demo program
// against these, so names here are a contract: add to them, never rename.

export interface SandboxOptions {
  /** Default 0: a free port. The server always binds 127.0.0.1. */
  port?: number;
  /** Added to every response (default 0). */
  latencyMs?: number;
  /** Page size for Access, account and zone lists when the client sends no per_page (default 20). */
  defaultPerPage?: number;
  /** "demo" fills the sandbox with the data of seedDemo(), "scale" with seedScale()'s 5,600 zones; default "empty". */
  seed?: "empty" | "demo" | "scale";
  /** Called once per finished request with one line. */
  log?: (line: string) => void;
  /** How long a client certificate stays pending_revocation / pending_reactivation (default 2000 ms). */
  clientCertificateTransitionMs?: number;
  /**
   * The rate-limit budget every API answer reports in Ratelimit / Ratelimit-Policy; once it is
   * spent, calls get 429 with Retry-After until the window resets. Default: Cloudflare's 1,200
   * requests per 300 s.
   */
  rateLimit?: RateLimitBudget;
  /**
   * The clock of the rate-limit window, in ms (default Date.now). The expiry-scan bench shares
   * one with the pacer, so waiting out a 300 s window costs no real time.
   */
  rateLimitClock?: () => number;
  /**
   * Largest per_page an Access list accepts (default 1000). No source states Cloudflare's bound,
   * so tests set it low to see the client fall back to Cloudflare's own page size.
   */
  accessMaxPerPage?: number;
  /**
   * Whether one hostname may be associated with two Access certificates of the same scope at once
   * (default "allowed"). Cloudflare does not document it (unconfirmed either way); "refused"
   * answers an add or update that would do it with accessHostnameTaken (12135, sandbox choice).
   */
  accessHostnameOverlap?: AccessHostnameOverlap;
}

export type AccessHostnameOverlap = "allowed" | "refused";

export interface RateLimitBudget {
  /** Requests per window. */
  readonly limit: number;
  readonly windowSeconds: number;
  /** Requests a second from the one client IP (Cloudflare: 200); unlimited when absent. */
  readonly perSecond?: number;
}

export type AccessScopeKind = "accounts" | "zones";

export interface AccessScope {
  kind: AccessScopeKind;
  id: string;
}

export type TokenStatus = "active" | "disabled" | "expired";

export interface ApiTokenOptions {
  status?: TokenStatus;
  /**
   * Default "user". "account" tokens verify only at /accounts/{id}/tokens/verify, for an id in
   * `accountIds` (any existing account when `accountIds` is absent), and cannot call /user.
   */
  owner?: "user" | "account";
  /** Accounts the token reaches. Default: every account, including ones added later. */
  accountIds?: readonly string[];
  /** "read" tokens are refused on every write. Default "edit". */
  permissions?: "read" | "edit";
}

export interface MtlsAssociation {
  service: string;
  status: string;
}

export interface HostnameSetting {
  hostname: string;
  china_network: boolean;
  client_certificate_forwarding: boolean;
}

export type MtlsCertificateType = "custom" | "gateway_managed" | "access_managed";

export interface SandboxAccount {
  readonly id: string;
  readonly name: string;
  readonly createdOn: string;
}

export interface SandboxZone {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly accountId: string;
}

/** An account mTLS certificate as the API shows it, plus what only the sandbox knows. */
export interface MtlsCertificateRecord {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly ca: boolean;
  readonly certificates: string;
  readonly issuer: string;
  readonly serial_number: string;
  readonly signature: string;
  readonly expires_on: string;
  readonly uploaded_on: string;
  readonly updated_at: string;
  readonly type: MtlsCertificateType;
  readonly associations: readonly MtlsAssociation[];
  /** Whether a private key was uploaded with it; the key itself is never kept. */
  readonly hasPrivateKey: boolean;
}

/** An Access mTLS certificate as the API shows it, plus its scope and PEM (which the API never returns). */
export interface AccessCertificateRecord {
  readonly id: string;
  readonly scope: AccessScope;
  readonly name: string;
  readonly associated_hostnames: readonly string[];
  readonly fingerprint: string;
  readonly expires_on: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly certificate: string;
}

export interface MtlsCertificateInput {
  certificates: string;
  ca: boolean;
  name?: string;
  type?: MtlsCertificateType;
  uploadedOn?: Date;
  associations?: readonly MtlsAssociation[];
}

export interface AccessCertificateInput {
  certificate: string;
  name: string;
  associated_hostnames?: readonly string[];
}

/**
 * Injected misbehaviour. Most faults fire before the request is processed (nothing changes on
 * the server). With `afterProcessing: true`, drop, hang and the 502/504 statuses fire after the
 * route has done its work, as when an answer is lost on the way back: the write happened, the
 * client never hears of it. `truncate` is always after processing.
 */
export type SandboxFault =
  | { kind: "latency"; ms: number }
  | { kind: "status"; status: 429; retryAfterSeconds?: number }
  | { kind: "status"; status: 500 | 503 }
  | { kind: "status"; status: 502 | 504; afterProcessing?: boolean }
  | { kind: "drop"; afterProcessing?: boolean }
  | { kind: "hang"; afterProcessing?: boolean }
  | { kind: "truncate" }
  | { kind: "invalidJson"; contentType?: string }
  | { kind: "errorEnvelope"; httpStatus?: number; code: number; message: string }
  /** A 200 envelope padded with whitespace to `bytes` decoded bytes, gzip-encoded when asked (a gzip bomb). */
  | { kind: "oversizedBody"; bytes: number; gzip?: boolean };

export interface FaultMatch {
  method?: string;
  /** Tested against the path without /client/v4 and without the query. */
  path?: RegExp;
  /** How many matching requests the fault applies to (default 1). */
  times?: number;
}

export interface RecordedRequest {
  method: string;
  /** Without /client/v4 and without the query. */
  path: string;
  query: Record<string, string>;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, the raw text otherwise, undefined when empty. */
  body: unknown;
  /** performance.now() when the request arrived. */
  startedAt: number;
  /** performance.now() when the answer was fully sent (or the socket was cut); absent while hanging. */
  finishedAt?: number;
  /**
   * Every value of each query key, in order: `type=custom&type=gateway_managed` keeps both
   * (`query` keeps the last). Always set by the sandbox; optional so hand-built records still fit.
   */
  queryAll?: Record<string, string[]>;
  /** What the sandbox answered, once it has; absent for a dropped or hanging request. */
  answer?: RecordedAnswer;
}

export interface RecordedAnswer {
  readonly status: number;
  /** The envelope as sent (before any truncation); undefined for a non-JSON answer. */
  readonly body: unknown;
  /** The fault that shaped this answer, if one did. */
  readonly fault?: SandboxFault["kind"];
}

export interface CloudflareSandbox {
  /** e.g. "http://127.0.0.1:40123/client/v4". */
  readonly baseUrl: string;
  /** Every request, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Closes the server and every open socket, hanging requests included. */
  close(): Promise<void>;
  setLatency(ms: number): void;

  addApiToken(token: string, options?: ApiTokenOptions): void;
  /** Afterwards every call with the token gets Cloudflare's 401/403 error envelope. */
  revokeToken(token: string): void;
  addGlobalApiKey(email: string, key: string): void;

  /** Replaces the rate-limit budget and starts a fresh window. */
  setRateLimit(budget: RateLimitBudget): void;

  /** The id is 32 lower-case hex digits when absent. */
  addAccount(account: { id?: string; name: string }): SandboxAccount;
  addZone(accountId: string, zone: { id?: string; name: string; status?: string }): SandboxZone;
  /** Derives issuer, serial, expiry and signature from the PEM as an upload does, without the upload's rules. */
  addMtlsCertificate(accountId: string, input: MtlsCertificateInput): MtlsCertificateRecord;
  setAssociations(accountId: string, certificateId: string, associations: readonly MtlsAssociation[]): void;
  addAccessCertificate(scope: AccessScope, input: AccessCertificateInput): AccessCertificateRecord;
  /** Switches whether a hostname may be on two Access certificates of a scope at once. */
  setAccessHostnameOverlap(overlap: AccessHostnameOverlap): void;
  /** Replaces the hostname settings of a scope (an addition to the brief, for seeding). */
  setHostnameSettings(scope: AccessScope, settings: readonly HostnameSetting[]): void;

  mtlsCertificates(accountId: string): readonly MtlsCertificateRecord[];
  accessCertificates(scope: AccessScope): readonly AccessCertificateRecord[];
  hostnameSettings(scope: AccessScope): readonly HostnameSetting[];
  accounts(): readonly SandboxAccount[];
  zones(accountId?: string): readonly SandboxZone[];

  /** Signs the CSR with the zone's managed CA as a create does, without the API's checks of the request body. */
  addClientCertificate(zoneId: string, input: ClientCertificateInput): ClientCertificateRecord;
  clientCertificates(zoneId: string): readonly ClientCertificateRecord[];
  setClientCertificateTransitionDelay(ms: number): void;
  /** The account's Cloudflare-managed CA (made on first use), to check what it issued. */
  managedCa(accountId: string): ManagedCaInfo;
  /** The zone's hostnames that use the managed CA (no id) or an uploaded CA, as the API lists them. */
  hostnameAssociations(zoneId: string, mtlsCertificateId?: string): readonly string[];
  /** Replaces them without the API's checks, marking an uploaded CA as in use as a PUT does. */
  setHostnameAssociations(zoneId: string, hostnames: readonly string[], mtlsCertificateId?: string): void;

  /** Each fault applies to the next `times` (default 1) requests that match. */
  injectFault(fault: SandboxFault, match?: FaultMatch): void;
  clearFaults(): void;
}

export interface ClientCertificateInput {
  /** PEM PKCS#10; it must pass the same checks as a create (signature, key). */
  csr: string;
  validityDays: number;
  /** Default "active". A pending status settles after the transition delay, as after a revoke or reactivate. */
  status?: ClientCertificateStatus;
}
