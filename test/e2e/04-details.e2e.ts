// The certificate details webview, opened from the tree (the row's inline action, and its context
// menu): what it says about subject, expiry and SHA-256 fingerprint must match the certificate
// Cloudflare holds, as Node's own X.509 parser reads it.
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import type { Frame, Page } from "playwright-core";
import { DEMO_API_TOKEN } from "../support/cloudflareSandbox";
import { DARK_THEME, LIGHT_THEME, setColorTheme } from "./colorTheme";
import { e2eContext } from "./e2eContext";
import { ensureSignedIn, openCertificatesView, sandboxAccount, VIEW } from "./cloudflareView";
import { runCommand } from "./quickInput";
import { chooseContextMenuItem, clickInlineAction, collapseAllTreeItems, treeItemAtPath } from "./treeView";
import { webviewDefinitions, webviewFrame } from "./webviews";
import { exactText } from "./workbench";

const ACCOUNT = "Acme Production";

interface ExpectedDetails {
  readonly subject: string;
  readonly notAfter: string;
  readonly sha256: string;
}

/** What the details view should show for `name`, read from the sandbox's PEM with Node's parser. */
function expectedDetails(pem: string): ExpectedDetails {
  const certificate = new X509Certificate(pem);
  return {
    // Node lists the RDNs one per line from the root (C=…); the view shows them as RFC 4514 does (CN=… first).
    subject: certificate.subject.split("\n").reverse().join(","),
    notAfter: new Date(certificate.validTo).toISOString().replace(".000Z", "Z"),
    sha256: certificate.fingerprint256,
  };
}

function certificatePem(name: string): string {
  const { sandbox } = e2eContext();
  const record = sandbox.mtlsCertificates(sandboxAccount(sandbox, ACCOUNT).id).find((certificate) => certificate.name === name);
  assert.ok(record, `the sandbox has no certificate ${name} in ${ACCOUNT}`);
  return record.certificates;
}

async function activeEditorTab(page: Page, title: string): Promise<void> {
  await page.locator(".part.editor .tabs-container .tab.active").filter({ hasText: exactText(title) }).waitFor({ state: "visible" });
}

/** Reads the first certificate's section of a details view: its names, fingerprints and validity. */
async function readCertificateSection(frame: Frame): Promise<{ definitions: Map<string, string>; validity: string }> {
  const definitions = await webviewDefinitions(frame, "#certificate-1");
  const validity = ((await frame.locator("#certificate-1 .validity").innerText()) ?? "").trim();
  return { definitions, validity };
}

suite("certificate details in a webview", () => {
  suiteSetup(async () => {
    const { page } = e2eContext();
    await ensureSignedIn(page, DEMO_API_TOKEN);
  });

  suiteTeardown(async () => {
    const { page } = e2eContext();
    await runCommand(page, "View: Close All Editors");
  });

  test("the row's inline action opens the details of a CA: subject, expiry and SHA-256", async () => {
    const { page, screenshot, readmePicture } = e2eContext();
    const name = "acme-root-ca-2024";
    const expected = expectedDetails(certificatePem(name));
    await openCertificatesView(page);
    await collapseAllTreeItems(page);

    const row = await treeItemAtPath(page, VIEW, [ACCOUNT, "mTLS Certificates", name]);
    await clickInlineAction(row, "Show Certificate Details");
    await activeEditorTab(page, name);
    const frame = await webviewFrame(page, new RegExp(`^${name}\\n[\\s\\S]*SHA-256`));

    assert.equal(((await frame.locator("h1").first().innerText()) ?? "").trim(), name);
    const overview = await webviewDefinitions(frame, ".overview");
    assert.equal(overview.get("Kind"), "CA certificate");
    assert.equal(overview.get("Used by"), "api_shield (active)\nworkers (pending deployment)");

    const { definitions, validity } = await readCertificateSection(frame);
    assert.equal(definitions.get("Subject"), expected.subject);
    assert.equal(definitions.get("Self-signed"), "yes");
    assert.equal(definitions.get("SHA-256"), expected.sha256);
    assert.match(validity, /^expires in \d+ days$/m);
    assert.match(validity, new RegExp(`^Not after ${expected.notAfter}$`, "m"));
    await screenshot("details: acme-root-ca-2024 from the inline action");

    // README shows the same view in a light and a dark theme.
    try {
      await setColorTheme(page, LIGHT_THEME, "light");
      await readmePicture("details-light", "the details of a CA in a light theme");
      await setColorTheme(page, DARK_THEME, "dark");
      assert.equal(await frame.locator("body.vscode-dark").count(), 1, "the details view follows the dark theme");
      await readmePicture("details-dark", "the details of a CA in a dark theme");
    } finally {
      await setColorTheme(page, LIGHT_THEME, "light");
    }

    await frame.locator("h3").filter({ hasText: /^Fingerprints$/i }).scrollIntoViewIfNeeded();
    await screenshot("details: acme-root-ca-2024 fingerprints");
  });

  test("the context menu opens the details of a leaf, with its SAN", async () => {
    const { page, screenshot } = e2eContext();
    const name = "payments-client";
    const expected = expectedDetails(certificatePem(name));
    await openCertificatesView(page);

    const row = await treeItemAtPath(page, VIEW, [ACCOUNT, "mTLS Certificates", name]);
    await chooseContextMenuItem(page, row, "Show Certificate Details");
    await activeEditorTab(page, name);
    const frame = await webviewFrame(page, new RegExp(`^${name}\\n[\\s\\S]*SHA-256`));

    const { definitions, validity } = await readCertificateSection(frame);
    assert.equal(definitions.get("Subject"), expected.subject);
    assert.match(definitions.get("Subject alternative names") ?? "", /payments-client\.acme\.com/);
    assert.equal(definitions.get("SHA-256"), expected.sha256);
    assert.match(validity, new RegExp(`^Not after ${expected.notAfter}$`, "m"));
    await screenshot("details: payments-client from the context menu");
  });
});
