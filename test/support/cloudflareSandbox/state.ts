// The sandbox's in-memory data: credentials, accounts, zones, certificates and hostname
// settings. It knows nothing of HTTP; the routes validate requests and call it. Everything it
// hands out is a copy, so a test holding a record cannot change the server's data by accident.
import { randomBytes, randomUUID } from "node:crypto";
import type { CertificateFacts } from "./certificateFacts";
import { ClientCertificateStore } from "./clientCertificateStore";
import { HostnameAssociationStore } from "./hostnameAssociationStore";
import { rfc3339Seconds } from "./certificateFacts";
import type {
  AccessCertificateRecord,
  AccessScope,
  AccessHostnameOverlap,
  ApiTokenOptions,
  HostnameSetting,
  MtlsAssociation,
  MtlsCertificateRecord,
  MtlsCertificateType,
  SandboxAccount,
  SandboxZone,
  TokenStatus,
} from "./types";

export interface TokenRecord {
  readonly id: string;
  readonly value: string;
  readonly status: TokenStatus;
  readonly owner: "user" | "account";
  /** undefined: every account, including ones added later. */
  readonly accountIds: ReadonlySet<string> | undefined;
  readonly permissions: "read" | "edit";
  readonly notBefore?: string;
  readonly expiresOn?: string;
}

export interface GlobalKeyRecord {
  readonly email: string;
  readonly key: string;
  readonly userId: string;
}

export interface ZoneRecord extends SandboxZone {
  readonly createdOn: string;
}

export interface NewMtlsCertificate {
  readonly certificates: string;
  readonly ca: boolean;
  readonly name?: string;
  readonly type?: MtlsCertificateType;
  readonly uploadedOn?: Date;
  readonly associations?: readonly MtlsAssociation[];
  readonly hasPrivateKey?: boolean;
}

