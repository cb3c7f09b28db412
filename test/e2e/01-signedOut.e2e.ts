// Before anyone signs in: the Cloudflare mTLS view shows its welcome content with a Sign In
// button, and that button starts the sign-in. (Runs first, when nobody has signed in yet; run
// alone after other suites, it signs out first.)
import assert from "node:assert/strict";
import { e2eContext } from "./e2eContext";
import { closeQuickInput, describeQuickInput, listQuickPickLabels, waitForQuickInputTitle } from "./quickInput";
import { ensureSignedOut, openCertificatesView, VIEW, welcomeSignInButton } from "./cloudflareView";
import { viewWelcomeText } from "./treeView";

suite("signed out: the welcome view", () => {
  suiteSetup(async () => {
    await ensureSignedOut(e2eContext().page);
  });

  test("the view offers Sign In and shows no tree", async () => {
    const { page, screenshot } = e2eContext();
    const pane = await openCertificatesView(page);
    const text = await viewWelcomeText(page, VIEW);
    assert.match(text, /Manage the mTLS certificates of your Cloudflare accounts/);
    assert.match(text, /Sign in with an API token \(recommended\)/);
    const buttons = (await pane.locator(".welcome-view-content .monaco-button").allInnerTexts()).map((label) => label.trim());
    assert.deepEqual(buttons, ["Sign In", "Inspect a Local Certificate", "Read how to create an API token"]);
    await welcomeSignInButton(pane).waitFor({ state: "visible" });
    assert.equal(await pane.locator(".monaco-list-row").count(), 0, "a signed-out view shows no tree rows");
    await screenshot("signed out: welcome view with Sign In");
  });

  test("its Sign In button asks how to sign in", async () => {
    const { page, screenshot } = e2eContext();
    const pane = await openCertificatesView(page);
    await welcomeSignInButton(pane).click();
    await waitForQuickInputTitle(page, "Sign In to Cloudflare");
    const prompt = await describeQuickInput(page);
    assert.equal(prompt.placeholder, "How do you want to sign in?");
    assert.deepEqual(await listQuickPickLabels(page), ["API Token", "Email and Global API Key"]);
    await screenshot("signed out: Sign In asks for the method");

    // Escape leaves everything as it was.
    await closeQuickInput(page);
    await welcomeSignInButton(pane).waitFor({ state: "visible" });
  });
});
