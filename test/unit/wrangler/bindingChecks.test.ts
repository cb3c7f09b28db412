// What the Problems panel and the hover say about a binding, from the listed certificates.
import assert from "node:assert/strict";
import { checkBindings, describeBinding, type CatalogState, type KnownCertificate } from "../../../src/wrangler/bindingChecks";
import { parseMtlsBindings } from "../../../src/wrangler/mtlsBindings";

const NOW = new Date("2026-12-02T12:00:00Z");
const CONTEXT = { now: NOW, warningDays: 30 };

function known(id: string, expiresOn: string, options: { ca?: boolean; name?: string } = {}): KnownCertificate {
  return { id, name: options.name ?? `cert ${id}`, ca: options.ca ?? false, expiresOn, accountId: "acc1", accountName: "Acme" };
}

function catalog(certificates: KnownCertificate[], unlisted: { accountName: string; reason: string }[] = []): CatalogState {
  return { state: "ready", certificates: new Map(certificates.map((certificate) => [certificate.id, certificate])), accountNames: ["Acme", "Other"], unlisted };
}

const TEXT = ["valid", "soon", "gone", "ca", "missing", ""].map((id) => `[[mtls_certificates]]\nbinding = "B_${id}"\ncertificate_id = "${id}"`).join("\n");
const { bindings } = parseMtlsBindings(TEXT, "toml");
const CERTIFICATES = [
  known("valid", "2027-12-01T00:00:00Z"),
  known("soon", "2026-12-12T00:00:00Z"),
  known("gone", "2026-11-30T00:00:00Z"),
  known("ca", "2030-01-01T00:00:00Z", { ca: true, name: "Root CA" }),
];

suite("wrangler binding checks", () => {
  test("expired and unknown ids are errors; expiring and CA bindings warnings; each on the id's range", () => {
    const findings = checkBindings(bindings, catalog(CERTIFICATES), CONTEXT);
    assert.deepEqual(
      findings.map((finding) => [TEXT.slice(finding.range.start, finding.range.end), finding.severity, finding.code]),
      [
        ["soon", "warning", "expiringCertificate"],
        ["gone", "error", "expiredCertificate"],
        ["ca", "warning", "caCertificate"],
        ["missing", "error", "unknownCertificate"],
        ["", "error", "emptyCertificateId"],
      ],
    );
    assert.equal(findings[0]?.message, "“cert soon” (binding B_soon) expires in 10 days.");
    assert.equal(findings[3]?.message, "No account mTLS certificate has the ID missing in the shown accounts (Acme, Other). Wrangler refuses to deploy a binding to a certificate the account does not hold.");
  });

  test("an id is not called unknown while an account's list could not be read, nor anything said while signed out", () => {
    const partial = checkBindings(bindings, catalog(CERTIFICATES, [{ accountName: "Other", reason: "403" }]), CONTEXT);
    assert.ok(!partial.some((finding) => finding.code === "unknownCertificate"));
    assert.deepEqual(checkBindings(bindings, { state: "unavailable", reason: "Sign in" }, CONTEXT), []);
  });

  test("the hover names the certificate, its kind, expiry and account", () => {
    const ca = bindings.find((binding) => binding.certificateId?.value === "ca");
    assert.ok(ca);
    assert.deepEqual(describeBinding(ca, catalog(CERTIFICATES), CONTEXT), {
      heading: "Root CA",
      lines: [
        { label: "Kind", value: "CA certificate" },
        { label: "Expires", value: "2030-01-01 (expires in 1126 days)" },
        { label: "Account", value: "Acme" },
        { label: "ID", value: "ca" },
      ],
    });
    const missing = bindings.find((binding) => binding.certificateId?.value === "missing");
    assert.ok(missing);
    assert.equal(describeBinding(missing, catalog(CERTIFICATES), CONTEXT)?.note, "In none of the shown accounts (Acme, Other).");
    assert.equal(describeBinding(missing, { state: "unavailable", reason: "Sign in to see it." }, CONTEXT)?.note, "Sign in to see it.");
  });
});
