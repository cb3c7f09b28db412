// VS Code has no API to read a context key, so tests watch the extension set them: this wraps
// vscode.commands.executeCommand (the extension and the tests share the extension's API object)
// and records every "setContext" call while still running it.
import * as vscode from "vscode";

export class ContextKeySpy implements vscode.Disposable {
  readonly calls: { readonly key: string; readonly value: unknown }[] = [];
  private readonly original: typeof vscode.commands.executeCommand;

  constructor() {
    this.original = vscode.commands.executeCommand;
    const original = this.original;
    const calls = this.calls;
    const wrapped = function <T>(command: string, ...rest: unknown[]): Thenable<T> {
      if (command === "setContext") {
        calls.push({ key: String(rest[0]), value: rest[1] });
      }
      return original.call(vscode.commands, command, ...rest) as Thenable<T>;
    };
    (vscode.commands as { executeCommand: typeof vscode.commands.executeCommand }).executeCommand = wrapped;
  }

  /** The value most recently set for `key`, or undefined when it was not set while watching. */
  last(key: string): unknown {
    return this.calls.filter((call) => call.key === key).at(-1)?.value;
  }

  dispose(): void {
    (vscode.commands as { executeCommand: typeof vscode.commands.executeCommand }).executeCommand = this.original;
  }
}
