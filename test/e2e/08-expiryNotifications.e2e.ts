// Expiry notifications as a user meets them: the setting set in settings.json (the e2e
// harness turns it off for every scenario), the window reloaded → Check Certificate Expiry Now → a toast per
// certificate (at most three, src/expiry/expiryNotifier.ts, then one summary), each with Show and
// Rotate… → Show selects the certificate's row in the tree. The demo seed's certificates have
// never been announced in this run (with the setting off nothing is recorded in the ledger), so
// the check announces them. The setting is put back off and the scenario signs out at the end,
// so no later scenario sees a toast or the status bar item.
//
// Why the reload: cloudflareMtls.expiryNotifications is an application-scoped setting; in one run
// the extension host of code-server did not announce anything after the change until it started
// again, so the scenario reloads the window after the change (the extension reads it at start).
import assert from "node:assert/strict";
import { DEMO_API_TOKEN } from "../support/cloudflareSandbox";
import { e2eContext } from "./e2eContext";
import { ensureSignedIn, ensureSignedOut, openCertificatesView, VIEW } from "./cloudflareView";
import { clearNotifications, clickNotificationButton, notificationToast, readNotification, visibleNotifications } from "./notifications";
import { runCommand } from "./quickInput";
import { setBooleanUserSetting } from "./settingsEditor";
import { collapseAllTreeItems } from "./treeView";
import { openWorkbench } from "./workbench";

const CHECK_NOW = "Cloudflare mTLS: Check Certificate Expiry Now";
const CLEAR_ALL = "Notifications: Clear All Notifications";
const NOTIFICATIONS_SETTING = "cloudflareMtls.expiryNotifications";
/** One certificate's toast: “Cloudflare mTLS: the mTLS certificate “X” in … is expiring. …”. */
const CERTIFICATE_TOAST = /^Cloudflare mTLS: the .+ “.+” in .+ (is expiring|has expired)\./;

/** Sets the setting in settings.json, then reloads the window (see above). */
async function setNotifications(on: boolean): Promise<void> {
  const { page, workbenchUrl, userSettingsFile } = e2eContext();
  await setBooleanUserSetting(page, userSettingsFile, NOTIFICATIONS_SETTING, on);
  await openWorkbench(page, workbenchUrl);
}

suite("expiry notifications: a toast per certificate, Show reveals its row", () => {
  suiteSetup(async () => {
    const { page } = e2eContext();
    await ensureSignedIn(page, DEMO_API_TOKEN);
  });

  suiteTeardown(async () => {
    const { page } = e2eContext();
    // Several toasts at once: clearNotifications closes them one by one as they were listed, and
    // the next one takes the closed one's place; the workbench's own command clears them all.
    await runCommand(page, CLEAR_ALL);
    await setNotifications(false);
    await ensureSignedOut(page);
  });

  test("expiry notifications: setting on → check → toasts with Show and Rotate… → Show selects the row", async () => {
    const { page, screenshot } = e2eContext();
    await clearNotifications(page);
    await setNotifications(true);
    await ensureSignedIn(page, DEMO_API_TOKEN);
    await openCertificatesView(page);
    await collapseAllTreeItems(page);

    await runCommand(page, CHECK_NOW);
    const first = await readNotification(page, CERTIFICATE_TOAST);
    assert.deepEqual(first.buttons, ["Show", "Rotate…"]);
    // The demo has more than three expiring or expired certificates: three toasts, and the rest in
    // one summary, which VS Code keeps in the notification centre while three toasts are up.
    await notificationToast(page, CERTIFICATE_TOAST).nth(2).waitFor({ state: "visible" });
    const shown = (await visibleNotifications(page)).filter((toast) => CERTIFICATE_TOAST.test(toast.message));
    assert.equal(shown.length, 3, shown.map((toast) => toast.message).join(" | "));
    for (const toast of shown) {
      assert.deepEqual(toast.buttons, ["Show", "Rotate…"], toast.message);
      assert.match(toast.message, /\(\d{4}-\d{2}-\d{2}\)\.$/, "the expiry date closes the message");
    }
    await screenshot("expiry notifications: a toast per certificate, with Show and Rotate…");

    // Show on the newest certificate toast: the view selects that certificate's row.
    const chosen = shown[0];
    assert.ok(chosen);
    const name = /“(.+?)”/.exec(chosen.message)?.[1] ?? assert.fail(`no certificate name in ${chosen.message}`);
    await clickNotificationButton(page, chosen.message, "Show");
    await notificationToast(page, chosen.message).waitFor({ state: "hidden" });
    const selected = page.locator(`.pane[aria-label="${VIEW}"] .monaco-list-row.selected, .part.sidebar .monaco-list-row.selected`).first();
    await selected.waitFor({ state: "visible" });
    assert.match(await selected.innerText(), new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    await screenshot("expiry notifications: Show selected the certificate's row in the tree");
  });
});
