// The expiry watch as a user meets it, over the demo seed (certificates expiring in 5, 7 and 9
// days, others expired): a check from the palette → the status bar item "N expired, M expiring"
// in the error colour → the item's QuickPick, soonest first → the chosen row selected in the
// tree → the view title's "only expiring" filter. The harness keeps the background check and
// notifications off (notifications are covered by the integration suite "Expiry watch"); this
// scenario signs out at the end so no later screenshot shows the item.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { DEMO_API_TOKEN } from "../support/cloudflareSandbox";
import { e2eContext } from "./e2eContext";
import { ensureSignedIn, ensureSignedOut, openCertificatesView, sandboxAccount, VIEW } from "./cloudflareView";
import { clearNotifications } from "./notifications";
import { listQuickPickLabels, pickQuickPickItem, runCommand, waitForQuickInputTitle } from "./quickInput";
import { clickViewTitleAction, collapseAllTreeItems, expandTreeRow, treeItemAtPath, waitForChildTreeLabelsTo } from "./treeView";

const CHECK_NOW = "Cloudflare mTLS: Check Certificate Expiry Now";
const ACCOUNT = "Acme Production";

function expiryStatusItem(page: Page) {
  return page.locator(".part.statusbar .statusbar-item").filter({ hasText: /\d+ (expired|expiring)/ });
}

suite("expiry watch: status bar, QuickPick and filtered tree", () => {
  suiteSetup(async () => {
    const { page } = e2eContext();
    await ensureSignedIn(page, DEMO_API_TOKEN);
  });

  suiteTeardown(async () => {
    const { page } = e2eContext();
    await clearNotifications(page);
    await ensureSignedOut(page);
  });

  test("expiry: check → status bar item → QuickPick reveals the row → only expiring in the tree", async () => {
    const { page, screenshot } = e2eContext();
    await clearNotifications(page);
    await openCertificatesView(page);
    await collapseAllTreeItems(page);

    await runCommand(page, CHECK_NOW);
    const item = expiryStatusItem(page);
    await item.first().waitFor({ state: "visible" });
    const text = (await item.first().innerText()).trim();
    assert.match(text, /^\d+ expired, \d+ expiring$/);
    await screenshot("expiry: the status bar item, N expired and M expiring, in the error colour");

    await clearNotifications(page);
    await item.first().click();
    await waitForQuickInputTitle(page, "Expiring and Expired Certificates");
    const labels = await listQuickPickLabels(page);
    assert.equal(labels[0], "Check Again Now");
    assert.ok(labels.length >= 4, labels.join(" | "));
    await screenshot("expiry: the QuickPick, soonest first");
    const chosen = labels.find((label) => /Partner Client CA/.test(label)) ?? labels[1] ?? "";
    await pickQuickPickItem(page, chosen);
    const selected = page.locator(`.pane[aria-label="${VIEW}"] .monaco-list-row.selected, .part.sidebar .monaco-list-row.selected`).first();
    await selected.waitFor({ state: "visible" });
    assert.match(await selected.innerText(), new RegExp(chosen.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    await screenshot("expiry: the chosen certificate selected in the tree");

    await collapseAllTreeItems(page);
    await clickViewTitleAction(page, "Show Only Expiring and Expired Certificates");
    const group = await expandTreeRow(await treeItemAtPath(page, VIEW, [ACCOUNT, "mTLS Certificates"]));
    // The names the filter must leave: the account's certificates expired or expiring within the
    // default 30 warning days (children load after the row expands, so wait for them).
    const all = e2eContext().sandbox.mtlsCertificates(sandboxAccount(e2eContext().sandbox, ACCOUNT).id);
    const expected = all.filter((certificate) => Date.parse(certificate.expires_on) < Date.now() + 30 * 86_400_000).map((certificate) => certificate.name).sort();
    assert.ok(expected.length > 0 && expected.length < all.length, "the demo seed has expiring and far certificates");
    const sameNames = (labels: readonly string[]) => labels.length === expected.length && [...labels].sort().every((label, index) => label === expected[index]);
    await waitForChildTreeLabelsTo(group, `the names [${expected.join(", ")}] in any order`, sameNames);
    await screenshot("expiry: the tree filtered to expiring and expired certificates");
    await clickViewTitleAction(page, "Clear Certificate Filter");
  });
});
