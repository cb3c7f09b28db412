// Who the caller is and what it reaches: token verify, /user, accounts and zones.
import { authenticateTokenForVerify, reachesAccount, type Principal } from "../auth";
import { ErrorCodes } from "../errorCodes";
import { SandboxApiError, successEnvelope } from "../envelope";
import { accountAndZoneLimits, pageOf, readPageRequest } from "../pagination";
import type { Route, RouteAnswer, RouteContext } from "../router";
import { requireAccount, requireZone } from "../scopes";
import type { TokenRecord, ZoneRecord } from "../state";
import type { SandboxAccount } from "../types";
import { parseNameFilter } from "../zoneNameFilter";

/** The e-mail /user shows for a user-owned token (tokens carry no e-mail of their own). */
export const SANDBOX_USER_EMAIL = "sandbox-user@example.com";

function tokenStatus(token: TokenRecord): RouteAnswer {
  const result: Record<string, string> = { id: token.id, status: token.status };
  if (token.notBefore) {
    result["not_before"] = token.notBefore;
  }
  if (token.expiresOn) {
    result["expires_on"] = token.expiresOn;
  }
  const messages = token.status === "active" ? [{ code: 10000, message: "This API Token is valid and active" }] : [];
  return { envelope: successEnvelope(result, undefined, messages) };
}

function accountJson(account: SandboxAccount): Record<string, unknown> {
  return {
    id: account.id,
    name: account.name,
    type: "standard",
    created_on: account.createdOn,
    settings: { enforce_twofactor: false, api_access_enabled: null, abuse_contact_email: null },
  };
}

/** A zone with every field Cloudflare's schema requires (zones_zone), plus status, paused, type and plan. */
function zoneJson(zone: ZoneRecord, context: RouteContext): Record<string, unknown> {
  const account = context.state.account(zone.accountId);
  const active = zone.status === "active";
  return {
    id: zone.id,
    name: zone.name,
    status: zone.status,
    paused: false,
    type: "full",
    development_mode: 0,
    name_servers: ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"],
    original_name_servers: null,
    original_registrar: null,
    original_dnshost: null,
    vanity_name_servers: [],
    meta: { cdn_only: false, custom_certificate_quota: 0, dns_only: false, foundation_dns: false, page_rule_quota: 3, phishing_detected: false, step: 2 },
    owner: { id: context.state.userId, type: "user", name: account?.name ?? "" },
    account: { id: zone.accountId, name: account?.name ?? "" },
    permissions: ["#zone:read", "#zone:edit"],
    plan: {
      id: "0feeeeeeeeeeeeeeeeeeeeeeeeeeeeee",
      name: "Free Website",
      price: 0,
      currency: "USD",
      frequency: "",
      is_subscribed: false,
      can_subscribe: false,
      legacy_id: "free",
      legacy_discount: false,
      externally_managed: false,
    },
    created_on: zone.createdOn,
    modified_on: zone.createdOn,
    activated_on: active ? zone.createdOn : null,
  };
}

const ZONE_STATUSES = ["initializing", "pending", "active", "moved"] as const;
const ZONE_ORDERS = ["name", "status", "account.id", "account.name"] as const;

function oneOf(query: Readonly<Record<string, string>>, parameter: string, allowed: readonly string[]): string | undefined {
  const value = query[parameter];
  if (value !== undefined && !allowed.includes(value)) {
    throw SandboxApiError.of(ErrorCodes.invalidQuery, { detail: `${parameter} must be one of ${allowed.join(", ")}, got "${value}"` });
  }
  return value;
}

/**
 * GET /zones' search parameters as the schema has them: `name` and `account.name` with their filter
 * operators (../zoneNameFilter.ts), `status`, `match` (all, the default, or any) over those three,
 * and `order` / `direction`. `account.id` always narrows (assumption: `match=any` cannot widen a
 * listing beyond the account it names).
 */
