// The route table's shape and its matching. A literal path segment beats a parameter, so
// ".../access/certificates/settings" is never read as a certificate id; a path that exists
// with another method answers 405 instead of falling through to a parameter route.
import { ErrorCodes } from "./errorCodes";
import { SandboxApiError, type Envelope } from "./envelope";
import type { Principal } from "./auth";
import type { SandboxState } from "./state";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** How a route checks credentials. */
export type RouteAuth =
  | "api" // any active token or Global API key
  | "userTokenVerify" // /user/tokens/verify: user-owned tokens of any status
  | "accountTokenVerify"; // /accounts/{id}/tokens/verify: account-owned tokens of any status

export interface RouteContext {
  readonly method: HttpMethod;
  /** Path without /client/v4 and without the query. */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body for routes with `jsonBody`; undefined otherwise. */
  readonly body: unknown;
  /** Set for "api" routes. */
  readonly principal: Principal | undefined;
  readonly state: SandboxState;
  readonly defaultPerPage: number;
}

export interface RouteAnswer {
  readonly status?: number;
  readonly envelope: Envelope;
}

export interface Route {
  readonly method: HttpMethod;
  /** e.g. "/accounts/:accountId/mtls_certificates/:certificateId". */
  readonly pattern: string;
  readonly auth: RouteAuth;
  /** Refused for read-only tokens. */
  readonly write?: boolean;
  /** Needs a JSON body with Content-Type: application/json. */
  readonly jsonBody?: boolean;
  readonly handle: (context: RouteContext) => RouteAnswer;
}

export interface RouteMatch {
  readonly route: Route;
  readonly params: Record<string, string>;
}

export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const segments = splitPath(path);
  let best: { pattern: string; literals: number; params: Record<string, string> } | undefined;
  for (const route of routes) {
    const params = matchPattern(route.pattern, segments);
    if (!params) {
      continue;
    }
    const literals = splitPath(route.pattern).filter((s) => !s.startsWith(":")).length;
    if (!best || literals > best.literals) {
      best = { pattern: route.pattern, literals, params };
    }
  }
  if (!best) {
    throw SandboxApiError.of(ErrorCodes.noRoute);
  }
  const pattern = best.pattern;
  const route = routes.find((r) => r.pattern === pattern && r.method === method);
  if (!route) {
    throw SandboxApiError.of(ErrorCodes.methodNotAllowed);
  }
  return { route, params: best.params };
}

function matchPattern(pattern: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = splitPath(pattern);
  if (parts.length !== segments.length) {
    return undefined;
  }
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index] ?? "";
    if (part.startsWith(":")) {
      params[part.slice(1)] = segment;
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

function splitPath(path: string): string[] {
  return path.split("/").filter((s) => s !== "").map(safeDecode);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
