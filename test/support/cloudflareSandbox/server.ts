// The HTTP side: records each request, applies latency and faults, checks credentials and
// bodies, dispatches to the route table and writes the envelope. Only Node's http module.
//
// Order of checks for a request (first failure answers):
//   fault (those that fire before processing) → rate limit (429 971 once the budget is spent)
//   → route (404 7000 / 405 7001) → credentials → write permission → Content-Type and JSON
//   → the route's own checks (account/zone 7003, body fields, business rules)
//   → faults that fire after processing (drop, hang, 502/504, truncate): the work is done, the
//     answer is lost on the way back.
// Every API answer carries Ratelimit / Ratelimit-Policy headers, and each recorded request
// keeps the answer it got, so the contract test can check it against Cloudflare's schema.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import type { Socket } from "node:net";
import { authenticate, canWrite, type Principal } from "./auth";
import { ErrorCodes } from "./errorCodes";
import { errorEnvelope, SandboxApiError, type Envelope } from "./envelope";
import { reportExchange } from "./exchanges";
import type { FaultQueue } from "./faults";
import { matchRoute, type HttpMethod, type Route, type RouteAnswer } from "./router";
import type { RateLimiter } from "./rateLimit";
import type { SandboxState } from "./state";
import type { RecordedAnswer, RecordedRequest, SandboxFault } from "./types";

export const API_PREFIX = "/client/v4";

export interface ServerSettings {
  readonly state: SandboxState;
  readonly faults: FaultQueue;
  readonly routes: readonly Route[];
  readonly defaultPerPage: number;
  readonly accessMaxPerPage: number;
  readonly rateLimiter: RateLimiter;
  readonly latencyMs: () => number;
  readonly log?: (line: string) => void;
}

/** What Cloudflare's edge serves when the origin fails, trimmed. */
const badGatewayHtml = `<!DOCTYPE html>
<html lang="en-US">
<head><title>api.cloudflare.com | 502: Bad gateway</title></head>
<body>
<div id="cf-error-details">
<h1>Bad gateway <span>Error code 502</span></h1>
<p>The web server reported a bad gateway error.</p>
<p>Cloudflare Ray ID: <strong>sandbox</strong></p>
</div>
</body>
</html>
`;

/** What Cloudflare's edge serves when the origin does not answer in time, trimmed. */
const gatewayTimeoutHtml = `<!DOCTYPE html>
<html lang="en-US">
<head><title>api.cloudflare.com | 504: Gateway time-out</title></head>
<body>
<div id="cf-error-details">
<h1>Gateway time-out <span>Error code 504</span></h1>
<p>The web server reported a gateway time-out error.</p>
<p>Cloudflare Ray ID: <strong>sandbox</strong></p>
</div>
</body>
</html>
`;

type BeforeFault = Exclude<SandboxFault, { kind: "latency" } | { kind: "truncate" }>;

/** Faults that let the request be processed and spoil only the answer. */
function firesAfterProcessing(fault: SandboxFault): boolean {
  return fault.kind === "truncate" || ("afterProcessing" in fault && fault.afterProcessing === true);
}

const notJsonHtml = `<!DOCTYPE html>
<html><head><title>Just a moment...</title></head>
<body><p>This is not the JSON you are looking for.</p></body></html>
`;

export class SandboxServer {
  readonly requests: RecordedRequest[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly closing = new AbortController();
  /** Latency waits in progress; closing ends them all. */
  private readonly waits = new Set<{ readonly timer: ReturnType<typeof setTimeout>; readonly cancel: () => void }>();
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    private readonly settings: ServerSettings,
    readonly port: number,
  ) {}

