// Every setContext key the extension sets, one constant each; package.json's `when` clauses use them.
import * as vscode from "vscode";

export const ContextKeys = {
  /** Credentials are stored (they may still be rejected later; the tree then shows a sign-in row). */
  signedIn: "cloudflareMtls.signedIn",
  /** Signed in, but no account is shown (none reachable, or all hidden): selects a welcome view. */
  noAccountsShown: "cloudflareMtls.noAccountsShown",
} as const;

export function setContext(key: (typeof ContextKeys)[keyof typeof ContextKeys], value: boolean): Thenable<unknown> {
  return vscode.commands.executeCommand("setContext", key, value);
}
