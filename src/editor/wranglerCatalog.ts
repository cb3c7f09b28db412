// The account mTLS certificates that wrangler files are checked against: built from the
// repository's cached lists (one request per shown account the first time, none per keystroke),
// forgotten whenever the repository forgets an account or mTLS list, and rebuilt on next use.
import * as vscode from "vscode";
import type { CredentialStore } from "../auth/credentials";
import { describeErrorText } from "../commands/errorMessages";
import { Disposable } from "../disposable";
import { cacheKeys, type CertificateRepository } from "../views/certificateRepository";
import type { CatalogState, KnownCertificate } from "../wrangler/bindingChecks";

/** Every account mTLS certificate of the shown accounts, as far as they could be listed. */
export async function buildCatalog(repository: CertificateRepository, credentials: CredentialStore): Promise<CatalogState> {
  if (!(await credentials.get())) {
    return { state: "unavailable", reason: "Sign in to Cloudflare mTLS to see which certificate this is." };
  }
  let accounts;
  try {
    accounts = await repository.visibleAccounts();
  } catch (error) {
    return { state: "unavailable", reason: `The accounts could not be listed: ${describeErrorText(error)}` };
  }
  if (accounts.length === 0) {
    return { state: "unavailable", reason: "No Cloudflare account is shown: choose accounts in the Cloudflare mTLS view." };
  }
  const certificates = new Map<string, KnownCertificate>();
  const unlisted: { accountName: string; reason: string }[] = [];
  const lists = await Promise.allSettled(accounts.map((account) => repository.mtlsCertificates(account.id)));
  lists.forEach((list, index) => {
    const account = accounts[index];
    if (!account) {
      return;
    }
    const accountName = account.name || account.id;
    if (list.status === "rejected") {
      unlisted.push({ accountName, reason: describeErrorText(list.reason) });
      return;
    }
    for (const record of list.value) {
      certificates.set(record.id, { id: record.id, name: record.name, ca: record.ca, expiresOn: record.expires_on, accountId: account.id, accountName });
    }
  });
  return { state: "ready", certificates, accountNames: accounts.map((account) => account.name || account.id), unlisted };
}

/** Whether forgetting `key` (undefined: everything) changes what the catalog holds. */
function affectsCatalog(key: string | undefined): boolean {
  return key === undefined || key === cacheKeys.accounts() || key.startsWith("mtlsCertificate/");
}

export class WranglerCatalog extends Disposable {
  private current: Promise<CatalogState> | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when the certificates may have changed: checks and hovers ask again. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly repository: CertificateRepository,
    private readonly credentials: CredentialStore,
  ) {
    super();
    this.register(
      repository.onDidChange((key) => {
        if (affectsCatalog(key)) {
          this.current = undefined;
          this.changed.fire();
        }
      }),
    );
  }

  get(): Promise<CatalogState> {
    this.current ??= buildCatalog(this.repository, this.credentials);
    return this.current;
  }
}
