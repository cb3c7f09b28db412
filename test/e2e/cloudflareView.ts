// Our view as a user reaches it: the "Cloudflare mTLS" Activity Bar entry, its "Certificates"
// tree, signing in and out through the command palette, the title bar's Refresh. Every suite
// starts from the state it needs with these (ensureSignedIn, ensureSignedOut), so each test can
// also run on its own (run.ts --grep).
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import type { CloudflareSandbox, SandboxAccount } from "../support/cloudflareSandbox";
import { clearNotifications, readNotification } from "./notifications";
import { pickQuickPickItem, runCommand, typeIntoInputBox, waitForQuickInputTitle } from "./quickInput";
import { clickViewTitleAction, viewPane } from "./treeView";
import { showViewContainer, widenSideBar } from "./workbench";

export const VIEW_CONTAINER = "Cloudflare mTLS";
export const VIEW = "Certificates";
export const SIGN_IN_COMMAND = "Cloudflare mTLS: Sign In…";
export const SIGN_OUT_COMMAND = "Cloudflare mTLS: Sign Out";

/** Wide enough for a certificate's name and its "CA · expires in 7 days" description. */
const SIDE_BAR_WIDTH = 560;

/** Shows our view in the side bar (a no-op when it is already shown) and widens the side bar. */
export async function openCertificatesView(page: Page): Promise<Locator> {
  await showViewContainer(page, VIEW_CONTAINER);
  await widenSideBar(page, SIDE_BAR_WIDTH);
  return viewPane(page, VIEW);
}

/** The signed-out welcome content's "Sign In" button. */
export function welcomeSignInButton(pane: Locator): Locator {
  return pane.locator(".welcome-view-content .monaco-button").filter({ hasText: /^\s*Sign In\s*$/ });
}

/** Whether the view shows the tree (signed in) rather than the signed-out welcome; waits for one of them. */
export async function isSignedIn(page: Page): Promise<boolean> {
  const pane = await openCertificatesView(page);
  const signIn = welcomeSignInButton(pane);
  const row = pane.locator(".monaco-list-row").first();
  // Right after a (re)load the welcome says the extension is starting, never Sign In, until it has
  // read whether credentials are stored (ContextKeys.ready): whichever of the two shows is the truth.
  await signIn.or(row).first().waitFor({ state: "visible" });
  return !(await signIn.isVisible());
}

/** Signs in as a user does: palette → Sign In… → API Token → password box; waits for the confirmation. */
export async function signInWithToken(page: Page, token: string): Promise<void> {
  await runCommand(page, SIGN_IN_COMMAND);
  await waitForQuickInputTitle(page, "Sign In to Cloudflare");
  await pickQuickPickItem(page, "API Token");
  await waitForQuickInputTitle(page, "Sign In to Cloudflare: API Token");
  await typeIntoInputBox(page, token);
  await readNotification(page, /^Signed in to Cloudflare/);
  await clearNotifications(page);
}

/** For suites that start signed in: signs in through the UI unless the view already shows the tree. */
export async function ensureSignedIn(page: Page, token: string): Promise<void> {
  if (!(await isSignedIn(page))) {
    await signInWithToken(page, token);
  }
  await openCertificatesView(page);
}

/** For suites that start signed out: signs out through the palette unless the view already shows the welcome. */
export async function ensureSignedOut(page: Page): Promise<void> {
  if (await isSignedIn(page)) {
    await runCommand(page, SIGN_OUT_COMMAND);
    await readNotification(page, /^Signed out of Cloudflare/);
    await clearNotifications(page);
  }
  await welcomeSignInButton(await openCertificatesView(page)).waitFor({ state: "visible" });
}

/** The view title bar's Refresh, with the view shown. */
export async function refreshFromViewTitle(page: Page): Promise<void> {
  await openCertificatesView(page);
  await clickViewTitleAction(page, "Refresh");
}

/** A demo account of the sandbox by name ("Acme Production" or "Acme Staging"). */
export function sandboxAccount(sandbox: CloudflareSandbox, name: string): SandboxAccount {
  const account = sandbox.accounts().find((candidate) => candidate.name === name);
  assert.ok(account, `the sandbox has no account named ${name}`);
  return account;
}
