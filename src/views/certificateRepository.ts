// One cache for everything the tree shows (accounts, zones, certificates and their associations,
// keyed by what they belong to) and the one way to change anything on Cloudflare: every upload,
// delete or edit goes through here and invalidates exactly what it changed. Loading shows progress
// on the view itself.
import * as vscode from "vscode";
import { listAccounts } from "../cloudflare/accounts";
import { listZonePage, type ZonePage } from "../cloudflare/zones";
import { getAccessHostnameSettings, listAccessCertificates } from "../cloudflare/accessCertificates";
import { deleteCaClearingHostnames } from "../cloudflare/caDeletion";
import { CloudflareApiError } from "../cloudflare/errors";
import {
  createClientCertificate,
  listClientCertificates,
  reactivateClientCertificate,
  revokeClientCertificate,
  type ClientCertificate,
  type ClientCertificateRequest,
} from "../cloudflare/clientCertificates";
import { getHostnameAssociations, replaceHostnameAssociations, type HostnameAssociationCa } from "../cloudflare/hostnameAssociations";
import { listMtlsCertificateAssociations, listMtlsCertificates } from "../cloudflare/mtlsCertificates";
import {
  addAccessCertificateReconciled,
  deleteAccessCertificateReconciled,
  deleteMtlsCertificateReconciled,
  updateAccessCertificateReconciled,
  updateAccessHostnameSettingsReconciled,
  uploadMtlsCertificateReconciled,
  type WriteOutcome,
} from "../cloudflare/reconciliation";
import type {
  AccessCertificate,
  AccessCertificateInput,
  AccessHostnameSetting,
  AccessScope,
  Account,
  MtlsCertificate,
  MtlsCertificateAssociation,
  MtlsCertificateUpload,
  Zone,
} from "../cloudflare/types";
import type { CloudflareSession } from "../auth/session";
import type { CloudflareClient } from "../cloudflare/client";
import { Disposable } from "../disposable";
import { ViewIds } from "../identifiers";
import { listCacheKey } from "./certificateKind";

const HIDDEN_ACCOUNTS_KEY = "cloudflareMtls.hiddenAccountIds";
const SHOW_REVOKED_KEY = "cloudflareMtls.showRevokedClientCertificates";
/** Accounts with more zones than this are not looked through zone by zone (one request each). */
export const ZONE_SCAN_LIMIT = 10;
/** A list that takes longer than this is abandoned; the tree shows a Retry row. */
const LOAD_TIMEOUT_MS = 120_000;

export const cacheKeys = {
  accounts: () => "accounts",
  /** Every page of every listing of the account's zones sits below this key. */
  zones: (accountId: string) => `zones/${accountId}`,
  zoneListing: (accountId: string, nameContains: string | undefined) =>
    `${cacheKeys.zones(accountId)}/${nameContains === undefined ? "all" : `name/${encodeURIComponent(nameContains.toLowerCase())}`}`,
  zonePage: (accountId: string, nameContains: string | undefined, page: number) => `${cacheKeys.zoneListing(accountId, nameContains)}/${page}`,
  mtlsCertificates: (accountId: string) => listCacheKey("mtlsCertificate", { kind: "accounts", id: accountId }),
  associations: (accountId: string, certificateId: string) => `${cacheKeys.mtlsCertificates(accountId)}/${certificateId}/associations`,
  accessCertificates: (scope: AccessScope) => listCacheKey("accessCertificate", scope),
  hostnameSettings: (scope: AccessScope) => `${cacheKeys.accessCertificates(scope)}/hostnameSettings`,
  clientCertificates: (zoneId: string) => listCacheKey("clientCertificate", { kind: "zones", id: zoneId }),
  /** Every CA's hostnames of a zone sit below this key. */
  hostnameAssociations: (zoneId: string) => listCacheKey("hostnameAssociation", { kind: "zones", id: zoneId }),
  hostnameAssociationsOf: (zoneId: string, ca: HostnameAssociationCa) => `${cacheKeys.hostnameAssociations(zoneId)}/${ca.kind === "managed" ? "managed" : ca.mtlsCertificateId}`,
};

/** What an account's Zones group shows: the first `pages` pages of all its zones, or of those whose name contains `nameContains`. */
export interface ZoneBrowsing {
  readonly pages: number;
  readonly nameContains?: string;
}

