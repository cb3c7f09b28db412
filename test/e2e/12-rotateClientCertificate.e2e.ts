// Rotating a client certificate the way a user does: the row's Rotate Certificate… → the key
// type and the validity → where the new key and certificate go (the workspace folder is
// suggested) → the plan, before anything is sent → the new certificate issued for the same
// subject and saved beside its fresh key → the question before the old one is revoked → revoked.
//
// Its certificate is issued in the sandbox here (not in the demo seed), so the other scenarios
// and the README pictures see the demo as it is. No earlier scenario uses this common name.
import assert from "node:assert/strict";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { DEMO_API_TOKEN } from "../support/cloudflareSandbox";
import { makeCsr } from "../support/makeCsrs";
import { e2eContext } from "./e2eContext";
import { ensureSignedIn, openCertificatesView, refreshFromViewTitle, sandboxAccount, VIEW } from "./cloudflareView";
import { answerModalDialog, clearNotifications, notificationToast, readModalDialog, readNotification } from "./notifications";
import { pickQuickPickItem, quickInputValue, saveInFileDialog, waitForQuickInputTitle } from "./quickInput";
import { chooseContextMenuItem, collapseAllTreeItems, expandTreeRow, treeItemAtPath } from "./treeView";

const ACCOUNT = "Acme Production";
const ZONE = "acme.com";
const GROUP_PATH = [ACCOUNT, "Zones", ZONE, "Client Certificates"] as const;
const TITLE = "Rotate Client Certificate";
const COMMON_NAME = "e2e-pos-terminal-12";

suite("rotation: a client certificate, the new one saved before the old one is revoked", () => {
  suiteSetup(async () => {
    const { page } = e2eContext();
    await ensureSignedIn(page, DEMO_API_TOKEN);
  });

  test("the plan, the new certificate saved, the question before revoking, and the finished rotation", async () => {
    const { page, sandbox, workspace, screenshot } = e2eContext();
    const zone = sandbox.zones(sandboxAccount(sandbox, ACCOUNT).id).find((candidate) => candidate.name === ZONE);
    assert.ok(zone, `the demo seed has the zone ${ZONE}`);
    const withName = () => sandbox.clientCertificates(zone.id).filter((certificate) => certificate.common_name === COMMON_NAME);
    assert.deepEqual(withName(), [], `${COMMON_NAME} does not exist yet`);
    const csr = await makeCsr({ subject: `CN=${COMMON_NAME}, O=Acme Inc., C=US`, keyLabel: "e2e-rotation" });
    const old = sandbox.addClientCertificate(zone.id, { csr: csr.pem, validityDays: 90 });
    const keyFile = join(workspace.folder, `${COMMON_NAME}-new.key`);
    const certificateFile = join(workspace.folder, `${COMMON_NAME}-new.pem`);
    await clearNotifications(page);
    await refreshFromViewTitle(page);
    await openCertificatesView(page);
    await collapseAllTreeItems(page);
    await expandTreeRow(await treeItemAtPath(page, VIEW, GROUP_PATH));
    const row = await treeItemAtPath(page, VIEW, [...GROUP_PATH, COMMON_NAME]);

    // 1. Rotate Certificate… on the row: the key type (ECDSA recommended), the validity (the old one's).
    await chooseContextMenuItem(page, row, "Rotate Certificate…");
    await waitForQuickInputTitle(page, `${TITLE}: Key`);
    await pickQuickPickItem(page, "ECDSA P-256");
    await waitForQuickInputTitle(page, `${TITLE}: Validity`);
    assert.equal(await quickInputValue(page), "90");
    await page.keyboard.press("Enter");

    // 2. Where the new key and certificate go: asked before anything is sent.
    await saveInFileDialog(page, { title: `Save the New Private Key of “${COMMON_NAME}”`, suggested: keyFile, path: keyFile });
    await saveInFileDialog(page, {
      title: `Save the New Certificate of “${COMMON_NAME}”`,
      suggested: certificateFile,
      path: certificateFile,
      beforeSave: () => screenshot("rotation (client certificate): where the new certificate is saved"),
    });

    // 3. The plan, before anything changes.
    const plan = await readModalDialog(page);
    assert.equal(plan.message, `Rotate “${COMMON_NAME}”? Nothing has changed yet.`);
    assert.match(plan.detail, new RegExp(`In zone ${ZONE.replace(/\./g, "\\.")}: “${COMMON_NAME}” \\(${old.id}\\) → a new certificate for the same subject\\.`));
    assert.match(plan.detail, new RegExp(`Ask the zone's managed CA for a certificate with the same subject \\(CN=${COMMON_NAME}, 90 days\\)`));
    assert.match(plan.detail, /Revoke the old certificate .* once the clients have the new one/);
    assert.deepEqual(plan.buttons.slice().sort(), ["Cancel", "Rotate"]);
    await notificationToast(page, /^Reading what uses/).waitFor({ state: "hidden" });
    await screenshot("rotation (client certificate): the plan, shown before anything changes");
    await answerModalDialog(page, "Rotate");

    // 4. The new certificate is issued and saved beside its key; then the question before revoking.
    const question = await readModalDialog(page);
    assert.equal(question.message, `Do the clients have the new certificate? Revoke the old one, “${COMMON_NAME}”?`);
    assert.match(question.detail, new RegExp(`The new certificate is in ${COMMON_NAME}-new\\.pem, its key in ${COMMON_NAME}-new\\.key\\.`));
    assert.deepEqual(question.buttons.slice().sort(), ["Cancel", "Revoke the Old Certificate"]);
    assert.ok(existsSync(certificateFile) && existsSync(keyFile), "both files are saved before the question");
    const saved = new X509Certificate(readFileSync(certificateFile));
    assert.match(saved.subject, new RegExp(`CN=${COMMON_NAME}`));
    assert.ok(saved.checkPrivateKey(createPrivateKey(readFileSync(keyFile, "utf8"))), "the saved certificate is the saved key's");
    assert.equal(statSync(keyFile).mode & 0o777, 0o600, "only the user can read the key");
    assert.equal(withName().length, 2, "the new certificate is issued, the old one still there");
    assert.equal(withName().find((certificate) => certificate.id === old.id)?.status, "active", "nothing is revoked before the user says so");
    await screenshot("rotation (client certificate): the new certificate saved, asked before revoking the old one");
    await answerModalDialog(page, "Revoke the Old Certificate");

    // 5. Finished: the old certificate is revoked (or on its way), the new one is active.
    const finished = await readNotification(page, /^Rotated “/);
    assert.equal(
      finished.message,
      `Rotated “${COMMON_NAME}”: the new certificate is in ${COMMON_NAME}-new.pem, its key in ${COMMON_NAME}-new.key (only you can read it), and the old one is revoked.`,
    );
    assert.ok(["revoked", "pending_revocation"].includes(withName().find((certificate) => certificate.id === old.id)?.status ?? ""));
    await notificationToast(page, /^Rotating “/).waitFor({ state: "hidden" });
    await screenshot("rotation (client certificate): finished, the old certificate revoked");
    await clearNotifications(page);
  });
});
