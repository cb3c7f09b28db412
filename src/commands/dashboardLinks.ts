// Pure: where "Open in Cloudflare Dashboard" goes. Cloudflare does not document deep links, so
// these are the pages as the dashboard shows them today (unconfirmed, see cloudflare-api.md); a
// wrong path still lands on the right account.
import type { AccessScope } from "../cloudflare/types";

const DASHBOARD = "https://dash.cloudflare.com";
const ZERO_TRUST = "https://one.dash.cloudflare.com";

export function accountDashboardUrl(accountId: string): string {
  return `${DASHBOARD}/${encodeURIComponent(accountId)}`;
}

/** Account mTLS certificates are API-managed; the SSL/TLS area of the account is the closest page. */
export function mtlsCertificatesDashboardUrl(accountId: string): string {
  return `${DASHBOARD}/${encodeURIComponent(accountId)}/ssl-tls`;
}

export function accessCertificatesDashboardUrl(accountId: string, scope: AccessScope, zoneName?: string): string {
  if (scope.kind === "zones" && zoneName) {
    return `${DASHBOARD}/${encodeURIComponent(accountId)}/${encodeURIComponent(zoneName)}/ssl-tls/client-certificates`;
  }
  return `${ZERO_TRUST}/${encodeURIComponent(accountId)}/access/service-auth/mtls`;
}
