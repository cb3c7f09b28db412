// The wrangler.toml binding a rotation shows for a Worker: a binding name wrangler accepts, and
// TOML strings that stay strings whatever the certificate's name holds.
import assert from "node:assert/strict";
import { bindingNameFor, wranglerTomlBinding } from "../../../../src/cloudflare/rotation/wranglerBinding";

suite("wrangler binding snippet", () => {
  test("the binding name is upper snake case, never empty, never starting with a digit", () => {
    assert.equal(bindingNameFor("API Root 2026"), "API_ROOT_2026");
    assert.equal(bindingNameFor("  payments-client.ca  "), "PAYMENTS_CLIENT_CA");
    assert.equal(bindingNameFor("2026 root"), "CERT_2026_ROOT");
    assert.equal(bindingNameFor("—"), "MTLS_CERTIFICATE");
  });

  test("one [[mtls_certificates]] table with the binding and the id, quotes and control characters escaped", () => {
    assert.equal(wranglerTomlBinding("API_ROOT", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"), '[[mtls_certificates]]\nbinding = "API_ROOT"\ncertificate_id = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"');
    assert.equal(wranglerTomlBinding('A"B\\C\nD', "id"), '[[mtls_certificates]]\nbinding = "A\\"B\\\\C\\u000aD"\ncertificate_id = "id"');
  });
});