function filterZones(zones: readonly ZoneRecord[], query: Readonly<Record<string, string>>, accountName: (accountId: string) => string): ZoneRecord[] {
  const status = oneOf(query, "status", ZONE_STATUSES);
  const match = oneOf(query, "match", ["all", "any"]) ?? "all";
  const order = oneOf(query, "order", ZONE_ORDERS);
  const direction = oneOf(query, "direction", ["asc", "desc"]) ?? "asc";
  const tests: ((zone: ZoneRecord) => boolean)[] = [];
  if (query["name"] !== undefined) {
    const matches = parseNameFilter("name", query["name"]);
    tests.push((zone) => matches(zone.name));
  }
  if (query["account.name"] !== undefined) {
    const matches = parseNameFilter("account.name", query["account.name"]);
    tests.push((zone) => matches(accountName(zone.accountId)));
  }
  if (status !== undefined) {
    tests.push((zone) => zone.status === status);
  }
  const found = tests.length === 0 ? [...zones] : zones.filter((zone) => (match === "all" ? tests.every((test) => test(zone)) : tests.some((test) => test(zone))));
  if (order !== undefined) {
    const key = (zone: ZoneRecord): string => (order === "name" ? zone.name : order === "status" ? zone.status : order === "account.id" ? zone.accountId : accountName(zone.accountId));
    found.sort((a, b) => key(a).localeCompare(key(b)) * (direction === "desc" ? -1 : 1));
  }
  return found;
}

function principalOf(context: RouteContext): Principal {
  if (!context.principal) {
    throw SandboxApiError.of(ErrorCodes.authenticationError);
  }
  return context.principal;
}

export const identityRoutes: readonly Route[] = [
  {
    method: "GET",
    pattern: "/user/tokens/verify",
    auth: "userTokenVerify",
    handle: (context) => tokenStatus(authenticateTokenForVerify(context.headers, context.state)),
  },
  {
    method: "GET",
    pattern: "/accounts/:accountId/tokens/verify",
    auth: "accountTokenVerify",
    handle: (context) => {
      const accountId = context.params["accountId"] ?? "";
      const token = authenticateTokenForVerify(context.headers, context.state, accountId);
      if (!context.state.account(accountId)) {
        throw SandboxApiError.of(ErrorCodes.invalidApiToken);
      }
      return tokenStatus(token);
    },
  },
  {
    method: "GET",
    pattern: "/user",
    auth: "api",
    handle: (context) => {
      const principal = principalOf(context);
      if (principal.kind === "token" && principal.token.owner === "account") {
        // Account-owned tokens have no user behind them.
        throw SandboxApiError.of(ErrorCodes.authenticationError);
      }
      const email = principal.kind === "globalKey" ? principal.key.email : SANDBOX_USER_EMAIL;
      return {
        envelope: successEnvelope({
          id: context.state.userId,
          email,
          username: context.state.userId,
          first_name: null,
          last_name: null,
          telephone: null,
          country: null,
          zipcode: null,
          two_factor_authentication_enabled: false,
          suspended: false,
          has_pro_zones: false,
          has_business_zones: false,
          has_enterprise_zones: false,
          created_on: "2020-01-01T00:00:00Z",
          modified_on: "2020-01-01T00:00:00Z",
        }),
      };
    },
  },
  {
    method: "GET",
    pattern: "/accounts",
    auth: "api",
    handle: (context) => {
      const principal = principalOf(context);
      const reachable = context.state.accounts().filter((a) => reachesAccount(principal, a.id));
      const page = pageOf(reachable, readPageRequest(context.query, accountAndZoneLimits, context.defaultPerPage));
      return { envelope: successEnvelope(page.items.map(accountJson), page.resultInfo) };
    },
  },
  {
    method: "GET",
    pattern: "/accounts/:accountId",
    auth: "api",
    handle: (context) => ({ envelope: successEnvelope(accountJson(requireAccount(context, context.params["accountId"] ?? ""))) }),
  },
  {
    method: "GET",
    pattern: "/zones",
    auth: "api",
    handle: (context) => {
      const principal = principalOf(context);
      const request = readPageRequest(context.query, accountAndZoneLimits, context.defaultPerPage);
      const zones = filterZones(
        context.state.zones(context.query["account.id"]).filter((z) => reachesAccount(principal, z.accountId)),
        context.query,
        (accountId) => context.state.account(accountId)?.name ?? "",
      );
      const page = pageOf(zones, request);
      return { envelope: successEnvelope(page.items.map((z) => zoneJson(z, context)), page.resultInfo) };
    },
  },
  {
    method: "GET",
    pattern: "/zones/:zoneId",
    auth: "api",
    handle: (context) => ({ envelope: successEnvelope(zoneJson(requireZone(context, context.params["zoneId"] ?? ""), context)) }),
  },
];
