// The workbench's colour theme, chosen as a user does: palette → Preferences: Color Theme → a
// theme by its label. VS Code 1.139's own themes are "Light 2026" (this workbench's default) and
// "Dark 2026"; the choice lands in the user settings, and webviews follow it at once.
import type { Page } from "playwright-core";
import { pickQuickPickItem, runCommand } from "./quickInput";

export const LIGHT_THEME = "Light 2026";
export const DARK_THEME = "Dark 2026";

/** Picks the colour theme `label` and waits until the workbench wears it. */
export async function setColorTheme(page: Page, label: string, kind: "light" | "dark"): Promise<void> {
  await runCommand(page, "Preferences: Color Theme");
  await pickQuickPickItem(page, label);
  await page.locator(`.monaco-workbench.${kind === "dark" ? "vs-dark" : "vs"}`).waitFor({ state: "attached" });
}
