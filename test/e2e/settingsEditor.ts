// Changing a user setting as a user does in settings.json: Preferences: Open User Settings (JSON),
// the value double-clicked and typed over, saved. (Ticking the checkbox in the Settings UI was
// tried first: in code-server with VS Code 1.139 the tick showed but was not written to
// settings.json within 20 s, so the extension host kept reading the old value.)
import { readFile } from "node:fs/promises";
import { parse as parseJsonc } from "jsonc-parser";
import type { Page } from "playwright-core";
import { runCommand } from "./quickInput";

const OPEN_SETTINGS_JSON = "Preferences: Open User Settings (JSON)";

/** Waits until `file` (JSON with comments, as VS Code writes it) says `id` is `value`. */
async function waitForSavedSetting(file: string, id: string, value: boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  let text = "";
  while (Date.now() < deadline) {
    text = await readFile(file, "utf8").catch(() => "");
    if ((parseJsonc(text) as Record<string, unknown> | undefined)?.[id] === value) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${file} does not say "${id}": ${String(value)} 10 s after saving; it holds:\n${text}`);
}

/** Sets a boolean user setting that settings.json (`settingsFile` on disk) already holds, saves it, and closes the editor. */
export async function setBooleanUserSetting(page: Page, settingsFile: string, id: string, value: boolean): Promise<void> {
  await runCommand(page, OPEN_SETTINGS_JSON);
  const line = page.locator(".monaco-editor .view-line").filter({ hasText: `"${id}": ${String(!value)}` });
  const written = page.locator(".monaco-editor .view-line").filter({ hasText: `"${id}": ${String(value)}` });
  await line.or(written).first().waitFor({ state: "visible" });
  if (await line.first().isVisible()) {
    await line.first().locator("span").filter({ hasText: /^(true|false)$/ }).last().dblclick();
    await page.keyboard.type(String(value));
    await written.first().waitFor({ state: "visible" });
    await page.keyboard.press("ControlOrMeta+S");
    // Saved: the editor's tab (or the modal's title) no longer shows the unsaved mark, and the
    // file on disk, which the extension host reads, holds the value (a reload right after the
    // keystroke could otherwise start before the write).
    await page.locator(".tab.dirty, .modal-editor-part .dirty").first().waitFor({ state: "hidden" });
    await waitForSavedSetting(settingsFile, id, value);
  }
  if (await page.locator(".modal-editor-part").isVisible()) {
    // VS Code 1.139 opens it as a modal over the workbench (the palette cannot open over it).
    await page.locator(".modal-editor-part .modal-editor-header .codicon-close").first().click();
    await page.locator(".modal-editor-part").waitFor({ state: "hidden" });
  } else {
    await runCommand(page, "View: Close Editor");
  }
}
