import assert from "node:assert/strict";
import { deletionSummary } from "../../../src/commands/deletionSummary";

suite("deletionSummary", () => {
  test("one certificate: its kind, where it lives, what breaks, and a plain Delete", () => {
    const summary = deletionSummary([{ kindLabel: "mTLS CA certificate", name: "Corp Root", where: "account Acme Production", consequence: "In use by api_shield (active)." }]);
    assert.equal(summary.message, "Delete the mTLS CA certificate “Corp Root” from account Acme Production?");
    assert.equal(summary.detail, "In use by api_shield (active).\n\nThis cannot be undone: to use it again you would upload it again.");
    assert.equal(summary.confirm, "Delete");
  });

  test("several certificates are confirmed once, each listed; names are quoted as they are", () => {
    const summary = deletionSummary([
      { kindLabel: "Access root certificate", name: "“quoted” & <odd>", where: "zone acme.com", consequence: "No hostname uses it." },
      { kindLabel: "mTLS leaf certificate", name: "b", where: "account Acme", consequence: "No Cloudflare service uses it." },
    ]);
    assert.equal(summary.message, "Delete 2 certificates from Cloudflare?");
    assert.equal(summary.confirm, "Delete 2 Certificates");
    assert.match(summary.detail, /^• “quoted” & <odd> \(Access root certificate, zone acme\.com\): No hostname uses it\.\n• b \(mTLS leaf certificate, account Acme\): No Cloudflare service uses it\.\n\nThis cannot be undone/);
  });
});
