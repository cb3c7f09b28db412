// The two copy snippets the way a user meets them: a leaf account mTLS certificate's row → Copy as
// Wrangler Binding… → wrangler.toml, pasted into a new untitled editor; then an Access
// certificate's row → Copy Terraform Import… → import block, pasted the same way. The pasted
// text is what the clipboard holds, so the pictures show exactly what the user gets.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { DEMO_API_TOKEN } from "../support/cloudflareSandbox";
import { e2eContext } from "./e2eContext";
import { ensureSignedIn, openCertificatesView, sandboxAccount, VIEW } from "./cloudflareView";
import { answerModalDialog } from "./notifications";
import { listQuickPickLabels, pickQuickPickItem, runCommand, waitForQuickInputTitle } from "./quickInput";
import { chooseContextMenuItem, collapseAllTreeItems, treeItemAtPath } from "./treeView";
import { UI_TIMEOUT_MS } from "./workbench";

const ACCOUNT = "Acme Production";
const LEAF = "payments-client";
const ACCESS = "Employees";

/** A new untitled editor holding the clipboard (Ctrl+N, Ctrl+V); its text, spaces read as spaces. */
async function pasteIntoUntitledEditor(page: Page, expected: string): Promise<string> {
  await page.keyboard.press("Control+N");
  const editor = page.locator(".part.editor .editor-group-container.active .monaco-editor").first();
  await editor.waitFor({ state: "visible" });
  await page.locator(".editor-group-container .tab.active").filter({ hasText: /Untitled-\d+/ }).waitFor({ state: "visible" });
  await page.keyboard.press("Control+V");
  const lines = editor.locator(".view-lines");
  await lines.filter({ hasText: expected }).waitFor({ state: "visible", timeout: UI_TIMEOUT_MS });
  return (await lines.innerText()).replace(/\u00a0/g, " ");
}

suite("copy snippets: a wrangler binding and a Terraform import, pasted into an editor", () => {
  suiteSetup(async () => {
    const { page } = e2eContext();
    await ensureSignedIn(page, DEMO_API_TOKEN);
  });

  suiteTeardown(async () => {
    // The pasted editors were never saved: closing them without saving keeps nothing.
    const { page } = e2eContext();
    await runCommand(page, "View: Close All Editors");
    const dialog = page.locator(".monaco-dialog-box");
    await dialog.waitFor({ state: "visible", timeout: 5000 }).catch(() => undefined);
    if (await dialog.isVisible()) {
      await answerModalDialog(page, "Don't Save");
    }
  });

  test("Copy as Wrangler Binding… on a leaf, as wrangler.toml", async () => {
    const { page, sandbox, screenshot } = e2eContext();
    const leaf = sandbox.mtlsCertificates(sandboxAccount(sandbox, ACCOUNT).id).find((certificate) => certificate.name === LEAF);
    assert.ok(leaf, `the demo seed has the leaf ${LEAF}`);
    await openCertificatesView(page);
    await collapseAllTreeItems(page);
    const row = await treeItemAtPath(page, VIEW, [ACCOUNT, "mTLS Certificates", LEAF]);

    await chooseContextMenuItem(page, row, "Copy as Wrangler Binding…");
    await waitForQuickInputTitle(page, `Copy the wrangler binding of “${LEAF}”`);
    assert.deepEqual(await listQuickPickLabels(page), ["wrangler.toml", "wrangler.json / wrangler.jsonc"]);
    await screenshot("copy snippets: Copy as Wrangler Binding… asks which configuration file");
    await pickQuickPickItem(page, "wrangler.toml");

    const pasted = await pasteIntoUntitledEditor(page, "[[mtls_certificates]]");
    assert.match(pasted, /^\[\[mtls_certificates\]\]\nbinding = "PAYMENTS_CLIENT"\ncertificate_id = "[^"]+"\n?$/);
    assert.ok(pasted.includes(`certificate_id = "${leaf.id}"`), `the pasted binding names ${leaf.id}: ${pasted}`);
    await screenshot("copy snippets: the wrangler.toml binding, pasted");
  });

  test("Copy Terraform Import… on an Access certificate, as an import block", async () => {
    const { page, sandbox, screenshot } = e2eContext();
    const accountId = sandboxAccount(sandbox, ACCOUNT).id;
    const access = sandbox.accessCertificates({ kind: "accounts", id: accountId }).find((certificate) => certificate.name === ACCESS);
    assert.ok(access, `the demo seed has the Access certificate ${ACCESS}`);
    await openCertificatesView(page);
    await collapseAllTreeItems(page);
    const row = await treeItemAtPath(page, VIEW, [ACCOUNT, "Access Certificates", ACCESS]);

    await chooseContextMenuItem(page, row, "Copy Terraform Import…");
    await waitForQuickInputTitle(page, `Copy the Terraform import of “${ACCESS}” (cloudflare_zero_trust_access_mtls_certificate)`);
    assert.deepEqual(await listQuickPickLabels(page), ["import block", "terraform import command"]);
    await screenshot("copy snippets: Copy Terraform Import… offers a block or a command");
    await pickQuickPickItem(page, "import block");

    const pasted = await pasteIntoUntitledEditor(page, "cloudflare_zero_trust_access_mtls_certificate");
    assert.match(pasted, /^import \{\n {2}to = cloudflare_zero_trust_access_mtls_certificate\.employees\n {2}id = "accounts\/[0-9a-f]+\/[0-9a-f-]+"\n\}/);
    assert.ok(pasted.includes(`id = "accounts/${accountId}/${access.id}"`), `the pasted block names ${access.id}: ${pasted}`);
    await screenshot("copy snippets: the Terraform import block, pasted");
  });
});