  static async listen(port: number, settings: ServerSettings): Promise<SandboxServer> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address();
    if (address === null || typeof address === "string") {
      throw new Error("sandbox: server has no TCP address");
    }
    const sandboxServer = new SandboxServer(server, settings, address.port);
    server.on("connection", (socket) => {
      sandboxServer.sockets.add(socket);
      socket.once("close", () => sandboxServer.sockets.delete(socket));
    });
    server.on("request", (request: IncomingMessage, response: ServerResponse) => {
      sandboxServer.handle(request, response).catch((error: unknown) => {
        // A bug in the sandbox itself: answer 500 rather than leave the client waiting.
        if (!response.headersSent && !response.destroyed) {
          sendJson(response, 500, errorEnvelope([{ code: ErrorCodes.internalError.code, message: `sandbox bug: ${String(error)}` }]));
        }
      });
    });
    return sandboxServer;
  }

  /** Stops listening and cuts every connection, including hanging and delayed requests. */
  close(): Promise<void> {
    if (!this.closed) {
      this.closing.abort();
      for (const entry of this.waits) {
        clearTimeout(entry.timer);
        entry.cancel();
      }
      this.waits.clear();
      this.closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeAllConnections();
      for (const socket of this.sockets) {
        socket.destroy();
      }
    }
    return this.closed;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const method = (request.method ?? "GET").toUpperCase();
    const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) || "/" : url.pathname;
    const headers = flattenHeaders(request);
    const rawBody = await readBody(request);
    const queryAll: Record<string, string[]> = {};
    for (const [key, value] of url.searchParams) {
      (queryAll[key] ??= []).push(value);
    }
    const recorded: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      queryAll,
      headers,
      body: recordedBody(headers, rawBody),
      startedAt,
    };
    this.requests.push(recorded);
    let status: number | string = "no answer";
    response.once("close", () => {
      recorded.finishedAt ??= performance.now();
      this.settings.log?.(`${method} ${path}${url.search} → ${status} (${Math.round(recorded.finishedAt - startedAt)} ms)`);
      reportExchange(recorded);
    });

    const fault = this.settings.faults.take(method, path);
    const waitMs = this.settings.latencyMs() + (fault?.kind === "latency" ? fault.ms : 0);
    if (waitMs > 0 && !(await this.wait(waitMs))) {
      return;
    }
    const record = (answer: RecordedAnswer): void => {
      recorded.answer = answer;
    };
    if (fault && fault.kind !== "latency" && !firesAfterProcessing(fault)) {
      status = this.applyFault(fault as BeforeFault, request, response, record);
      return;
    }
    const isApi = url.pathname.startsWith(`${API_PREFIX}/`);
    let rateHeaders: Record<string, string> = {};
    let answer: { status?: number; envelope: Envelope };
    if (isApi) {
      const decision = this.settings.rateLimiter.take();
      rateHeaders = decision.headers;
      answer = decision.allowed
        ? this.dispatch(method, path, recorded, rawBody)
        : { status: 429, envelope: errorEnvelope([{ code: ErrorCodes.rateLimited.code, message: ErrorCodes.rateLimited.message }]) };
    } else {
      answer = { status: 404, envelope: errorEnvelope([{ code: ErrorCodes.noRoute.code, message: ErrorCodes.noRoute.message }]) };
    }
    const answerStatus = answer.status ?? 200;
    status = answerStatus;
    if (fault && fault.kind !== "latency") {
      // The route did its work; only the answer goes wrong.
      status = `${answerStatus} processed, then ${this.spoilAnswer(fault, response, answerStatus, answer.envelope, rateHeaders, record)}`;
      return;
    }
    record({ status: answerStatus, body: answer.envelope });
    sendJson(response, answerStatus, answer.envelope, rateHeaders);
  }

  /** The after-processing faults: the answer is cut, never sent, or replaced by a proxy's page. */
  private spoilAnswer(fault: SandboxFault, response: ServerResponse, status: number, envelope: Envelope, headers: Record<string, string>, record: (answer: RecordedAnswer) => void): string {
    switch (fault.kind) {
      case "truncate":
        record({ status, body: envelope, fault: fault.kind });
        sendTruncated(response, status, envelope, headers);
        return "truncated";
      case "drop":
        response.socket?.destroy();
        return "dropped";
      case "hang":
        return "hung";
      case "status":
        if (fault.status === 502 || fault.status === 504) {
          record({ status: fault.status, body: undefined, fault: fault.kind });
          sendProxyPage(response, fault.status);
          return `${fault.status} (HTML)`;
        }
        break;
      case "latency":
      case "invalidJson":
      case "errorEnvelope":
      case "oversizedBody":
        break;
    }
    throw new Error(`sandbox: fault ${fault.kind} cannot fire after processing`);
  }

  /**
   * Resolves true after `ms`, or false at once if the sandbox closes meanwhile. Kept in a set that
   * close() ends, not as an abort listener each on `closing`: hundreds of delayed requests at once
   * would make Node warn MaxListenersExceededWarning in the process running sandbox and client.
   */
  private wait(ms: number): Promise<boolean> {
    if (this.closing.signal.aborted) {
      return Promise.resolve(false);
    }
    return new Promise<boolean>((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.waits.delete(entry);
          resolve(true);
        }, ms),
        cancel: () => resolve(false),
      };
      this.waits.add(entry);
    });
  }

  /** Answers (or doesn't) as the fault says, before any processing; returns the status text for the log. */
  private applyFault(fault: BeforeFault, request: IncomingMessage, response: ServerResponse, record: (answer: RecordedAnswer) => void): string {
    switch (fault.kind) {
      case "drop":
        response.socket?.destroy();
        return "dropped";
      case "hang":
        return "hung";
      case "invalidJson":
        record({ status: 200, body: undefined, fault: fault.kind });
        response.writeHead(200, { "content-type": fault.contentType ?? "text/html; charset=UTF-8", "cf-ray": rayId() });
        response.end(notJsonHtml);
        return "200 (not JSON)";
      case "oversizedBody": {
        record({ status: 200, body: undefined, fault: fault.kind });
        sendOversized(response, fault.bytes, fault.gzip === true && /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? "")));
        return `200 (${fault.bytes} bytes${fault.gzip ? ", gzip" : ""})`;
      }
      case "errorEnvelope": {
        const status = fault.httpStatus ?? 200;
        const envelope = errorEnvelope([{ code: fault.code, message: fault.message }]);
        record({ status, body: envelope, fault: fault.kind });
        sendJson(response, status, envelope);
        return `${status} (error envelope ${fault.code})`;
      }
      case "status":
        switch (fault.status) {
          case 429: {
            const headers: Record<string, string> = {};
            if (fault.retryAfterSeconds !== undefined) {
              headers["retry-after"] = String(fault.retryAfterSeconds);
            }
            const envelope = errorEnvelope([{ code: ErrorCodes.rateLimited.code, message: ErrorCodes.rateLimited.message }]);
            record({ status: 429, body: envelope, fault: fault.kind });
            sendJson(response, 429, envelope, headers);
            return "429";
          }
          case 502:
          case 504:
            record({ status: fault.status, body: undefined, fault: fault.kind });
            sendProxyPage(response, fault.status);
            return `${fault.status} (HTML)`;
          case 500: {
            const envelope = errorEnvelope([{ code: ErrorCodes.internalError.code, message: ErrorCodes.internalError.message }]);
            record({ status: 500, body: envelope, fault: fault.kind });
            sendJson(response, 500, envelope);
            return "500";
          }
          case 503: {
            const envelope = errorEnvelope([{ code: ErrorCodes.serviceUnavailable.code, message: ErrorCodes.serviceUnavailable.message }]);
            record({ status: 503, body: envelope, fault: fault.kind });
            sendJson(response, 503, envelope);
            return "503";
          }
        }
    }
  }

  private dispatch(method: string, path: string, recorded: RecordedRequest, rawBody: Buffer): RouteAnswer {
    try {
      const { route, params } = matchRoute(this.settings.routes, method, path);
      let principal: Principal | undefined;
      if (route.auth === "api") {
        principal = authenticate(recorded.headers, this.settings.state);
        if (route.write && !canWrite(principal)) {
          throw SandboxApiError.of(ErrorCodes.authenticationError);
        }
      }
      return route.handle({
        method: method as HttpMethod,
        path,
        params,
        query: recorded.query,
        headers: recorded.headers,
        body: route.jsonBody ? parseJsonBody(recorded.headers, rawBody) : undefined,
        principal,
        state: this.settings.state,
        defaultPerPage: this.settings.defaultPerPage,
        accessMaxPerPage: this.settings.accessMaxPerPage,
        queryAll: recorded.queryAll ?? {},
      });
    } catch (error) {
      if (error instanceof SandboxApiError) {
        return { status: error.status, envelope: errorEnvelope(error.errors) };
      }
      throw error;
    }
  }
}

