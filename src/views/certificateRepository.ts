// One cache for everything the tree shows: accounts, zones, certificates and their associations,
// keyed by what they belong to. Refresh clears it all; a mutation invalidates only its own list.
// Loading shows progress on the view itself.
import * as vscode from "vscode";
import { listAccounts, listZones } from "../cloudflare/accounts";
import { getAccessHostnameSettings, listAccessCertificates } from "../cloudflare/accessCertificates";
import { listMtlsCertificateAssociations, listMtlsCertificates } from "../cloudflare/mtlsCertificates";
import type { AccessCertificate, AccessHostnameSetting, AccessScope, Account, MtlsCertificate, MtlsCertificateAssociation, Zone } from "../cloudflare/types";
import type { CloudflareSession } from "../auth/session";

export const CERTIFICATES_VIEW_ID = "cloudflareMtls.certificates";
const HIDDEN_ACCOUNTS_KEY = "cloudflareMtls.hiddenAccountIds";

export const cacheKeys = {
  accounts: () => "accounts",
  zones: (accountId: string) => `zones/${accountId}`,
  mtls: (accountId: string) => `mtls/${accountId}`,
  associations: (accountId: string, certificateId: string) => `associations/${accountId}/${certificateId}`,
  access: (scope: AccessScope) => `access/${scope.kind}/${scope.id}`,
  hostnameSettings: (scope: AccessScope) => `hostnameSettings/${scope.kind}/${scope.id}`,
};

export class CertificateRepository implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<unknown>>();
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with the invalidated cache key, or undefined when everything was cleared. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly session: CloudflareSession,
    private readonly globalState: vscode.Memento,
  ) {}

  private load<T>(key: string, fetcher: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const cached = this.cache.get(key) as Promise<T> | undefined;
    if (cached) {
      return cached;
    }
    const loading = Promise.resolve(
      vscode.window.withProgress({ location: { viewId: CERTIFICATES_VIEW_ID } }, () => fetcher(AbortSignal.timeout(120_000))),
    );
    this.cache.set(key, loading);
    // A failure is not cached: the next expand or Retry asks Cloudflare again.
    loading.catch(() => {
      if (this.cache.get(key) === loading) {
        this.cache.delete(key);
      }
    });
    return loading;
  }

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

  zones(accountId: string): Promise<Zone[]> {
    return this.load(cacheKeys.zones(accountId), async (signal) => listZones(await this.session.client(), accountId, { signal }));
  }

  mtlsCertificates(accountId: string): Promise<MtlsCertificate[]> {
    return this.load(cacheKeys.mtls(accountId), async (signal) => listMtlsCertificates(await this.session.client(), accountId, { signal }));
  }

  associations(accountId: string, certificateId: string): Promise<MtlsCertificateAssociation[]> {
    return this.load(cacheKeys.associations(accountId, certificateId), async (signal) =>
      listMtlsCertificateAssociations(await this.session.client(), accountId, certificateId, { signal }),
    );
  }

  accessCertificates(scope: AccessScope): Promise<AccessCertificate[]> {
    return this.load(cacheKeys.access(scope), async (signal) => listAccessCertificates(await this.session.client(), scope, { signal }));
  }

  hostnameSettings(scope: AccessScope): Promise<AccessHostnameSetting[]> {
    return this.load(cacheKeys.hostnameSettings(scope), async (signal) => getAccessHostnameSettings(await this.session.client(), scope, { signal }));
  }

  /** Forget one list (after an upload, delete or edit) and tell the tree. */
  invalidate(key: string): void {
    for (const cachedKey of [...this.cache.keys()]) {
      if (cachedKey === key || cachedKey.startsWith(`${key}/`)) {
        this.cache.delete(cachedKey);
      }
    }
    this.changed.fire(key);
  }

  invalidateAll(): void {
    this.cache.clear();
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
