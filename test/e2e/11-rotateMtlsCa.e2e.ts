// Rotating an account mTLS CA the way a user does: the new CA open in an editor → the row's Rotate
// Certificate… → the editor as the source → the plan (the zone whose mTLS hostnames move), before
// anything changes → the run pauses: a Worker is still bound to the old CA, and the log shows the
// wrangler binding to change → the Worker redeployed → Rotate Certificate… again goes on, asks,
// deletes the old CA, and the hostnames check the new one.
//
// Its old CA is added to the sandbox here (not in the demo seed), so the other scenarios and the
// README pictures see the demo as it is; the zone's own mTLS hostnames (on Cloudflare's managed
// CA) are left alone. No earlier scenario uses these names.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_API_TOKEN } from "../support/cloudflareSandbox";
import { makeCa } from "../support/makeCertificates";
import { e2eContext } from "./e2eContext";
import { explorerItem } from "./explorer";
import { ensureSignedIn, openCertificatesView, refreshFromViewTitle, sandboxAccount, VIEW } from "./cloudflareView";
import { answerModalDialog, clearNotifications, clickNotificationButton, notificationToast, readModalDialog, readNotification } from "./notifications";
import { pickQuickPickItem, runCommand, typeIntoInputBox, waitForQuickInputTitle } from "./quickInput";
import { chooseContextMenuItem, collapseAllTreeItems, expandTreeRow, treeItemAtPath, waitForTreeItemGone } from "./treeView";

const ACCOUNT = "Acme Production";
const ZONE = "acme.com";
const OLD = "e2e-billing-root-2026";
const NEW = "e2e-billing-root-2027";
const HOSTNAMES = ["billing.acme.com", "invoices.acme.com"];
const GROUP_PATH = [ACCOUNT, "mTLS Certificates"] as const;
const FILE = "billing-root-2027.pem";
const TITLE = "Rotate mTLS CA";

