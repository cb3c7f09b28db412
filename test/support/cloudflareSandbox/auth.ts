// Who is calling, decided from the headers the way Cloudflare decides it.
//
// Choices where Cloudflare's behaviour is not documented:
// - A request with both an Authorization header and X-Auth-Email/X-Auth-Key is judged by the
//   token alone ("token wins"); the key headers are ignored.
// - The token verify endpoints read only the Authorization header: without one they answer
//   400 code 1001 'Missing "Authorization" header' (seen from Cloudflare for a Global API key).
// - A token that does not reach an account gets 403 code 10000, like any other permission miss.
import { ErrorCodes } from "./errorCodes";
import { SandboxApiError } from "./envelope";
import type { GlobalKeyRecord, SandboxState, TokenRecord } from "./state";

export type Principal = { readonly kind: "token"; readonly token: TokenRecord } | { readonly kind: "globalKey"; readonly key: GlobalKeyRecord };

type PresentedCredentials =
  | { kind: "none" }
  | { kind: "malformedAuthorization" }
  | { kind: "bearer"; token: string }
  | { kind: "incompleteGlobalKey" }
  | { kind: "globalKey"; email: string; key: string };

export type HeaderBag = Readonly<Record<string, string | undefined>>;

function presentedCredentials(headers: HeaderBag): PresentedCredentials {
  const authorization = headers["authorization"];
  if (authorization !== undefined) {
    const match = /^Bearer ([^\s]+)$/.exec(authorization.trim());
    return match?.[1] ? { kind: "bearer", token: match[1] } : { kind: "malformedAuthorization" };
  }
  const email = headers["x-auth-email"];
  const key = headers["x-auth-key"];
  if (email === undefined && key === undefined) {
    return { kind: "none" };
  }
  if (!email || !key) {
    return { kind: "incompleteGlobalKey" };
  }
  return { kind: "globalKey", email, key };
}

/** For every endpoint except the token verify ones. Only active tokens pass. */
export function authenticate(headers: HeaderBag, state: SandboxState): Principal {
  const credentials = presentedCredentials(headers);
  switch (credentials.kind) {
    case "none":
    case "incompleteGlobalKey":
      throw SandboxApiError.of(ErrorCodes.missingCredentials);
    case "malformedAuthorization":
      throw SandboxApiError.chained(ErrorCodes.invalidRequestHeaders, ErrorCodes.invalidAuthorizationFormat);
    case "bearer": {
      const token = state.findToken(credentials.token);
      if (!token || token.status !== "active") {
        throw SandboxApiError.of(ErrorCodes.authenticationError);
      }
      return { kind: "token", token };
    }
    case "globalKey": {
      const key = state.findGlobalKey(credentials.email);
      if (!key || key.key !== credentials.key) {
        throw SandboxApiError.of(ErrorCodes.unknownGlobalKey);
      }
      return { kind: "globalKey", key };
    }
  }
}

/**
 * For /user/tokens/verify (owner "user", no account) and /accounts/{id}/tokens/verify (owner
 * "account"). Disabled and expired tokens pass: the endpoint reports their status.
 */
export function authenticateTokenForVerify(headers: HeaderBag, state: SandboxState, accountId?: string): TokenRecord {
  const credentials = presentedCredentials(headers);
  if (credentials.kind === "malformedAuthorization") {
    throw SandboxApiError.chained(ErrorCodes.invalidRequestHeaders, ErrorCodes.invalidAuthorizationFormat);
  }
  if (credentials.kind !== "bearer") {
    throw SandboxApiError.of(ErrorCodes.missingAuthorizationHeader);
  }
  const token = state.findToken(credentials.token);
  const ownerMatches = accountId === undefined ? token?.owner === "user" : token?.owner === "account" && reachesAccount({ kind: "token", token }, accountId);
  if (!token || !ownerMatches) {
    throw SandboxApiError.of(ErrorCodes.invalidApiToken);
  }
  return token;
}

export function reachesAccount(principal: Principal, accountId: string): boolean {
  return principal.kind === "globalKey" || principal.token.accountIds === undefined || principal.token.accountIds.has(accountId);
}

export function canWrite(principal: Principal): boolean {
  return principal.kind === "globalKey" || principal.token.permissions === "edit";
}
