// When Cloudflare misbehaves and the user presses Refresh in the view's title bar: a short
// Retry-After is waited out; a rate limit beyond the retry budget and a persistent 500 each become
// one error row that says what happened and retries on click (the house rule: a branch that fails
// to load is an error row, never a popup); a revoked token gets the one "sign in again"
// notification, and signing in again from it restores the view.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { DEMO_API_TOKEN } from "../support/cloudflareSandbox";
import { e2eContext } from "./e2eContext";
import { ensureSignedIn, openCertificatesView, refreshFromViewTitle, VIEW } from "./cloudflareView";
import { clearNotifications, clickNotificationButton, notificationToast, readNotification, visibleNotifications } from "./notifications";
import { pickQuickPickItem, typeIntoInputBox, waitForQuickInputTitle } from "./quickInput";
import {
  collapseAllTreeItems,
  expandTreeRow,
  treeItem,
  treeItemAtPath,
  treeItemIcon,
  treeItemTooltip,
  viewPane,
  visibleTreeLabels,
} from "./treeView";
import { waitUntil } from "./workbench";

const PRODUCTION = "Acme Production";
const ACCOUNTS = [PRODUCTION, "Acme Staging"];
/** The token the user gets after the old one was revoked (40 characters, like a real one). */
const REISSUED_TOKEN = "sandbox-e2e-reissued-token-0000000000000";

function accountListRequests(): number {
  return e2eContext().sandbox.requests.filter((request) => request.method === "GET" && request.path === "/accounts").length;
}

/** The view is back to its accounts (and nothing else at the top level). */
async function waitForAccounts(page: Page): Promise<void> {
  for (const account of ACCOUNTS) {
    await treeItem(page, VIEW, account);
  }
  const top = (await visibleTreeLabels(page, VIEW)).filter((label) => !label.startsWith(" "));
  assert.deepEqual(top, ACCOUNTS);
}

/** Fails if a toast popped up whose message matches `text`: load failures belong in the tree. */
async function assertNoToast(page: Page, text: RegExp): Promise<void> {
  const toasts = (await visibleNotifications(page)).filter((toast) => text.test(toast.message));
  assert.deepEqual(toasts, [], "a failed load shows an error row, not a notification");
}

