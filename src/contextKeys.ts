// Every setContext key the extension sets, one constant each; package.json's `when` clauses use them.
import * as vscode from "vscode";

export const ContextKeys = {
  /** Credentials are stored (they may still be rejected later; the tree then shows a sign-in row). */
  signedIn: "cloudflareMtls.signedIn",
  /**
   * The extension has read whether credentials are stored and set signedIn: until then the view's
   * welcome says it is starting, where it showed Sign In to a signed-in user after every start.
   */
  ready: "cloudflareMtls.ready",
  /** Signed in, but no account is shown (none reachable, or all hidden): selects a welcome view. */
  noAccountsShown: "cloudflareMtls.noAccountsShown",
  /**
   * The active editor's text holds a PEM block (e.g. one pasted into an untitled editor), so the
   * editor menus offer Upload and Inspect whatever the file is called. Kept by ActiveEditorPemTracker.
   */
  activeEditorHasPem: "cloudflareMtls.activeEditorHasPem",
  /** The tree's selection holds a certificate: the Delete key deletes it (a `when` cannot read a selected row's contextValue). */
  certificateSelected: "cloudflareMtls.certificateSelected",
  /** The tree shows only expiring and expired certificates (the view title's toggled filter icon). */
  filterExpiringOnly: "cloudflareMtls.filterExpiringOnly",
  /** A text filter is on: the view title offers Clear Filter. */
  filterText: "cloudflareMtls.filterText",
} as const;

export function setContext(key: (typeof ContextKeys)[keyof typeof ContextKeys], value: boolean): Thenable<unknown> {
  return vscode.commands.executeCommand("setContext", key, value);
}
