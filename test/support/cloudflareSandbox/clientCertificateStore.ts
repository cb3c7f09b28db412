// The sandbox's client certificates (zone scope) and the managed CA of each account that issues
// them. It knows nothing of HTTP: routes/clientCertificates.ts validates requests and calls it.
// Everything it hands out is a copy.
//
// Status: revoke and reactivate are asynchronous at Cloudflare ("pending_revocation or
// pending_reactivation represent in-progress asynchronous transitions", schema). Here a pending
// status settles `transitionDelayMs` after the change, checked whenever a record is read, so no
// timer outlives a test. The answer to the DELETE or PATCH itself always shows the pending status.
import { randomUUID } from "node:crypto";
import type { CsrFacts } from "./csrFacts";
import { ManagedCa, type ManagedCaInfo } from "./managedCa";

export type ClientCertificateStatus = "active" | "pending_reactivation" | "pending_revocation" | "revoked";

export const CLIENT_CERTIFICATE_STATUSES: readonly ClientCertificateStatus[] = ["active", "pending_reactivation", "pending_revocation", "revoked"];

/** Default time a revocation or reactivation stays pending. */
export const DEFAULT_CLIENT_CERTIFICATE_TRANSITION_MS = 2_000;

/** A client certificate as the API shows it, plus where it lives. */
export interface ClientCertificateRecord {
  readonly id: string;
  readonly zoneId: string;
  readonly accountId: string;
  readonly certificate: string;
  readonly certificate_authority: { readonly id: string; readonly name: string };
  readonly common_name: string;
  readonly country: string;
  readonly organization: string;
  readonly organizational_unit: string;
  readonly location: string;
  readonly state: string;
  readonly csr: string;
  readonly expires_on: string;
  readonly issued_on: string;
  readonly fingerprint_sha256: string;
  readonly serial_number: string;
  readonly signature: string;
  readonly ski: string;
  readonly status: ClientCertificateStatus;
  readonly validity_days: number;
}

type StoredRecord = { -readonly [K in keyof ClientCertificateRecord]: ClientCertificateRecord[K] } & {
  /** When a pending status turns final, in ms since the epoch. */
  settlesAt?: number;
};

function copy(record: StoredRecord): ClientCertificateRecord {
  const { settlesAt: _settlesAt, ...visible } = record;
  return { ...visible, certificate_authority: { ...record.certificate_authority } };
}

export class ClientCertificateStore {
  private readonly byZone = new Map<string, StoredRecord[]>();
  private readonly casByAccount = new Map<string, ManagedCa>();
  private transitionMs = DEFAULT_CLIENT_CERTIFICATE_TRANSITION_MS;

  setTransitionDelay(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new Error(`sandbox: the client certificate transition delay must be a finite number >= 0, got ${ms}`);
    }
    this.transitionMs = ms;
  }

  /** The account's managed CA, created on first use. */
  managedCa(accountId: string): ManagedCa {
    let ca = this.casByAccount.get(accountId);
    if (!ca) {
      ca = new ManagedCa(accountId);
      this.casByAccount.set(accountId, ca);
    }
    return ca;
  }

  managedCaInfo(accountId: string): ManagedCaInfo {
    return this.managedCa(accountId).info();
  }

  /** Signs an already checked CSR with the account's managed CA and keeps the result. */
  issue(zone: { id: string; accountId: string }, csrPem: string, csr: CsrFacts, validityDays: number, status: ClientCertificateStatus = "active"): ClientCertificateRecord {
    const ca = this.managedCa(zone.accountId);
    const issued = ca.issue(csr.subject, csr.subjectPublicKeyInfo, validityDays);
    const subject = csr.subjectFields;
    const record: StoredRecord = {
      id: randomUUID(),
      zoneId: zone.id,
      accountId: zone.accountId,
      certificate: issued.pem,
      certificate_authority: { id: ca.id, name: ca.name },
      common_name: subject.commonName,
      country: subject.country,
      organization: subject.organization,
      organizational_unit: subject.organizationalUnit,
      location: subject.location,
      state: subject.state,
      csr: csrPem,
      expires_on: issued.expiresOn,
      issued_on: issued.issuedOn,
      fingerprint_sha256: issued.fingerprintSha256,
      serial_number: issued.serialNumber,
      signature: issued.signature,
      ski: issued.ski,
      status,
      validity_days: validityDays,
    };
    if (status === "pending_revocation" || status === "pending_reactivation") {
      record.settlesAt = Date.now() + this.transitionMs;
    }
    this.listOf(zone.id).push(record);
    return copy(record);
  }

  list(zoneId: string): ClientCertificateRecord[] {
    return this.listOf(zoneId).map((record) => copy(this.settle(record)));
  }

  get(zoneId: string, id: string): ClientCertificateRecord | undefined {
    const record = this.find(zoneId, id);
    return record && copy(record);
  }

  /** Starts a status change; the record shows `pending` until the transition delay has passed. */
  startTransition(zoneId: string, id: string, pending: "pending_revocation" | "pending_reactivation"): ClientCertificateRecord {
    const record = this.find(zoneId, id);
    if (!record) {
      throw new Error(`sandbox: no client certificate ${id} in zone ${zoneId}`);
    }
    record.status = pending;
    record.settlesAt = Date.now() + this.transitionMs;
    return copy(record);
  }

  private find(zoneId: string, id: string): StoredRecord | undefined {
    const record = this.listOf(zoneId).find((candidate) => candidate.id === id);
    return record && this.settle(record);
  }

  private settle(record: StoredRecord): StoredRecord {
    if (record.settlesAt !== undefined && Date.now() >= record.settlesAt) {
      record.status = record.status === "pending_revocation" ? "revoked" : "active";
      delete record.settlesAt;
    }
    return record;
  }

  private listOf(zoneId: string): StoredRecord[] {
    let list = this.byZone.get(zoneId);
    if (!list) {
      list = [];
      this.byZone.set(zoneId, list);
    }
    return list;
  }
}
