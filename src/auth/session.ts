// Hands out Cloudflare clients for the stored credential, and turns a 401/403 from any call into
// ONE clear "sign in again" prompt: a rejected credential is re-verified once, so a token that
// merely lacks a permission is told apart from one that was revoked or expired.
import * as vscode from "vscode";
import { CloudflareClient } from "../cloudflare/client";
import { verifyCredentials } from "../cloudflare/accounts";
import { CloudflareApiError } from "../cloudflare/errors";
import type { Fetch } from "../cloudflare/http";
import type { Credentials } from "../cloudflare/types";
import * as config from "../config";
import type { ExtensionLog } from "../log";
import type { Prompts } from "../prompts";
import { NotSignedInError } from "../commands/errorMessages";
import { secretsOf, type CredentialStore, type StoredCredentials } from "./credentials";

export type AuthFailureVerdict = "rejected" | "permission";

export class CloudflareSession implements vscode.Disposable {
  private rejected = false;
  private verdictInFlight: Promise<AuthFailureVerdict> | undefined;
  private readonly rejectedChanged = new vscode.EventEmitter<boolean>();
  /** Fires true when Cloudflare rejected the stored credential, false when it is usable again. */
  readonly onDidChangeRejected = this.rejectedChanged.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: CredentialStore,
    private readonly log: ExtensionLog,
    private readonly fetch: Fetch,
    private readonly prompts: () => Prompts,
  ) {
    this.subscription = store.onDidChange((stored) => {
      this.log.rememberSecrets(secretsOf(stored));
      this.setRejected(false);
    });
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
    return this.clientFor(stored.credentials, baseUrl);
  }

  /**
   * Called when any request failed with an auth error. Re-verifies the credential once (shared by
   * every failure that arrives meanwhile); if Cloudflare rejects it, marks the session rejected
   * and shows a single prompt to sign in again.
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
    if (verdict === "rejected") {
      this.setRejected(true);
      void this.prompts()
        .warning(`Cloudflare no longer accepts the stored ${stored.label}: it may have been revoked or have expired. Sign in again to keep managing certificates.`, "Sign In Again")
        .then((choice) => (choice ? vscode.commands.executeCommand("cloudflareMtls.signIn") : undefined));
    }
    return verdict;
  }

  private setRejected(rejected: boolean): void {
    if (this.rejected !== rejected) {
      this.rejected = rejected;
      this.rejectedChanged.fire(rejected);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.rejectedChanged.dispose();
  }
}
