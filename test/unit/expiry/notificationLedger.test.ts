// Threshold bookkeeping of the expiry notifications: once per certificate per threshold
// (the warning setting, 7 days, 1 day, expired), remembered in a ledger that survives reloads.
import assert from "node:assert/strict";
import { describeExpiry } from "../../../src/certificates/expiry";
import { crossedThreshold, dayThresholds, dueNotifications, ledgerKey, recordAnnounced, type NotificationLedger } from "../../../src/expiry/notificationLedger";
import type { CertificateLocation } from "../../../src/views/certificateLocation";

const DAY = 86_400_000;
const start = new Date("2026-12-02T12:00:00Z");
const location: CertificateLocation = { kind: "accessCertificate", accountId: "a".repeat(32), scope: { kind: "zones", id: "z".repeat(32) }, certificateId: "3f1c0e2a-0000-4000-8000-000000000001" };
const notAfter = new Date(start.getTime() + 40 * DAY);

function itemAt(now: Date) {
  return { location, expiry: describeExpiry({ notAfter }, now, 30) };
}

suite("expiry notification ledger", () => {
  test("thresholds: the setting, then 7 and 1 within it", () => {
    assert.deepEqual(dayThresholds(30), [30, 7, 1]);
    assert.deepEqual(dayThresholds(7), [7, 1]);
    assert.deepEqual(dayThresholds(3), [3, 1]);
    assert.deepEqual(dayThresholds(1), [1]);
  });

  test("the most urgent crossed threshold counts", () => {
    const at = (days: number) => crossedThreshold(describeExpiry({ notAfter }, new Date(notAfter.getTime() - days * DAY), 30), 30);
    assert.equal(at(31), undefined);
    assert.equal(at(30), 30);
    assert.equal(at(8), 30);
    assert.equal(at(7), 7);
    assert.equal(at(2), 7);
    assert.equal(at(1), 1);
    assert.equal(at(0.1), 1);
    assert.equal(crossedThreshold(describeExpiry({ notAfter }, new Date(notAfter.getTime() + 1000), 30), 30), "expired");
  });

  test("day by day for 45 days, a certificate is announced exactly four times, even with the ledger reloaded from JSON each day", () => {
    let stored = "{}";
    const announced: string[] = [];
    for (let day = 0; day <= 45; day += 1) {
      const now = new Date(start.getTime() + day * DAY);
      const ledger = JSON.parse(stored) as NotificationLedger;
      const due = dueNotifications([itemAt(now)], ledger, 30);
      announced.push(...due.map((entry) => `${day}:${entry.threshold}`));
      stored = JSON.stringify(recordAnnounced(ledger, due.map((entry) => entry.key), now));
    }
    assert.deepEqual(announced, ["10:30", "33:7", "39:1", "40:expired"]);
  });

  test("keys are kind + scope + id + threshold, and other certificates have their own", () => {
    assert.equal(ledgerKey(location, 7), `accessCertificate/zones/${"z".repeat(32)}/3f1c0e2a-0000-4000-8000-000000000001/7`);
    const now = new Date(notAfter.getTime() - 5 * DAY);
    const other = { location: { ...location, certificateId: "other" }, expiry: describeExpiry({ notAfter }, now, 30) };
    const ledger = recordAnnounced({}, [ledgerKey(location, 7)], now);
    assert.deepEqual(
      dueNotifications([itemAt(now), other], ledger, 30).map((due) => due.item.location.certificateId),
      ["other"],
    );
  });

  test("entries older than 400 days are dropped", () => {
    const now = new Date("2027-01-01T00:00:00Z");
    const ledger = recordAnnounced({ old: "2025-01-01T00:00:00Z", recent: "2026-12-01T00:00:00Z", broken: "not a date" }, ["new"], now);
    assert.deepEqual(Object.keys(ledger).sort(), ["new", "recent"]);
  });
});
