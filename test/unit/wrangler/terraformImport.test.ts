// The import id of each resource, in the provider's documented format (see terraformImport.ts).
import assert from "node:assert/strict";
import { terraformImportBlock, terraformImportCommand, terraformImportOf, terraformResourceName } from "../../../src/wrangler/terraformImport";

const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
const ZONE = "0da42c8d2132a9ddaf714f9e7c920711";
const CERTIFICATE = "7ec22b5b-3b0b-4a25-9f5c-0b8e8d1e2f3a";

suite("Terraform import", () => {
  test("cloudflare_mtls_certificate: <account_id>/<mtls_certificate_id>", () => {
    const imported = terraformImportOf({ kind: "mtlsCertificate", accountId: ACCOUNT, certificateId: CERTIFICATE, name: "Origin CA" });
    assert.deepEqual(imported, { resourceType: "cloudflare_mtls_certificate", address: "cloudflare_mtls_certificate.origin_ca", id: `${ACCOUNT}/${CERTIFICATE}` });
    assert.equal(terraformImportBlock(imported), `import {\n  to = cloudflare_mtls_certificate.origin_ca\n  id = "${ACCOUNT}/${CERTIFICATE}"\n}`);
    assert.equal(terraformImportCommand(imported), `terraform import cloudflare_mtls_certificate.origin_ca ${ACCOUNT}/${CERTIFICATE}`);
  });

  test("cloudflare_zero_trust_access_mtls_certificate: accounts/<account_id>/<id> or zones/<zone_id>/<id>", () => {
    const onAccount = terraformImportOf({ kind: "accessCertificate", scope: { kind: "accounts", id: ACCOUNT }, certificateId: CERTIFICATE, name: "Access root" });
    assert.equal(onAccount.address, "cloudflare_zero_trust_access_mtls_certificate.access_root");
    assert.equal(onAccount.id, `accounts/${ACCOUNT}/${CERTIFICATE}`);
    const onZone = terraformImportOf({ kind: "accessCertificate", scope: { kind: "zones", id: ZONE }, certificateId: CERTIFICATE });
    assert.equal(onZone.id, `zones/${ZONE}/${CERTIFICATE}`);
    assert.equal(onZone.address, "cloudflare_zero_trust_access_mtls_certificate.access_mtls_certificate");
  });

  test("cloudflare_client_certificate: <zone_id>/<client_certificate_id>", () => {
    const imported = terraformImportOf({ kind: "clientCertificate", zoneId: ZONE, certificateId: CERTIFICATE, name: "device-42.example.com" });
    assert.deepEqual(imported, { resourceType: "cloudflare_client_certificate", address: "cloudflare_client_certificate.device_42_example_com", id: `${ZONE}/${CERTIFICATE}` });
    assert.equal(terraformImportCommand(imported), `terraform import cloudflare_client_certificate.device_42_example_com ${ZONE}/${CERTIFICATE}`);
  });

  test("resource names are Terraform identifiers; an odd id is quoted for the shell", () => {
    assert.equal(terraformResourceName("2026 Root", "mtls_certificate"), "mtls_certificate_2026_root");
    assert.equal(terraformResourceName("Zürich CA", "x"), "zurich_ca");
    assert.equal(terraformResourceName("☃", "fallback"), "fallback");
    const odd = { resourceType: "cloudflare_client_certificate" as const, address: "cloudflare_client_certificate.a", id: "zone/it's" };
    assert.equal(terraformImportCommand(odd), "terraform import cloudflare_client_certificate.a 'zone/it'\\''s'");
  });
});
