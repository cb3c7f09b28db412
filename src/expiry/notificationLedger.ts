// Pure: which expiry notifications are due. A certificate is announced once per threshold: the
// cloudflareMtls.expiryWarningDays setting, then 7 days, then 1 day, then expired; only the most
// urgent threshold it has crossed counts, so a certificate first seen 3 days out is announced
// once (at 7) and again at 1 day and on expiry. The ledger (globalState, shared by every window
// and kept across restarts) maps kind+scope+id+threshold to when it was announced.
import type { ExpiryStatus } from "../certificates/expiry";
import type { CertificateLocation } from "../views/certificateLocation";

export type Threshold = number | "expired";

/** Notified keys and when (ISO 8601). */
export type NotificationLedger = Readonly<Record<string, string>>;

/** Entries older than this are dropped (a certificate gone long ago). */
const LEDGER_RETENTION_DAYS = 400;

/** The day thresholds, most distant first: the warning setting, then 7 and 1 within it. */
export function dayThresholds(warningDays: number): number[] {
  return [...new Set([warningDays, 7, 1])].filter((days) => days <= warningDays).sort((a, b) => b - a);
}

/** The most urgent threshold the certificate has crossed; undefined while it is not yet expiring. */
export function crossedThreshold(expiry: ExpiryStatus, warningDays: number): Threshold | undefined {
  if (expiry.state === "expired") {
    return "expired";
  }
  if (expiry.state !== "expiring") {
    return undefined;
  }
  const crossed = dayThresholds(warningDays).filter((days) => expiry.daysLeft <= days);
  return crossed[crossed.length - 1];
}

export function ledgerKey(location: CertificateLocation, threshold: Threshold): string {
  return `${location.kind}/${location.scope.kind}/${location.scope.id}/${location.certificateId}/${threshold}`;
}

export interface Due<T> {
  readonly item: T;
  readonly threshold: Threshold;
  readonly key: string;
}

/** The announcements due: each item's crossed threshold, unless the ledger has it. */
export function dueNotifications<T extends { readonly location: CertificateLocation; readonly expiry: ExpiryStatus }>(items: readonly T[], ledger: NotificationLedger, warningDays: number): Due<T>[] {
  const due: Due<T>[] = [];
  for (const item of items) {
    const threshold = crossedThreshold(item.expiry, warningDays);
    if (threshold === undefined) {
      continue;
    }
    const key = ledgerKey(item.location, threshold);
    if (ledger[key] === undefined) {
      due.push({ item, threshold, key });
    }
  }
  return due;
}

/** The ledger with `keys` announced at `now`, and entries past retention dropped. */
export function recordAnnounced(ledger: NotificationLedger, keys: readonly string[], now: Date): NotificationLedger {
  const oldest = now.getTime() - LEDGER_RETENTION_DAYS * 86_400_000;
  const kept = Object.entries(ledger).filter(([, at]) => {
    const time = new Date(at).getTime();
    return Number.isFinite(time) && time >= oldest;
  });
  return Object.fromEntries([...kept, ...keys.map((key) => [key, now.toISOString()] as const)]);
}

/** "Expires in 3 days" / "Expired yesterday": the notification's opening words. */
export function thresholdSentence(expiry: ExpiryStatus): string {
  const label = expiry.label;
  return label.charAt(0).toUpperCase() + label.slice(1);
}
