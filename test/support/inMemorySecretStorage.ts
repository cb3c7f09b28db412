// A SecretStorage that lives in memory, with the change event VS Code fires (also for a write from
// "another window", `storeFromElsewhere`), and a switch that makes every call fail the way a
// missing Linux keyring does.
import type * as vscode from "vscode";

type Listener = (event: vscode.SecretStorageChangeEvent) => unknown;

export class InMemorySecretStorage implements vscode.SecretStorage {
  private readonly values = new Map<string, string>();
  private listeners: Listener[] = [];
  /** When set, every call rejects with this error. */
  failure: Error | undefined;

  readonly onDidChange: vscode.Event<vscode.SecretStorageChangeEvent> = (listener: Listener) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((other) => other !== listener)) };
  };

  private check(): Promise<void> {
    return this.failure ? Promise.reject(this.failure) : Promise.resolve();
  }

  private fire(key: string): void {
    for (const listener of [...this.listeners]) {
      listener({ key });
    }
  }

  async get(key: string): Promise<string | undefined> {
    await this.check();
    return this.values.get(key);
  }

  async keys(): Promise<string[]> {
    await this.check();
    return [...this.values.keys()];
  }

  async store(key: string, value: string): Promise<void> {
    await this.check();
    this.values.set(key, value);
    this.fire(key);
  }

  async delete(key: string): Promise<void> {
    await this.check();
    this.values.delete(key);
    this.fire(key);
  }

  /** What another VS Code window writing the same secret looks like here: the value and the event. */
  storeFromElsewhere(key: string, value: string): void {
    this.values.set(key, value);
    this.fire(key);
  }

  /** The raw stored text, for asserting what was written. */
  raw(key: string): string | undefined {
    return this.values.get(key);
  }
}
