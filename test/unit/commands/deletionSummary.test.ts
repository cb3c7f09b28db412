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

suite("deletionSummary: single certificates", () => {
  test("the message names the kind and where it lives; one service is 'that service'", () => {
    const summary = deletionSummary([{ kind: "mtlsLeaf", name: "device-17", where: "Acme", associations: [{ service: "gateway", status: "active" }] }]);
    assert.equal(summary.message, "Delete the mTLS leaf certificate “device-17” from Acme?");
    assert.equal(
      summary.detail,
      "In use by gateway (active): Cloudflare will refuse to delete it until it is removed from that service.\n\nThis cannot be undone: to use it again you would upload it again.",
    );
  });

  test("associations Cloudflare describes only in part", () => {
    const summary = deletionSummary([{ kind: "mtlsCa", name: "Root", where: "Acme", associations: [{}, { service: "workers" }, { status: "pending_deletion" }] }]);
    assert.match(summary.detail, /^In use by unknown service \(unknown\), workers \(unknown\), unknown service \(pending deletion\): .* removed from those services\./);
  });

  test("unused and unchecked mTLS certificates", () => {
    assert.match(deletionSummary([{ kind: "mtlsCa", name: "Root", where: "Acme", associations: [] }]).detail, /^No Cloudflare service uses it\.\n/);
    assert.match(deletionSummary([{ kind: "mtlsCa", name: "Root", where: "Acme", associations: undefined }]).detail, /^Its associations could not be checked; Cloudflare refuses the delete if a service still uses it\.\n/);
  });

  test("an Access certificate without hostnames", () => {
    const summary = deletionSummary([{ kind: "access", name: "Devices", where: "account Acme", hostnames: [] }]);
    assert.equal(summary.message, "Delete the Access root certificate “Devices” from account Acme?");
    assert.match(summary.detail, /^No hostname uses it\.\n/);
    assert.equal(summary.confirm, "Delete");
  });

  test("an Access certificate with hostnames says they are detached first", () => {
    const summary = deletionSummary([{ kind: "access", name: "Devices", where: "zone acme.com", hostnames: ["app.acme.com"] }]);
    assert.match(summary.detail, /^Its hostnames are detached first; Access applications on app\.acme\.com will stop accepting/);
  });

  test("names are quoted as they are, and two certificates are plural", () => {
    const summary = deletionSummary([
      { kind: "access", name: "“quoted” & <odd>", where: "zone acme.com", hostnames: [] },
      { kind: "mtlsLeaf", name: "b", where: "Acme", associations: [] },
    ]);
    assert.equal(summary.message, "Delete 2 certificates from Cloudflare?");
    assert.equal(summary.confirm, "Delete 2 Certificates");
    assert.match(summary.detail, /^• “quoted” & <odd> \(Access root certificate, zone acme\.com\): No hostname uses it\.\n• b /);
  });
});