suite("Cloudflare errors after Refresh from the view title", () => {
  suiteSetup(async () => {
    const { page } = e2eContext();
    await ensureSignedIn(page, DEMO_API_TOKEN);
  });

  teardown(() => {
    e2eContext().sandbox.clearFaults();
  });

  suiteTeardown(() => {
    // Suites that run after this one (or a rerun of it with --grep) sign in with the demo token.
    e2eContext().sandbox.addApiToken(DEMO_API_TOKEN, { owner: "user", permissions: "edit" });
  });

  test("a 429 with a short Retry-After is waited out: the view loads as usual", async () => {
    const { page, sandbox, screenshot } = e2eContext();
    await clearNotifications(page);
    await openCertificatesView(page);
    await collapseAllTreeItems(page);
    // A user has clicked around: a certificate row has the focus, which VS Code hands to the
    // title bar's Refresh as its argument. Refresh must still reload everything.
    await expandTreeRow(await treeItemAtPath(page, VIEW, [PRODUCTION, "mTLS Certificates", "payments-client"]));
    await page.locator(".part.sidebar .monaco-list-row.focused").filter({ hasText: "payments-client" }).waitFor({ state: "visible" });
    const before = accountListRequests();
    sandbox.injectFault({ kind: "status", status: 429, retryAfterSeconds: 1 }, { method: "GET", path: /^\/accounts$/ });

    await refreshFromViewTitle(page);
    await waitUntil(() => accountListRequests() >= before + 2, "the client asked for the accounts again after the Retry-After");
    await waitForAccounts(page);
    assert.equal(accountListRequests(), before + 2);
    const [refused, retried] = e2eContext().sandbox.requests.filter((request) => request.path === "/accounts").slice(-2);
    assert.ok(refused && retried && retried.startedAt - refused.startedAt >= 1000, "the retry waited for the Retry-After");
    await assertNoToast(page, /limiting/);
    await screenshot("errors: a short 429 is waited out");
  });

  test("a 429 beyond the retry budget: an error row says Cloudflare is limiting requests", async () => {
    const { page, sandbox, screenshot } = e2eContext();
    await clearNotifications(page);
    sandbox.injectFault({ kind: "status", status: 429, retryAfterSeconds: 120 }, { times: 1000 });

    await refreshFromViewTitle(page);
    const message = "Could not load: Cloudflare is limiting how fast this account can make requests. Try again in 120 seconds.";
    const row = await treeItem(page, VIEW, message);
    assert.equal(await treeItemIcon(row), "error");
    const tooltip = await treeItemTooltip(page, row, "Click to retry");
    assert.match(tooltip, /^Cloudflare is limiting how fast this account can make requests\. Try again in 120 seconds\./);
    await assertNoToast(page, /limiting/);
    await screenshot("errors: rate limited beyond the retry budget");

    // Once Cloudflare answers again, clicking the row retries.
    sandbox.clearFaults();
    await row.click();
    await waitForAccounts(page);
  });

  test("a 500 on every try: an error row says Cloudflare had a problem", async () => {
    const { page, sandbox, screenshot } = e2eContext();
    await clearNotifications(page);
    const before = accountListRequests();
    sandbox.injectFault({ kind: "status", status: 500 }, { times: 1000 });

    await refreshFromViewTitle(page);
    const pane = await viewPane(page, VIEW);
    const row = pane.locator(".monaco-list-row").filter({ hasText: /^Could not load: Cloudflare had a problem answering \(HTTP 500\)/ }).first();
    await row.waitFor({ state: "visible" });
    const label = ((await row.locator(".label-name").textContent()) ?? "").trim();
    assert.match(label, /^Could not load: Cloudflare had a problem answering \(HTTP 500\): .+\(code \d+\)\. Try again in a moment\.$/);
    assert.equal(accountListRequests() - before, 3, "a GET is tried three times before giving up");
    const tooltip = await treeItemTooltip(page, row, "Click to retry");
    assert.match(tooltip, /HTTP 500/);
    await assertNoToast(page, /problem answering/);
    await screenshot("errors: Cloudflare answers 500 on every try");

    sandbox.clearFaults();
    await row.click();
    await waitForAccounts(page);
  });

  test("a revoked token: one notification asks to sign in again", async () => {
    const { page, sandbox, screenshot } = e2eContext();
    await clearNotifications(page);
    sandbox.revokeToken(DEMO_API_TOKEN);

    await refreshFromViewTitle(page);
    const notice = await readNotification(page, /no longer accepts/);
    assert.match(
      notice.message,
      /^Cloudflare no longer accepts the stored API token \(id [0-9a-f]{8}…\): it may have been revoked or have expired\. Sign in again to keep managing certificates\.$/,
    );
    assert.deepEqual(notice.buttons, ["Sign In Again"]);
    const row = await treeItem(page, VIEW, "Cloudflare rejected the credentials. Sign in again.");
    assert.equal(await treeItemIcon(row), "warning");
    assert.equal(await notificationToast(page, /no longer accepts/).count(), 1, "one prompt, however many requests failed");
    await screenshot("errors: revoked token, sign in again");
  });

  test("Sign In Again from the notification with a new token restores the view", async () => {
    const { page, sandbox, screenshot } = e2eContext();
    if (!(await notificationToast(page, /no longer accepts/).isVisible())) {
      // Run alone: the token is revoked here as in the test before, for the same prompt.
      sandbox.revokeToken(DEMO_API_TOKEN);
      await refreshFromViewTitle(page);
      await readNotification(page, /no longer accepts/);
    }
    sandbox.addApiToken(REISSUED_TOKEN, { owner: "user", permissions: "edit" });

    await clickNotificationButton(page, /no longer accepts/, "Sign In Again");
    await waitForQuickInputTitle(page, "Sign In to Cloudflare");
    await pickQuickPickItem(page, "API Token");
    await waitForQuickInputTitle(page, "Sign In to Cloudflare: API Token");
    await typeIntoInputBox(page, REISSUED_TOKEN);
    await readNotification(page, /^Signed in to Cloudflare: 2 accounts\.$/);
    await waitForAccounts(page);
    const last = sandbox.requests.at(-1);
    assert.equal(last?.headers.authorization, `Bearer ${REISSUED_TOKEN}`, "the view now uses the new token");
    await screenshot("errors: signed in again with a new token");
    await clearNotifications(page);
  });
});
