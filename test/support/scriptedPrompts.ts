// Prompts that answer from a script, for integration tests. Each step names the kind of prompt it
// expects and how to answer; a prompt the script did not expect fails the test at once instead of
// hanging on a dialog nobody will click. Every notification is recorded for assertions.
import type * as vscode from "vscode";
import type { ChoiceOptions, ConfirmOptions, FileOptions, InputOptions, PickItem, PickOptions, Prompts } from "../../src/prompts";

export type ScriptStep =
  | { readonly kind: "pick"; readonly answer: (items: readonly PickItem<unknown>[], options: PickOptions) => PickItem<unknown> | undefined }
  | { readonly kind: "pickMany"; readonly answer: (items: readonly PickItem<unknown>[], options: PickOptions) => PickItem<unknown>[] | undefined }
  | { readonly kind: "input"; readonly answer: (options: InputOptions) => string | undefined }
  | { readonly kind: "confirm"; readonly answer: (options: ConfirmOptions) => boolean }
  | { readonly kind: "choose"; readonly answer: (options: ChoiceOptions) => string | undefined }
  | { readonly kind: "openFile"; readonly answer: (options: FileOptions) => vscode.Uri | undefined }
  | { readonly kind: "saveFile"; readonly answer: (options: FileOptions) => vscode.Uri | undefined };

export interface RecordedMessage {
  readonly severity: "error" | "warning" | "info";
  readonly message: string;
  readonly buttons: readonly string[];
}

export interface RecordedQuestion {
  readonly kind: ScriptStep["kind"];
  readonly title: string;
  readonly detail?: string;
  /** A pick's placeholder (where a retried question says what went wrong). */
  readonly placeHolder?: string;
  /** How a confirmation is asked: its severity, and whether Enter cancels. */
  readonly confirm?: { readonly label: string; readonly severity: "warning" | "info"; readonly cancelByDefault: boolean };
  /** A choice's buttons besides Cancel, in order. */
  readonly choices?: readonly string[];
}

/** Picks the item whose label contains `text`. */
export function pickLabel(text: string): ScriptStep {
  return {
    kind: "pick",
    answer: (items) => {
      const item = items.find((candidate) => candidate.label.includes(text));
      if (!item) {
        throw new Error(`No item contains "${text}" in: ${items.map((candidate) => candidate.label).join(" | ")}`);
      }
      return item;
    },
  };
}

export function typeText(text: string, options: { expectValid?: boolean } = {}): ScriptStep {
  return {
    kind: "input",
    answer: (prompt) => {
      const problem = prompt.validate?.(text);
      if ((options.expectValid ?? true) && problem) {
        throw new Error(`Input "${prompt.title}" refused ${JSON.stringify(text)}: ${problem}`);
      }
      return text;
    },
  };
}

/** Accepts whatever value the input box proposes (e.g. the default certificate name). */
export const acceptDefault: ScriptStep = { kind: "input", answer: (prompt) => prompt.value ?? "" };

export function confirm(answer: boolean): ScriptStep {
  return { kind: "confirm", answer: () => answer };
}

/** Presses the button of a choice dialog whose label is `label` (fails when there is none); undefined: Cancel. */
export function choose(label: string | undefined): ScriptStep {
  return {
    kind: "choose",
    answer: (options) => {
      if (label !== undefined && !options.choices.includes(label)) {
        throw new Error(`No button "${label}" in: ${options.choices.join(" | ")}`);
      }
      return label;
    },
  };
}

export function openFile(uri: vscode.Uri): ScriptStep {
  return { kind: "openFile", answer: () => uri };
}

export function saveFile(uri: vscode.Uri): ScriptStep {
  return { kind: "saveFile", answer: () => uri };
}

/** Presses Escape on the next prompt of this kind (a pick, input box or file dialog). */
export function cancel(kind: "pick" | "pickMany" | "input" | "openFile" | "saveFile"): ScriptStep {
  return { kind, answer: () => undefined };
}

/** Ticks exactly the items whose labels contain one of `texts` in a multi-select pick. */
export function pickManyLabels(...texts: string[]): ScriptStep {
  return {
    kind: "pickMany",
    answer: (items) => {
      const chosen = items.filter((candidate) => texts.some((text) => candidate.label.includes(text)));
      if (chosen.length !== texts.length) {
        throw new Error(`Expected ${texts.length} item(s) for ${texts.join(", ")} in: ${items.map((candidate) => candidate.label).join(" | ")}`);
      }
      return chosen;
    },
  };
}

