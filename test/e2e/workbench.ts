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

/**
 * Clicks the activity-bar entry of a view container (e.g. "Cloudflare mTLS") and waits for its
 * side bar. The click goes to the whole entry (the item holding the icon), not the icon: while the
 * entry shows a badge ("1 unsaved file" on the Explorer), the badge's layer covers the icon and
 * would take the click. Its label then reads "Explorer (Ctrl+Shift+E) - 1 unsaved file".
 */
export async function openViewContainer(page: Page, title: string): Promise<void> {
  const icon = page.locator(`a.action-label[aria-label^="${cssString(title)}"]`);
  const entry = page.locator(".part.activitybar .action-item").filter({ has: icon });
  await entry.click();
  await page.locator(".part.sidebar .composite.title").filter({ hasText: title }).first().waitFor({ state: "visible" });
}

/** Whether the side bar currently shows the view container titled `title` (e.g. "Explorer"). */
export async function isViewContainerOpen(page: Page, title: string): Promise<boolean> {
  const sideBar = page.locator(".part.sidebar");
  if (!(await sideBar.isVisible())) {
    return false;
  }
  const heading = ((await sideBar.locator(".composite.title .title-label").first().textContent()) ?? "").trim();
  return heading.toLowerCase().startsWith(title.toLowerCase());
}

/**
 * Shows a view container in the side bar unless it is already there. (Clicking its activity bar
 * entry while it is shown would hide the side bar instead.)
 */
export async function showViewContainer(page: Page, title: string): Promise<void> {
  if (!(await isViewContainerOpen(page, title))) {
    await openViewContainer(page, title);
  }
}

/**
 * Drags the sash between the side bar and the editor until the side bar is at least `width`
 * pixels wide, so tree rows and their descriptions are readable in the screenshots.
 */
export async function widenSideBar(page: Page, width: number): Promise<void> {
  const sideBar = await page.locator(".part.sidebar").boundingBox();
  if (!sideBar || sideBar.width >= width) {
    return;
  }
  const sash = await page.locator(".monaco-sash.vertical.primary-sidebar-sash").boundingBox();
  if (!sash) {
    throw new Error("widenSideBar: the side bar's sash is not on the page");
  }
  const y = sash.y + sash.height / 2;
  await page.mouse.move(sash.x + sash.width / 2, y);
  await page.mouse.down();
  await page.mouse.move(sash.x + sash.width / 2 + (width - sideBar.width), y, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction((minimum) => (document.querySelector(".part.sidebar")?.getBoundingClientRect().width ?? 0) >= minimum - 1, width);
}

/** A CSS attribute value (inside double quotes) for arbitrary text. */
export function cssString(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

/** A regular expression matching exactly `text`, ignoring surrounding white space. */
export function exactText(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);
}

/**
 * Polls a condition on this side (e.g. the sandbox's recorded requests) until it holds; fails with
 * `what` after `timeoutMs`. For the page's own state, use Playwright's waiting locators instead.
 */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = UI_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
