// Where "Open in Cloudflare Dashboard" goes: always an https page on Cloudflare's dashboards, with
// every id encoded so an odd value from the API cannot leave the account's path.
import assert from "node:assert/strict";
import { accessCertificatesDashboardUrl, accountDashboardUrl, mtlsCertificatesDashboardUrl } from "../../../src/commands/dashboardLinks";

const ACCOUNT = "0123456789abcdef0123456789abcdef";

suite("commands/dashboardLinks", () => {
  test("the account's home page", () => {
    assert.equal(accountDashboardUrl(ACCOUNT), `https://dash.cloudflare.com/${ACCOUNT}`);
  });

  test("account mTLS certificates: the account's SSL/TLS area", () => {
    assert.equal(mtlsCertificatesDashboardUrl(ACCOUNT), `https://dash.cloudflare.com/${ACCOUNT}/ssl-tls`);
  });

  test("account Access certificates: Zero Trust's mTLS page", () => {
    assert.equal(accessCertificatesDashboardUrl(ACCOUNT, { kind: "accounts", id: ACCOUNT }), `https://one.dash.cloudflare.com/${ACCOUNT}/access/service-auth/mtls`);
  });

  test("zone Access certificates: the zone's client certificates page, by zone name", () => {
    assert.equal(
      accessCertificatesDashboardUrl(ACCOUNT, { kind: "zones", id: "zone-id" }, "acme.com"),
      `https://dash.cloudflare.com/${ACCOUNT}/acme.com/ssl-tls/client-certificates`,
    );
  });

  test("a zone whose name is unknown falls back to the account's Zero Trust page", () => {
    assert.equal(accessCertificatesDashboardUrl(ACCOUNT, { kind: "zones", id: "zone-id" }), `https://one.dash.cloudflare.com/${ACCOUNT}/access/service-auth/mtls`);
    assert.equal(accessCertificatesDashboardUrl(ACCOUNT, { kind: "zones", id: "zone-id" }, ""), `https://one.dash.cloudflare.com/${ACCOUNT}/access/service-auth/mtls`);
  });

  test("odd ids and names stay inside their path segment, on Cloudflare's hosts", () => {
    const odd = "../../evil.example/x?y=1#z";
    const urls = [
      accountDashboardUrl(odd),
      mtlsCertificatesDashboardUrl(odd),
      accessCertificatesDashboardUrl(odd, { kind: "accounts", id: odd }),
      accessCertificatesDashboardUrl(odd, { kind: "zones", id: odd }, odd),
    ];
    for (const text of urls) {
      const url = new URL(text);
      assert.equal(url.protocol, "https:");
      assert.ok(["dash.cloudflare.com", "one.dash.cloudflare.com"].includes(url.host), text);
      assert.equal(url.search, "", text);
      assert.equal(url.hash, "", text);
      assert.ok(url.pathname.startsWith(`/${encodeURIComponent(odd)}`), text);
    }
    assert.equal(new URL(urls[3] ?? "").pathname, `/${encodeURIComponent(odd)}/${encodeURIComponent(odd)}/ssl-tls/client-certificates`);
  });
});
