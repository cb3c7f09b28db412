// The packaged extension in the real workbench: the workbench loads, and the command palette
// offers our commands under the "Cloudflare mTLS:" category.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../harness/repoPaths";
import { e2eContext } from "./e2eContext";
import { closeQuickInput, listCommands, openCommandPalette, quickInputWidget } from "./quickInput";

interface ContributedCommand {
  readonly command: string;
  readonly title: string;
  readonly category?: string;
}

/** The palette title of a command as package.json declares it: "Category: Title". */
function paletteTitle(id: string): string {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { contributes: { commands: ContributedCommand[] } };
  const command = manifest.contributes.commands.find((entry) => entry.command === id);
  assert.ok(command, `package.json does not contribute ${id}`);
  return command.category ? `${command.category}: ${command.title}` : command.title;
}

suite("smoke: the packaged extension in the workbench", () => {
  test("the workbench loads with the Cloudflare mTLS view container", async () => {
    const { page, screenshot } = e2eContext();
    await page.locator('.part.activitybar a.action-label[aria-label^="Cloudflare mTLS"]').waitFor({ state: "visible" });
    await screenshot("workbench loaded");
  });

  test("the command palette lists commands titled 'Cloudflare mTLS: …'", async () => {
    const { page, screenshot } = e2eContext();
    const titles = await listCommands(page, "Cloudflare mTLS:");
    const ours = titles.filter((title) => title.startsWith("Cloudflare mTLS: "));
    assert.ok(ours.length > 0, `no "Cloudflare mTLS: " command in the palette; it listed: ${titles.join(" | ")}`);
    // Signing in is possible in every state, so its command is always offered.
    const signIn = paletteTitle("cloudflareMtls.signIn");
    assert.ok(ours.includes(signIn), `"${signIn}" missing from: ${ours.join(" | ")}`);

    await openCommandPalette(page);
    await page.keyboard.type("Cloudflare mTLS:");
    await quickInputWidget(page).locator(".monaco-list-row").first().waitFor({ state: "visible" });
    await screenshot("command palette");
    await closeQuickInput(page);
  });
});
