// The Cloudflare v4 API client: base URL, auth headers, envelope checks, retries, timeouts and
// cancellation, for every call the extension makes. It is given its fetch, credentials and logger,
// so it runs the same in the extension, in plain-Node tests and against the sandbox.
//
// Retry rules (and why):
// - GET is retried on no answer (connection refused, reset or dropped), on a timeout, on HTTP 429
//   and 5xx, and on a body that could not be read (not JSON, cut off). GETs change nothing, so
//   sending one again is always safe.
// - POST, PUT, PATCH and DELETE are NOT retried when the server may have seen them: an upload that timed
//   out may well have succeeded, and a second one would create a duplicate certificate. The one
//   exception is ECONNREFUSED: the connection was never established, so nothing was sent and
//   sending again cannot duplicate anything.
// - Other 4xx are never retried: the same request would fail the same way.
// - Between tries: capped exponential backoff with full jitter, or, on 429/503, the Retry-After
//   Cloudflare asked for (seconds or HTTP-date) instead. A Retry-After beyond maxRetryAfterSeconds
//   fails at once with kind "rateLimited", so a command never hangs for minutes.
// - The caller's AbortSignal cancels at once: during a request, while reading its body, or during
//   a backoff wait, and the call rejects with an AbortError (see isAbortError). Never retried.
// - A body is read as a stream and given up past maxBodyBytes (decoded, so a gzip bomb stops at
//   the same size as a plain one): no real answer comes near the default 8 MiB.
// - Every answer's Ratelimit / Ratelimit-Policy headers update rateBudget(), and the log line of
//   the try says what is left, so later work can pace itself. Answers to concurrent requests come
//   back in any order, so within one window the lowest `remaining` is kept (newerRateBudget).
// - Every GET try takes a slot from the client's one RequestScheduler (requestScheduler.ts): a cap
//   on reads in flight and started per second, shared by every caller, fair between them, paced by
//   the rate budget. Writes are sent at once, never queued (see requestScheduler.ts for why).

import { checkApiBaseUrl, DEFAULT_API_BASE_URL } from "../apiBaseUrlPolicy";
import { redactSecrets } from "../redaction";
import { createAbortError, onAbort, raceWithSignal, sleepUnlessAborted } from "./abort";
import { flattenErrors, readEnvelope } from "./envelope";
import { CloudflareApiError, looksLikeAuthFailure, type CloudflareApiErrorInit } from "./errors";
import type { Fetch, FetchResponse } from "./http";
import { silentLogger, type Logger } from "./logger";
import { describeNetworkFailure } from "./networkFailure";
import { describeRateBudget, newerRateBudget, readRateBudget, type RateBudget } from "./rateLimit";
import { RequestScheduler, type RequestLane, type RequestSchedulerOptions } from "./requestScheduler";
import { backoffDelayMs, parseRetryAfterSeconds } from "./retryPolicy";
import type { CloudflareResponse, Credentials } from "./types";

export type { CloudflareResponse } from "./types";
export type { RateBudget } from "./rateLimit";
export { RequestLane, type RequestSchedulerOptions } from "./requestScheduler";

/** Cloudflare's API; the one default lives in apiBaseUrlPolicy.ts. */
export const DEFAULT_BASE_URL = DEFAULT_API_BASE_URL;

/** Far above any real answer (a full page of PEM bundles is well under 1 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type QueryParameters = Record<string, string | number | undefined>;

export interface CloudflareRequestOptions {
  query?: QueryParameters;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /**
   * The caller a GET queues under in the client's scheduler: the pages of one list share a lane,
   * and lanes take turns. Without one, the call is a lane of its own. Ignored for writes.
   */
  lane?: RequestLane;
}

