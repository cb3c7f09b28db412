// Opening VS Code's web workbench (served by code-server) and waiting until it can be driven.
// Selectors in test/e2e/ target VS Code 1.139's DOM; each file names the widget it drives.
import type { Page } from "playwright-core";

/** How long a UI step may take before a helper gives up: generous, the machine has 2 cores. */
export const UI_TIMEOUT_MS = 20_000;

/** Loads the workbench and waits for its activity bar and the extension host's status. */
export async function openWorkbench(page: Page, url: string): Promise<void> {
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  await page.goto(url);
  await page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: 60_000 });
  await page.locator(".part.activitybar").waitFor({ state: "visible", timeout: 60_000 });
}

/** Clicks the activity-bar entry of a view container (e.g. "Cloudflare mTLS") and waits for its side bar. */
export async function openViewContainer(page: Page, title: string): Promise<void> {
  const entry = page.locator(`.part.activitybar a.action-label[aria-label^="${cssString(title)}"]`);
  await entry.click();
  await page.locator(".part.sidebar .composite.title").filter({ hasText: title }).first().waitFor({ state: "visible" });
}

/** A CSS attribute value (inside double quotes) for arbitrary text. */
export function cssString(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

/** A regular expression matching exactly `text`, ignoring surrounding white space. */
export function exactText(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);
}
