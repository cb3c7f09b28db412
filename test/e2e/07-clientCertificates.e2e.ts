// Client certificates from a zone's Cloudflare-managed CA, the way a user goes through them:
// the group's key button → key type → subject → validity → the confirmation → two save dialogs
// (the private key, then the certificate) → the new row; then Revoke… → "pending revocation" →
// the row joins the revoked ones hidden behind the group's filter row.
import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey, X509Certificate } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { DEMO_API_TOKEN, type ClientCertificateRecord } from "../support/cloudflareSandbox";
import { e2eContext } from "./e2eContext";
import { ensureSignedIn, openCertificatesView, sandboxAccount, VIEW } from "./cloudflareView";
import { answerModalDialog, clearNotifications, notificationToast, readModalDialog, readNotification } from "./notifications";
import {
  listQuickPickLabels,
  pickQuickPickItem,
  quickInputValue,
  quickPickItemDescription,
  saveInFileDialog,
  typeIntoInputBox,
  waitForQuickInputTitle,
} from "./quickInput";
import {
  chooseContextMenuItem,
  clickInlineAction,
  collapseAllTreeItems,
  expandTreeRow,
  treeItemAtPath,
  treeItemDescription,
  waitForChildTreeLabels,
  waitForTreeItemGone,
} from "./treeView";
import { waitUntil } from "./workbench";

const ACCOUNT = "Acme Production";
const ZONE = "acme.com";
const GROUP_PATH = [ACCOUNT, "Zones", ZONE, "Client Certificates"] as const;
const TITLE = "Create Client Certificate";
/** A name no other scenario (nor the demo seed) uses, so the run can find exactly this one. */
const COMMON_NAME = "e2e-kiosk-07";

function zoneId(): string {
  const { sandbox } = e2eContext();
  const zone = sandbox.zones(sandboxAccount(sandbox, ACCOUNT).id).find((candidate) => candidate.name === ZONE);
  assert.ok(zone, `the demo seed has the zone ${ZONE}`);
  return zone.id;
}

/** What Cloudflare (the sandbox) holds under that common name; reading it settles a pending status. */
function sandboxCertificates(commonName: string): ClientCertificateRecord[] {
  return e2eContext().sandbox.clientCertificates(zoneId()).filter((certificate) => certificate.common_name === commonName);
}

/** The labels the group shows: its certificates that are not revoked, then the filter row. */
function expectedGroupLabels(): string[] {
  const all = e2eContext().sandbox.clientCertificates(zoneId());
  const shown = all.filter((certificate) => certificate.status !== "revoked").map((certificate) => certificate.common_name);
  const revoked = all.length - shown.length;
  return revoked === 0 ? shown : [...shown, `${revoked} revoked ${revoked === 1 ? "certificate" : "certificates"} hidden`];
}

