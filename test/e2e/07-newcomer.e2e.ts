// A newcomer's first hour (issue 13), through the real UI, with a screenshot of each fix: the
// title bar's Upload asks where; a wrong key file brings the key question back at once, saying
// why; a PEM pasted into an untitled editor has Upload and Inspect in its menus; a leaf about to
// be uploaded as a CA defaults to Cancel and a plain summary is an information dialog; Access
// fingerprints read as MD5 hex; messages name the file and say how hostnames are separated; a
// mistyped token is refused without a question; the details view wraps words, not letters; the
// Delete key deletes (after the same confirmation); Sign Out closes remote details; the log has
// one line per request at Info; and a Get Started walkthrough. Each test sets up what it needs.
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Frame, Page } from "playwright-core";
import { DEMO_API_TOKEN } from "../support/cloudflareSandbox";
import { makeCa } from "../support/makeCertificates";
import { WORKBENCH_VIEWPORT } from "../harness/browser";
import { e2eContext } from "./e2eContext";
import { ensureSignedIn, openCertificatesView, sandboxAccount, SIGN_IN_COMMAND, signInWithToken, VIEW } from "./cloudflareView";
import { explorerItem } from "./explorer";
import { answerModalDialog, clearNotifications, readModalDialog, readNotification, visibleNotifications } from "./notifications";
import { closeQuickInput, describeQuickInput, listQuickPickLabels, openInFileDialog, pickQuickPickItem, quickInputWidget, runCommand, typeIntoInputBox, waitForQuickInputTitle } from "./quickInput";
import { chooseContextMenuItem, clickInlineAction, clickViewTitleAction, collapseAllTreeItems, treeItemAtPath, treeItemTooltip } from "./treeView";
import { webviewFrame } from "./webviews";
import { exactText } from "./workbench";

const PRODUCTION = "Acme Production";
const STAGING = "Acme Staging";

/** The label of the quick pick row that has the keyboard focus (what Enter would choose). */
async function focusedQuickPickLabel(page: Page): Promise<string> {
  const row = quickInputWidget(page).locator(".monaco-list-row.focused .label-name").first();
  await row.waitFor({ state: "visible" });
  return ((await row.textContent()) ?? "").trim();
}

/** Opens a workspace file in an editor from the Explorer, and waits for its tab. */
async function openFileInEditor(page: Page, fileName: string): Promise<void> {
  await (await explorerItem(page, fileName)).click();
  await page.locator(".part.editor .tab.active").filter({ hasText: fileName }).waitFor({ state: "visible" });
}

/**
 * Gives the tree the keyboard focus back (opening details hands it to the webview), keeping the
 * row it had focused and selected; waits until the focus really is in the side bar.
 */
async function focusCertificatesTree(page: Page): Promise<void> {
  await page.locator(".part.sidebar .composite.title").first().click();
  for (let attempt = 0; attempt < 10; attempt += 1) {
    await page.locator(".part.sidebar .pane-body .monaco-list").first().focus();
    if (await page.evaluate(() => (document.activeElement?.closest(".part.sidebar .monaco-list") ?? null) !== null)) {
      return;
    }
    await page.waitForTimeout(200);
  }
  throw new Error("the tree did not take the focus");
}

/** Files of an Explorer-driven test, written into the workspace and removed afterwards. */
function writeWorkspaceFile(name: string, content: string): string {
  const path = join(e2eContext().workspace.folder, name);
  writeFileSync(path, content);
  return path;
}

/** Whether any word of the element's text (outside monospace values) is drawn on two lines. */
async function wordsSplitAcrossLines(frame: Frame, selector: string): Promise<string[]> {
  return frame.locator(selector).evaluateAll((elements) => {
    const split: string[] = [];
    for (const element of elements) {
      const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? "";
        for (const match of text.matchAll(/[^\s,=+]+/g)) {
          const range = element.ownerDocument.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top)));
          if (lines.size > 1) {
            split.push(match[0]);
          }
        }
      }
    }
    return split;
  });
}

