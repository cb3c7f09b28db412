// The Cloudflare mTLS tree in a plain Node process, wired as activate() wires it (credential store,
// session, repository, tree provider, the kinds) over the sandbox's real HTTP, with the vscode
// stand-in (./vscodeModule.ts) underneath. The unit tests of the tree's paging and the scale bench
// drive it the way VS Code does: getChildren, then getTreeItem for every child.
import "./vscodeModule";
import * as vscode from "vscode";
import fetch from "node-fetch";
import { CredentialStore } from "../../src/auth/credentials";
import { CloudflareSession } from "../../src/auth/session";
import { describeErrorText } from "../../src/commands/errorMessages";
import { ExtensionLog } from "../../src/log";
import { CertificateRepository } from "../../src/views/certificateRepository";
import { CertificateTreeProvider } from "../../src/views/certificateTree";
import { kindsIn } from "../../src/views/kinds/index";
import type { TreeNode } from "../../src/views/treeNodes";
import { InMemorySecretStorage } from "./inMemorySecretStorage";

class InMemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : defaultValue;
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

/** One row as VS Code gets it: the node and its TreeItem. */
export type TreeRow = { readonly node: TreeNode; readonly item: vscode.TreeItem };

/** A row's label as the tree shows it. */
export function rowLabel(row: TreeRow): string {
  const text = row.item.label;
  return typeof text === "string" ? text : (text?.label ?? "");
}

export interface TreeInNode {
  readonly store: CredentialStore;
  readonly session: CloudflareSession;
  readonly repository: CertificateRepository;
  readonly tree: CertificateTreeProvider;
  /** What VS Code does when a row is expanded: its children, and the TreeItem of each. */
  expand(node?: TreeNode): Promise<TreeRow[]>;
  dispose(): void;
}

/**
 * The stand-in's settings, with cloudflareMtls.apiBaseUrl set (globally, as a user would) to
 * `baseUrl`: the session sends the credential only there. Returns the undo.
 */
function useApiBaseUrl(baseUrl: string): () => void {
  const workspace = vscode.workspace;
  const original = workspace.getConfiguration;
  const getConfiguration = (section?: string) => {
    const configuration = original(section);
    return {
      get: configuration.get.bind(configuration),
      has: configuration.has.bind(configuration),
      update: configuration.update.bind(configuration),
      inspect: <T>(key: string) => (section === "cloudflareMtls" && key === "apiBaseUrl" ? { key: "cloudflareMtls.apiBaseUrl", globalValue: baseUrl as T } : configuration.inspect<T>(key)),
    };
  };
  Object.defineProperty(workspace, "getConfiguration", { value: getConfiguration, configurable: true, writable: true });
  return () => Object.defineProperty(workspace, "getConfiguration", { value: original, configurable: true, writable: true });
}

/** Signed in with `token` to the sandbox at `baseUrl`. */
export async function treeInNode(baseUrl: string, token: string): Promise<TreeInNode> {
  const restoreSettings = useApiBaseUrl(baseUrl);
  const log = new ExtensionLog("tree in node");
  const store = new CredentialStore(new InMemorySecretStorage());
  await store.set({ credentials: { kind: "apiToken", token }, apiBaseUrl: baseUrl, label: "API token (test)" });
  const session = new CloudflareSession(store, log, fetch);
  const repository = new CertificateRepository(session, new InMemoryMemento());
  const tree = new CertificateTreeProvider({
    repository,
    session,
    log,
    expirySettings: () => ({ now: new Date(), warningDays: 30 }),
    kindsIn,
    describeError: describeErrorText,
  });
  return {
    store,
    session,
    repository,
    tree,
    async expand(node) {
      const children = await tree.getChildren(node);
      return children.map((child) => ({ node: child, item: tree.getTreeItem(child) }));
    },
    dispose() {
      tree.dispose();
      repository.dispose();
      session.dispose();
      store.dispose();
      log.dispose();
      restoreSettings();
    },
  };
}
