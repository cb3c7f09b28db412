// The composition root: builds each service once, in dependency order, registers the command
// table, and returns a small API that only integration tests use (ExtensionMode.Test).
import fetch from "node-fetch";
import * as vscode from "vscode";
import { CredentialStore } from "./auth/credentials";
import { CloudflareSession } from "./auth/session";
import { registerCommands } from "./commands/index";
import { runInErrorBoundary } from "./commands/errorBoundary";
import * as config from "./config";
import { ContextKeys, setContext } from "./contextKeys";
import { ExtensionLog } from "./log";
import { VsCodePrompts, type Prompts } from "./prompts";
import { ProxiedFetch } from "./proxySettings";
import type { Services } from "./services";
import { CERTIFICATES_VIEW_ID, CertificateRepository } from "./views/certificateRepository";
import { CertificateTreeProvider } from "./views/certificateTree";
import { DetailsPanelManager } from "./views/detailsPanel";
import type { TreeNode } from "./views/treeNodes";

export interface TestApi {
  readonly services: Services;
  setPrompts(prompts: Prompts): void;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const log = new ExtensionLog();
  context.subscriptions.push(log);
  const credentials = new CredentialStore(context.secrets);
  context.subscriptions.push(credentials);
  const prompts: { current: Prompts } = { current: new VsCodePrompts() };
  const proxied = new ProxiedFetch(log.forComponent("proxy"), config.apiBaseUrl);
  context.subscriptions.push(proxied);
  const session = new CloudflareSession(credentials, log, proxied.wrap(fetch), () => prompts.current);
  context.subscriptions.push(session);
  const repository = new CertificateRepository(session, context.globalState);
  context.subscriptions.push(repository);
  const now = () => new Date();
  const tree = new CertificateTreeProvider({ repository, session, log, expirySettings: () => ({ now: now(), warningDays: config.expiryWarningDays() }) });
  context.subscriptions.push(tree);
  const treeView = vscode.window.createTreeView<TreeNode>(CERTIFICATES_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  context.subscriptions.push(treeView);
  const details = new DetailsPanelManager(context.extensionUri, log);
  context.subscriptions.push(details);

  const services: Services = {
    context,
    log,
    credentials,
    session,
    repository,
    tree,
    treeView,
    details,
    get prompts() {
      return prompts.current;
    },
    set prompts(value: Prompts) {
      prompts.current = value;
    },
    now,
    guard: (work) => runInErrorBoundary(services, "details view", work),
  };
  registerCommands(context, services);

  // The signed-in context key drives menus and welcome views whether or not the tree is shown:
  // it is set here, now and on every credential change, and nowhere else.
  void credentials.get().then(
    (stored) => setContext(ContextKeys.signedIn, stored !== undefined),
    () => setContext(ContextKeys.signedIn, false),
  );
  context.subscriptions.push(
    credentials.onDidChange((stored) => {
      void setContext(ContextKeys.signedIn, stored !== undefined);
      repository.invalidateAll();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (config.affectsApiBaseUrl(event)) {
        repository.invalidateAll();
      } else if (config.affectsTreeDisplay(event)) {
        tree.refresh();
      }
    }),
  );
  log.forComponent("extension").info(`Activated (${vscode.ExtensionMode[context.extensionMode]})`);

  if (context.extensionMode === vscode.ExtensionMode.Test) {
    return { services, setPrompts: (value) => (services.prompts = value) };
  }
  return undefined;
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
