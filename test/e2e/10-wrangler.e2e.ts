// A wrangler.toml the way a Workers developer meets it: the hover on a binding's certificate_id
// names the certificate, the Problems panel lists an id no shown account holds, and Insert mTLS
// Certificate Binding… (from the Command Palette) adds a binding from the account's leaf
// certificates to the file.
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_API_TOKEN } from "../support/cloudflareSandbox";
import { e2eContext } from "./e2eContext";
import { ensureSignedIn, sandboxAccount } from "./cloudflareView";
import { explorerItem } from "./explorer";
import { answerModalDialog } from "./notifications";
import { pickQuickPickItem, quickInputValue, runCommand, waitForQuickInputTitle } from "./quickInput";
import { UI_TIMEOUT_MS, waitUntil } from "./workbench";

const ACCOUNT = "Acme Production";
const LEAF = "payments-client";
const UNKNOWN_ID = "0123456789abcdef0123456789abcdef";
const FILE = "wrangler.toml";

function leafId(): string {
  const { sandbox } = e2eContext();
  const record = sandbox.mtlsCertificates(sandboxAccount(sandbox, ACCOUNT).id).find((certificate) => certificate.name === LEAF);
  assert.ok(record, `the demo seed has the leaf ${LEAF}`);
  return record.id;
}

suite("wrangler: mTLS certificate bindings in wrangler.toml", () => {
  suiteSetup(async () => {
    const { page, workspace } = e2eContext();
    await ensureSignedIn(page, DEMO_API_TOKEN);
    writeFileSync(
      join(workspace.folder, FILE),
      ['name = "payments-worker"', 'main = "src/index.ts"', "", "[[mtls_certificates]]", 'binding = "PAYMENTS"', `certificate_id = "${leafId()}"`, "", "[env.staging]", 'route = "staging.acme.com/*"', "", "[[env.staging.mtls_certificates]]", 'binding = "OLD"', `certificate_id = "${UNKNOWN_ID}"`, ""].join("\n"),
    );
  });

  suiteTeardown(async () => {
    const { page, workspace } = e2eContext();
    await runCommand(page, "View: Close All Editors");
    await answerModalDialog(page, "Don't Save").catch(() => undefined);
    rmSync(join(workspace.folder, FILE), { force: true });
  });

  test("the hover on certificate_id, the Problems panel, and Insert mTLS Certificate Binding…", async () => {
    const { page, workspace, screenshot } = e2eContext();
    const id = leafId();
    const row = await explorerItem(page, FILE);
    await row.dblclick();
    const editor = page.locator(".part.editor .monaco-editor").first();
    await editor.locator(".view-line").filter({ hasText: id }).waitFor({ state: "visible" });

    // Hover: the certificate's name, kind, expiry and account.
    await editor.locator(".view-line span").filter({ hasText: id }).last().hover();
    const hover = page.locator(".monaco-hover").filter({ hasText: LEAF });
    await hover.waitFor({ state: "visible", timeout: UI_TIMEOUT_MS });
    // The hover writes spaces as &nbsp; (MarkdownString.appendText): read them as spaces.
    const hoverText = (await hover.innerText()).replace(/\u00a0/g, " ");
    assert.match(hoverText, /Leaf certificate/);
    assert.match(hoverText, new RegExp(ACCOUNT));
    assert.match(hoverText, /expires in \d+ days/);
    await screenshot("wrangler: the hover on certificate_id");
    await page.keyboard.press("Escape");

    // Problems: the id that no shown account holds.
    await page.keyboard.press("Control+Shift+M");
    const problem = page.locator(".markers-panel .monaco-list-row").filter({ hasText: `No account mTLS certificate has the ID ${UNKNOWN_ID}` });
    await problem.waitFor({ state: "visible", timeout: UI_TIMEOUT_MS });
    await screenshot("wrangler: the Problems panel");

    // Insert: the cursor in [env.staging], then the command, the leaf and the proposed name.
    await editor.locator(".view-line").filter({ hasText: "staging.acme.com" }).click();
    await runCommand(page, "Cloudflare mTLS: Insert mTLS Certificate Binding…");
    await waitForQuickInputTitle(page, "Insert mTLS certificate binding");
    await pickQuickPickItem(page, LEAF);
    await waitForQuickInputTitle(page, `Binding name for “${LEAF}”`);
    assert.equal(await quickInputValue(page), "PAYMENTS_CLIENT");
    await page.keyboard.press("Enter");
    await editor.locator(".view-line").filter({ hasText: "[[env.staging.mtls_certificates]]" }).nth(1).waitFor({ state: "visible", timeout: UI_TIMEOUT_MS });
    await editor.locator(".view-line").filter({ hasText: 'binding = "PAYMENTS_CLIENT"' }).waitFor({ state: "visible" });
    await screenshot("wrangler: a binding inserted from the picker");

    // Saving is the user's choice: the file on disk changes only now (the save lands asynchronously).
    await runCommand(page, "File: Save");
    const path = join(workspace.folder, FILE);
    await waitUntil(() => readFileSync(path, "utf8").includes("PAYMENTS_CLIENT"), "the saved wrangler.toml");
    const saved = readFileSync(path, "utf8");
    assert.match(saved, new RegExp(`\\[\\[env\\.staging\\.mtls_certificates\\]\\]\\nbinding = "PAYMENTS_CLIENT"\\ncertificate_id = "${id}"`));
  });
});
