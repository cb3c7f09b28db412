import assert from "node:assert/strict";
import type { AccessCertificate, MtlsCertificate } from "../../../src/cloudflare/types";
import { accessCertificateRow, associationRow, escapeMarkdown, mtlsCertificateRow, rowIds } from "../../../src/views/treeModel";

const now = new Date("2026-11-22T12:00:00Z");
const settings = { now, warningDays: 30 };
const DAY = 86_400_000;

function mtls(overrides: Partial<MtlsCertificate> = {}): MtlsCertificate {
  return {
    id: "cert-1",
    name: "Corp Root",
    ca: true,
    certificates: "",
    issuer: "O=Example Inc.,C=US",
    serial_number: "1234",
    signature: "SHA256WithRSA",
    expires_on: new Date(now.getTime() + 400 * DAY).toISOString(),
    uploaded_on: "2026-01-01T00:00:00Z",
    type: "custom",
    ...overrides,
  };
}

function access(overrides: Partial<AccessCertificate> = {}): AccessCertificate {
  return {
    id: "acc-1",
    name: "Devices",
    associated_hostnames: ["app.acme.com"],
    fingerprint: "MD5 Fingerprint=1E:80:0F",
    expires_on: new Date(now.getTime() + 10 * DAY).toISOString(),
    ...overrides,
  };
}

suite("tree rows", () => {
  test("an mTLS CA row: kind, expiry, stable id, contextValue", () => {
    const row = mtlsCertificateRow("acct", mtls(), settings);
    assert.equal(row.id, "account/acct/mtls/cert-1");
    assert.equal(row.id, rowIds.mtlsCertificate("acct", "cert-1"));
    assert.equal(row.label, "Corp Root");
    assert.equal(row.description, "CA · expires in 400 days");
    assert.equal(row.contextValue, "accountCertificate.ca");
    assert.equal(row.icon.color, undefined);
  });

  test("expired and expiring certificates are coloured", () => {
    const expired = mtlsCertificateRow("acct", mtls({ ca: false, expires_on: new Date(now.getTime() - 3 * DAY).toISOString() }), settings);
    assert.equal(expired.description, "Leaf · expired 3 days ago");
    assert.equal(expired.contextValue, "accountCertificate.leaf");
    assert.deepEqual(expired.icon, { id: "error", color: "list.errorForeground" });
    const expiring = accessCertificateRow({ kind: "zones", id: "z1" }, access(), settings);
    assert.equal(expiring.description, "1 hostname · expires in 10 days");
    assert.deepEqual(expiring.icon, { id: "warning", color: "list.warningForeground" });
    assert.equal(expiring.id, "zone/z1/access/acc-1");
  });

  test("managed certificates and nameless ones", () => {
    const row = mtlsCertificateRow("acct", mtls({ name: undefined, type: "gateway_managed" }), settings);
    assert.equal(row.label, "cert-1");
    assert.match(row.description ?? "", /^CA · gateway managed · /);
  });

  test("tooltips escape what the API returns", () => {
    const row = mtlsCertificateRow("acct", mtls({ name: "[x](command:evil) <img src=x>", issuer: "CN=*bold*" }), settings);
    assert.ok(row.tooltip?.includes("\\[x\\]\\(command:evil\\) \\<img src=x\\>"), row.tooltip);
    assert.ok(row.tooltip?.includes("CN=\\*bold\\*"));
    assert.equal(escapeMarkdown("a_b"), "a\\_b");
  });

  test("association rows show service and status", () => {
    const row = associationRow("account/a/mtls/c", { service: "api_shield", status: "pending_deployment" }, 0);
    assert.equal(row.label, "api_shield");
    assert.equal(row.description, "pending deployment");
    assert.equal(row.contextValue, "association");
    const unknown = associationRow("p", {}, 1);
    assert.equal(unknown.label, "unknown service");
  });
});