suite("a newcomer's first hour: the rough edges, smoothed", () => {
  const written: string[] = [];

  suiteSetup(async () => {
    const { page } = e2eContext();
    await ensureSignedIn(page, DEMO_API_TOKEN);
  });

  teardown(async () => {
    const { page } = e2eContext();
    await closeQuickInput(page);
    if (await page.locator(".monaco-dialog-box").isVisible()) {
      await answerModalDialog(page, "Cancel");
    }
    await clearNotifications(page);
  });

  suiteTeardown(async () => {
    const { page } = e2eContext();
    await page.setViewportSize(WORKBENCH_VIEWPORT);
    await runCommand(page, "View: Close All Editors");
    for (const path of written.splice(0)) {
      rmSync(path, { force: true });
    }
  });

  test("the title bar's Upload asks where, even with a group row focused", async () => {
    const { page, workspace, screenshot } = e2eContext();
    await openFileInEditor(page, workspace.files.rootCa);
    await openCertificatesView(page);
    await collapseAllTreeItems(page);
    // The focused row: VS Code hands it to a view title command, which once took it as the destination.
    const group = await treeItemAtPath(page, VIEW, [PRODUCTION, "Access Certificates"]);
    await group.click();
    await clickViewTitleAction(page, "Upload Certificate…");
    await waitForQuickInputTitle(page, "Upload Certificate: Destination");
    assert.deepEqual(await listQuickPickLabels(page), ["Account mTLS: CA certificate", "Access: root CA for the account", "Account mTLS: leaf certificate", "Access: root CA for a zone"]);
    await screenshot("newcomer: title-bar Upload asks the destination despite the focused row");
    await pickQuickPickItem(page, "Account mTLS: CA certificate");
    await waitForQuickInputTitle(page, "Upload Certificate: Account");
    assert.deepEqual(await listQuickPickLabels(page), [PRODUCTION, STAGING]);
    await screenshot("newcomer: and then the account");
  });

  test("a plain upload summary is an information dialog; a leaf about to go up as a CA defaults to Cancel", async () => {
    const { page, sandbox, workspace, screenshot } = e2eContext();
    const before = sandbox.mtlsCertificates(sandboxAccount(sandbox, STAGING).id).length;
    await chooseContextMenuItem(page, await explorerItem(page, workspace.files.rootCa), "Upload Certificate…");
    await pickQuickPickItem(page, "Account mTLS: CA certificate");
    await pickQuickPickItem(page, STAGING);
    await waitForQuickInputTitle(page, "Upload Certificate: Name");
    await page.keyboard.press("Enter");
    await readModalDialog(page);
    const icon = (await page.locator(".monaco-dialog-box .dialog-icon").getAttribute("class")) ?? "";
    assert.match(icon, /codicon-dialog-info\b/, `an information dialog: ${icon}`);
    await screenshot("newcomer: a summary without warnings is an information dialog");
    await answerModalDialog(page, "Cancel");

    await chooseContextMenuItem(page, await explorerItem(page, workspace.files.leaf), "Upload Certificate…");
    await pickQuickPickItem(page, "Account mTLS: CA certificate");
    await pickQuickPickItem(page, STAGING);
    await waitForQuickInputTitle(page, "Upload Certificate: Name");
    await page.keyboard.press("Enter");
    await page.locator(".quick-input-widget .quick-input-title").filter({ hasText: /^Upload “.*” as a CA certificate of account Acme Staging\?$/ }).waitFor({ state: "visible" });
    assert.deepEqual(await listQuickPickLabels(page), ["Cancel", "Upload Anyway"]);
    assert.equal(await focusedQuickPickLabel(page), "Cancel", "Enter cancels");
    await screenshot("newcomer: a leaf as a CA is asked with Cancel as the default");
    await page.keyboard.press("Enter");
    await quickInputWidget(page).waitFor({ state: "hidden" });
    assert.equal(sandbox.mtlsCertificates(sandboxAccount(sandbox, STAGING).id).length, before, "nothing was uploaded");
  });

  test("a wrong private-key file: the key question comes back at once, saying why", async () => {
    const { page, workspace, screenshot } = e2eContext();
    const stranger = await makeCa({ commonName: "Stranger" });
    const keyPath = writeWorkspaceFile("stranger.key", stranger.privateKeyPem);
    written.push(keyPath);
    await chooseContextMenuItem(page, await explorerItem(page, workspace.files.leaf), "Upload Certificate…");
    await pickQuickPickItem(page, "Account mTLS: leaf certificate");
    await pickQuickPickItem(page, STAGING);
    await waitForQuickInputTitle(page, "Upload Certificate: Name");
    await page.keyboard.press("Enter");
    await waitForQuickInputTitle(page, "Upload Certificate: Private Key");
    await pickQuickPickItem(page, "Choose a private key file…");
    // The workbench's own file dialog: a path in the quick input.
    await openInFileDialog(page, { title: "Upload Certificate: Private Key File", path: keyPath });

    await waitForQuickInputTitle(page, "Upload Certificate: Private Key");
    const question = await describeQuickInput(page);
    assert.match(question.placeholder, /^That file was not this certificate's key/);
    assert.ok((await listQuickPickLabels(page)).includes("Choose another private key file…"));
    const toast = await readNotification(page, /stranger\.key: Block 1 \(line 1\) is a private key for another certificate/);
    assert.match(toast.message, /its public key is not the one in “CN=/, "curly quotes, like every other message");
    await screenshot("newcomer: the key question is back at once, with the reason");
  });

  test("a PEM pasted into an untitled editor: Inspect in the editor title, Upload and Inspect in its context menu", async () => {
    const { page, sandbox, screenshot } = e2eContext();
    const seeded = sandbox.mtlsCertificates(sandboxAccount(sandbox, PRODUCTION).id).find((certificate) => certificate.name === "acme-root-ca-2024");
    assert.ok(seeded);
    await runCommand(page, "File: New Untitled Text File");
    const editor = page.locator(".part.editor .monaco-editor").first();
    await editor.waitFor({ state: "visible" });
    await editor.click();
    await page.keyboard.insertText(seeded.certificates);
    const inspect = page.locator('.part.editor .editor-actions .action-label[aria-label^="Inspect Certificate"]');
    await inspect.waitFor({ state: "visible" });
    await screenshot("newcomer: an untitled editor holding a PEM offers Inspect in its title");

    await editor.locator(".view-lines").click({ button: "right" });
    const menu = page.locator(".context-view .monaco-menu");
    await menu.waitFor({ state: "visible" });
    for (const label of ["Upload Certificate…", "Inspect Certificate"]) {
      await menu.locator(".action-item .action-label").filter({ hasText: exactText(label) }).waitFor({ state: "visible" });
    }
    await screenshot("newcomer: and Upload and Inspect in its context menu");
    await page.keyboard.press("Escape");
    await menu.waitFor({ state: "hidden" });

    await inspect.click();
    const frame = await webviewFrame(page, /Local file · Untitled-\d+/);
    assert.match(await frame.locator("body").innerText(), /acme-root-ca-2024|Acme/i);
    await screenshot("newcomer: the pasted PEM inspected");
    await runCommand(page, "View: Close All Editors");
    // The pasted text was never saved: VS Code asks, and it is not kept.
    const dialog = page.locator(".monaco-dialog-box");
    await dialog.waitFor({ state: "visible", timeout: 5000 }).catch(() => undefined);
    if (await dialog.isVisible()) {
      await answerModalDialog(page, "Don't Save");
    }
  });

  test("an Access certificate's fingerprint reads as MD5 hex in its tooltip", async () => {
    const { page, screenshot } = e2eContext();
    await openCertificatesView(page);
    await collapseAllTreeItems(page);
    const row = await treeItemAtPath(page, VIEW, [PRODUCTION, "Access Certificates", "Employees"]);
    const tooltip = await treeItemTooltip(page, row, /MD5 fingerprint/);
    assert.match(tooltip, /MD5 fingerprint: ([0-9A-F]{2}:){15}[0-9A-F]{2}/);
    assert.doesNotMatch(tooltip, /Fingerprint=/);
    await screenshot("newcomer: Access fingerprint as MD5 hex");
  });

  test("wording: hostnames are separated by commas or spaces, and a refusal names the file", async () => {
    const { page, screenshot } = e2eContext();
    await openCertificatesView(page);
    await collapseAllTreeItems(page);
    const row = await treeItemAtPath(page, VIEW, [PRODUCTION, "Access Certificates", "Contractors"]);
    await chooseContextMenuItem(page, row, "Edit Associated Hostnames…");
    await waitForQuickInputTitle(page, "Associated Hostnames of “Contractors”");
    await typeIntoInputBox(page, "not a host", { submit: false });
    await page
      .locator(".quick-input-widget .quick-input-message")
      .filter({ hasText: "Not hostnames: “not”, “a”, “host”. Separate hostnames with commas or spaces, e.g. app.example.com, admin.example.com." })
      .waitFor({ state: "visible" });
    const box = await describeQuickInput(page);
    assert.match(box.message, /Not hostnames: “not”, “a”, “host”\. Separate hostnames with commas or spaces/);
    await screenshot("newcomer: how hostnames are separated, said in the validation");
    await closeQuickInput(page);

    const keyOnly = await makeCa({ commonName: "Only A Key" });
    written.push(writeWorkspaceFile("only-a-key.pem", keyOnly.privateKeyPem));
    await chooseContextMenuItem(page, await explorerItem(page, "only-a-key.pem"), "Upload Certificate…");
    const refusal = await readNotification(page, /is a private key/);
    assert.match(refusal.message, /^only-a-key\.pem: Block 1 \(line 1\) is a private key \(PKCS#8\), not a certificate/);
    await screenshot("newcomer: a refusal names the file");
  });

  test("a mistyped token is refused at once, without asking whether it is account-owned", async () => {
    const { page, screenshot } = e2eContext();
    await runCommand(page, SIGN_IN_COMMAND);
    await pickQuickPickItem(page, "API Token");
    await waitForQuickInputTitle(page, "Sign In to Cloudflare: API Token");
    await typeIntoInputBox(page, "sandbox-e2e-mistyped-token-000000000000");
    const refusal = await readNotification(page, /did not accept this API token/);
    assert.equal(refusal.message, "Cloudflare did not accept this API token: Invalid API Token (code 1000). Nothing was stored: check it and sign in again.");
    assert.equal(await quickInputWidget(page).isVisible(), false, "no “Account-Owned Token?” question");
    await screenshot("newcomer: a mistyped token refused at once");
  });

  test("a narrow details view wraps words and names, not letters", async () => {
    const { page, screenshot } = e2eContext();
    await openCertificatesView(page);
    await collapseAllTreeItems(page);
    const row = await treeItemAtPath(page, VIEW, [STAGING, "mTLS Certificates", "staging-issuing-ca (with chain)"]);
    await clickInlineAction(row, "Show Certificate Details");
    const frame = await webviewFrame(page, /^staging-issuing-ca \(with chain\)\n[\s\S]*SHA-256/);
    await page.setViewportSize({ width: 1040, height: WORKBENCH_VIEWPORT.height });
    await page.waitForTimeout(500);
    assert.deepEqual(await wordsSplitAcrossLines(frame, ".value:not(.mono), h1, h2, .subtitle, .summary"), [], "no word is broken across lines");
    await frame.locator("#certificate-1 h3").first().scrollIntoViewIfNeeded();
    await screenshot("newcomer: a narrow details view breaks names at their separators");
    await page.setViewportSize(WORKBENCH_VIEWPORT);
  });

  test("the Delete key on a selected certificate asks the same confirmation", async () => {
    const { page, sandbox, screenshot } = e2eContext();
    const name = "partner-client-ca";
    assert.ok(sandbox.mtlsCertificates(sandboxAccount(sandbox, PRODUCTION).id).some((certificate) => certificate.name === name));
    await openCertificatesView(page);
    await collapseAllTreeItems(page);
    const target = await treeItemAtPath(page, VIEW, [PRODUCTION, "mTLS Certificates", name]);
    // A click selects the row (and opens its details, which takes the focus): give the tree the focus back.
    await target.click();
    await page.locator(".part.editor .tab.active").filter({ hasText: exactText(name) }).waitFor({ state: "visible" });
    await webviewFrame(page, new RegExp(`^${name}\\n`));
    await focusCertificatesTree(page);
    assert.equal(await target.getAttribute("aria-selected"), "true", "the certificate row is selected");
    await page.keyboard.press("Delete");
    const confirmation = await readModalDialog(page);
    assert.equal(confirmation.message, `Delete the mTLS CA certificate “${name}” from account ${PRODUCTION}?`);
    await screenshot("newcomer: the Delete key asks to delete the selected certificate");
    await answerModalDialog(page, "Cancel");
    assert.ok(sandbox.mtlsCertificates(sandboxAccount(sandbox, PRODUCTION).id).some((certificate) => certificate.name === name), "Cancel keeps it");
  });

  test("the log has one line per request at Info", async () => {
    const { page, screenshot } = e2eContext();
    await runCommand(page, "Cloudflare mTLS: Refresh");
    await runCommand(page, "Cloudflare mTLS: Show Log");
    const output = page.locator(".part.panel .view-lines");
    await output.filter({ hasText: /\[info\]\s\[client\]\sGET\s\/accounts\S*\s200\s\d+\sms/ }).first().waitFor({ state: "visible" });
    await screenshot("newcomer: one request per line in the log at Info");
    await runCommand(page, "View: Hide Panel");
  });

  test("Sign Out closes the details of remote certificates", async () => {
    const { page, screenshot } = e2eContext();
    await openCertificatesView(page);
    await collapseAllTreeItems(page);
    const row = await treeItemAtPath(page, VIEW, [PRODUCTION, "mTLS Certificates", "acme-root-ca-2024"]);
    await clickInlineAction(row, "Show Certificate Details");
    const tab = page.locator(".part.editor .tab").filter({ hasText: exactText("acme-root-ca-2024") });
    await tab.waitFor({ state: "visible" });
    await webviewFrame(page, /^acme-root-ca-2024\n/);
    await page.locator(".part.sidebar .composite.title").first().click(); // the palette's F1 is not the webview's
    await runCommand(page, "Cloudflare mTLS: Sign Out");
    await tab.waitFor({ state: "detached" });
    await readNotification(page, /^Signed out of Cloudflare/);
    await screenshot("newcomer: signed out, the remote details panel is closed");
    await clearNotifications(page);
    await signInWithToken(page, DEMO_API_TOKEN);
  });

  test("the Get Started walkthrough: sign in, browse, upload a first CA, inspect a local file", async () => {
    const { page, screenshot } = e2eContext();
    await runCommand(page, "Welcome: Open Walkthrough...");
    await pickQuickPickItem(page, "Get Started with Cloudflare mTLS");
    const steps = page.locator(".part.editor .getting-started-step .step-title");
    await steps.first().waitFor({ state: "visible" });
    const titles = (await steps.allInnerTexts()).map((title) => title.trim()).filter(Boolean);
    assert.deepEqual(titles, ["Sign in with an API token", "Browse your certificates", "Upload a first CA", "Inspect a local certificate file"]);
    await screenshot("newcomer: the Get Started walkthrough");

    // The step's own button runs Sign In; once it has run, the step is ticked.
    await page.locator(".part.editor").getByRole("button", { name: "Sign In", exact: true }).first().click();
    await waitForQuickInputTitle(page, "Sign In to Cloudflare");
    await pickQuickPickItem(page, "API Token");
    await waitForQuickInputTitle(page, "Sign In to Cloudflare: API Token");
    await typeIntoInputBox(page, DEMO_API_TOKEN);
    await readNotification(page, /^Signed in to Cloudflare/);
    await clearNotifications(page);
    await page.locator(".part.editor .codicon-getting-started-step-checked").first().waitFor({ state: "visible" });
    await screenshot("newcomer: the walkthrough's sign-in step ticked once Sign In ran");
    assert.deepEqual((await visibleNotifications(page)).filter((toast) => /error/i.test(toast.message)), []);
  });
});
