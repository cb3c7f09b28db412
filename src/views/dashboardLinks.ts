// Pure: where "Open in Cloudflare Dashboard" goes. Cloudflare does not document deep links, so
// these are the pages as the dashboard shows them today (unconfirmed, see cloudflare-api.md); a
// wrong path still lands on the right account. Each kind builds its own page from these.

const DASHBOARD = "https://dash.cloudflare.com";
export const ZERO_TRUST_DASHBOARD = "https://one.dash.cloudflare.com";

export function accountDashboardUrl(accountId: string): string {
  return `${DASHBOARD}/${encodeURIComponent(accountId)}`;
}

/** A page of a zone's area in the dashboard, e.g. "ssl-tls/client-certificates". */
export function zoneDashboardUrl(accountId: string, zoneName: string, page: string): string {
  return `${accountDashboardUrl(accountId)}/${encodeURIComponent(zoneName)}/${page}`;
}
