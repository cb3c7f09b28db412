// Launches Debian's chromium through playwright-core (Playwright's own browser builds cannot be
// downloaded here), with the flags that keep it from reaching out to Google's services.
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM_EXECUTABLE } from "./editorTools";

export interface LaunchOptions {
  readonly executablePath?: string;
  /** Headless unless HEADED=1 is set (for watching a run on a machine with a display). */
  readonly headless?: boolean;
}

export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox", // we run as root, where chromium's sandbox refuses to start
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A viewport big enough for the side bar, an editor and a notification at once. */
export const WORKBENCH_VIEWPORT = { width: 1440, height: 900 } as const;

export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: options.executablePath ?? CHROMIUM_EXECUTABLE,
    headless: options.headless ?? process.env.HEADED !== "1",
    args: [...CHROMIUM_ARGS],
    // Our runners own Ctrl-C (CleanupStack): Playwright's own handlers would exit the process
    // halfway through our cleanup, leaving the sandbox open and temporary folders behind.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

/** A fresh context and page for the workbench; clipboard access granted for copy commands. */
export async function newWorkbenchPage(browser: Browser, origin: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: WORKBENCH_VIEWPORT });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  const page = await context.newPage();
  return { context, page };
}
