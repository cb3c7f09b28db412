// How close a certificate is to expiring, in words: one pure function the tree, the details view
// and the upload warnings share, for decoded certificates and for API records that only have
// `expires_on`.

export type ExpiryState = "valid" | "expiring" | "expired" | "notYetValid";

export interface ExpiryStatus {
  readonly state: ExpiryState;
  /**
   * Calendar days (UTC, the time zone of Cloudflare's dates) from today to the expiry date:
   * 0 when it is today, 1 tomorrow, negative once the date has passed.
   */
  readonly daysLeft: number;
  /** "expires in 12 days", "expires today", "expires tomorrow", "expired 3 days ago", "expired yesterday", "valid from 2027-01-01". */
  readonly label: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function utcDayNumber(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The expiry state at `now`. Expired means `now` is at or after notAfter; expiring means valid
 * with at most `warningDays` calendar days left (the boundary day included).
 */
export function describeExpiry(validity: { notAfter: Date; notBefore?: Date }, now: Date, warningDays: number): ExpiryStatus {
  const daysLeft = utcDayNumber(validity.notAfter) - utcDayNumber(now);
  if (validity.notBefore && now.getTime() < validity.notBefore.getTime()) {
    return { state: "notYetValid", daysLeft, label: `valid from ${isoDate(validity.notBefore)}` };
  }
  if (now.getTime() >= validity.notAfter.getTime()) {
    const daysAgo = -daysLeft;
    const label = daysAgo <= 0 ? "expired today" : daysAgo === 1 ? "expired yesterday" : `expired ${daysAgo} days ago`;
    return { state: "expired", daysLeft, label };
  }
  const label = daysLeft <= 0 ? "expires today" : daysLeft === 1 ? "expires tomorrow" : `expires in ${daysLeft} days`;
  return { state: daysLeft <= warningDays ? "expiring" : "valid", daysLeft, label };
}
