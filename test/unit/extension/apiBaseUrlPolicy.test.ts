import assert from "node:assert/strict";
import { checkApiBaseUrl, DEFAULT_API_BASE_URL } from "../../../src/apiBaseUrlPolicy";

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
