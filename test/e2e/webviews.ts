// Webview panels: VS Code hosts each in an outer `iframe.webview` (its own origin), which loads
// the extension's HTML into an inner `#active-frame`. Tests read and click inside the inner one.
import type { Frame, Page } from "playwright-core";
import { UI_TIMEOUT_MS } from "./workbench";

/**
 * The inner frame of a webview whose document contains `containing` (or of the only visible
 * webview when no text is given). Polls until it appears, since webviews load asynchronously.
 */
export async function webviewFrame(page: Page, containing?: string | RegExp, timeoutMs = UI_TIMEOUT_MS): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame.name() !== "active-frame" && !frame.url().includes("fake.html")) {
        continue;
      }
      const text = await frame
        .locator("body")
        .innerText({ timeout: 1000 })
        .catch(() => undefined);
      if (text === undefined) {
        continue;
      }
      if (containing === undefined || (typeof containing === "string" ? text.includes(containing) : containing.test(text))) {
        return frame;
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`no webview ${containing === undefined ? "" : `containing ${String(containing)} `}appeared within ${timeoutMs} ms`);
    }
    await page.waitForTimeout(200);
  }
}

/** The visible text of a webview's document. */
export async function webviewText(page: Page, containing?: string | RegExp): Promise<string> {
  const frame = await webviewFrame(page, containing);
  return ((await frame.locator("body").innerText()) ?? "").trim();
}

/**
 * The term → value pairs of the definition lists (`<dt>`/`<dd>`) inside `scope` of a webview's
 * document, in document order; a term that repeats keeps its first value.
 */
export async function webviewDefinitions(frame: Frame, scope = "body"): Promise<Map<string, string>> {
  const root = frame.locator(scope).first();
  await root.waitFor({ state: "attached" });
  const pairs = await root.evaluate((element) =>
    Array.from(element.querySelectorAll("dt")).map((term) => {
      const value = term.nextElementSibling?.tagName === "DD" ? term.nextElementSibling : null;
      return [(term.textContent ?? "").trim(), ((value as HTMLElement | null)?.innerText ?? "").trim()] as const;
    }),
  );
  const definitions = new Map<string, string>();
  for (const [term, value] of pairs) {
    if (!definitions.has(term)) {
      definitions.set(term, value);
    }
  }
  return definitions;
}
