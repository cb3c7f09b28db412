// The status bar item of the expiry watch in every state: hidden, expiring (warning colour),
// expired (error colour), scanning (spinner), failed (a mark, never a popup).
import assert from "node:assert/strict";
import { needingAttention, statusBarView, type WatchedCertificate } from "../../../src/expiry/expiryReport";

const DAY = 86_400_000;
const now = new Date("2026-12-02T12:00:00Z");

function certificate(name: string, days: number): WatchedCertificate {
  return {
    kind: "mtlsCertificate",
    location: { kind: "mtlsCertificate", accountId: "a".repeat(32), scope: { kind: "accounts", id: "a".repeat(32) }, certificateId: name },
    name,
    where: "account Acme",
    notAfter: new Date(now.getTime() + days * DAY),
  };
}

const idle = { scanning: false, failures: [], zonesSkipped: 0 };

suite("expiry report", () => {
  test("only expiring and expired certificates, soonest first", () => {
    const entries = needingAttention([certificate("later", 20), certificate("fine", 90), certificate("gone", -2), certificate("soon", 3)], now, 30);
    assert.deepEqual(
      entries.map((entry) => entry.certificate.name),
      ["gone", "soon", "later"],
    );
  });

  test("hidden when there is nothing to say", () => {
    assert.equal(statusBarView({ ...idle, entries: undefined }).visible, false);
    assert.equal(statusBarView({ ...idle, entries: needingAttention([certificate("fine", 90)], now, 30) }).visible, false);
  });

  test("N expiring in the warning colour; N expired in the error colour; the tooltip lists the soonest", () => {
    const expiring = statusBarView({ ...idle, entries: needingAttention([certificate("soon", 3), certificate("later", 20)], now, 30) });
    assert.equal(expiring.text, "$(warning) 2 expiring");
    assert.equal(expiring.backgroundColor, "statusBarItem.warningBackground");
    assert.match(expiring.tooltip, /- soon \\\(account Acme\\\): expires in 3 days, 2026\\-12\\-05T12:00:00Z\n- later/);
    const expired = statusBarView({ ...idle, entries: needingAttention([certificate("gone", -2), certificate("soon", 3)], now, 30) });
    assert.equal(expired.text, "$(error) 1 expired, 1 expiring");
    assert.equal(expired.backgroundColor, "statusBarItem.errorBackground");
    const many = statusBarView({ ...idle, entries: needingAttention(Array.from({ length: 8 }, (_, index) => certificate(`c${index}`, index + 1)), now, 30) });
    assert.match(many.tooltip, /and 3 more/);
  });

  test("a spinner while scanning; a failure is a mark on the item", () => {
    assert.equal(statusBarView({ ...idle, scanning: true, entries: undefined }).text, "$(sync~spin) Checking expiry");
    assert.equal(statusBarView({ ...idle, scanning: true, entries: needingAttention([certificate("soon", 3)], now, 30) }).text, "$(sync~spin) 1 expiring");
    const failed = statusBarView({ ...idle, failures: ["zones of Acme: timed out"], entries: [] });
    assert.equal(failed.visible, true);
    assert.equal(failed.text, "$(shield) Expiry check failed $(alert)");
    assert.match(failed.tooltip, /could not read 1 list; details are in the log/);
    assert.equal(statusBarView({ ...idle, failures: ["x"], entries: needingAttention([certificate("soon", 3)], now, 30) }).text, "$(warning) 1 expiring $(alert)");
  });

  test("names are escaped in the tooltip", () => {
    const view = statusBarView({ ...idle, entries: needingAttention([certificate("[click](https://evil.example)", 3)], now, 30) });
    assert.doesNotMatch(view.tooltip, /\[click\]\(/);
  });
});
