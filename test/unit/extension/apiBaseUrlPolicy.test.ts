import assert from "node:assert/strict";
import { checkApiBaseUrl, credentialHost, DEFAULT_API_BASE_URL, isCloudflareApiHost } from "../../../src/apiBaseUrlPolicy";
import { CloudflareClient } from "../../../src/cloudflare/client";

suite("checkApiBaseUrl", () => {
  const accepted: readonly [string | undefined, string][] = [
    [undefined, DEFAULT_API_BASE_URL],
    ["", DEFAULT_API_BASE_URL],
    ["https://api.cloudflare.com/client/v4/", DEFAULT_API_BASE_URL],
    ["http://127.0.0.1:8787/client/v4", "http://127.0.0.1:8787/client/v4"],
    ["http://localhost:9000/client/v4", "http://localhost:9000/client/v4"],
    ["http://[::1]:9000/client/v4", "http://[::1]:9000/client/v4"],
    ["https://cf-proxy.internal.example/client/v4", "https://cf-proxy.internal.example/client/v4"],
  ];
  for (const [value, expected] of accepted) {
    test(`accepts ${String(value)}`, () => {
      const check = checkApiBaseUrl(value);
      assert.equal(check.ok, true);
      assert.equal(check.ok && check.url, expected);
    });
  }

  const refused: readonly [string, RegExp][] = [
    ["http://api.cloudflare.com/client/v4", /only sent over https/],
    ["http://10.0.0.5/client/v4", /only sent over https/],
    ["ftp://127.0.0.1/x", /must be an https:\/\/ URL/],
    ["not a url", /is not a URL/],
    ["https://user:pass@api.cloudflare.com/client/v4", /user name or password/],
    ["https://api.cloudflare.com/client/v4?x=1", /query or fragment/],
  ];
  for (const [value, reason] of refused) {
    test(`refuses ${value}`, () => {
      const check = checkApiBaseUrl(value);
      assert.equal(check.ok, false);
      assert.match(check.ok ? "" : check.reason, reason);
    });
  }
});

suite("the client and the setting share one base-URL policy", () => {
  const client = (baseUrl?: string) => new CloudflareClient({ fetch: () => Promise.reject(new Error("unused")), credentials: { kind: "apiToken", token: "unused-token" }, ...(baseUrl !== undefined ? { baseUrl } : {}) });

  test("the client's default is the setting's default", () => {
    assert.equal(client().baseUrl, DEFAULT_API_BASE_URL);
  });

  test("the client refuses what the setting refuses, with the same reason", () => {
    for (const value of ["http://10.0.0.5/client/v4", "https://user:pass@api.cloudflare.com/client/v4", "ftp://127.0.0.1/x"]) {
      const check = checkApiBaseUrl(value, "The Cloudflare client's base URL");
      assert.equal(check.ok, false);
      assert.throws(() => client(value), { name: "TypeError", message: `CloudflareClient: ${check.ok ? "" : check.reason}` });
    }
    assert.equal(client("http://127.0.0.1:8787/client/v4/").baseUrl, "http://127.0.0.1:8787/client/v4");
  });
});

suite("where a credential goes", () => {
  test("Cloudflare's API host needs no question; any other host is named with its port", () => {
    assert.equal(isCloudflareApiHost(DEFAULT_API_BASE_URL), true);
    assert.equal(isCloudflareApiHost("https://api.cloudflare.com/client/v4/"), true);
    assert.equal(isCloudflareApiHost("https://api.cloudflare.com.evil.example/client/v4"), false);
    assert.equal(isCloudflareApiHost("https://gateway.example.com/cloudflare"), false);
    assert.equal(credentialHost("https://gateway.example.com:8443/cloudflare"), "gateway.example.com:8443");
    assert.equal(credentialHost("http://127.0.0.1:8787/client/v4"), "127.0.0.1:8787");
  });
});
