// A minimal stand-in for the `vscode` module and an ExtensionContext: enough for the bundle's
// activate() to run in a plain Node process (the start-up benchmark), and for the unit tests of the
// VS Code-side modules that need only events and settings (test/support/vscodeModule.ts). Namespaces and the context
// are strict: touching a member that is not provided throws and names it, so a change in
// activate() that needs more shows up as a clear failure, never as a silently cheaper start.
import type * as vscode from "vscode";

export interface StandInRecord {
  readonly registeredCommands: string[];
  readonly executedCommands: string[];
  readonly treeViews: string[];
  readonly outputChannels: string[];
}

/** Wraps `target` so that reading an absent member throws (symbols and `then` excepted). */
export function strict<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      if (typeof property === "symbol" || property in object) {
        return Reflect.get(object, property, receiver) as unknown;
      }
      if (property === "then" || property === "toJSON") {
        return undefined;
      }
      throw new Error(`vscode stand-in: ${name}.${property} is not provided`);
    },
  });
}

class Disposable {
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  constructor(private readonly onDispose: () => unknown) {}
  dispose(): void {
    this.onDispose();
  }
}

class EventEmitter<T> {
  private listeners: ((value: T) => unknown)[] = [];
  readonly event = (listener: (value: T) => unknown): Disposable => {
    this.listeners.push(listener);
    return new Disposable(() => {
      this.listeners = this.listeners.filter((other) => other !== listener);
    });
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      listener(value);
    }
  }
  dispose(): void {
    this.listeners = [];
  }
}

class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
  ) {}
  static file(path: string): Uri {
    return new Uri("file", "", path);
  }
  static parse(text: string): Uri {
    const url = new URL(text);
    return new Uri(url.protocol.replace(/:$/, ""), url.host, decodeURIComponent(url.pathname));
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, base.authority, [base.path.replace(/\/+$/, ""), ...segments].join("/"));
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: { scheme?: string; path?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, this.authority, change.path ?? this.path);
  }
  toString(): string {
    return `${this.scheme}://${this.authority}${this.path}`;
  }
}

class TreeItem {
  constructor(
    readonly label: string,
    readonly collapsibleState?: number,
  ) {}
}

class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

class ThemeColor {
  constructor(readonly id: string) {}
}

class MarkdownString {
  isTrusted = false;
  supportThemeIcons = false;
  constructor(readonly value = "") {}
}