suite("rotation: an account mTLS CA, paused while a Worker still uses it", () => {
  suiteSetup(async () => {
    const { page } = e2eContext();
    await ensureSignedIn(page, DEMO_API_TOKEN);
  });

  test("the plan, the pause that shows the Worker's binding, the rerun, and the finished rotation", async () => {
    const { page, sandbox, workspace, screenshot } = e2eContext();
    const accountId = sandboxAccount(sandbox, ACCOUNT).id;
    const zone = sandbox.zones(accountId).find((candidate) => candidate.name === ZONE);
    assert.ok(zone, `the demo seed has the zone ${ZONE}`);
    assert.equal(sandbox.mtlsCertificates(accountId).some((certificate) => certificate.name === OLD || certificate.name === NEW), false, "no earlier scenario made these");
    const old = sandbox.addMtlsCertificate(accountId, { certificates: (await makeCa({ commonName: "Acme Billing Root 2026" })).pem, ca: true, name: OLD });
    sandbox.setHostnameAssociations(zone.id, HOSTNAMES, old.id);
    const inUse = sandbox.mtlsCertificates(accountId).find((certificate) => certificate.id === old.id)?.associations ?? [];
    sandbox.setAssociations(accountId, old.id, [...inUse, { service: "workers", status: "active" }]);
    writeFileSync(join(workspace.folder, FILE), (await makeCa({ commonName: "Acme Billing Root 2027" })).pem);
    await clearNotifications(page);

    // The new CA, open in an editor; the tree read again, so it shows the old CA.
    await (await explorerItem(page, FILE)).click();
    await page.locator(".editor-group-container .tab.active").filter({ hasText: FILE }).waitFor({ state: "visible" });
    await refreshFromViewTitle(page);
    await openCertificatesView(page);
    await collapseAllTreeItems(page);
    await expandTreeRow(await treeItemAtPath(page, VIEW, GROUP_PATH));
    const row = await treeItemAtPath(page, VIEW, [...GROUP_PATH, OLD]);

    // 1. Rotate Certificate… on the row; the open editor is offered as the new CA, then its name.
    await chooseContextMenuItem(page, row, "Rotate Certificate…");
    await waitForQuickInputTitle(page, `${TITLE}: New CA`);
    await pickQuickPickItem(page, `The Active Editor: ${FILE}`);
    await waitForQuickInputTitle(page, `${TITLE}: Name of the New CA`);
    await typeIntoInputBox(page, NEW);

    // 2. The plan, before anything changes: the zone whose hostnames move, and the steps.
    const plan = await readModalDialog(page);
    assert.equal(plan.message, `Rotate “${OLD}”? Nothing has changed yet.`);
    assert.match(plan.detail, new RegExp(`In account ${ACCOUNT}: “${OLD}” → “${NEW}”\\.`));
    const moving = /Zones whose mTLS hostnames move: (.+)\.$/m.exec(plan.detail)?.[1] ?? assert.fail(`no zones in the plan: ${plan.detail}`);
    assert.equal(moving.replace(/\(.*\)/, "()"), `${ZONE} ()`, "one zone, the demo's acme.com");
    assert.deepEqual(/\((.*)\)/.exec(moving)?.[1]?.split(", ").sort(), [...HOSTNAMES].sort());
    assert.match(plan.detail, /Check that no service uses the old CA any more — Workers bindings cannot be moved by the API/);
    assert.deepEqual(plan.buttons.slice().sort(), ["Cancel", "Rotate"]);
    await notificationToast(page, /^Reading what uses/).waitFor({ state: "hidden" });
    await screenshot("rotation (mTLS CA): the plan, shown before anything changes");
    await answerModalDialog(page, "Rotate");

    // 3. The new CA is uploaded and the hostnames move, then the run pauses: a Worker still uses the old CA.
    const paused = await readNotification(page, /still uses the old CA/);
    assert.equal(paused.message, `1 service still uses the old CA “${OLD}”: move it to the new CA, then run Rotate Certificate again.`);
    assert.deepEqual(paused.buttons, ["Copy Wrangler Binding", "Show Log"]);
    const replacement = sandbox.mtlsCertificates(accountId).find((certificate) => certificate.name === NEW);
    assert.ok(replacement, "the new CA was uploaded");
    assert.deepEqual([...sandbox.hostnameAssociations(zone.id, replacement.id)].sort(), [...HOSTNAMES].sort());
    assert.deepEqual(sandbox.hostnameAssociations(zone.id, old.id), []);
    assert.ok(sandbox.mtlsCertificates(accountId).some((certificate) => certificate.id === old.id), "the old CA is kept while a Worker uses it");
    await screenshot("rotation (mTLS CA): paused, a Worker still uses the old CA");

    // The log names what still uses the old CA and the wrangler binding to put in its place.
    await clickNotificationButton(page, /still uses the old CA/, "Show Log");
    const output = page.locator(".part.panel .view-lines");
    await output.filter({ hasText: `certificate_id = "${replacement.id}"` }).first().waitFor({ state: "visible" });
    await output.filter({ hasText: `Still using “${OLD}”` }).first().waitFor({ state: "visible" });
    await screenshot("rotation (mTLS CA): the log shows the Worker's wrangler binding to change");
    await runCommand(page, "View: Hide Panel");

    // 4. The Worker is redeployed with the new binding; Rotate Certificate… again goes on from there.
    sandbox.setAssociations(accountId, old.id, []);
    await clearNotifications(page);
    await chooseContextMenuItem(page, await treeItemAtPath(page, VIEW, [...GROUP_PATH, OLD]), "Rotate Certificate…");
    const resumed = await readModalDialog(page);
    assert.equal(resumed.message, `Go on rotating “${OLD}”? 2 steps are left.`);
    assert.match(resumed.detail, new RegExp(`✓ Upload the new CA “${NEW}” \\(done\\)`));
    assert.match(resumed.detail, new RegExp(`✓ Move 2 mTLS hostnames of zone ${ZONE.replace(/\./g, "\\.")} to the new CA \\(done\\)`));
    assert.match(resumed.detail, /\d\. Delete the old CA/);
    await screenshot("rotation (mTLS CA): run again, the plan shows the steps done");
    await answerModalDialog(page, "Go On");
    const deletion = await readModalDialog(page);
    assert.equal(deletion.message, `Delete the old CA “${OLD}”?`);
    await answerModalDialog(page, "Delete");

    // 5. Finished: the old CA is gone, the zone's hostnames check the new one, the view shows it.
    const finished = await readNotification(page, /^Rotated “/);
    assert.equal(finished.message, `Rotated “${OLD}” to “${NEW}”. The mTLS hostnames of ${ZONE} now check client certificates against it. The old CA is deleted.`);
    assert.equal(sandbox.mtlsCertificates(accountId).some((certificate) => certificate.id === old.id), false);
    await treeItemAtPath(page, VIEW, [...GROUP_PATH, NEW]);
    await waitForTreeItemGone(page, VIEW, OLD);
    await notificationToast(page, /^Rotating “/).waitFor({ state: "hidden" });
    await screenshot("rotation (mTLS CA): finished, the new CA has the hostnames and the old one is gone");
    await clearNotifications(page);
  });
});