suite("create, save and revoke a client certificate", () => {
  suiteSetup(async () => {
    const { page } = e2eContext();
    await ensureSignedIn(page, DEMO_API_TOKEN);
  });

  test("create → save the key and the certificate → revoke, with the view following Cloudflare", async () => {
    const { page, workspace, screenshot } = e2eContext();
    assert.deepEqual(sandboxCertificates(COMMON_NAME), [], `${COMMON_NAME} does not exist yet`);
    const keyFile = join(workspace.folder, `${COMMON_NAME}.key`);
    const certificateFile = join(workspace.folder, `${COMMON_NAME}.crt`);
    await clearNotifications(page);
    await openCertificatesView(page);
    await collapseAllTreeItems(page);

    // The zone's group, with the demo's certificates and the revoked one behind the filter row.
    const group = await expandTreeRow(await treeItemAtPath(page, VIEW, GROUP_PATH));
    await waitForChildTreeLabels(group, expectedGroupLabels());
    await screenshot("client certificates: the zone's group before creating one");

    // 1. The key: made on this machine, ECDSA P-256 suggested.
    await clickInlineAction(group, "Create Client Certificate…");
    await waitForQuickInputTitle(page, `${TITLE}: Key`);
    assert.deepEqual(await listQuickPickLabels(page), ["ECDSA P-256", "RSA 2048 bits"]);
    assert.equal(await quickPickItemDescription(page, "ECDSA P-256"), "Recommended");
    await screenshot("client certificates: create, choose the key type");
    await pickQuickPickItem(page, "ECDSA P-256");

    // 2. The subject: a common name, an organization, a lower-case country; the rest left out.
    await waitForQuickInputTitle(page, `${TITLE}: Common Name (1/6)`);
    await typeIntoInputBox(page, COMMON_NAME, { submit: false });
    await screenshot("client certificates: create, the common name");
    await page.keyboard.press("Enter");
    const subject: readonly [string, string][] = [
      ["Organization (O) (2/6)", "Acme Inc."],
      ["Organizational unit (OU) (3/6)", ""],
      ["Locality (L) (4/6)", ""],
      ["State or province (ST) (5/6)", ""],
      ["Country (C), two letters (6/6)", "us"],
    ];
    for (const [field, value] of subject) {
      await waitForQuickInputTitle(page, `${TITLE}: ${field}`);
      await typeIntoInputBox(page, value);
    }

    // 3. The validity: a year unless the user says otherwise.
    await waitForQuickInputTitle(page, `${TITLE}: Validity`);
    assert.equal(await quickInputValue(page), "365");
    await screenshot("client certificates: create, validity defaults to a year");
    await page.keyboard.press("Enter");

    // 4. The confirmation sums it up; nothing is sent before the files are chosen.
    const confirmation = await readModalDialog(page);
    assert.equal(confirmation.message, `Create a client certificate for “${COMMON_NAME}” in zone ${ZONE}?`);
    assert.match(confirmation.detail, new RegExp(`^Subject: CN=${COMMON_NAME}, O=Acme Inc\\., C=US$`, "m"));
    assert.match(confirmation.detail, /^Key: ECDSA P-256, made on this machine\. .*the private key never leaves this machine\.$/m);
    assert.match(confirmation.detail, /^Valid for 365 days, issued by the zone's Cloudflare-managed CA\.$/m);
    assert.deepEqual(confirmation.buttons.slice().sort(), ["Cancel", "Create"]);
    await screenshot("client certificates: create, confirm the summary");
    await answerModalDialog(page, "Create");

    // 5. Where the private key goes (the workspace folder is suggested), then the certificate.
    await saveInFileDialog(page, {
      title: `Save the Private Key of “${COMMON_NAME}”`,
      suggested: keyFile,
      path: keyFile,
      beforeSave: () => screenshot("client certificates: save the private key in the workspace folder"),
    });
    await saveInFileDialog(page, {
      title: `Save the Certificate of “${COMMON_NAME}”`,
      suggested: join(workspace.folder, `${COMMON_NAME}.pem`),
      path: certificateFile,
      beforeSave: () => screenshot("client certificates: save the certificate, renamed to .crt"),
    });
    assert.equal(await page.locator(".monaco-dialog-box").filter({ visible: true }).count(), 0, "new files: VS Code asks nothing about replacing one");

    const created = await readNotification(page, /^Created “/);
    assert.equal(
      created.message,
      `Created “${COMMON_NAME}”: the private key is in ${COMMON_NAME}.key (only you can read it), the certificate in ${COMMON_NAME}.crt.`,
    );
    assert.deepEqual(created.buttons, ["Save .p12 Bundle…", "Show Details"]);

    // The files: a private key only its owner can read, and the certificate Cloudflare issued for it.
    assert.ok(existsSync(keyFile), `the private key was saved to ${keyFile}`);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600, "only the user can read the private key");
    const privateKey = createPrivateKey(readFileSync(keyFile, "utf8"));
    assert.equal(privateKey.asymmetricKeyType, "ec");
    assert.equal(privateKey.asymmetricKeyDetails?.namedCurve, "prime256v1");
    assert.ok(existsSync(certificateFile), `the certificate was saved to ${certificateFile}`);
    const certificate = new X509Certificate(readFileSync(certificateFile, "utf8"));
    assert.ok(certificate.checkPrivateKey(privateKey), "the saved certificate is for the saved key");
    assert.match(certificate.subject, new RegExp(`^CN=${COMMON_NAME}$`, "m"));

    // Cloudflare has it, active, for a year, and it is the certificate in the file.
    const [record, ...others] = sandboxCertificates(COMMON_NAME);
    assert.ok(record, `the sandbox has a client certificate for ${COMMON_NAME}`);
    assert.equal(others.length, 0, "exactly one was created");
    assert.equal(record.status, "active");
    assert.equal(record.validity_days, 365);
    assert.equal(record.organization, "Acme Inc.");
    assert.equal(record.country, "US");
    assert.equal(record.fingerprint_sha256.replace(/:/g, "").toLowerCase(), certificate.fingerprint256.replace(/:/g, "").toLowerCase());
    assert.ok(
      createPublicKey(record.certificate).export({ type: "spki", format: "der" }).equals(createPublicKey(privateKey).export({ type: "spki", format: "der" })),
      "Cloudflare signed the public key made here",
    );

    // The new row is in the view, active, with its expiry.
    const row = await treeItemAtPath(page, VIEW, [...GROUP_PATH, COMMON_NAME]);
    assert.match(await treeItemDescription(row), /^expires in 36[45] days$/);
    await screenshot("client certificates: created, the files are saved and the row is in the view");
    await clearNotifications(page);

    // 6. Revoke: the confirmation names the certificate and the zone.
    await chooseContextMenuItem(page, row, "Revoke Client Certificate…");
    const revoke = await readModalDialog(page);
    assert.equal(revoke.message, `Revoke the client certificate “${COMMON_NAME}” of zone ${ZONE}?`);
    assert.match(revoke.detail, /Clients presenting it will be refused/);
    assert.deepEqual(revoke.buttons.slice().sort(), ["Cancel", "Revoke"]);
    await screenshot("client certificates: revoke, the confirmation names certificate and zone");
    await answerModalDialog(page, "Revoke");

    const pending = await readNotification(page, /pending revocation/);
    assert.equal(pending.message, `“${COMMON_NAME}” is pending revocation.`);
    assert.ok(["pending_revocation", "revoked"].includes(sandboxCertificates(COMMON_NAME)[0]?.status ?? "missing"), "Cloudflare was asked to revoke it");
    const pendingRow = await treeItemAtPath(page, VIEW, [...GROUP_PATH, COMMON_NAME]);
    await page.waitForFunction((element) => element?.querySelector(".label-description")?.textContent?.trim() === "pending revocation", await pendingRow.elementHandle());
    // VS Code keeps a finished progress toast up a moment longer: the picture shows the answer alone.
    await notificationToast(page, /^Revoking “/).waitFor({ state: "hidden" });
    await screenshot("client certificates: revoke, the row shows pending revocation");

    // Cloudflare settles it (2 s in the sandbox); the view reads the list again and the row joins
    // the revoked ones behind the filter row.
    await waitForTreeItemGone(page, VIEW, COMMON_NAME);
    await waitUntil(() => sandboxCertificates(COMMON_NAME)[0]?.status === "revoked", `${COMMON_NAME} is revoked in the sandbox`);
    const settled = await treeItemAtPath(page, VIEW, GROUP_PATH);
    const labels = await waitForChildTreeLabels(settled, expectedGroupLabels());
    assert.equal(labels.at(-1), "2 revoked certificates hidden");
    await screenshot("client certificates: revoked, hidden with the other revoked one");
    await clearNotifications(page);
  });
});
