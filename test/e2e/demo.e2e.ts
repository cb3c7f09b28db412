// `npm start` as its user gets it: an editor of its own, started by demoEditor.ts exactly as the
// demo starts it in code-server (same code-server flags, same user settings, the VSIX installed,
// a sandbox seeded "demo"), not the e2e suite's workbench with its extra settings. Signing in
// there pops up the confirmation as a toast (under --enable-smoke-test-driver, which the demo
// once used, no toast is ever drawn), and no empty secondary side bar takes room.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { DEMO_API_TOKEN, startSandbox, type CloudflareSandbox } from "../support/cloudflareSandbox";
import { newWorkbenchPage } from "../harness/browser";
import type { RunningCodeServer } from "../harness/codeServer";
import { startDemoCodeServer } from "../harness/demoEditor";
import { TEST_RESULTS_DIR } from "../harness/repoPaths";
import { writeSampleWorkspace } from "../harness/sampleWorkspace";
import { e2eContext } from "./e2eContext";
import { openCertificatesView, SIGN_IN_COMMAND } from "./cloudflareView";
import { notificationToast, readNotification } from "./notifications";
import { pickQuickPickItem, runCommand, typeIntoInputBox, waitForQuickInputTitle } from "./quickInput";
import { openWorkbench } from "./workbench";

suite("npm start: the demo's own editor", () => {
  let temp: string;
  let sandbox: CloudflareSandbox;
  let server: RunningCodeServer;
  let context: BrowserContext;
  let page: Page;

  suiteSetup(async function () {
    this.timeout(180_000); // packaging is done; installing the VSIX and starting code-server remain
    const { browser, tools, vsix } = e2eContext();
    temp = mkdtempSync(join(tmpdir(), "cfmtls-e2e-demo-"));
    sandbox = await startSandbox({ seed: "demo" });
    const workspace = await writeSampleWorkspace(join(temp, "workspace"));
    server = await startDemoCodeServer({
      tools,
      vsix,
      workspaceFolder: workspace.folder,
      profileDir: join(temp, "profile"),
      sandboxUrl: sandbox.baseUrl,
      logFile: join(TEST_RESULTS_DIR, "e2e", "demo-code-server.log"),
    });
    ({ context, page } = await newWorkbenchPage(browser, server.origin));
    await openWorkbench(page, server.workbenchUrl());
  });

  suiteTeardown(async () => {
    await context?.close();
    await server?.stop();
    await sandbox?.close();
    if (temp) {
      rmSync(temp, { recursive: true, force: true });
    }
  });

  test("signing in pops up 'Signed in to Cloudflare' as a toast; no empty secondary side bar", async () => {
    const { screenshot } = e2eContext();
    await openCertificatesView(page);
    await runCommand(page, SIGN_IN_COMMAND);
    await waitForQuickInputTitle(page, "Sign In to Cloudflare");
    await pickQuickPickItem(page, "API Token");
    await waitForQuickInputTitle(page, "Sign In to Cloudflare: API Token");
    await typeIntoInputBox(page, DEMO_API_TOKEN);

    // readNotification waits for a visible toast, not for an entry in the notification centre.
    const signedIn = await readNotification(page, /^Signed in to Cloudflare/);
    assert.equal(signedIn.message, "Signed in to Cloudflare: 2 accounts.");
    assert.equal(await notificationToast(page, /^Signed in to Cloudflare/).count(), 1);
    assert.equal(await page.locator(".notifications-center").isVisible(), false, "the toast shows without opening the notification centre");
    assert.equal(await page.locator(".part.auxiliarybar").isVisible(), false, "the secondary side bar is hidden");
    await screenshot("demo: signing in shows a toast", page);
  });
});
