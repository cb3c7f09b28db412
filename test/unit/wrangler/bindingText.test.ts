// The binding text every caller writes (Copy as Wrangler Binding, the rotation's Worker step):
// strings stay strings in TOML whatever a certificate's name holds.
import assert from "node:assert/strict";
import { bindingNameFor, tomlBindingSnippet } from "../../../src/wrangler/bindingText";

suite("wrangler binding text", () => {
  test("a binding name is upper snake case, never empty, never starting with a digit", () => {
    assert.equal(bindingNameFor("API Root 2026"), "API_ROOT_2026");
    assert.equal(bindingNameFor("  payments-client.ca  "), "PAYMENTS_CLIENT_CA");
    assert.equal(bindingNameFor("2026 root"), "CERT_2026_ROOT");
    assert.equal(bindingNameFor("—"), "MTLS_CERTIFICATE");
  });

  test("quotes, backslashes, control characters and DEL are escaped in TOML strings", () => {
    assert.equal(tomlBindingSnippet({ binding: 'A"B\\C\nD\u007fE\u0001', certificateId: "id" }), '[[mtls_certificates]]\nbinding = "A\\"B\\\\C\\nD\\u007fE\\u0001"\ncertificate_id = "id"');
  });
});