function parseJsonBody(headers: Readonly<Record<string, string>>, rawBody: Buffer): unknown {
  if (!isJsonContentType(headers["content-type"])) {
    throw SandboxApiError.chained(ErrorCodes.invalidRequestHeaders, ErrorCodes.invalidContentType);
  }
  try {
    return JSON.parse(rawBody.toString("utf8")) as unknown;
  } catch {
    throw SandboxApiError.of(ErrorCodes.malformedJson);
  }
}

function isJsonContentType(contentType: string | undefined): boolean {
  return contentType?.split(";")[0]?.trim().toLowerCase() === "application/json";
}

function recordedBody(headers: Readonly<Record<string, string>>, rawBody: Buffer): unknown {
  if (rawBody.length === 0) {
    return undefined;
  }
  const text = rawBody.toString("utf8");
  if (isJsonContentType(headers["content-type"])) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) {
      headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
  }
  return headers;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
  } catch {
    // The client went away mid-body; what arrived is all there is.
  }
  return Buffer.concat(chunks);
}

function rayId(): string {
  return `${randomBytes(8).toString("hex")}-SBX`;
}

function sendJson(response: ServerResponse, status: number, envelope: Envelope, extraHeaders: Record<string, string> = {}): void {
  const text = JSON.stringify(envelope);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), "cf-ray": rayId(), ...extraHeaders });
  response.end(text);
}

