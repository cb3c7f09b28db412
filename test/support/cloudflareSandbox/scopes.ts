// Resolving the account or zone a path names, and checking that the caller reaches it.
// An unknown identifier answers 404 code 7003 "Could not route to <path>, perhaps your object
// identifier is invalid?"; an existing one the credential does not reach answers 403 code 10000.
import { reachesAccount } from "./auth";
import { ErrorCodes } from "./errorCodes";
import { SandboxApiError } from "./envelope";
import type { RouteContext } from "./router";
import type { ZoneRecord } from "./state";
import type { AccessScope, AccessScopeKind, SandboxAccount } from "./types";

export function couldNotRoute(path: string): SandboxApiError {
  return SandboxApiError.of(ErrorCodes.couldNotRoute, { message: `Could not route to ${path}, perhaps your object identifier is invalid?` });
}

export function requireAccount(context: RouteContext, accountId: string): SandboxAccount {
  const account = context.state.account(accountId);
  if (!account) {
    throw couldNotRoute(context.path);
  }
  requireReach(context, account.id);
  return account;
}

export function requireZone(context: RouteContext, zoneId: string): ZoneRecord {
  const zone = context.state.zone(zoneId);
  if (!zone) {
    throw couldNotRoute(context.path);
  }
  requireReach(context, zone.accountId);
  return zone;
}

export function requireAccessScope(context: RouteContext, kind: AccessScopeKind, id: string): AccessScope {
  if (kind === "accounts") {
    requireAccount(context, id);
  } else {
    requireZone(context, id);
  }
  return { kind, id };
}

function requireReach(context: RouteContext, accountId: string): void {
  if (!context.principal || !reachesAccount(context.principal, accountId)) {
    throw SandboxApiError.of(ErrorCodes.authenticationError);
  }
}
