// Who the credentials are and what they reach: credential checks and accounts (cloudflare-api.md §3;
// zones are in ./zones.ts).

import type { CloudflareClient } from "./client";
import { CloudflareApiError } from "./errors";
import { fetchAllPages } from "./pagination";
import { recordItems, recordResult, type RecordShape } from "./resultShapes";
import type { Account, RequestOptions, TokenVerification } from "./types";

/** Cloudflare's largest page of accounts. */
const PAGE_SIZE = 50;

const TOKEN_SHAPE: RecordShape = {
  id: { type: "string", required: true },
  status: { type: "string", required: true },
  not_before: { type: "string" },
  expires_on: { type: "string" },
};
const USER_SHAPE: RecordShape = { id: { type: "string", required: true }, email: { type: "string", required: true } };
const ACCOUNT_SHAPE: RecordShape = {
  id: { type: "string", required: true },
  name: { type: "string", empty: "" },
  type: { type: "string" },
  created_on: { type: "string" },
};
export type CredentialCheck =
  | { kind: "apiToken"; token: TokenVerification; scope: "user" | "account" }
  | { kind: "globalApiKey"; user: { id: string; email: string } };

export type VerifyCredentialsOptions = RequestOptions & {
  /** Where to verify an account-owned token, which /user/tokens/verify does not know. */
  accountIdHint?: string;
};

async function verifyToken(client: CloudflareClient, path: string, signal: AbortSignal | undefined): Promise<TokenVerification> {
  const response = await client.request<unknown>("GET", path, { signal });
  const token = recordResult<TokenVerification>(response, TOKEN_SHAPE);
  if (token.status !== "active") {
    // Cloudflare answers 200 for a disabled or expired token; for us it cannot sign in.
    throw new CloudflareApiError({ kind: "auth", method: "GET", path, reason: `the API token is ${token.status}, not active` });
  }
  return token;
}

/** Cloudflare's way of saying "no such user token": code 1000 or HTTP 401 on the verify endpoint. */
function isUnknownToken(error: unknown): boolean {
  return error instanceof CloudflareApiError && (error.hasCode(1000) || error.status === 401);
}

/** At most this many of the accounts a token lists are tried as its owner. */
const OWNER_CANDIDATES = 10;

/**
 * A token that Cloudflare accepts but that is no user token, and no account it lists verifies it:
 * only the user can say which account owns it.
 */
export class UnknownTokenAccountError extends Error {
  constructor(readonly verifyError: CloudflareApiError) {
    super("Cloudflare accepts this token, but it is no user token and no account it reaches owns it.");
    this.name = "UnknownTokenAccountError";
  }
}

/**
 * A token /user/tokens/verify does not know is either mistyped (or revoked) or account-owned.
 * Cloudflare tells them apart without asking the user: GET /accounts refuses a token it does not
 * know (auth error), and lists an account-owned token's account, where it verifies.
 * Assumption (the schema documents no error for it): an account-owned token may call GET /accounts.
 */
async function verifyAsAccountToken(client: CloudflareClient, unknownAsUser: CloudflareApiError, signal: AbortSignal | undefined): Promise<CredentialCheck> {
  let accounts: Account[];
  try {
    accounts = await listAccounts(client, { signal });
  } catch (error) {
    if (error instanceof CloudflareApiError && error.isAuthError) {
      throw unknownAsUser; // Cloudflare knows the token nowhere: mistyped, revoked or deleted.
    }
    throw error;
  }
  for (const account of accounts.slice(0, OWNER_CANDIDATES)) {
    try {
      const token = await verifyToken(client, `/accounts/${encodeURIComponent(account.id)}/tokens/verify`, signal);
      return { kind: "apiToken", token, scope: "account" };
    } catch (error) {
      if (!isUnknownToken(error)) {
        throw error;
      }
    }
  }
  throw new UnknownTokenAccountError(unknownAsUser);
}

/**
 * Checks that Cloudflare accepts the credentials. A token is verified as a user token, then, when
 * Cloudflare does not know it, as an account's token: the hinted account's, or else the account
 * it lists (UnknownTokenAccountError when it lists none that owns it). A Global API key is
 * checked with GET /user (the token endpoints refuse that scheme). Throws CloudflareApiError
 * (kind "auth" for a token that is not active, code 1000 for a token Cloudflare does not know).
 */
export async function verifyCredentials(client: CloudflareClient, options: VerifyCredentialsOptions = {}): Promise<CredentialCheck> {
  const { signal, accountIdHint } = options;
  if ((await client.credentialKind()) === "globalApiKey") {
    const response = await client.request<unknown>("GET", "/user", { signal });
    const user = recordResult<{ id: string; email: string }>(response, USER_SHAPE);
    return { kind: "globalApiKey", user: { id: user.id, email: user.email } };
  }
  try {
    return { kind: "apiToken", token: await verifyToken(client, "/user/tokens/verify", signal), scope: "user" };
  } catch (error) {
    if (!isUnknownToken(error) || !(error instanceof CloudflareApiError)) {
      throw error;
    }
    if (!accountIdHint) {
      return verifyAsAccountToken(client, error, signal);
    }
  }
  const accountPath = `/accounts/${encodeURIComponent(accountIdHint)}/tokens/verify`;
  return { kind: "apiToken", token: await verifyToken(client, accountPath, signal), scope: "account" };
}

/** Every account the credentials reach, all pages. */
export async function listAccounts(client: CloudflareClient, options: RequestOptions = {}): Promise<Account[]> {
  const items = await fetchAllPages<unknown>(client, "/accounts", { perPage: PAGE_SIZE, signal: options.signal });
  return recordItems<Account>(items, ACCOUNT_SHAPE, { method: "GET", path: "/accounts" });
}

