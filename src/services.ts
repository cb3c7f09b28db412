// What every command handler is given: the services activate() built, once.
import type * as vscode from "vscode";
import type { CloudflareSession } from "./auth/session";
import type { CredentialStore } from "./auth/credentials";
import type { ExpiryWatch } from "./expiry/expiryWatch";
import type { ZonePins } from "./expiry/zonePins";
import type { ExtensionLog } from "./log";
import type { Prompts } from "./prompts";
import type { CertificateRepository } from "./views/certificateRepository";
import type { CertificateTreeProvider } from "./views/certificateTree";
import type { DetailsPanelManager } from "./views/detailsPanel";
import type { TreeNode } from "./views/treeNodes";

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: ExtensionLog;
  readonly credentials: CredentialStore;
  readonly session: CloudflareSession;
  readonly repository: CertificateRepository;
  readonly tree: CertificateTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  readonly details: DetailsPanelManager;
  /** The expiry watch (status bar item, background scan, notifications) and the zones pinned to it. */
  readonly expiry: ExpiryWatch;
  readonly zonePins: ZonePins;
  /** Every question and message goes through these (integration tests swap them through the test API). */
  readonly prompts: Prompts;
  readonly now: () => Date;
  /** Whether the workspace is trusted (vscode.workspace.isTrusted): commands that change Cloudflare, and reading workspace files unasked, need it. */
  readonly workspaceTrusted: () => boolean;
  /**
   * Runs work that no command started (a details view's button, a prompt's answer) inside the
   * command error boundary: one message with a next step, silence on cancel.
   */
  readonly runReportingErrors: (label: string, work: () => Promise<void>) => Promise<void>;
}
