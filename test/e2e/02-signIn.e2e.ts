// Signing in through the command palette with an API token, then browsing what the demo accounts
// hold: both kinds of certificates, an mTLS certificate's associations, an Access certificate's
// hostnames, and a zone's Access certificates. Signing in starts signed out and browsing starts
// signed in, whatever ran before (so each test also runs alone with run.ts --grep).
import assert from "node:assert/strict";
import { DEMO_API_TOKEN } from "../support/cloudflareSandbox";
import { e2eContext } from "./e2eContext";
import { ensureSignedIn, ensureSignedOut, openCertificatesView, sandboxAccount, SIGN_IN_COMMAND, VIEW } from "./cloudflareView";
import { clearNotifications, readNotification } from "./notifications";
import { describeQuickInput, listQuickPickLabels, pickQuickPickItem, runCommand, typeIntoInputBox, waitForQuickInputTitle } from "./quickInput";
import { collapseAllTreeItems, expandTreeRow, treeItemAtPath, treeItemDescription, treeItemIcon, waitForChildTreeLabels } from "./treeView";

const PRODUCTION = "Acme Production";
const STAGING = "Acme Staging";
const GROUPS = ["mTLS Certificates", "Access Certificates", "Zones"];

suite("sign in with an API token", () => {
  suiteSetup(async () => {
    await ensureSignedOut(e2eContext().page);
  });

  test("palette → Sign In… → API token in a password box → both accounts in the view", async () => {
    const { page, screenshot } = e2eContext();
    await clearNotifications(page);
    await runCommand(page, SIGN_IN_COMMAND);
    await waitForQuickInputTitle(page, "Sign In to Cloudflare");
    assert.deepEqual(await listQuickPickLabels(page), ["API Token", "Email and Global API Key"]);
    await screenshot("sign in: choose API token");

    await pickQuickPickItem(page, "API Token");
    await waitForQuickInputTitle(page, "Sign In to Cloudflare: API Token");
    await typeIntoInputBox(page, DEMO_API_TOKEN, { submit: false });
    const box = await describeQuickInput(page);
    assert.ok(box.isPassword, "the token goes into a password box");
    assert.match(box.message, /verified with Cloudflare, then kept in VS Code's secret storage/);
    await screenshot("sign in: token typed into the password box");
    await page.keyboard.press("Enter");

    const signedIn = await readNotification(page, /^Signed in to Cloudflare/);
    assert.equal(signedIn.message, "Signed in to Cloudflare: 2 accounts.");
    assert.deepEqual(signedIn.buttons, ["Choose Accounts to Show"]);

    const pane = await openCertificatesView(page);
    for (const account of [PRODUCTION, STAGING]) {
      const row = await treeItemAtPath(page, VIEW, [account]);
      await expandTreeRow(row);
      await waitForChildTreeLabels(row, GROUPS);
    }
    assert.equal(await pane.locator(".welcome-view-content").isVisible(), false, "the welcome view is gone once signed in");
    await screenshot("sign in: both demo accounts in the view");
    await clearNotifications(page);
  });
});

suite("browse the demo accounts", () => {
  suiteSetup(async () => {
    await ensureSignedIn(e2eContext().page, DEMO_API_TOKEN);
  });

  test("an account's mTLS certificates, and the services that use one", async () => {
    const { page, sandbox, screenshot, readmePicture } = e2eContext();
    await openCertificatesView(page);
    await collapseAllTreeItems(page);
    const production = sandboxAccount(sandbox, PRODUCTION);

    const group = await expandTreeRow(await treeItemAtPath(page, VIEW, [PRODUCTION, "mTLS Certificates"]));
    const names = sandbox.mtlsCertificates(production.id).map((certificate) => certificate.name);
    assert.ok(names.includes("acme-root-ca-2024") && names.includes("payments-client"), `seeded certificates: ${names.join(", ")}`);
    await waitForChildTreeLabels(group, names);

    // Both CA and leaf certificates, with their expiry in words and an icon that matches it.
    const expiring = await treeItemAtPath(page, VIEW, [PRODUCTION, "mTLS Certificates", "partner-client-ca"]);
    assert.match(await treeItemDescription(expiring), /^CA · expires in \d+ days?$/);
    assert.equal(await treeItemIcon(expiring), "warning");
    const expired = await treeItemAtPath(page, VIEW, [PRODUCTION, "mTLS Certificates", "legacy-root-2019"]);
    assert.match(await treeItemDescription(expired), /^CA · expired \d+ days? ago$/);
    assert.equal(await treeItemIcon(expired), "error");
    const leaf = await treeItemAtPath(page, VIEW, [PRODUCTION, "mTLS Certificates", "payments-client"]);
    assert.match(await treeItemDescription(leaf), /^Leaf · expires in \d+ days?$/);
    const managed = await treeItemAtPath(page, VIEW, [PRODUCTION, "mTLS Certificates", "Gateway CA - Cloudflare Managed G1"]);
    assert.match(await treeItemDescription(managed), /^CA · gateway managed · expires in/);

    const root = await expandTreeRow(await treeItemAtPath(page, VIEW, [PRODUCTION, "mTLS Certificates", "acme-root-ca-2024"]));
    await waitForChildTreeLabels(root, ["api_shield", "workers"]);
    const apiShield = await treeItemAtPath(page, VIEW, [PRODUCTION, "mTLS Certificates", "acme-root-ca-2024", "api_shield"]);
    assert.equal(await treeItemDescription(apiShield), "active");
    const workers = await treeItemAtPath(page, VIEW, [PRODUCTION, "mTLS Certificates", "acme-root-ca-2024", "workers"]);
    assert.equal(await treeItemDescription(workers), "pending deployment");
    await screenshot("browse: mTLS certificates and the associations of acme-root-ca-2024");
    await readmePicture("tree", "mTLS certificates with their expiry, and the services using one");
  });

  test("an account's Access certificates and their hostnames", async () => {
    const { page, sandbox, screenshot } = e2eContext();
    await openCertificatesView(page);
    const production = sandboxAccount(sandbox, PRODUCTION);

    const group = await expandTreeRow(await treeItemAtPath(page, VIEW, [PRODUCTION, "Access Certificates"]));
    const seeded = sandbox.accessCertificates({ kind: "accounts", id: production.id });
    await waitForChildTreeLabels(
      group,
      seeded.map((certificate) => certificate.name),
    );
    const employees = seeded.find((certificate) => certificate.name === "Employees");
    assert.ok(employees, "the demo seed has the Access certificate Employees");

    const row = await expandTreeRow(await treeItemAtPath(page, VIEW, [PRODUCTION, "Access Certificates", "Employees"]));
    assert.match(await treeItemDescription(row), /^2 hostnames · expires in \d+ days$/);
    await waitForChildTreeLabels(row, employees.associated_hostnames);
    const contractors = await treeItemAtPath(page, VIEW, [PRODUCTION, "Access Certificates", "Contractors"]);
    assert.match(await treeItemDescription(contractors), /^0 hostnames · expires in \d+ days?$/);
    await screenshot("browse: Access certificates and the hostnames of Employees");
  });

  test("Zones → a zone → its Access certificates and their hostnames", async () => {
    const { page, sandbox, screenshot } = e2eContext();
    await openCertificatesView(page);
    await collapseAllTreeItems(page);
    const production = sandboxAccount(sandbox, PRODUCTION);

    const zones = await expandTreeRow(await treeItemAtPath(page, VIEW, [PRODUCTION, "Zones"]));
    await waitForChildTreeLabels(
      zones,
      sandbox.zones(production.id).map((zone) => zone.name),
    );
    const pending = await treeItemAtPath(page, VIEW, [PRODUCTION, "Zones", "acme-cdn.net"]);
    assert.equal(await treeItemDescription(pending), "pending");

    const zone = sandbox.zones(production.id).find((candidate) => candidate.name === "acme.com");
    assert.ok(zone, "the demo seed has the zone acme.com");
    await expandTreeRow(await treeItemAtPath(page, VIEW, [PRODUCTION, "Zones", "acme.com"]));
    const access = await expandTreeRow(await treeItemAtPath(page, VIEW, [PRODUCTION, "Zones", "acme.com", "Access Certificates"]));
    await waitForChildTreeLabels(
      access,
      sandbox.accessCertificates({ kind: "zones", id: zone.id }).map((certificate) => certificate.name),
    );
    const vpn = await expandTreeRow(await treeItemAtPath(page, VIEW, [PRODUCTION, "Zones", "acme.com", "Access Certificates", "VPN devices"]));
    assert.match(await treeItemDescription(vpn), /^1 hostname · expires in \d+ days$/);
    await waitForChildTreeLabels(vpn, ["vpn.acme.com"]);
    await screenshot("browse: zone acme.com and its Access certificate VPN devices");
  });

  test("the second account shows both kinds of certificates too", async () => {
    const { page, sandbox, screenshot } = e2eContext();
    await openCertificatesView(page);
    await collapseAllTreeItems(page);
    const staging = sandboxAccount(sandbox, STAGING);

    const mtls = await expandTreeRow(await treeItemAtPath(page, VIEW, [STAGING, "mTLS Certificates"]));
    await waitForChildTreeLabels(
      mtls,
      sandbox.mtlsCertificates(staging.id).map((certificate) => certificate.name),
    );
    const access = await expandTreeRow(await treeItemAtPath(page, VIEW, [STAGING, "Access Certificates"]));
    await waitForChildTreeLabels(
      access,
      sandbox.accessCertificates({ kind: "accounts", id: staging.id }).map((certificate) => certificate.name),
    );
    await screenshot("browse: Acme Staging with both kinds of certificates");
  });
});