/** Cloudflare's edge page for a 502 or 504: HTML, not an envelope. */
function sendProxyPage(response: ServerResponse, status: 502 | 504): void {
  response.writeHead(status, { "content-type": "text/html; charset=UTF-8", "cf-ray": rayId() });
  response.end(status === 502 ? badGatewayHtml : gatewayTimeoutHtml);
}

/** A valid envelope padded with spaces to `bytes`; gzip-encoded, a few KiB grow to all of it. */
function sendOversized(response: ServerResponse, bytes: number, gzip: boolean): void {
  const head = '{"success":true,"errors":[],"messages":[],"result":[]';
  const body = Buffer.alloc(Math.max(bytes, head.length + 1), " ");
  body.write(head, 0, "utf8");
  body.write("}", body.length - 1, "utf8");
  const sent = gzip ? gzipSync(body) : body;
  response.writeHead(200, { "content-type": "application/json", "content-length": sent.length, "cf-ray": rayId(), ...(gzip ? { "content-encoding": "gzip" } : {}) });
  response.end(sent);
}

/** Promises the whole body in Content-Length, sends half of it, then cuts the connection. */
function sendTruncated(response: ServerResponse, status: number, envelope: Envelope, extraHeaders: Record<string, string> = {}): void {
  const body = Buffer.from(JSON.stringify(envelope));
  response.writeHead(status, { "content-type": "application/json", "content-length": body.length, "cf-ray": rayId(), ...extraHeaders });
  response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.socket?.destroy());
}