/** CodeActionKind's hierarchy, as far as the extension names kinds at load time. */
class CodeActionKind {
  static readonly Empty = new CodeActionKind("");
  static readonly QuickFix = new CodeActionKind("quickfix");
  static readonly Refactor = new CodeActionKind("refactor");
  constructor(readonly value: string) {}
  append(part: string): CodeActionKind {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
}

const noop = () => undefined;
const disposable = () => new Disposable(noop);

function logOutputChannel(name: string): object {
  const onDidChangeLogLevel = new EventEmitter<number>();
  return strict(`LogOutputChannel(${name})`, {
    name,
    logLevel: 2,
    onDidChangeLogLevel: onDidChangeLogLevel.event,
    trace: noop,
    debug: noop,
    info: noop,
    warn: noop,
    error: noop,
    append: noop,
    appendLine: noop,
    replace: noop,
    clear: noop,
    show: noop,
    hide: noop,
    dispose: noop,
  });
}

function statusBarItem(id: string): object {
  return strict(`StatusBarItem(${id})`, {
    id,
    name: undefined,
    text: "",
    tooltip: undefined,
    color: undefined,
    backgroundColor: undefined,
    command: undefined,
    accessibilityInformation: undefined,
    show: noop,
    hide: noop,
    dispose: noop,
  });
}

function treeView(id: string): object {
  const event = () => disposable();
  return strict(`TreeView(${id})`, {
    visible: false,
    selection: [],
    message: undefined,
    title: undefined,
    description: undefined,
    badge: undefined,
    onDidChangeVisibility: event,
    onDidChangeSelection: event,
    onDidExpandElement: event,
    onDidCollapseElement: event,
    onDidChangeCheckboxState: event,
    reveal: () => Promise.resolve(),
    dispose: noop,
  });
}

/** The `vscode` module as activate() sees it. */
export function createVscodeStandIn(record: StandInRecord): Record<string, unknown> {
  const configuration = strict("WorkspaceConfiguration", {
    get: <T>(_key: string, defaultValue?: T) => defaultValue,
    has: () => false,
    inspect: () => undefined,
    update: () => Promise.resolve(),
  });
  return {
    Disposable,
    EventEmitter,
    Uri,
    TreeItem,
    ThemeIcon,
    ThemeColor,
    MarkdownString,
    CodeActionKind,
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    CompletionItemKind: { Value: 11, Snippet: 14 },
    CompletionTriggerKind: { Invoke: 0, TriggerCharacter: 1, TriggerForIncompleteCompletions: 2 },
    ExtensionMode: { 1: "Production", 2: "Development", 3: "Test", Production: 1, Development: 2, Test: 3 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
    LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
    window: strict("window", {
      createOutputChannel: (name: string) => {
        record.outputChannels.push(name);
        return logOutputChannel(name);
      },
      createTreeView: (id: string) => {
        record.treeViews.push(id);
        return treeView(id);
      },
      createStatusBarItem: (id: string) => statusBarItem(id),
      activeTextEditor: undefined,
      visibleTextEditors: [],
      onDidChangeActiveTextEditor: () => disposable(),
      withProgress: <R>(_options: unknown, task: (progress: { report: () => void }, token: unknown) => Promise<R>) => task({ report: noop }, { isCancellationRequested: false, onCancellationRequested: disposable }),
    }),
    workspace: strict("workspace", {
      getConfiguration: () => configuration,
      onDidChangeConfiguration: () => disposable(),
      onDidOpenTextDocument: () => disposable(),
      onDidChangeTextDocument: () => disposable(),
      onDidCloseTextDocument: () => disposable(),
      textDocuments: [],
      isTrusted: true,
      workspaceFolders: undefined,
    }),
    languages: strict("languages", {
      registerHoverProvider: () => disposable(),
      registerCodeActionsProvider: () => disposable(),
      registerCompletionItemProvider: () => disposable(),
      createDiagnosticCollection: (name: string) =>
        strict(`DiagnosticCollection(${name})`, { name, set: noop, delete: noop, clear: noop, forEach: noop, get: () => undefined, has: () => false, dispose: noop }),
    }),
    commands: strict("commands", {
      registerCommand: (id: string) => {
        record.registeredCommands.push(id);
        return disposable();
      },
      executeCommand: (id: string) => {
        record.executedCommands.push(id);
        return Promise.resolve(undefined);
      },
    }),
  };
}

/** A signed-out ExtensionContext: empty secret storage and global state. */
export function createExtensionContext(extensionPath: string, standIn: Record<string, unknown>): vscode.ExtensionContext {
  const UriClass = standIn["Uri"] as typeof Uri;
  const secretsChanged = new EventEmitter<{ key: string }>();
  const secrets = strict("SecretStorage", {
    get: () => Promise.resolve(undefined),
    store: () => Promise.resolve(),
    delete: () => Promise.resolve(),
    keys: () => Promise.resolve([]),
    onDidChange: secretsChanged.event,
  });
  const memento = (name: string) => {
    const values = new Map<string, unknown>();
    return strict(name, {
      get: <T>(key: string, defaultValue?: T) => (values.has(key) ? values.get(key) : defaultValue),
      update: (key: string, value: unknown) => {
        values.set(key, value);
        return Promise.resolve();
      },
      keys: () => [...values.keys()],
      setKeysForSync: noop,
    });
  };
  const storage = UriClass.file("/tmp/cloudflare-mtls-bench-storage");
  const context = strict("ExtensionContext", {
    subscriptions: [] as { dispose(): unknown }[],
    secrets,
    globalState: memento("globalState"),
    workspaceState: memento("workspaceState"),
    extensionUri: UriClass.file(extensionPath),
    extensionPath,
    extensionMode: 1, // Production
    logUri: storage,
    storageUri: storage,
    globalStorageUri: storage,
    asAbsolutePath: (relative: string) => `${extensionPath}/${relative}`,
  });
  return context as unknown as vscode.ExtensionContext;
}