export interface CloudflareClientOptions {
  fetch: Fetch;
  /** Passed in, never read from globals or the environment. A function is called for every try. */
  credentials: Credentials | (() => Promise<Credentials>);
  /** Default "https://api.cloudflare.com/client/v4"; a trailing slash is fine. */
  baseUrl?: string;
  /** Per try, covering the answer's headers and body. Default 30_000. */
  timeoutMs?: number;
  /** Tries for a GET, the first included. Default 3. */
  maxTries?: number;
  /** Backoff ceiling of the first retry. Default 500. */
  retryBaseDelayMs?: number;
  /** No backoff delay exceeds this. Default 8_000. */
  retryMaxDelayMs?: number;
  /** Longest Retry-After the client waits for; above it the call fails as "rateLimited". Default 60. */
  maxRetryAfterSeconds?: number;
  /**
   * Most pages of one list fetched at once. Default: no fixed number; a list takes a share of the
   * rate budget Cloudflare reports, and the client-wide scheduler bounds every read (pagination.ts).
   */
  maxConcurrency?: number;
  /** The client-wide bound on reads (requestScheduler.ts): in flight, per second, budget reserve. */
  requestScheduler?: RequestSchedulerOptions;
  /** One line per try: method, path, status, duration, cf-ray. Never headers, bodies or credentials. */
  logger?: Logger;
  /** Injectable for tests; must reject (or be abandoned) when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injectable jitter, in [0, 1). */
  random?: () => number;
  /** Injectable clock for Retry-After dates, in ms since the epoch. */
  now?: () => number;
  /** Default "cloudflare-mtls-vscode". */
  userAgent?: string;
  /** Largest decoded body read; a larger answer fails as "invalidResponse". Default 8 MiB. */
  maxBodyBytes?: number;
}

type TryOutcome<T> =
  | { readonly ok: true; readonly response: CloudflareResponse<T> }
  | { readonly ok: false; readonly error: CloudflareApiError; readonly retryable: boolean };

/** Header values must be visible ASCII; anything else would be rejected by fetch, value quoted. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;
const SENSITIVE_QUERY_KEY = /token|key|secret|password|auth/i;

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isFinite(value) || value < 1) {
    throw new RangeError(`CloudflareClient: ${name} must be at least 1, got ${value}`);
  }
  return Math.floor(value);
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`CloudflareClient: ${name} must be 0 or more, got ${value}`);
  }
  return value;
}

/** The same rules as the setting: https, or http to this machine only; no credentials, query or fragment. */
function normalizeBaseUrl(baseUrl: string): string {
  const check = checkApiBaseUrl(baseUrl, "The Cloudflare client's base URL");
  if (!check.ok) {
    throw new TypeError(`CloudflareClient: ${check.reason}`);
  }
  return check.url;
}

class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the answer is larger than ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}

function mebibytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB` : `${bytes} bytes`;
}

/**
 * Reads the decoded body, giving up as soon as it passes `limit` bytes. A stream is read chunk by
 * chunk (leaving the loop early destroys it); a fetch without one falls back to text().
 */
async function readBodyText(response: FetchResponse, limit: number): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    throw new BodyTooLargeError(limit);
  }
  if (!response.body) {
    const text = await response.text();
    if (Buffer.byteLength(text) > limit) {
      throw new BodyTooLargeError(limit);
    }
    return text;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += bytes.byteLength;
    if (size > limit) {
      throw new BodyTooLargeError(limit);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function queryString(query: QueryParameters | undefined, mask: boolean): string {
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) {
      parameters.append(key, mask && SENSITIVE_QUERY_KEY.test(key) ? "redacted" : String(value));
    }
  }
  const text = parameters.toString();
  return text ? `?${text}` : "";
}

function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

export class CloudflareClient {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly maxTries: number;
  readonly maxConcurrency: number | undefined;
  /** Every GET try of this client takes a slot here; shared by all callers. */
  readonly requestScheduler: RequestScheduler;
  private writesInFlight = 0;
  private readonly fetch: Fetch;
  private readonly credentials: Credentials | (() => Promise<Credentials>);
  private readonly retryBaseDelayMs: number;
  private readonly retryMaxDelayMs: number;
  private readonly maxRetryAfterSeconds: number;
  private readonly logger: Logger;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly userAgent: string;
  private readonly maxBodyBytes: number;
  private lastRateBudget: RateBudget | undefined;
  private readonly refusedPageSizes = new Map<string, number>();

  constructor(options: CloudflareClientOptions) {
    this.fetch = options.fetch;
    this.credentials = options.credentials;
    this.baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
    this.timeoutMs = positiveInteger(options.timeoutMs, 30_000, "timeoutMs");
    this.maxTries = positiveInteger(options.maxTries, 3, "maxTries");
    this.maxConcurrency = options.maxConcurrency === undefined ? undefined : positiveInteger(options.maxConcurrency, 1, "maxConcurrency");
    this.retryBaseDelayMs = nonNegative(options.retryBaseDelayMs, 500, "retryBaseDelayMs");
    this.retryMaxDelayMs = nonNegative(options.retryMaxDelayMs, 8_000, "retryMaxDelayMs");
    this.maxRetryAfterSeconds = nonNegative(options.maxRetryAfterSeconds, 60, "maxRetryAfterSeconds");
    this.logger = options.logger ?? silentLogger;
    this.sleep = options.sleep ?? sleepUnlessAborted;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.userAgent = options.userAgent ?? "cloudflare-mtls-vscode";
    this.maxBodyBytes = positiveInteger(options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES, "maxBodyBytes");
    this.requestScheduler = new RequestScheduler(
      {
        now: this.now,
        rateBudget: () => this.lastRateBudget,
        writesInFlight: () => this.writesInFlight,
        maxWaitSeconds: this.maxRetryAfterSeconds,
        logger: this.logger,
      },
      options.requestScheduler,
    );
  }

  /** The rate-limit budget of the last answer that reported one; undefined before any did. */
  rateBudget(): RateBudget | undefined {
    return this.lastRateBudget;
  }

  /**
   * Requests left in the current window by the last budget Cloudflare reported, less every request
   * of this client still unanswered; undefined when no budget tells.
   */
  estimatedRequestsLeft(): number | undefined {
    return this.requestScheduler.estimatedRequestsLeft();
  }

  /** True when Cloudflare refused our page size for lists under `key` earlier in this session. */
  isPageSizeRefused(key: string): boolean {
    return this.refusedPageSizes.has(key);
  }

  /** Remembers, for this client's life, that lists under `key` must not send per_page. */
  rememberRefusedPageSize(key: string, perPage: number): void {
    if (!this.refusedPageSizes.has(key)) {
      this.refusedPageSizes.set(key, perPage);
      this.logger.info(`Cloudflare refused per_page=${perPage} for ${key} lists; using its own page size for this session`);
    }
  }

  /** Which auth scheme this client uses, without exposing the secret itself. */
  async credentialKind(): Promise<Credentials["kind"]> {
    return (await this.resolveCredentials()).kind;
  }

  /**
   * Sends one API call and unwraps Cloudflare's envelope. `path` starts with "/" and has every id
   * already encoded; the query goes in `options.query`. Rejects with CloudflareApiError, or with
   * an AbortError when `options.signal` aborts.
   */
  async request<T>(method: HttpMethod, path: string, options: CloudflareRequestOptions = {}): Promise<CloudflareResponse<T>> {
    if (!path.startsWith("/") || path.includes("?") || path.includes("#")) {
      throw new TypeError(`CloudflareClient: the path must start with "/" and carry no query or fragment: ${path}`);
    }
    const { signal } = options;
    if (signal?.aborted) {
      throw createAbortError();
    }
    const url = `${this.baseUrl}${path}${queryString(options.query, false)}`;
    const logTarget = `${method} ${path}${queryString(options.query, true)}`;
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);

    const isGet = method === "GET";
    for (let attempt = 1; ; attempt++) {
      // Reads wait for a slot of the shared scheduler on every try; writes go at once.
      const release = isGet ? await this.requestScheduler.acquire(path, options.lane, signal) : undefined;
      if (!isGet) {
        this.writesInFlight++;
      }
      let outcome: TryOutcome<T>;
      try {
        outcome = await this.tryOnce<T>(method, path, url, body, logTarget, attempt, signal);
      } finally {
        if (release) {
          release();
        } else {
          this.writesInFlight--;
        }
      }
      if (outcome.ok) {
        return outcome.response;
      }
      if (!outcome.retryable || attempt >= this.maxTries) {
        throw outcome.error;
      }
      const delayMs = this.retryDelayMs(outcome.error, attempt - 1);
      this.logger.warn(`${logTarget} failed (${outcome.error.kind}${outcome.error.status !== undefined ? ` ${outcome.error.status}` : ""}); retrying in ${delayMs} ms (try ${attempt + 1} of ${this.maxTries})`);
      if (signal) {
        await raceWithSignal(this.sleep(delayMs, signal), signal, createAbortError);
      } else {
        await this.sleep(delayMs);
      }
    }
  }

  private retryDelayMs(error: CloudflareApiError, retryIndex: number): number {
    if (error.retryAfterSeconds !== undefined && (error.status === 429 || error.status === 503)) {
      return Math.round(error.retryAfterSeconds * 1000);
    }
    return backoffDelayMs(retryIndex, { baseDelayMs: this.retryBaseDelayMs, maxDelayMs: this.retryMaxDelayMs, random: this.random });
  }

  private async resolveCredentials(): Promise<Credentials> {
    return typeof this.credentials === "function" ? await this.credentials() : this.credentials;
  }

  /** The headers of one try, and the secret values in them (to keep out of any error text). */
  private async headers(method: HttpMethod, path: string, hasBody: boolean): Promise<{ headers: Record<string, string>; secrets: string[] }> {
    const credentials = await this.resolveCredentials();
    const headers: Record<string, string> = { Accept: "application/json", "User-Agent": this.userAgent };
    if (hasBody) {
      headers["Content-Type"] = "application/json";
    }
    const refuse = (reason: string) => new CloudflareApiError({ kind: "auth", method, path, reason });
    switch (credentials.kind) {
      case "apiToken":
        if (!HEADER_SAFE.test(credentials.token)) {
          throw refuse("the API token is empty or contains spaces, line breaks or non-ASCII characters");
        }
        headers.Authorization = `Bearer ${credentials.token}`;
        return { headers, secrets: [credentials.token] };
      case "globalApiKey":
        if (!HEADER_SAFE.test(credentials.email) || !HEADER_SAFE.test(credentials.key)) {
          throw refuse("the email or Global API key is empty or contains spaces, line breaks or non-ASCII characters");
        }
        headers["X-Auth-Email"] = credentials.email;
        headers["X-Auth-Key"] = credentials.key;
        return { headers, secrets: [credentials.key] };
    }
  }

  private async tryOnce<T>(
    method: HttpMethod,
    path: string,
    url: string,
    body: string | undefined,
    logTarget: string,
    attempt: number,
    callerSignal: AbortSignal | undefined,
  ): Promise<TryOutcome<T>> {
    const { headers, secrets } = await this.headers(method, path, body !== undefined);
    const isGet = method === "GET";
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const stopForwarding = callerSignal ? onAbort(callerSignal, () => controller.abort()) : () => undefined;
    const startedAt = performance.now();
    const elapsed = () => `${Math.round(performance.now() - startedAt)} ms`;
    const suffix = attempt > 1 ? ` (try ${attempt})` : "";

    // Called whenever an await below throws: tells a cancel, a timeout and a broken connection apart.
    const failure = (stage: "connect" | "body", error: unknown, status?: number): TryOutcome<T> => {
      if (callerSignal?.aborted) {
        this.logger.debug(`${logTarget} cancelled after ${elapsed()}${suffix}`);
        throw createAbortError();
      }
      if (timedOut) {
        this.logger.debug(`${logTarget} timed out after ${elapsed()}${suffix}`);
        return {
          ok: false,
          retryable: isGet,
          error: new CloudflareApiError({ kind: "timeout", method, path, status, reason: `no complete answer within ${this.timeoutMs} ms` }),
        };
      }
      if (error instanceof BodyTooLargeError) {
        this.logger.debug(`${logTarget} ${status ?? ""} body over ${mebibytes(error.limit)}, not read, after ${elapsed()}${suffix}`);
        return {
          ok: false,
          retryable: false,
          error: new CloudflareApiError({
            kind: "invalidResponse",
            method,
            path,
            status,
            reason: `unexpected answer from Cloudflare: the body is larger than ${mebibytes(error.limit)}, far above any real answer, so it was not read`,
          }),
        };
      }
      if (stage === "body") {
        this.logger.debug(`${logTarget} ${status ?? ""} body cut off after ${elapsed()}${suffix}`);
        return {
          ok: false,
          retryable: isGet,
          error: new CloudflareApiError({ kind: "invalidResponse", method, path, status, reason: "the connection closed before the body was complete" }),
        };
      }
      const network = describeNetworkFailure(error);
      this.logger.debug(`${logTarget} network error ${network.code ?? ""} after ${elapsed()}${suffix}`);
      return {
        ok: false,
        retryable: isGet || network.nothingSent,
        error: new CloudflareApiError({ kind: "network", method, path, reason: network.description, ...(network.nothingSent ? { nothingSent: true } : {}) }),
      };
    };

    try {
      let response: FetchResponse;
      try {
        const sending = this.fetch(url, { method, headers, signal: controller.signal, redirect: "manual", ...(body !== undefined ? { body } : {}) });
        response = await raceWithSignal(sending, controller.signal, createAbortError);
      } catch (error) {
        return failure("connect", error);
      }
      const budget = readRateBudget(response.headers, this.now());
      if (budget) {
        this.lastRateBudget = newerRateBudget(this.lastRateBudget, budget);
      }
      let text: string;
      try {
        text = await raceWithSignal(readBodyText(response, this.maxBodyBytes), controller.signal, createAbortError);
      } catch (error) {
        return failure("body", error, response.status);
      }
      const rayId = response.headers.get("cf-ray") ?? undefined;
      this.logger.info(`${logTarget} ${response.status} ${elapsed()}${rayId ? ` cf-ray ${rayId}` : ""}${budget ? `, ${describeRateBudget(budget)}` : ""}${suffix}`);
      return this.interpret<T>(method, path, response, text, rayId, secrets);
    } finally {
      clearTimeout(timer);
      stopForwarding();
    }
  }

  private interpret<T>(method: HttpMethod, path: string, response: FetchResponse, text: string, rayId: string | undefined, secrets: readonly string[]): TryOutcome<T> {
    const { status } = response;
    const reading = readEnvelope(text);
    if (reading.ok && reading.envelope.success && reading.envelope.hasResult && isSuccessStatus(status)) {
      const { envelope } = reading;
      return {
        ok: true,
        response: {
          result: envelope.result as T,
          messages: envelope.messages,
          status,
          method,
          path,
          ...(envelope.resultInfo ? { resultInfo: envelope.resultInfo } : {}),
        },
      };
    }

    // Error text comes from the server; should it ever echo the credential, it stops here.
    const errors = reading.ok ? flattenErrors(reading.envelope.errors).map(({ code, message }) => ({ code, message: redactSecrets(message, secrets) })) : [];
    const base: Pick<CloudflareApiErrorInit, "method" | "path" | "status" | "errors" | "rayId"> = { method, path, status, errors, ...(rayId ? { rayId } : {}) };
    const retryAfterSeconds = status === 429 || status === 503 ? parseRetryAfterSeconds(response.headers.get("retry-after"), this.now()) : undefined;
    const isGet = method === "GET";
    // The reason phrase comes from the server too, and ends up in the error's message and stack.
    const httpReason = `HTTP ${status}${response.statusText ? ` ${redactSecrets(response.statusText, secrets)}` : ""}`;

    if (retryAfterSeconds !== undefined && retryAfterSeconds > this.maxRetryAfterSeconds) {
      return {
        ok: false,
        retryable: false,
        error: new CloudflareApiError({ ...base, kind: "rateLimited", retryAfterSeconds, reason: `${httpReason}, longer than the ${this.maxRetryAfterSeconds} s this client waits` }),
      };
    }
    const withRetryAfter = retryAfterSeconds !== undefined ? { retryAfterSeconds } : {};
    if (status === 429) {
      return { ok: false, retryable: isGet, error: new CloudflareApiError({ ...base, ...withRetryAfter, kind: "rateLimited", reason: httpReason }) };
    }
    if (status >= 500) {
      return { ok: false, retryable: isGet, error: new CloudflareApiError({ ...base, ...withRetryAfter, kind: "http", reason: httpReason }) };
    }
    if (looksLikeAuthFailure(status, errors.map((entry) => entry.code), path)) {
      return { ok: false, retryable: false, error: new CloudflareApiError({ ...base, kind: "auth", reason: httpReason }) };
    }
    if (status >= 300 && status < 400) {
      return { ok: false, retryable: false, error: new CloudflareApiError({ ...base, kind: "http", reason: `${httpReason}: a redirect, not followed so credentials stay with the API host` }) };
    }
    if (!isSuccessStatus(status)) {
      return { ok: false, retryable: false, error: new CloudflareApiError({ ...base, kind: "http", reason: httpReason }) };
    }
    if (!reading.ok) {
      // A body that could not be read may be a glitch on the way (a cut-off answer): worth another GET.
      return { ok: false, retryable: isGet, error: new CloudflareApiError({ ...base, kind: "invalidResponse", reason: reading.reason }) };
    }
    if (!reading.envelope.success) {
      return { ok: false, retryable: false, error: new CloudflareApiError({ ...base, kind: "envelope", reason: "`success` is false with no error given" }) };
    }
    return { ok: false, retryable: false, error: new CloudflareApiError({ ...base, kind: "invalidResponse", reason: "`success` is true but there is no `result`" }) };
  }
}
