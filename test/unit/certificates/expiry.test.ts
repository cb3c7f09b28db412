// describeExpiry at its boundaries. Days are UTC calendar days; "now" is fixed at noon UTC.
import assert from "node:assert/strict";
import { describeExpiry, type ExpiryState } from "../../../src/certificates/expiry";

const NOW = new Date("2025-06-15T12:00:00Z");

interface ExpiryCase {
  readonly name: string;
  readonly notAfter: string;
  readonly notBefore?: string;
  readonly warningDays?: number;
  readonly state: ExpiryState;
  readonly daysLeft: number;
  readonly label: string;
}

const CASES: readonly ExpiryCase[] = [
  { name: "later today", notAfter: "2025-06-15T23:59:59Z", state: "expiring", daysLeft: 0, label: "expires today" },
  { name: "one second from now", notAfter: "2025-06-15T12:00:01Z", state: "expiring", daysLeft: 0, label: "expires today" },
  { name: "just after midnight", notAfter: "2025-06-16T00:00:00Z", state: "expiring", daysLeft: 1, label: "expires tomorrow" },
  { name: "tomorrow evening", notAfter: "2025-06-16T23:00:00Z", state: "expiring", daysLeft: 1, label: "expires tomorrow" },
  { name: "in 12 days", notAfter: "2025-06-27T08:00:00Z", state: "expiring", daysLeft: 12, label: "expires in 12 days" },
  { name: "exactly warningDays away is expiring", notAfter: "2025-07-15T12:00:00Z", state: "expiring", daysLeft: 30, label: "expires in 30 days" },
  { name: "one day past warningDays is valid", notAfter: "2025-07-16T00:00:00Z", state: "valid", daysLeft: 31, label: "expires in 31 days" },
  { name: "a smaller warningDays", notAfter: "2025-06-27T08:00:00Z", warningDays: 11, state: "valid", daysLeft: 12, label: "expires in 12 days" },
  { name: "warningDays 0 warns only on the day", notAfter: "2025-06-16T08:00:00Z", warningDays: 0, state: "valid", daysLeft: 1, label: "expires tomorrow" },
  { name: "at the very instant of notAfter", notAfter: "2025-06-15T12:00:00Z", state: "expired", daysLeft: 0, label: "expired today" },
  { name: "earlier today", notAfter: "2025-06-15T00:00:00Z", state: "expired", daysLeft: 0, label: "expired today" },
  { name: "yesterday, late", notAfter: "2025-06-14T23:59:59Z", state: "expired", daysLeft: -1, label: "expired yesterday" },
  { name: "three days ago", notAfter: "2025-06-12T18:00:00Z", state: "expired", daysLeft: -3, label: "expired 3 days ago" },
  { name: "a year ago", notAfter: "2024-06-15T12:00:00Z", state: "expired", daysLeft: -365, label: "expired 365 days ago" },
  { name: "not valid yet", notBefore: "2027-01-01T00:00:00Z", notAfter: "2028-01-01T00:00:00Z", state: "notYetValid", daysLeft: 930, label: "valid from 2027-01-01" },
  { name: "valid from this very instant", notBefore: "2025-06-15T12:00:00Z", notAfter: "2026-06-15T12:00:00Z", state: "valid", daysLeft: 365, label: "expires in 365 days" },
  { name: "valid since yesterday", notBefore: "2025-06-14T00:00:00Z", notAfter: "2025-06-20T00:00:00Z", state: "expiring", daysLeft: 5, label: "expires in 5 days" },
];

suite("certificates/expiry: describeExpiry", () => {
  for (const item of CASES) {
    test(item.name, () => {
      const validity = { notAfter: new Date(item.notAfter), ...(item.notBefore ? { notBefore: new Date(item.notBefore) } : {}) };
      assert.deepEqual(describeExpiry(validity, NOW, item.warningDays ?? 30), { state: item.state, daysLeft: item.daysLeft, label: item.label });
    });
  }

  test("calendar days do not depend on the hour of now", () => {
    const notAfter = new Date("2025-06-16T06:00:00Z");
    assert.equal(describeExpiry({ notAfter }, new Date("2025-06-15T00:00:00Z"), 30).label, "expires tomorrow");
    assert.equal(describeExpiry({ notAfter }, new Date("2025-06-15T23:59:59Z"), 30).label, "expires tomorrow");
    assert.equal(describeExpiry({ notAfter }, new Date("2025-06-16T00:00:00Z"), 30).label, "expires today");
  });
});
