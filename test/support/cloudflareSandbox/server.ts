// The HTTP side: records each request, applies latency and faults, checks credentials and
// bodies, dispatches to the route table and writes the envelope. Only Node's http module.
//
// Order of checks for a request (first failure answers):
//   fault → route (404 7000 / 405 7001) → credentials → write permission → Content-Type and JSON
//   → the route's own checks (account/zone 7003, body fields, business rules).
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { authenticate, canWrite, type Principal } from "./auth";
import { ErrorCodes } from "./errorCodes";
import { errorEnvelope, SandboxApiError, type Envelope } from "./envelope";
import type { FaultQueue } from "./faults";
import { matchRoute, type HttpMethod, type Route, type RouteAnswer } from "./router";
import type { SandboxState } from "./state";
import type { RecordedRequest, SandboxFault } from "./types";

export const API_PREFIX = "/client/v4";

export interface ServerSettings {
  readonly state: SandboxState;
  readonly faults: FaultQueue;
  readonly routes: readonly Route[];
  readonly defaultPerPage: number;
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

const notJsonHtml = `<!DOCTYPE html>
<html><head><title>Just a moment...</title></head>
<body><p>This is not the JSON you are looking for.</p></body></html>
`;

export class SandboxServer {
  readonly requests: RecordedRequest[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly closing = new AbortController();
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
    const recorded: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: recordedBody(headers, rawBody),
      startedAt,
    };
    this.requests.push(recorded);
    let status: number | string = "no answer";
    response.once("close", () => {
      recorded.finishedAt ??= performance.now();
      this.settings.log?.(`${method} ${path}${url.search} → ${status} (${Math.round(recorded.finishedAt - startedAt)} ms)`);
    });

    const fault = this.settings.faults.take(method, path);
    const waitMs = this.settings.latencyMs() + (fault?.kind === "latency" ? fault.ms : 0);
    if (waitMs > 0 && !(await this.wait(waitMs))) {
      return;
    }
    if (fault && fault.kind !== "latency") {
      status = this.applyFault(fault, response);
      if (fault.kind !== "truncate") {
        return;
      }
    }
    const answer = url.pathname.startsWith(`${API_PREFIX}/`)
      ? this.dispatch(method, path, recorded, rawBody)
      : { status: 404, envelope: errorEnvelope([{ code: ErrorCodes.noRoute.code, message: ErrorCodes.noRoute.message }]) };
    status = answer.status ?? 200;
    if (fault?.kind === "truncate") {
      status = `${status} (truncated)`;
      sendTruncated(response, answer.status ?? 200, answer.envelope);
    } else {
      sendJson(response, answer.status ?? 200, answer.envelope);
    }
  }

  /** Resolves true after `ms`, or false at once if the sandbox closes meanwhile. */
  private async wait(ms: number): Promise<boolean> {
    try {
      await delay(ms, undefined, { signal: this.closing.signal });
      return true;
    } catch {
      return false;
    }
  }

  /** Answers (or doesn't) as the fault says; returns the status text for the log. */
  private applyFault(fault: Exclude<SandboxFault, { kind: "latency" }>, response: ServerResponse): string {
    switch (fault.kind) {
      case "drop":
        response.socket?.destroy();
        return "dropped";
      case "hang":
        return "hung";
      case "truncate":
        return "truncated";
      case "invalidJson":
        response.writeHead(200, { "content-type": fault.contentType ?? "text/html; charset=UTF-8", "cf-ray": rayId() });
        response.end(notJsonHtml);
        return "200 (not JSON)";
      case "errorEnvelope": {
        const status = fault.httpStatus ?? 200;
        sendJson(response, status, errorEnvelope([{ code: fault.code, message: fault.message }]));
        return `${status} (error envelope ${fault.code})`;
      }
      case "status":
        switch (fault.status) {
          case 429: {
            const headers: Record<string, string> = {};
            if (fault.retryAfterSeconds !== undefined) {
              headers["retry-after"] = String(fault.retryAfterSeconds);
            }
            sendJson(response, 429, errorEnvelope([{ code: ErrorCodes.rateLimited.code, message: ErrorCodes.rateLimited.message }]), headers);
            return "429";
          }
          case 502:
            response.writeHead(502, { "content-type": "text/html; charset=UTF-8", "cf-ray": rayId() });
            response.end(badGatewayHtml);
            return "502 (HTML)";
          case 500:
            sendJson(response, 500, errorEnvelope([{ code: ErrorCodes.internalError.code, message: ErrorCodes.internalError.message }]));
            return "500";
          case 503:
            sendJson(response, 503, errorEnvelope([{ code: ErrorCodes.serviceUnavailable.code, message: ErrorCodes.serviceUnavailable.message }]));
            return "503";
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

/** Promises the whole body in Content-Length, sends half of it, then cuts the connection. */
function sendTruncated(response: ServerResponse, status: number, envelope: Envelope): void {
  const body = Buffer.from(JSON.stringify(envelope));
  response.writeHead(status, { "content-type": "application/json", "content-length": body.length, "cf-ray": rayId() });
  response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.socket?.destroy());
}
