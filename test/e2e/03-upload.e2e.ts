// Uploading a certificate from the Explorer: right-click a .pem → Upload Certificate… → where,
// which account, what name → the confirmation → the certificate is in Cloudflare (the sandbox) and
// in our view.
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_API_TOKEN } from "../support/cloudflareSandbox";
import { e2eContext } from "./e2eContext";
import { ensureSignedIn, openCertificatesView, sandboxAccount, VIEW } from "./cloudflareView";
import { explorerItem } from "./explorer";
import { answerModalDialog, clearNotifications, readModalDialog, readNotification } from "./notifications";
import {
  listQuickPickLabels,
  pickQuickPickItem,
  quickInputValue,
  quickPickItemDescription,
  typeIntoInputBox,
  waitForQuickInputTitle,
} from "./quickInput";
import {
  chooseContextMenuItem,
  collapseAllTreeItems,
  treeItemAtPath,
  treeItemDescription,
  waitForChildTreeLabels,
  waitForTreeItemGone,
} from "./treeView";

const ACCOUNT = "Acme Staging";
const NAME = "e2e-example-root-ca";

suite("upload a certificate from the Explorer", () => {
  suiteSetup(async () => {
    const { page } = e2eContext();
    await ensureSignedIn(page, DEMO_API_TOKEN);
  });

  test("right-click a .pem → Upload Certificate… → it is in Cloudflare and in the view", async () => {
    const { page, sandbox, workspace, screenshot } = e2eContext();
    await clearNotifications(page);
    const account = sandboxAccount(sandbox, ACCOUNT);
    const fileName = workspace.files.rootCa;
    const pem = readFileSync(join(workspace.folder, fileName), "utf8");
    const local = new X509Certificate(pem);
    const commonName = /^CN=(.*)$/m.exec(local.subject)?.[1];
    assert.ok(commonName, `the sample root CA has a common name: ${local.subject}`);
    assert.ok(!sandbox.mtlsCertificates(account.id).some((certificate) => certificate.name === NAME), `${NAME} is not uploaded yet`);

    await chooseContextMenuItem(page, await explorerItem(page, fileName), "Upload Certificate…");

    // Where: a CA certificate is suggested as an mTLS or Access CA.
    await waitForQuickInputTitle(page, "Upload Certificate: Destination");
    assert.deepEqual(await listQuickPickLabels(page), [
      "Account mTLS: CA certificate",
      "Access: root CA for the account",
      "Account mTLS: leaf certificate",
      "Access: root CA for a zone",
    ]);
    assert.equal(await quickPickItemDescription(page, "Account mTLS: CA certificate"), "Suggested for this certificate");
    await screenshot("upload: where should the certificate go");
    await pickQuickPickItem(page, "Account mTLS: CA certificate");

    await waitForQuickInputTitle(page, "Upload Certificate: Account");
    assert.deepEqual(await listQuickPickLabels(page), ["Acme Production", "Acme Staging"]);
    await pickQuickPickItem(page, ACCOUNT);

    // The name suggested is the certificate's common name; the user types another.
    await waitForQuickInputTitle(page, "Upload Certificate: Name");
    assert.equal(await quickInputValue(page), commonName);
    await typeIntoInputBox(page, NAME, { submit: false });
    await screenshot("upload: name the certificate");
    await page.keyboard.press("Enter");

    const confirmation = await readModalDialog(page);
    assert.equal(confirmation.message, `Upload “${NAME}” as a CA certificate of account ${ACCOUNT}?`);
    const subjectLine = confirmation.detail.split("\n").find((line) => line.startsWith("Subject: "));
    assert.ok(subjectLine?.includes(`CN=${commonName}`), `the summary names the subject: ${confirmation.detail}`);
    assert.match(confirmation.detail, /^Certificates in the file: 1$/m);
    assert.deepEqual(confirmation.buttons, ["Cancel", "Upload"]);
    await screenshot("upload: confirm the summary");
    await answerModalDialog(page, "Upload");

    const uploaded = await readNotification(page, /^Uploaded/);
    assert.equal(uploaded.message, `Uploaded “${NAME}” as a CA certificate.`);
    assert.deepEqual(uploaded.buttons, ["Show Details"]);

    // Cloudflare (the sandbox) has it: a CA, with exactly the file's certificate.
    const record = sandbox.mtlsCertificates(account.id).find((certificate) => certificate.name === NAME);
    assert.ok(record, `the sandbox has no certificate named ${NAME}`);
    assert.equal(record.ca, true);
    assert.equal(record.hasPrivateKey, false);
    assert.equal(new X509Certificate(record.certificates).fingerprint256, local.fingerprint256);
    await screenshot("upload: uploaded, with Show Details offered");

    // And the view shows it under the account's mTLS certificates.
    await openCertificatesView(page);
    await collapseAllTreeItems(page);
    const row = await treeItemAtPath(page, VIEW, [ACCOUNT, "mTLS Certificates", NAME]);
    assert.match(await treeItemDescription(row), /^CA · expires in \d+ days$/);
    assert.ok(((await row.getAttribute("aria-label")) ?? "").startsWith(`CA certificate ${NAME},`));
    await screenshot("upload: the new certificate in the view");
    await clearNotifications(page);
  });

  test("removing it again from its context menu takes it out of Cloudflare and the view", async () => {
    const { page, sandbox, screenshot } = e2eContext();
    const account = sandboxAccount(sandbox, ACCOUNT);
    assert.ok(
      sandbox.mtlsCertificates(account.id).some((certificate) => certificate.name === NAME),
      `${NAME} was uploaded by the previous test`,
    );
    await openCertificatesView(page);

    const row = await treeItemAtPath(page, VIEW, [ACCOUNT, "mTLS Certificates", NAME]);
    await chooseContextMenuItem(page, row, "Delete Certificate…");
    const confirmation = await readModalDialog(page);
    assert.equal(confirmation.message, `Delete the mTLS CA certificate “${NAME}” from account ${ACCOUNT}?`);
    await answerModalDialog(page, "Delete");

    // The tree drops the row (right after an upload revealed it, which once left it stale).
    await waitForTreeItemGone(page, VIEW, NAME);
    assert.ok(!sandbox.mtlsCertificates(account.id).some((certificate) => certificate.name === NAME), "Cloudflare no longer has it");
    await waitForChildTreeLabels(
      await treeItemAtPath(page, VIEW, [ACCOUNT, "mTLS Certificates"]),
      sandbox.mtlsCertificates(account.id).map((certificate) => certificate.name),
    );
    await screenshot("upload: deleted again, gone from the view");
  });
});