/** The zones a Zones group shows now, and what is left to show. */
export interface ShownZones extends ZoneBrowsing {
  readonly zones: readonly Zone[];
  /** How many zones the listing holds in all, when Cloudflare says. */
  readonly totalCount: number | undefined;
  readonly hasMore: boolean;
  /** Why the page after `zones` could not be loaded, when it could not. */
  readonly moreFailed?: unknown;
}

const FIRST_PAGE: ZoneBrowsing = { pages: 1 };


export class CertificateRepository extends Disposable {
  private readonly cache = new Map<string, Promise<unknown>>();
  /** Per account; an account absent here shows its first page of all zones. */
  private readonly zoneBrowsing = new Map<string, ZoneBrowsing>();
  private readonly changed = this.register(new vscode.EventEmitter<string | undefined>());
  /** Fires with the invalidated cache key (or a CA's hostnames just loaded: expandedHostnameAssociations), or undefined when everything was cleared. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly session: CloudflareSession,
    private readonly globalState: vscode.Memento,
  ) {
    super();
  }

  private load<T>(key: string, fetcher: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const cached = this.cache.get(key) as Promise<T> | undefined;
    if (cached) {
      return cached;
    }
    const loading = Promise.resolve(vscode.window.withProgress({ location: { viewId: ViewIds.certificates } }, () => fetcher(AbortSignal.timeout(LOAD_TIMEOUT_MS))));
    this.cache.set(key, loading);
    // A failure is not cached: the next expand or Retry asks Cloudflare again.
    loading.catch(() => {
      if (this.cache.get(key) === loading) {
        this.cache.delete(key);
      }
    });
    return loading;
  }

  /** Runs a write, then forgets what it changed, whether it succeeded or not (a failed write may have landed). */
  private async write<T>(changes: readonly string[], work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      for (const key of changes) {
        this.invalidate(key);
      }
    }
  }

  // Reads

  accounts(): Promise<Account[]> {
    return this.load(cacheKeys.accounts(), async (signal) => listAccounts(await this.session.client(), { signal }));
  }

  hiddenAccountIds(): ReadonlySet<string> {
    return new Set(this.globalState.get<string[]>(HIDDEN_ACCOUNTS_KEY, []));
  }

  async setHiddenAccountIds(ids: Iterable<string>): Promise<void> {
    await this.globalState.update(HIDDEN_ACCOUNTS_KEY, [...ids].sort());
    this.changed.fire(undefined);
  }

  /** Accounts the user chose to see; new accounts show until hidden. */
  async visibleAccounts(): Promise<Account[]> {
    const hidden = this.hiddenAccountIds();
    return (await this.accounts()).filter((account) => !hidden.has(account.id));
  }

  /** One page of the account's zones (all of them, or those whose name contains `nameContains`): one request, then cached. */
  zonePage(accountId: string, page: number, nameContains?: string): Promise<ZonePage> {
    return this.load(cacheKeys.zonePage(accountId, nameContains, page), async (signal) =>
      listZonePage(await this.session.client(), accountId, { page, nameContains, signal }),
    );
  }

  zoneBrowsingOf(accountId: string): ZoneBrowsing {
    return this.zoneBrowsing.get(accountId) ?? FIRST_PAGE;
  }

  /**
   * The zones the account's Zones group shows: its pages loaded together (the cached ones cost
   * nothing, so after "Show more" only the new page is asked for). A listing that ends early
   * (a short page) ends there. A later page that fails loses none of the pages before it: they
   * are shown, with `moreFailed`, and Show more asks for that page again. A failure of the first
   * page, or a rejected credential on any, fails the whole listing (the group's error row).
   */
  async shownZones(accountId: string): Promise<ShownZones> {
    const browsing = this.zoneBrowsingOf(accountId);
    const pages = await Promise.allSettled(Array.from({ length: browsing.pages }, (_, index) => this.zonePage(accountId, index + 1, browsing.nameContains)));
    const zones: Zone[] = [];
    let hasMore = false;
    let totalCount: number | undefined;
    for (const [index, page] of pages.entries()) {
      if (page.status === "rejected") {
        const reason: unknown = page.reason;
        if (index === 0 || (reason instanceof CloudflareApiError && reason.isAuthError)) {
          throw reason;
        }
        // What is shown is what loaded; Show more asks for this page again.
        this.storeZoneBrowsing(accountId, { ...browsing, pages: index });
        return { ...browsing, pages: index, zones, totalCount, hasMore: true, moreFailed: reason };
      }
      totalCount ??= page.value.totalCount;
      zones.push(...page.value.zones);
      hasMore = page.value.hasMore;
      if (!hasMore) {
        break;
      }
    }
    return { ...browsing, zones, totalCount, hasMore };
  }

  /** The Zones group shows one page more. */
  showMoreZones(accountId: string): void {
    const browsing = this.zoneBrowsingOf(accountId);
    this.setZoneBrowsing(accountId, { ...browsing, pages: browsing.pages + 1 });
  }

  /** The Zones group shows only the zones whose name contains `text` (Cloudflare's name filter), from their first page. */
  findZones(accountId: string, text: string): void {
    this.setZoneBrowsing(accountId, { pages: 1, nameContains: text.trim() });
  }

  /** The Zones group shows all zones again, from the first page. */
  clearZoneFilter(accountId: string): void {
    this.setZoneBrowsing(accountId, FIRST_PAGE);
  }

  /** A listing no longer shown is forgotten, pages and all: ten searches leave one search's pages cached, not ten. */
  private setZoneBrowsing(accountId: string, browsing: ZoneBrowsing): void {
    const before = this.zoneBrowsingOf(accountId);
    if (before.nameContains !== undefined && before.nameContains.toLowerCase() !== browsing.nameContains?.toLowerCase()) {
      this.forget(cacheKeys.zoneListing(accountId, before.nameContains));
    }
    this.storeZoneBrowsing(accountId, browsing);
    this.changed.fire(cacheKeys.zones(accountId));
  }

  /** Accounts that show their first page of all zones have no entry. */
  private storeZoneBrowsing(accountId: string, browsing: ZoneBrowsing): void {
    if (browsing.pages === FIRST_PAGE.pages && browsing.nameContains === undefined) {
      this.zoneBrowsing.delete(accountId);
    } else {
      this.zoneBrowsing.set(accountId, browsing);
    }
  }

  /**
   * Zones for a picker: all of them when they fit on one page, else only those whose name contains
   * `nameContains` (the first page of matches). `complete` says whether `zones` is the whole answer.
   */
  async zonesForPicker(accountId: string, nameContains?: string): Promise<{ readonly zones: readonly Zone[]; readonly complete: boolean }> {
    const page = await this.zonePage(accountId, 1, nameContains);
    return { zones: page.zones, complete: !page.hasMore };
  }

  mtlsCertificates(accountId: string): Promise<MtlsCertificate[]> {
    return this.load(cacheKeys.mtlsCertificates(accountId), async (signal) => listMtlsCertificates(await this.session.client(), accountId, { signal }));
  }

  associations(accountId: string, certificateId: string): Promise<MtlsCertificateAssociation[]> {
    return this.load(cacheKeys.associations(accountId, certificateId), async (signal) =>
      listMtlsCertificateAssociations(await this.session.client(), accountId, certificateId, { signal }),
    );
  }

  accessCertificates(scope: AccessScope): Promise<AccessCertificate[]> {
    return this.load(cacheKeys.accessCertificates(scope), async (signal) => listAccessCertificates(await this.session.client(), { kind: scope.kind, id: scope.id }, { signal }));
  }

  hostnameSettings(scope: AccessScope): Promise<AccessHostnameSetting[]> {
    return this.load(cacheKeys.hostnameSettings(scope), async (signal) => getAccessHostnameSettings(await this.session.client(), { kind: scope.kind, id: scope.id }, { signal }));
  }

  clientCertificates(zoneId: string): Promise<ClientCertificate[]> {
    return this.load(cacheKeys.clientCertificates(zoneId), async (signal) => listClientCertificates(await this.session.client(), zoneId, { status: "all", signal }));
  }

  /** Whether the tree lists revoked client certificates (remembered across restarts). */
  get showRevokedClientCertificates(): boolean {
    return this.globalState.get<boolean>(SHOW_REVOKED_KEY, false);
  }

  async setShowRevokedClientCertificates(show: boolean): Promise<void> {
    await this.globalState.update(SHOW_REVOKED_KEY, show);
    this.changed.fire(undefined);
  }

  hostnameAssociations(zoneId: string, ca: HostnameAssociationCa): Promise<string[]> {
    return this.load(cacheKeys.hostnameAssociationsOf(zoneId, ca), async (signal) => (await getHostnameAssociations(await this.session.client(), zoneId, ca, { signal })).hostnames);
  }

  /**
   * The CA's hostnames in the zone if they were loaded (or are loading) already, without a request;
   * undefined when they were not, or their load failed. The mTLS Hostnames group lists its CA rows
   * with it, so that listing a zone's CAs never costs one request per CA.
   */
  async loadedHostnameAssociations(zoneId: string, ca: HostnameAssociationCa): Promise<string[] | undefined> {
    const cached = this.cache.get(cacheKeys.hostnameAssociationsOf(zoneId, ca)) as Promise<string[]> | undefined;
    return cached?.catch(() => undefined);
  }

  /**
   * The CA's hostnames in the zone, for its row being expanded: one request the first time. When
   * they were not loaded before, the tree is told once they are, so that the CA's row (listed
   * without them, "expand to load hostnames") redraws with their count, from the cache.
   */
  async expandedHostnameAssociations(zoneId: string, ca: HostnameAssociationCa): Promise<string[]> {
    const key = cacheKeys.hostnameAssociationsOf(zoneId, ca);
    const loadedBefore = this.cache.has(key);
    const hostnames = await this.hostnameAssociations(zoneId, ca);
    if (!loadedBefore) {
      this.changed.fire(key);
    }
    return hostnames;
  }

  /**
   * The zones whose hostnames check client certificates against an uploaded CA. Each zone costs one
   * request of the user's rate budget, so only accounts with at most ZONE_SCAN_LIMIT zones are
   * looked through; `complete` is false beyond that.
   */
  async zonesUsingCa(accountId: string, caId: string): Promise<{ readonly complete: boolean; readonly zones: readonly { readonly zone: Zone; readonly hostnames: readonly string[] }[] }> {
    // The first page (the Zones group's, so usually cached) says whether the account is small enough.
    const first = await this.zonePage(accountId, 1);
    if (first.hasMore || first.zones.length > ZONE_SCAN_LIMIT) {
      return { complete: false, zones: [] };
    }
    const ca = { kind: "mtlsCertificate", mtlsCertificateId: caId } as const;
    const found = await Promise.all(first.zones.map(async (zone) => ({ zone, hostnames: await this.hostnameAssociations(zone.id, ca) })));
    return { complete: true, zones: found.filter((entry) => entry.hostnames.length > 0) };
  }

  // Writes

  // Each write below is reconciled: when its answer is lost, what Cloudflare now holds is checked
  // (src/cloudflare/reconciliation.ts) and the outcome says whether it happened.

  async uploadMtlsCertificate(accountId: string, upload: MtlsCertificateUpload, signal: AbortSignal): Promise<WriteOutcome<MtlsCertificate>> {
    const knownIds = (await this.mtlsCertificates(accountId).catch(() => [])).map((certificate) => certificate.id);
    return this.write([cacheKeys.mtlsCertificates(accountId)], async () => uploadMtlsCertificateReconciled(await this.session.client(), accountId, upload, { signal, knownIds }));
  }

  /** `clearHostnamesInZones`: the zones whose hostnames check client certificates against this CA; cleared first. */
  deleteMtlsCertificate(accountId: string, certificateId: string, signal: AbortSignal, clearHostnamesInZones: readonly string[] = []): Promise<WriteOutcome<{ id: string }>> {
    const changes = [cacheKeys.mtlsCertificates(accountId), ...clearHostnamesInZones.map((zoneId) => cacheKeys.hostnameAssociations(zoneId))];
    return this.write(changes, async () =>
      clearHostnamesInZones.length > 0
        ? deleteCaClearingHostnames(await this.session.client(), accountId, certificateId, clearHostnamesInZones, { signal })
        : deleteMtlsCertificateReconciled(await this.session.client(), accountId, certificateId, { signal }),
    );
  }

  async addAccessCertificate(scope: AccessScope, input: AccessCertificateInput, signal: AbortSignal): Promise<WriteOutcome<AccessCertificate>> {
    const knownIds = (await this.accessCertificates(scope).catch(() => [])).map((certificate) => certificate.id);
    return this.write([cacheKeys.accessCertificates(scope)], async () => addAccessCertificateReconciled(await this.session.client(), { kind: scope.kind, id: scope.id }, input, { signal, knownIds }));
  }

  setAccessHostnames(scope: AccessScope, certificate: AccessCertificate, hostnames: readonly string[], signal: AbortSignal): Promise<WriteOutcome<AccessCertificate>> {
    return this.write([cacheKeys.accessCertificates(scope)], async () =>
      updateAccessCertificateReconciled(await this.session.client(), { kind: scope.kind, id: scope.id }, certificate.id, { associated_hostnames: [...hostnames], name: certificate.name }, { signal }),
    );
  }

  /** Cloudflare refuses to delete an Access certificate that still has hostnames: they are detached first. */
  deleteAccessCertificate(scope: AccessScope, certificate: AccessCertificate, signal: AbortSignal): Promise<WriteOutcome<{ id: string }>> {
    return this.write([cacheKeys.accessCertificates(scope)], async () => deleteAccessCertificateReconciled(await this.session.client(), { kind: scope.kind, id: scope.id }, certificate, { signal }));
  }

  /** Cloudflare replaces the whole list on PUT, so `settings` is every hostname's setting. */
  setHostnameSettings(scope: AccessScope, settings: readonly AccessHostnameSetting[], signal: AbortSignal): Promise<WriteOutcome<AccessHostnameSetting[]>> {
    return this.write([cacheKeys.hostnameSettings(scope)], async () => updateAccessHostnameSettingsReconciled(await this.session.client(), { kind: scope.kind, id: scope.id }, [...settings], { signal }));
  }

  createClientCertificate(zoneId: string, request: ClientCertificateRequest, signal: AbortSignal): Promise<ClientCertificate> {
    return this.write([cacheKeys.clientCertificates(zoneId)], async () => createClientCertificate(await this.session.client(), zoneId, request, { signal }));
  }

  revokeClientCertificate(zoneId: string, certificateId: string, signal: AbortSignal): Promise<ClientCertificate> {
    return this.write([cacheKeys.clientCertificates(zoneId)], async () => revokeClientCertificate(await this.session.client(), zoneId, certificateId, { signal }));
  }

  reactivateClientCertificate(zoneId: string, certificateId: string, signal: AbortSignal): Promise<ClientCertificate> {
    return this.write([cacheKeys.clientCertificates(zoneId)], async () => reactivateClientCertificate(await this.session.client(), zoneId, certificateId, { signal }));
  }

  /** Replaces the CA's hostnames in the zone; an uploaded CA's own associations change too. */
  setHostnameAssociations(accountId: string, zoneId: string, ca: HostnameAssociationCa, hostnames: readonly string[], signal: AbortSignal): Promise<string[]> {
    const changes = [cacheKeys.hostnameAssociations(zoneId), ...(ca.kind === "mtlsCertificate" ? [cacheKeys.associations(accountId, ca.mtlsCertificateId)] : [])];
    return this.write(changes, async () => (await replaceHostnameAssociations(await this.session.client(), zoneId, ca, hostnames, { signal })).hostnames);
  }

  // Rotation (src/cloudflare/rotation): its steps read before they write and talk to Cloudflare
  // themselves, so they are handed the client; once the run ends, however it ends, every list the
  // rotation may have changed is forgotten.

  rotate<T>(changes: readonly string[], work: (client: CloudflareClient) => Promise<T>): Promise<T> {
    return this.write(changes, async () => work(await this.session.client()));
  }

  // Invalidation

  /** Forget one list and everything cached below it, and tell the tree. Reloading an account's zones starts again from their first page. */
  invalidate(key: string): void {
    this.forget(key);
    for (const accountId of [...this.zoneBrowsing.keys()]) {
      const zonesKey = cacheKeys.zones(accountId);
      if (zonesKey === key || zonesKey.startsWith(`${key}/`)) {
        const { nameContains } = this.zoneBrowsingOf(accountId);
        this.zoneBrowsing.set(accountId, { pages: 1, ...(nameContains === undefined ? {} : { nameContains }) });
      }
    }
    this.changed.fire(key);
  }

  invalidateAll(): void {
    this.cache.clear();
    this.zoneBrowsing.clear();
    this.changed.fire(undefined);
  }

  private forget(key: string): void {
    for (const cachedKey of [...this.cache.keys()]) {
      if (cachedKey === key || cachedKey.startsWith(`${key}/`)) {
        this.cache.delete(cachedKey);
      }
    }
  }
}
