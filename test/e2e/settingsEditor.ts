// Changing a user setting as a user does in settings.json: Preferences: Open User Settings (JSON),
// the value double-clicked and typed over, saved. (Ticking the checkbox in the Settings UI was
// tried first: in code-server with VS Code 1.139 the tick showed but was not written to
// settings.json within 20 s, so the extension host kept reading the old value.)
import type { Page } from "playwright-core";
import { runCommand } from "./quickInput";

const OPEN_SETTINGS_JSON = "Preferences: Open User Settings (JSON)";

/** Sets a boolean user setting that settings.json already holds, saves it, and closes the editor. */
export async function setBooleanUserSetting(page: Page, id: string, value: boolean): Promise<void> {
  await runCommand(page, OPEN_SETTINGS_JSON);
  const line = page.locator(".monaco-editor .view-line").filter({ hasText: `"${id}": ${String(!value)}` });
  const written = page.locator(".monaco-editor .view-line").filter({ hasText: `"${id}": ${String(value)}` });
  await line.or(written).first().waitFor({ state: "visible" });
  if (await line.first().isVisible()) {
    await line.first().locator("span").filter({ hasText: /^(true|false)$/ }).last().dblclick();
    await page.keyboard.type(String(value));
    await written.first().waitFor({ state: "visible" });
    await page.keyboard.press("ControlOrMeta+S");
    // Saved: the editor's tab (or the modal's title) no longer shows the unsaved mark.
    await page.locator(".tab.dirty, .modal-editor-part .dirty").first().waitFor({ state: "hidden" });
  }
  if (await page.locator(".modal-editor-part").isVisible()) {
    // VS Code 1.139 opens it as a modal over the workbench (the palette cannot open over it).
    await page.locator(".modal-editor-part .modal-editor-header .codicon-close").first().click();
    await page.locator(".modal-editor-part").waitFor({ state: "hidden" });
  } else {
    await runCommand(page, "View: Close Editor");
  }
}
