// Deleting certificates: the modal confirmation names the certificate and what uses it; Cancel
// sends nothing; Delete removes an unused one from Cloudflare and the view; a certificate still in
// use is refused by Cloudflare, which the user is told, with a way to its associations.
import assert from "node:assert/strict";
import { DEMO_API_TOKEN } from "../support/cloudflareSandbox";
import { e2eContext } from "./e2eContext";
import { ensureSignedIn, openCertificatesView, sandboxAccount, VIEW } from "./cloudflareView";
import { answerModalDialog, clearNotifications, clickNotificationButton, readModalDialog, readNotification } from "./notifications";
import {
  chooseContextMenuItem,
  clickInlineAction,
  collapseAllTreeItems,
  treeItemAtPath,
  waitForChildTreeLabels,
  waitForTreeItemGone,
} from "./treeView";

const ACCOUNT = "Acme Production";

function deleteRequests(certificateId: string): number {
  const { sandbox } = e2eContext();
  return sandbox.requests.filter((request) => request.method === "DELETE" && request.path.endsWith(`/mtls_certificates/${certificateId}`)).length;
}

function mtlsCertificate(name: string): { id: string; associations: readonly { service: string; status: string }[] } | undefined {
  const { sandbox } = e2eContext();
  return sandbox.mtlsCertificates(sandboxAccount(sandbox, ACCOUNT).id).find((certificate) => certificate.name === name);
}

suite("delete certificates through the modal confirmation", () => {
  suiteSetup(async () => {
    const { page } = e2eContext();
    await ensureSignedIn(page, DEMO_API_TOKEN);
  });

  test("an unused certificate: Cancel keeps it, Delete removes it from Cloudflare and the view", async () => {
    const { page, screenshot } = e2eContext();
    const name = "legacy-root-2019";
    const certificate = mtlsCertificate(name);
    assert.ok(certificate, `the demo seed has ${name}`);
    assert.equal(certificate.associations.length, 0, `${name} is not in use`);
    await clearNotifications(page);
    await openCertificatesView(page);
    await collapseAllTreeItems(page);

    const row = await treeItemAtPath(page, VIEW, [ACCOUNT, "mTLS Certificates", name]);
    await chooseContextMenuItem(page, row, "Delete Certificate…");
    const confirmation = await readModalDialog(page);
    assert.equal(confirmation.message, `Delete the mTLS CA certificate “${name}” from account ${ACCOUNT}?`);
    assert.match(confirmation.detail, /^No Cloudflare service uses it\.$/m);
    assert.match(confirmation.detail, /This cannot be undone/);
    assert.deepEqual(confirmation.buttons, ["Cancel", "Delete"]);
    await screenshot("delete: confirmation names the unused certificate");

    await answerModalDialog(page, "Cancel");
    assert.equal(deleteRequests(certificate.id), 0, "Cancel sends no DELETE");
    assert.ok(mtlsCertificate(name), "Cancel keeps the certificate");

    await chooseContextMenuItem(page, await treeItemAtPath(page, VIEW, [ACCOUNT, "mTLS Certificates", name]), "Delete Certificate…");
    await readModalDialog(page);
    await answerModalDialog(page, "Delete");
    await waitForTreeItemGone(page, VIEW, name);
    assert.equal(deleteRequests(certificate.id), 1);
    assert.equal(mtlsCertificate(name), undefined, "Cloudflare no longer has the certificate");
    const group = await treeItemAtPath(page, VIEW, [ACCOUNT, "mTLS Certificates"]);
    const { sandbox } = e2eContext();
    await waitForChildTreeLabels(
      group,
      sandbox.mtlsCertificates(sandboxAccount(sandbox, ACCOUNT).id).map((remaining) => remaining.name),
    );
    await screenshot("delete: the certificate is gone from the view");
  });

  test("a certificate in use: the confirmation lists its services, Cloudflare refuses, Show Associations", async () => {
    const { page, screenshot } = e2eContext();
    const name = "acme-root-ca-2024";
    const certificate = mtlsCertificate(name);
    assert.ok(certificate, `the demo seed has ${name}`);
    assert.ok(certificate.associations.length > 0, `${name} is in use`);
    await clearNotifications(page);
    await openCertificatesView(page);
    await collapseAllTreeItems(page);

    const row = await treeItemAtPath(page, VIEW, [ACCOUNT, "mTLS Certificates", name]);
    await clickInlineAction(row, "Delete Certificate…");
    const confirmation = await readModalDialog(page);
    assert.equal(confirmation.message, `Delete the mTLS CA certificate “${name}” from account ${ACCOUNT}?`);
    assert.match(
      confirmation.detail,
      /^In use by api_shield \(active\), workers \(pending deployment\): Cloudflare will refuse to delete it until it is removed from those services\.$/m,
    );
    await screenshot("delete: confirmation lists the services using the certificate");
    await answerModalDialog(page, "Delete");

    const refusal = await readNotification(page, /refused to delete/);
    assert.equal(
      refusal.message,
      `Cloudflare refused to delete “${name}”: it is still in use by a Cloudflare service. Remove it from those services first.`,
    );
    assert.deepEqual(refusal.buttons, ["Show Associations"]);
    assert.equal(deleteRequests(certificate.id), 1, "the delete was asked for once");
    assert.ok(mtlsCertificate(name), "Cloudflare still has the certificate");
    await screenshot("delete: Cloudflare refused, the certificate is in use");

    await clickNotificationButton(page, /refused to delete/, "Show Associations");
    const shown = await treeItemAtPath(page, VIEW, [ACCOUNT, "mTLS Certificates", name]);
    await page.waitForFunction((element) => element?.getAttribute("aria-selected") === "true" && element.getAttribute("aria-expanded") === "true", await shown.elementHandle());
    await waitForChildTreeLabels(shown, ["api_shield", "workers"]);
    await screenshot("delete: Show Associations reveals what uses it");
    await clearNotifications(page);
  });
});
