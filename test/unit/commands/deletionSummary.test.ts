import assert from "node:assert/strict";
import { deletionSummary } from "../../../src/commands/deletionSummary";

suite("deletionSummary", () => {
  test("a single certificate in use says which services will refuse it", () => {
    const summary = deletionSummary([
      { kind: "mtlsCa", name: "Corp Root", where: "Acme Production", associations: [{ service: "api_shield", status: "active" }, { service: "workers", status: "pending_deployment" }] },
    ]);
    assert.equal(summary.message, "Delete the mTLS CA certificate “Corp Root” from Acme Production?");
    assert.match(summary.detail, /In use by api_shield \(active\), workers \(pending deployment\): Cloudflare will refuse/);
    assert.equal(summary.confirm, "Delete");
  });

  test("an Access certificate names the hostnames that stop accepting client certificates", () => {
    const summary = deletionSummary([{ kind: "access", name: "Devices", where: "zone acme.com", hostnames: ["app.acme.com", "admin.acme.com"] }]);
    assert.match(summary.detail, /app\.acme\.com, admin\.acme\.com will stop accepting client certificates/);
  });

  test("several certificates are confirmed once, each listed", () => {
    const summary = deletionSummary([
      { kind: "mtlsLeaf", name: "leaf-1", where: "Acme", associations: [] },
      { kind: "mtlsCa", name: "ca-2", where: "Acme", associations: undefined },
      { kind: "access", name: "acc-3", where: "account Acme", hostnames: [] },
    ]);
    assert.equal(summary.message, "Delete 3 certificates from Cloudflare?");
    assert.equal(summary.confirm, "Delete 3 Certificates");
    assert.match(summary.detail, /• leaf-1 \(mTLS leaf certificate, Acme\): No Cloudflare service uses it\./);
    assert.match(summary.detail, /• ca-2 .*could not be checked/);
    assert.match(summary.detail, /• acc-3 .*No hostname uses it/);
    assert.match(summary.detail, /cannot be undone/);
  });
});