export class ScriptedPrompts implements Prompts {
  private readonly steps: ScriptStep[] = [];
  readonly messages: RecordedMessage[] = [];
  readonly questions: RecordedQuestion[] = [];
  /** Buttons to press on notifications, by message pattern; otherwise notifications are dismissed. */
  private readonly buttonAnswers: { pattern: RegExp; button: string }[] = [];

  script(...steps: ScriptStep[]): this {
    this.steps.push(...steps);
    return this;
  }

  pressOn(pattern: RegExp, button: string): this {
    this.buttonAnswers.push({ pattern, button });
    return this;
  }

  /** Notifications of one severity, in order. */
  messagesOf(severity: RecordedMessage["severity"]): RecordedMessage[] {
    return this.messages.filter((message) => message.severity === severity);
  }

  /** Questions of one kind (e.g. every confirmation shown), in order. */
  questionsOf(kind: ScriptStep["kind"]): RecordedQuestion[] {
    return this.questions.filter((question) => question.kind === kind);
  }

  /** Fails when the script still has unanswered steps. */
  assertDone(): void {
    if (this.steps.length > 0) {
      throw new Error(`${this.steps.length} scripted answer(s) were never asked for: ${this.steps.map((step) => step.kind).join(", ")}`);
    }
  }

  private next<K extends ScriptStep["kind"]>(kind: K, title: string, extra: Omit<RecordedQuestion, "kind" | "title"> = {}): Extract<ScriptStep, { kind: K }> {
    this.questions.push({ kind, title, ...extra });
    const step = this.steps.shift();
    if (!step) {
      throw new Error(`Unexpected ${kind} prompt: "${title}"`);
    }
    if (step.kind !== kind) {
      throw new Error(`Expected a ${step.kind} prompt, got ${kind}: "${title}"`);
    }
    return step as Extract<ScriptStep, { kind: K }>;
  }

  pick<T>(items: readonly PickItem<T>[], options: PickOptions): Promise<T | undefined> {
    const step = this.next("pick", options.title, { placeHolder: options.placeHolder });
    const item = step.answer(items, options) as PickItem<T> | undefined;
    return Promise.resolve(item?.value);
  }

  pickMany<T>(items: readonly PickItem<T>[], options: PickOptions): Promise<T[] | undefined> {
    const step = this.next("pickMany", options.title);
    const chosen = step.answer(items, options) as PickItem<T>[] | undefined;
    return Promise.resolve(chosen?.map((item) => item.value));
  }

  input(options: InputOptions): Promise<string | undefined> {
    return Promise.resolve(this.next("input", options.title).answer(options));
  }

  confirm(options: ConfirmOptions): Promise<boolean> {
    const how = { label: options.confirm, severity: options.severity ?? "warning", cancelByDefault: options.cancelByDefault ?? false } as const;
    return Promise.resolve(this.next("confirm", options.message, { detail: options.detail, confirm: how }).answer(options));
  }

  choose(options: ChoiceOptions): Promise<string | undefined> {
    return Promise.resolve(this.next("choose", options.message, { detail: options.detail, choices: options.choices }).answer(options));
  }

  openFile(options: FileOptions): Promise<vscode.Uri | undefined> {
    return Promise.resolve(this.next("openFile", options.title).answer(options));
  }

  saveFile(options: FileOptions): Promise<vscode.Uri | undefined> {
    return Promise.resolve(this.next("saveFile", options.title).answer(options));
  }

  private notify(severity: RecordedMessage["severity"], message: string, buttons: string[]): Promise<string | undefined> {
    this.messages.push({ severity, message, buttons });
    const answer = this.buttonAnswers.find((candidate) => candidate.pattern.test(message) && buttons.includes(candidate.button));
    return Promise.resolve(answer?.button);
  }

  error(message: string, ...buttons: string[]): Promise<string | undefined> {
    return this.notify("error", message, buttons);
  }

  warning(message: string, ...buttons: string[]): Promise<string | undefined> {
    return this.notify("warning", message, buttons);
  }

  info(message: string, ...buttons: string[]): Promise<string | undefined> {
    return this.notify("info", message, buttons);
  }
}
