// Rotating an Access CA the way a user does: the new CA open in an editor → the row's Rotate
// Certificate… → the editor as the source → the plan, before anything changes → a failure at the
// last step (the old CA's deletion) → Rotate Certificate… again: the plan shows what is done →
// the old CA deleted, its hostnames on the new one.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_API_TOKEN } from "../support/cloudflareSandbox";
import { makeCa } from "../support/makeCertificates";
import { e2eContext } from "./e2eContext";
import { explorerItem } from "./explorer";
import { ensureSignedIn, openCertificatesView, sandboxAccount, VIEW } from "./cloudflareView";
import { answerModalDialog, clearNotifications, notificationToast, readModalDialog, readNotification } from "./notifications";
import { pickQuickPickItem, quickInputValue, waitForQuickInputTitle } from "./quickInput";
import { chooseContextMenuItem, collapseAllTreeItems, expandTreeRow, treeItemAtPath, waitForTreeItemGone } from "./treeView";

const ACCOUNT = "Acme Staging";
const OLD = "Staging devices";
const NEW = "Staging devices 2027";
const GROUP_PATH = [ACCOUNT, "Access Certificates"] as const;
const FILE = "staging-devices-2027.pem";

suite("rotation: an Access CA, resumed after a failure", () => {
  suiteSetup(async () => {
    const { page } = e2eContext();
    await ensureSignedIn(page, DEMO_API_TOKEN);
  });

  test("the plan, a failed step, the rerun that shows what is done, and the finished rotation", async () => {
    const { page, sandbox, workspace, screenshot } = e2eContext();
    const scope = { kind: "accounts" as const, id: sandboxAccount(sandbox, ACCOUNT).id };
    const old = sandbox.accessCertificates(scope).find((certificate) => certificate.name === OLD);
    assert.ok(old, `the demo seed has the Access CA “${OLD}”`);
    const hostnames = [...old.associated_hostnames];
    writeFileSync(join(workspace.folder, FILE), (await makeCa({ commonName: NEW })).pem);
    await clearNotifications(page);

    // The new CA, open in an editor.
    await (await explorerItem(page, FILE)).click();
    await page.locator(".editor-group-container .tab.active").filter({ hasText: FILE }).waitFor({ state: "visible" });
    await openCertificatesView(page);
    await collapseAllTreeItems(page);
    await expandTreeRow(await treeItemAtPath(page, VIEW, GROUP_PATH));
    const row = await treeItemAtPath(page, VIEW, [...GROUP_PATH, OLD]);

    // 1. Rotate Certificate… on the row; the open editor is offered as the new CA.
    await chooseContextMenuItem(page, row, "Rotate Certificate…");
    await waitForQuickInputTitle(page, "Rotate Access CA: New CA");
    await pickQuickPickItem(page, `The Active Editor: ${FILE}`);
    await waitForQuickInputTitle(page, "Rotate Access CA: Name of the New CA");
    assert.equal(await quickInputValue(page), NEW);
    await page.keyboard.press("Enter");

    // 2. The plan, before anything changes.
    const plan = await readModalDialog(page);
    assert.equal(plan.message, `Rotate “${OLD}”? Nothing has changed yet.`);
    assert.match(plan.detail, new RegExp(`Hostnames to move: ${hostnames.join(", ").replace(/\./g, "\\.")}\\.`));
    assert.match(plan.detail, new RegExp(`1\\. Add the new CA “${NEW}” to the same account`));
    assert.match(plan.detail, /Delete the old CA .* once it has no hostnames — asks first/);
    assert.deepEqual(plan.buttons.slice().sort(), ["Cancel", "Rotate"]);
    // VS Code keeps a finished progress toast up a moment longer: the picture shows the plan alone.
    await notificationToast(page, /^Reading what uses/).waitFor({ state: "hidden" });
    await screenshot("rotation: the plan, shown before anything changes");

    // 3. The last step fails: Cloudflare's 503 to the old CA's deletion.
    sandbox.injectFault({ kind: "status", status: 503 }, { method: "DELETE", path: new RegExp(old.id) });
    await answerModalDialog(page, "Rotate");
    const deletion = await readModalDialog(page);
    assert.equal(deletion.message, `Delete the old CA “${OLD}”?`);
    await answerModalDialog(page, "Delete");
    const failed = await readNotification(page, /was lost, and it did not happen/);
    assert.match(failed.message, new RegExp(`deletion of “${OLD}”`));
    assert.ok(sandbox.accessCertificates(scope).some((certificate) => certificate.id === old.id), "the old CA is still there");
    await clearNotifications(page);

    // 4. Rotate Certificate… again: the plan shows what is done and what is left.
    await chooseContextMenuItem(page, await treeItemAtPath(page, VIEW, [...GROUP_PATH, OLD]), "Rotate Certificate…");
    const resumed = await readModalDialog(page);
    assert.equal(resumed.message, `Go on rotating “${OLD}”? 1 step is left.`);
    assert.match(resumed.detail, new RegExp(`✓ Add the new CA “${NEW}” to the same account \\(done\\)`));
    assert.match(resumed.detail, /\d\. Delete the old CA/);
    await screenshot("rotation: run again after a failure, the plan shows the steps done");
    await answerModalDialog(page, "Go On");
    await answerModalDialog(page, "Delete");

    // 5. Finished: the old CA is gone, its hostnames are on the new one, and the view shows it.
    const finished = await readNotification(page, /^Rotated “/);
    assert.match(finished.message, new RegExp(`^Rotated “${OLD}” to “${NEW}”\\.`));
    const listed = sandbox.accessCertificates(scope);
    assert.equal(listed.some((certificate) => certificate.id === old.id), false);
    assert.deepEqual(listed.find((certificate) => certificate.name === NEW)?.associated_hostnames, hostnames);
    await treeItemAtPath(page, VIEW, [...GROUP_PATH, NEW]);
    await waitForTreeItemGone(page, VIEW, OLD);
    await notificationToast(page, /^Rotating “/).waitFor({ state: "hidden" });
    await screenshot("rotation: finished, the new CA has the hostnames and the old one is gone");
  });
});
