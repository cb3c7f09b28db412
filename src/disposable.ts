// A base for objects that own disposables (event emitters, subscriptions, panels): each is
// registered once and disposed with its owner, in reverse order. Registering on an owner that is
// already disposed disposes the newcomer at once, so nothing outlives what it belongs to.
import type * as vscode from "vscode";

export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private isDisposed = false;

  protected get disposed(): boolean {
    return this.isDisposed;
  }

  protected register<T extends vscode.Disposable>(value: T): T {
    if (this.isDisposed) {
      value.dispose();
    } else {
      this.owned.push(value);
    }
    return value;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.isDisposed = true;
    const errors: unknown[] = [];
    for (const value of this.owned.splice(0).reverse()) {
      try {
        value.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) {
      throw new AggregateError(errors, "Some disposables failed to dispose");
    }
  }
}
