// The only file that touches context.secrets. One JSON value holds the credential and the API
// base URL it was verified against; SecretStorage's change event keeps every window in sync.
import * as vscode from "vscode";
import type { Credentials } from "../cloudflare/types";
import { Disposable } from "../disposable";

const SECRET_KEY = "cloudflareMtls.credentials";

export interface StoredCredentials {
  readonly credentials: Credentials;
  /** The API the credential was verified against; it is never sent anywhere else. */
  readonly apiBaseUrl: string;
  /** What the UI may show about it: never the secret itself. */
  readonly label: string;
}

/** SecretStorage could not be used (e.g. no keyring on Linux). */
export class CredentialStorageError extends Error {
  constructor(action: string, cause: unknown) {
    super(
      `VS Code could not ${action} your Cloudflare credentials in its secret storage (${cause instanceof Error ? cause.message : String(cause)}). On Linux this usually means no keyring is available: see VS Code's "Troubleshooting keyring issues".`,
    );
    this.name = "CredentialStorageError";
  }
}

function isCredentials(value: unknown): value is Credentials {
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const record = value as Record<string, unknown>;
  if (record.kind === "apiToken") {
    return typeof record.token === "string" && record.token.length > 0;
  }
  if (record.kind === "globalApiKey") {
    return typeof record.email === "string" && typeof record.key === "string" && record.key.length > 0;
  }
  return false;
}

function parseStored(text: string | undefined): StoredCredentials | undefined {
  if (!text) {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<StoredCredentials>;
    if (isCredentials(value.credentials) && typeof value.apiBaseUrl === "string" && typeof value.label === "string") {
      return { credentials: value.credentials, apiBaseUrl: value.apiBaseUrl, label: value.label };
    }
  } catch {
    // A value we cannot read is treated as signed out; signing in again overwrites it.
  }
  return undefined;
}

export function secretsOf(stored: StoredCredentials | undefined): string[] {
  if (!stored) {
    return [];
  }
  return stored.credentials.kind === "apiToken" ? [stored.credentials.token] : [stored.credentials.key];
}

export class CredentialStore extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<StoredCredentials | undefined>());
  readonly onDidChange = this.changed.event;
  private cached: Promise<StoredCredentials | undefined> | undefined;

  constructor(private readonly secrets: vscode.SecretStorage) {
    super();
    this.register(
      secrets.onDidChange((event) => {
        if (event.key === SECRET_KEY) {
          this.cached = undefined;
          void this.get().then(
            (value) => this.changed.fire(value),
            () => this.changed.fire(undefined),
          );
        }
      }),
    );
  }

  get(): Promise<StoredCredentials | undefined> {
    this.cached ??= Promise.resolve(this.secrets.get(SECRET_KEY)).then(parseStored, (error: unknown) => {
      this.cached = undefined;
      throw new CredentialStorageError("read", error);
    });
    return this.cached;
  }

  async set(value: StoredCredentials): Promise<void> {
    try {
      await this.secrets.store(SECRET_KEY, JSON.stringify(value));
    } catch (error) {
      throw new CredentialStorageError("store", error);
    }
    this.cached = Promise.resolve(value);
    this.changed.fire(value);
  }

  async clear(): Promise<void> {
    try {
      await this.secrets.delete(SECRET_KEY);
    } catch (error) {
      throw new CredentialStorageError("delete", error);
    }
    this.cached = Promise.resolve(undefined);
    this.changed.fire(undefined);
  }
}
