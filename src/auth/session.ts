// Hands out Cloudflare clients for the stored credential, and judges a 401/403 from any call: the
// credential is re-verified once, so a token that merely lacks a permission is told apart from one
// that was revoked or expired. It shows nothing: a rejection is an event, and the one listener
// in extension.ts asks the user to sign in again, once.
import * as vscode from "vscode";
import { CloudflareClient } from "../cloudflare/client";
import { verifyCredentials } from "../cloudflare/accounts";
import { CloudflareApiError } from "../cloudflare/errors";
import type { Fetch } from "../cloudflare/http";
import type { Credentials } from "../cloudflare/types";
import * as config from "../config";
import type { ExtensionLog } from "../log";
import { Disposable } from "../disposable";
import { NotSignedInError } from "../errors";
import { secretsOf, type CredentialStore, type StoredCredentials } from "./credentials";

export type AuthFailureVerdict = "rejected" | "permission";

/** What a listener needs to word the "sign in again" prompt: never the secret. */
export interface CredentialRejection {
  /** e.g. "API token (id 1a2b3c4d…)". */
  readonly label: string;
}

export class CloudflareSession extends Disposable {
  private rejected = false;
  private verdictInFlight: Promise<AuthFailureVerdict> | undefined;
  /**
   * The one client of the stored credential: its read scheduler bounds requests across every
   * caller (200 zones listed at once share it) and it remembers Cloudflare's rate budget and any
   * refused page size between calls. Dropped when the credential or the base URL changes.
   */
  private current: { readonly identity: string; readonly client: CloudflareClient } | undefined;
  private readonly rejectedChanged = this.register(new vscode.EventEmitter<boolean>());
  /** Fires true when Cloudflare rejected the stored credential, false when it is usable again. */
  readonly onDidChangeRejected = this.rejectedChanged.event;
  private readonly credentialRejected = this.register(new vscode.EventEmitter<CredentialRejection>());
  /** Fires once each time the stored credential goes from usable to rejected. */
  readonly onDidRejectCredential = this.credentialRejected.event;

  constructor(
    private readonly store: CredentialStore,
    private readonly log: ExtensionLog,
    private readonly fetch: Fetch,
  ) {
    super();
    this.register(
      store.onDidChange((stored) => {
        this.log.rememberSecrets(secretsOf(stored));
        this.current = undefined;
        this.setRejected(false);
      }),
    );
  }

  get isRejected(): boolean {
    return this.rejected;
  }

  /** A client for any credential and base URL: used to verify a credential before storing it. */
  clientFor(credentials: Credentials, apiBaseUrl: string): CloudflareClient {
    this.log.rememberSecrets(secretsOf({ credentials, apiBaseUrl, label: "" }));
    return new CloudflareClient({
      fetch: this.fetch,
      credentials,
      baseUrl: apiBaseUrl,
      logger: this.log.forComponent("client"),
    });
  }

  async stored(): Promise<StoredCredentials | undefined> {
    const stored = await this.store.get();
    this.log.rememberSecrets(secretsOf(stored));
    return stored;
  }

  /** The client for the stored credential; throws NotSignedInError when there is none to use. */
  async client(): Promise<CloudflareClient> {
    const stored = await this.stored();
    if (!stored) {
      throw new NotSignedInError();
    }
    const baseUrl = config.apiBaseUrl();
    if (stored.apiBaseUrl !== baseUrl) {
      // The credential was verified against another API: never send it to a new destination.
      throw new NotSignedInError(`The Cloudflare API base URL changed to ${baseUrl}. Sign in again to use it: your credential is only sent to ${stored.apiBaseUrl}.`);
    }
    // Held in memory only, like the client itself: the identity is never logged or stored.
    const identity = JSON.stringify([baseUrl, stored.credentials]);
    if (this.current?.identity !== identity) {
      this.current = { identity, client: this.clientFor(stored.credentials, baseUrl) };
    }
    return this.current.client;
  }

  /**
   * Called when any request failed with an auth error. Re-verifies the credential once (shared by
   * every failure that arrives meanwhile); if Cloudflare rejects it, marks the session rejected
   * and fires onDidRejectCredential once.
   */
  async reportAuthFailure(error: CloudflareApiError): Promise<AuthFailureVerdict> {
    if (this.rejected) {
      return "rejected";
    }
    this.verdictInFlight ??= this.judge(error).finally(() => {
      this.verdictInFlight = undefined;
    });
    return this.verdictInFlight;
  }

  private async judge(error: CloudflareApiError): Promise<AuthFailureVerdict> {
    const stored = await this.stored();
    if (!stored) {
      return "rejected";
    }
    let verdict: AuthFailureVerdict;
    try {
      await verifyCredentials(this.clientFor(stored.credentials, stored.apiBaseUrl));
      verdict = "permission";
    } catch (verifyError) {
      verdict = verifyError instanceof CloudflareApiError && verifyError.isAuthError ? "rejected" : "permission";
    }
    this.log.forComponent("auth").warn(`${error.method} ${error.path} was refused (${error.codes.join(", ") || error.status}); credential ${verdict === "rejected" ? "rejected" : "valid but lacks a permission"}`);
    if (verdict === "rejected" && !this.rejected) {
      this.setRejected(true);
      this.credentialRejected.fire({ label: stored.label });
    }
    return verdict;
  }

  private setRejected(rejected: boolean): void {
    if (this.rejected !== rejected) {
      this.rejected = rejected;
      this.rejectedChanged.fire(rejected);
    }
  }
}