export interface NewAccessCertificate {
  readonly certificate: string;
  readonly name: string;
  readonly associated_hostnames?: readonly string[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const DAY_MS = 24 * 60 * 60 * 1000;

/** 32 lower-case hex digits, the shape of Cloudflare identifiers. */
export function newCloudflareId(): string {
  return randomBytes(16).toString("hex");
}

export function scopeKey(scope: AccessScope): string {
  return `${scope.kind}/${scope.id}`;
}

export class SandboxState {
  /** The user every user-owned token and the sandbox's own /user answer belong to. */
  readonly userId = newCloudflareId();
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly globalKeys = new Map<string, GlobalKeyRecord>();
  private readonly accountsById = new Map<string, SandboxAccount>();
  private readonly zonesById = new Map<string, ZoneRecord>();
  private readonly mtlsByAccount = new Map<string, Mutable<MtlsCertificateRecord>[]>();
  private readonly accessByScope = new Map<string, Mutable<AccessCertificateRecord>[]>();
  private readonly settingsByScope = new Map<string, HostnameSetting[]>();
  /** Zone client certificates and the accounts' managed CAs (clientCertificateStore.ts). */
  readonly clientCertificates = new ClientCertificateStore();
  /** Which zone hostnames check client certificates against which CA (hostnameAssociationStore.ts). */
  readonly hostnameAssociations = new HostnameAssociationStore();
  /**
   * Whether one hostname may be associated with two Access certificates of a scope at once.
   * Cloudflare does not document it, so tests run both ways (SandboxOptions.accessHostnameOverlap).
   */
  accessHostnameOverlap: AccessHostnameOverlap = "allowed";

  // Credentials.

  addToken(value: string, options: ApiTokenOptions = {}): TokenRecord {
    const status = options.status ?? "active";
    const now = Date.now();
    const token: TokenRecord = {
      id: newCloudflareId(),
      value,
      status,
      owner: options.owner ?? "user",
      accountIds: options.accountIds ? new Set(options.accountIds) : undefined,
      permissions: options.permissions ?? "edit",
      notBefore: rfc3339Seconds(new Date(now - 30 * DAY_MS)),
      expiresOn: rfc3339Seconds(new Date(status === "expired" ? now - DAY_MS : now + 365 * DAY_MS)),
    };
    this.tokens.set(value, token);
    return token;
  }

  revokeToken(value: string): void {
    this.tokens.delete(value);
  }

  findToken(value: string): TokenRecord | undefined {
    return this.tokens.get(value);
  }

  addGlobalKey(email: string, key: string): void {
    this.globalKeys.set(email.toLowerCase(), { email, key, userId: this.userId });
  }

  findGlobalKey(email: string): GlobalKeyRecord | undefined {
    return this.globalKeys.get(email.toLowerCase());
  }

  // Accounts and zones.

  addAccount(input: { id?: string; name: string }): SandboxAccount {
    const account: SandboxAccount = { id: input.id ?? newCloudflareId(), name: input.name, createdOn: new Date().toISOString() };
    if (this.accountsById.has(account.id)) {
      throw new Error(`sandbox: account ${account.id} already exists`);
    }
    this.accountsById.set(account.id, account);
    this.mtlsByAccount.set(account.id, []);
    return { ...account };
  }

  account(id: string): SandboxAccount | undefined {
    const account = this.accountsById.get(id);
    return account && { ...account };
  }

  accounts(): SandboxAccount[] {
    return [...this.accountsById.values()].map((a) => ({ ...a }));
  }

  addZone(accountId: string, input: { id?: string; name: string; status?: string }): ZoneRecord {
    this.requireAccount(accountId);
    const zone: ZoneRecord = {
      id: input.id ?? newCloudflareId(),
      name: input.name,
      status: input.status ?? "active",
      accountId,
      createdOn: new Date().toISOString(),
    };
    if (this.zonesById.has(zone.id)) {
      throw new Error(`sandbox: zone ${zone.id} already exists`);
    }
    this.zonesById.set(zone.id, zone);
    return { ...zone };
  }

  zone(id: string): ZoneRecord | undefined {
    const zone = this.zonesById.get(id);
    return zone && { ...zone };
  }

  zones(accountId?: string): ZoneRecord[] {
    return [...this.zonesById.values()].filter((z) => accountId === undefined || z.accountId === accountId).map((z) => ({ ...z }));
  }

  // Account mTLS certificates.

  addMtlsCertificate(accountId: string, input: NewMtlsCertificate, facts: CertificateFacts): MtlsCertificateRecord {
    const list = this.mtlsList(accountId);
    const uploadedOn = (input.uploadedOn ?? new Date()).toISOString();
    const record: Mutable<MtlsCertificateRecord> = {
      // mTLS certificate ids are UUIDs (the hostname-associations schema wants a 36-character
      // mtls_certificate_id); account and zone ids stay 32 hex.
      id: randomUUID(),
      accountId,
      name: input.name ?? "",
      ca: input.ca,
      certificates: input.certificates,
      issuer: facts.issuer,
      serial_number: facts.serialNumber,
      signature: facts.signature,
      expires_on: rfc3339Seconds(facts.notAfter),
      uploaded_on: uploadedOn,
      updated_at: uploadedOn,
      type: input.type ?? "custom",
      associations: (input.associations ?? []).map((a) => ({ ...a })),
      hasPrivateKey: input.hasPrivateKey ?? false,
    };
    list.push(record);
    return copyMtls(record);
  }

  mtlsCertificates(accountId: string): MtlsCertificateRecord[] {
    return this.mtlsList(accountId).map(copyMtls);
  }

  mtlsCertificate(accountId: string, id: string): MtlsCertificateRecord | undefined {
    const record = this.mtlsList(accountId).find((c) => c.id === id);
    return record && copyMtls(record);
  }

  deleteMtlsCertificate(accountId: string, id: string): void {
    const list = this.mtlsList(accountId);
    const index = list.findIndex((c) => c.id === id);
    if (index >= 0) {
      list.splice(index, 1);
    }
  }

  setAssociations(accountId: string, id: string, associations: readonly MtlsAssociation[]): void {
    const record = this.mtlsList(accountId).find((c) => c.id === id);
    if (!record) {
      throw new Error(`sandbox: no mTLS certificate ${id} in account ${accountId}`);
    }
    record.associations = associations.map((a) => ({ ...a }));
    record.updated_at = new Date().toISOString();
  }

  // Access mTLS certificates and hostname settings.

  addAccessCertificate(scope: AccessScope, input: NewAccessCertificate, facts: CertificateFacts): AccessCertificateRecord {
    const list = this.accessList(scope);
    const now = new Date().toISOString();
    const record: Mutable<AccessCertificateRecord> = {
      id: randomUUID(),
      scope: { ...scope },
      name: input.name,
      associated_hostnames: [...(input.associated_hostnames ?? [])],
      fingerprint: facts.md5Fingerprint,
      expires_on: rfc3339Seconds(facts.notAfter),
      created_at: now,
      updated_at: now,
      certificate: input.certificate,
    };
    list.push(record);
    return copyAccess(record);
  }

  accessCertificates(scope: AccessScope): AccessCertificateRecord[] {
    return this.accessList(scope).map(copyAccess);
  }

  accessCertificate(scope: AccessScope, id: string): AccessCertificateRecord | undefined {
    const record = this.accessList(scope).find((c) => c.id === id);
    return record && copyAccess(record);
  }

  updateAccessCertificate(scope: AccessScope, id: string, update: { name?: string; associated_hostnames: readonly string[] }): AccessCertificateRecord {
    const record = this.accessList(scope).find((c) => c.id === id);
    if (!record) {
      throw new Error(`sandbox: no Access certificate ${id} in ${scopeKey(scope)}`);
    }
    record.associated_hostnames = [...update.associated_hostnames];
    if (update.name !== undefined) {
      record.name = update.name;
    }
    record.updated_at = new Date().toISOString();
    return copyAccess(record);
  }

  deleteAccessCertificate(scope: AccessScope, id: string): void {
    const list = this.accessList(scope);
    const index = list.findIndex((c) => c.id === id);
    if (index >= 0) {
      list.splice(index, 1);
    }
  }

  hostnameSettings(scope: AccessScope): HostnameSetting[] {
    this.requireScope(scope);
    return (this.settingsByScope.get(scopeKey(scope)) ?? []).map((s) => ({ ...s }));
  }

  setHostnameSettings(scope: AccessScope, settings: readonly HostnameSetting[]): HostnameSetting[] {
    this.requireScope(scope);
    this.settingsByScope.set(
      scopeKey(scope),
      settings.map((s) => ({ hostname: s.hostname, china_network: s.china_network, client_certificate_forwarding: s.client_certificate_forwarding })),
    );
    return this.hostnameSettings(scope);
  }

  private mtlsList(accountId: string): Mutable<MtlsCertificateRecord>[] {
    this.requireAccount(accountId);
    const list = this.mtlsByAccount.get(accountId);
    if (!list) {
      throw new Error(`sandbox: no account ${accountId}`);
    }
    return list;
  }

  private accessList(scope: AccessScope): Mutable<AccessCertificateRecord>[] {
    this.requireScope(scope);
    const key = scopeKey(scope);
    let list = this.accessByScope.get(key);
    if (!list) {
      list = [];
      this.accessByScope.set(key, list);
    }
    return list;
  }

  private requireAccount(accountId: string): void {
    if (!this.accountsById.has(accountId)) {
      throw new Error(`sandbox: no account ${accountId}`);
    }
  }

  private requireScope(scope: AccessScope): void {
    if (scope.kind === "accounts") {
      this.requireAccount(scope.id);
    } else if (!this.zonesById.has(scope.id)) {
      throw new Error(`sandbox: no zone ${scope.id}`);
    }
  }
}

function copyMtls(record: MtlsCertificateRecord): MtlsCertificateRecord {
  return { ...record, associations: record.associations.map((a) => ({ ...a })) };
}

function copyAccess(record: AccessCertificateRecord): AccessCertificateRecord {
  return { ...record, scope: { ...record.scope }, associated_hostnames: [...record.associated_hostnames] };
}
