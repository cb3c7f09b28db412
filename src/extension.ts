// The composition root: builds each service once, in dependency order, registers the command
// table, and returns a small API that only integration tests use (ExtensionMode.Test).
import fetch from "node-fetch";
import * as vscode from "vscode";
import { CredentialStore } from "./auth/credentials";
import { CloudflareSession } from "./auth/session";
import { registerCommands, runCommand } from "./commands/index";
import { runInErrorBoundary } from "./commands/errorBoundary";
import { describeErrorText } from "./commands/errorMessages";
import { signIn } from "./commands/signIn";
import { applyTreeFilter } from "./commands/filterTree";
import * as config from "./config";
import { ContextKeys, setContext } from "./contextKeys";
import { ViewIds } from "./identifiers";
import { ExtensionLog } from "./log";
import { VsCodePrompts, type Prompts } from "./prompts";
import { ProxiedFetch } from "./proxySettings";
import type { Services } from "./services";
import { CertificateRepository } from "./views/certificateRepository";
import { CertificateTreeProvider } from "./views/certificateTree";
import { DetailsPanelManager } from "./views/detailsPanel";
import { kindsIn } from "./views/kinds/index";
import { NO_FILTER } from "./views/treeFilter";
import { isCertificateNode, type TreeNode } from "./views/treeNodes";
import { ActiveEditorPemTracker } from "./activeEditorPem";
import { registerWranglerEditor } from "./editor/wranglerEditor";
import { RequestPacer } from "./cloudflare/requestPacer";
import { revealCertificate } from "./commands/revealCertificate";
import { showCertificateRow, showExpiringCertificates } from "./expiry/expiryCommands";
import { ExpiryNotifier } from "./expiry/expiryNotifier";
import { ExpiryWatch } from "./expiry/expiryWatch";
import { ZonePins } from "./expiry/zonePins";

export interface TestApi {
  readonly services: Services;
  /** The one way to answer prompts from a script. */
  setPrompts(prompts: Prompts): void;
  /**
   * Makes the extension see the workspace as untrusted (false) or as VS Code says (undefined):
   * the test hosts run with workspace trust disabled, which makes every workspace trusted.
   */
  setWorkspaceTrusted(trusted: boolean | undefined): void;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const log = new ExtensionLog();
  context.subscriptions.push(log);
  const credentials = new CredentialStore(context.secrets);
  context.subscriptions.push(credentials);
  const proxied = new ProxiedFetch(log.forComponent("proxy"), config.apiBaseUrl);
  context.subscriptions.push(proxied);
  // Every request reports Cloudflare's rate budget to the pacer; the expiry scan's are paced by it.
  const pacer = new RequestPacer();
  const session = new CloudflareSession(credentials, log, pacer.wrap(proxied.wrap(fetch)));
  context.subscriptions.push(session);
  const repository = new CertificateRepository(session, context.globalState);
  context.subscriptions.push(repository);
  const now = () => new Date();
  const zonePins = new ZonePins(context.globalState);
  context.subscriptions.push(zonePins);
  const tree = new CertificateTreeProvider({
    isZonePinned: (zoneId) => zonePins.has(zoneId),
    repository,
    session,
    log,
    expirySettings: () => ({ now: now(), warningDays: config.expiryWarningDays() }),
    kindsIn,
    describeError: describeErrorText,
  });
  context.subscriptions.push(tree);
  const treeView = vscode.window.createTreeView<TreeNode>(ViewIds.certificates, { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  context.subscriptions.push(treeView);
  const details = new DetailsPanelManager(context.extensionUri, log);
  context.subscriptions.push(details);

  context.subscriptions.push(new ActiveEditorPemTracker());
  context.subscriptions.push(registerWranglerEditor(repository, credentials, now));

  let prompts: Prompts = new VsCodePrompts();
  let trustedOverride: boolean | undefined;
  const notifier = new ExpiryNotifier({
    globalState: context.globalState,
    prompts: () => prompts,
    log,
    enabled: config.expiryNotifications,
    warningDays: config.expiryWarningDays,
    now,
    show: (location) => showCertificateRow(services, location),
    rotate: async (location) => {
      const node = await revealCertificate(services, location);
      if (node) {
        await runCommand(services, "rotateCertificate", node);
      }
    },
    showAll: () => showExpiringCertificates(services),
    runReportingErrors: (label, work) => services.runReportingErrors(label, work),
  });
  const expiry = new ExpiryWatch({
    repository,
    credentials,
    treeView,
    log,
    pacer,
    kindsIn,
    describeError: describeErrorText,
    zonePins,
    notifier,
    now,
    warningDays: config.expiryWarningDays,
    intervalHours: config.expiryScanIntervalHours,
    zoneLimit: config.expiryScanZoneLimit,
    globalState: context.globalState,
  });
  context.subscriptions.push(expiry);
  const services: Services = {
    context,
    log,
    credentials,
    session,
    repository,
    tree,
    treeView,
    details,
    expiry,
    zonePins,
    get prompts() {
      return prompts;
    },
    now,
    workspaceTrusted: () => trustedOverride ?? vscode.workspace.isTrusted,
    runReportingErrors: (label, work) => runInErrorBoundary(services, label, work),
  };
  registerCommands(context, services);

  // The signed-in context key drives menus and welcome views whether or not the tree is shown:
  // it is set here, now and on every credential change, and nowhere else.
  // Ready once signedIn is set: the welcome shows Sign In only then (see ContextKeys.ready).
  void credentials
    .get()
    .then(
      (stored) => setContext(ContextKeys.signedIn, stored !== undefined),
      () => setContext(ContextKeys.signedIn, false),
    )
    .then(() => setContext(ContextKeys.ready, true));
  context.subscriptions.push(
    credentials.onDidChange((stored) => {
      void setContext(ContextKeys.signedIn, stored !== undefined);
      repository.invalidateAll();
      if (stored === undefined) {
        // Signed out: no account data (or buttons that act with a credential) stays on screen,
        // and no filter either: the view's filter message would hide the Sign In welcome.
        details.closeCloudflarePanels();
        void applyTreeFilter(services, NO_FILTER);
      }
    }),
    treeView.onDidChangeSelection((event) => {
      void setContext(ContextKeys.certificateSelected, event.selection.some(isCertificateNode));
    }),
    // The one prompt a rejected credential gets, however many requests failed with it.
    session.onDidRejectCredential((rejection) => {
      void services.prompts
        .warning(`Cloudflare no longer accepts the stored ${rejection.label}: it may have been revoked or have expired. Sign in again to keep managing certificates.`, "Sign In Again")
        .then((choice) => (choice ? services.runReportingErrors("sign in again", () => signIn(services)) : undefined));
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (config.affectsApiBaseUrl(event)) {
        repository.invalidateAll();
      } else if (config.affectsTreeDisplay(event)) {
        tree.refresh();
      }
    }),
  );
  // Expiry watch: pins redraw the zone rows; its settings re-arm the scan; the first scan starts now.
  context.subscriptions.push(
    zonePins.onDidChange(() => tree.refresh()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (config.affectsExpiryWatch(event)) {
        expiry.settingsChanged();
      }
    }),
  );
  void expiry.start();
  log.forComponent("extension").info(`Activated (${vscode.ExtensionMode[context.extensionMode]})`);

  if (context.extensionMode === vscode.ExtensionMode.Test) {
    return {
      services,
      setPrompts: (value) => {
        prompts = value;
      },
      setWorkspaceTrusted: (value) => {
        trustedOverride = value;
      },
    };
  }
  return undefined;
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
