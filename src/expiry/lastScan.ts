// The last expiry scan, kept in globalState so a new window or a restart shows the status bar item
// at once and scans again only when the interval has passed (every window scanning on start-up
// would spend the user's rate budget for nothing). Pure: stored as plain JSON, read back with
// every field checked, and bound to the credential it was made with (its label and API, never the
// secret); anything else is ignored, never trusted.
import { CERTIFICATE_KINDS, type CertificateKind } from "../views/certificateKind";
import type { WatchedCertificate } from "./expiryReport";

export const LAST_SCAN_KEY = "cloudflareMtls.expiryWatch.lastScan";

export interface LastScan {
  readonly at: Date;
  /** The credential's label and API base URL: a scan of another sign-in is not shown. */
  readonly signedInAs: string;
  readonly certificates: readonly WatchedCertificate[];
  readonly failures: readonly string[];
  readonly zonesSkipped: number;
}

interface StoredCertificate extends Omit<WatchedCertificate, "notAfter"> {
  readonly notAfter: string;
}

export interface StoredLastScan {
  readonly at: string;
  readonly signedInAs: string;
  readonly certificates: readonly StoredCertificate[];
  readonly failures: readonly string[];
  readonly zonesSkipped: number;
}

export function signedInAs(label: string, apiBaseUrl: string): string {
  return `${label} at ${apiBaseUrl}`;
}

export function storedLastScan(scan: LastScan): StoredLastScan {
  return {
    at: scan.at.toISOString(),
    signedInAs: scan.signedInAs,
    certificates: scan.certificates.map((certificate) => ({ ...certificate, notAfter: certificate.notAfter.toISOString() })),
    failures: [...scan.failures],
    zonesSkipped: scan.zonesSkipped,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function date(value: unknown): Date | undefined {
  const parsed = typeof value === "string" ? new Date(value) : undefined;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : undefined;
}

function isKind(value: unknown): value is CertificateKind {
  return (CERTIFICATE_KINDS as readonly unknown[]).includes(value);
}

function certificateOf(value: unknown): WatchedCertificate | undefined {
  if (!isRecord(value) || !isKind(value.kind) || typeof value.name !== "string" || typeof value.where !== "string") {
    return undefined;
  }
  const notAfter = date(value.notAfter);
  const location = value.location;
  if (!notAfter || !isRecord(location) || location.kind !== value.kind || typeof location.accountId !== "string" || typeof location.certificateId !== "string") {
    return undefined;
  }
  const scope = location.scope;
  if (!isRecord(scope) || (scope.kind !== "accounts" && scope.kind !== "zones") || typeof scope.id !== "string") {
    return undefined;
  }
  return {
    kind: value.kind,
    location: { kind: value.kind, accountId: location.accountId, scope: { kind: scope.kind, id: scope.id }, certificateId: location.certificateId },
    name: value.name,
    where: value.where,
    notAfter,
  };
}

/** The stored scan if it is whole, of this sign-in and younger than `maxAgeMs`; else undefined. */
export function readLastScan(value: unknown, expected: { readonly signedInAs: string; readonly now: Date; readonly maxAgeMs: number }): LastScan | undefined {
  if (!isRecord(value) || value.signedInAs !== expected.signedInAs || !Array.isArray(value.certificates) || !Array.isArray(value.failures)) {
    return undefined;
  }
  const at = date(value.at);
  const age = at ? expected.now.getTime() - at.getTime() : Number.NaN;
  if (!at || !(age >= 0 && age < expected.maxAgeMs) || typeof value.zonesSkipped !== "number" || !Number.isInteger(value.zonesSkipped) || value.zonesSkipped < 0) {
    return undefined;
  }
  const certificates = value.certificates.map(certificateOf);
  const failures = value.failures.filter((failure): failure is string => typeof failure === "string");
  if (certificates.some((certificate) => certificate === undefined) || failures.length !== value.failures.length) {
    return undefined;
  }
  return { at, signedInAs: value.signedInAs, certificates: certificates as WatchedCertificate[], failures, zonesSkipped: value.zonesSkipped };
}
