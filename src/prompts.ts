// Every question and message the extension puts to the user goes through Prompts. Commands never
// call window.show* directly, so integration tests can answer from a script (and fail on any
// question they did not expect) while users get the real QuickPicks, input boxes and dialogs.
import * as vscode from "vscode";

export interface PickItem<T> {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly value: T;
  readonly picked?: boolean;
}

export interface PickOptions {
  readonly title: string;
  readonly placeHolder?: string;
}

export interface InputOptions {
  readonly title: string;
  readonly prompt?: string;
  readonly value?: string;
  readonly placeHolder?: string;
  readonly password?: boolean;
  /** Returns an error message, or undefined when the value is acceptable. */
  readonly validate?: (value: string) => string | undefined;
}

export interface ConfirmOptions {
  readonly message: string;
  readonly detail?: string;
  /** The label of the one button that goes ahead; Cancel is always offered. */
  readonly confirm: string;
  /** The dialog's icon: "warning" (the default) for a risk, "info" for a plain summary. */
  readonly severity?: "warning" | "info";
  /**
   * Make Cancel the answer Enter gives. VS Code's modal dialog always focuses its first action
   * button and offers no way to focus Cancel, so this asks in a QuickPick whose first (active)
   * item is Cancel; `detail` (one short line: a QuickPick item's detail does not wrap) then
   * becomes the go-ahead item's detail.
   */
  readonly cancelByDefault?: boolean;
}

export interface ChoiceOptions {
  readonly message: string;
  readonly detail?: string;
  /** The buttons besides Cancel, first the one Enter gives. */
  readonly choices: readonly string[];
  readonly severity?: "warning" | "info";
}

export interface FileOptions {
  readonly title: string;
  readonly filters?: Record<string, string[]>;
  readonly defaultUri?: vscode.Uri;
}

export interface Prompts {
  pick<T>(items: readonly PickItem<T>[], options: PickOptions): Promise<T | undefined>;
  pickMany<T>(items: readonly PickItem<T>[], options: PickOptions): Promise<T[] | undefined>;
  input(options: InputOptions): Promise<string | undefined>;
  /** A modal dialog; true only when the user chose `confirm`. */
  confirm(options: ConfirmOptions): Promise<boolean>;
  /** A modal dialog with several ways on; the choice, or undefined on Cancel. */
  choose(options: ChoiceOptions): Promise<string | undefined>;
  openFile(options: FileOptions): Promise<vscode.Uri | undefined>;
  saveFile(options: FileOptions): Promise<vscode.Uri | undefined>;
  /** Notifications; resolve to the chosen button, if any. */
  error(message: string, ...buttons: string[]): Promise<string | undefined>;
  warning(message: string, ...buttons: string[]): Promise<string | undefined>;
  info(message: string, ...buttons: string[]): Promise<string | undefined>;
}

interface ValueQuickPickItem<T> extends vscode.QuickPickItem {
  readonly value: T;
}

function toQuickPickItems<T>(items: readonly PickItem<T>[]): ValueQuickPickItem<T>[] {
  return items.map((item) => ({ label: item.label, description: item.description, detail: item.detail, value: item.value, picked: item.picked }));
}

export class VsCodePrompts implements Prompts {
  async pick<T>(items: readonly PickItem<T>[], options: PickOptions): Promise<T | undefined> {
    const chosen = await vscode.window.showQuickPick(toQuickPickItems(items), {
      title: options.title,
      placeHolder: options.placeHolder,
      ignoreFocusOut: true,
      matchOnDescription: true,
      matchOnDetail: true,
    });
    return chosen?.value;
  }

  async pickMany<T>(items: readonly PickItem<T>[], options: PickOptions): Promise<T[] | undefined> {
    const chosen = await vscode.window.showQuickPick(toQuickPickItems(items), {
      title: options.title,
      placeHolder: options.placeHolder,
      ignoreFocusOut: true,
      canPickMany: true,
    });
    return chosen?.map((item) => item.value);
  }

  async input(options: InputOptions): Promise<string | undefined> {
    return vscode.window.showInputBox({
      title: options.title,
      prompt: options.prompt,
      value: options.value,
      placeHolder: options.placeHolder,
      password: options.password,
      ignoreFocusOut: true,
      validateInput: options.validate ? (value) => options.validate?.(value) ?? null : undefined,
    });
  }

  async confirm(options: ConfirmOptions): Promise<boolean> {
    if (options.cancelByDefault) {
      const items: (vscode.QuickPickItem & { readonly confirmed: boolean })[] = [
        { label: "$(circle-slash) Cancel", description: "Nothing is sent", confirmed: false },
        { label: `$(warning) ${options.confirm}`, detail: options.detail?.replace(/\s*\n+\s*/g, " "), confirmed: true },
      ];
      const chosen = await vscode.window.showQuickPick(items, { title: options.message, placeHolder: "Enter cancels; choose the second item to go ahead anyway", ignoreFocusOut: true });
      return chosen?.confirmed === true;
    }
    const show = options.severity === "info" ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    const chosen = await show(options.message, { modal: true, detail: options.detail }, options.confirm);
    return chosen === options.confirm;
  }

  async choose(options: ChoiceOptions): Promise<string | undefined> {
    const show = options.severity === "info" ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    const chosen = await show(options.message, { modal: true, detail: options.detail }, ...options.choices);
    return chosen !== undefined && options.choices.includes(chosen) ? chosen : undefined;
  }

  async openFile(options: FileOptions): Promise<vscode.Uri | undefined> {
    const uris = await vscode.window.showOpenDialog({
      title: options.title,
      filters: options.filters,
      canSelectMany: false,
      canSelectFolders: false,
      defaultUri: options.defaultUri,
      openLabel: "Select",
    });
    return uris?.[0];
  }

  async saveFile(options: FileOptions): Promise<vscode.Uri | undefined> {
    return vscode.window.showSaveDialog({ title: options.title, filters: options.filters, defaultUri: options.defaultUri });
  }

  async error(message: string, ...buttons: string[]): Promise<string | undefined> {
    return vscode.window.showErrorMessage(message, ...buttons);
  }

  async warning(message: string, ...buttons: string[]): Promise<string | undefined> {
    return vscode.window.showWarningMessage(message, ...buttons);
  }

  async info(message: string, ...buttons: string[]): Promise<string | undefined> {
    return vscode.window.showInformationMessage(message, ...buttons);
  }
}
