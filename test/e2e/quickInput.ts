// The quick input widget (`.quick-input-widget`): the command palette, quick picks and input
// boxes (password ones included) all share it.
import type { Locator, Page } from "playwright-core";
import { exactText, UI_TIMEOUT_MS } from "./workbench";

const WIDGET = ".quick-input-widget";

export function quickInputWidget(page: Page): Locator {
  return page.locator(WIDGET);
}

function quickInputBox(page: Page): Locator {
  return page.locator(`${WIDGET} .quick-input-box input`);
}

/** Opens the command palette (F1) and waits for its ">" prompt. */
export async function openCommandPalette(page: Page): Promise<void> {
  await page.locator(".monaco-workbench").focus();
  await page.keyboard.press("F1");
  await quickInputWidget(page).waitFor({ state: "visible" });
  await quickInputBox(page).waitFor({ state: "visible" });
}

/** Runs a command by its palette title as shown, e.g. "Cloudflare mTLS: Sign In…". */
export async function runCommand(page: Page, title: string): Promise<void> {
  await openCommandPalette(page);
  await quickInputBox(page).fill(`>${title}`);
  const row = quickPickRow(page, title);
  await row.waitFor({ state: "visible" });
  await row.click();
  await waitForQuickInputClosedOrChanged(page, title);
}

/** The labels of the palette's commands whose titles match `filter` (all of them, scrolling the list). */
export async function listCommands(page: Page, filter: string): Promise<string[]> {
  await openCommandPalette(page);
  await quickInputBox(page).fill(`>${filter}`);
  await page.locator(`${WIDGET} .monaco-list-row`).first().waitFor({ state: "visible" });
  const labels = await listQuickPickLabels(page);
  await closeQuickInput(page);
  return labels;
}

/**
 * Every item label of the open quick pick. The list is virtualised (only visible rows exist in
 * the DOM), so this scrolls through it and collects rows by index until it has aria-setsize.
 */
export async function listQuickPickLabels(page: Page): Promise<string[]> {
  const byIndex = new Map<number, string>();
  const list = page.locator(`${WIDGET} .quick-input-list`);
  for (let step = 0; step < 100; step += 1) {
    const rows = await page.locator(`${WIDGET} .monaco-list-row`).evaluateAll((elements) =>
      elements.map((element) => ({
        index: Number(element.getAttribute("data-index")),
        size: Number(element.getAttribute("aria-setsize")),
        label: (element.querySelector(".label-name")?.textContent ?? "").trim(),
      })),
    );
    for (const row of rows) {
      byIndex.set(row.index, row.label);
    }
    const total = rows[0]?.size ?? 0;
    if (byIndex.size >= total) {
      break;
    }
    await list.hover();
    await page.mouse.wheel(0, 200);
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, label]) => label);
}

/** A quick pick row whose label is exactly `label` (without its `$(icon)`). */
export function quickPickRow(page: Page, label: string): Locator {
  return page.locator(`${WIDGET} .monaco-list-row`).filter({ has: page.locator(".label-name").filter({ hasText: exactText(label) }) });
}

/** Picks one item by label: filters the list by typing, then clicks the matching row. */
export async function pickQuickPickItem(page: Page, label: string): Promise<void> {
  await quickInputWidget(page).waitFor({ state: "visible" });
  const row = quickPickRow(page, label);
  if (!(await row.isVisible())) {
    await quickInputBox(page).fill(label);
  }
  await row.click();
  // The next prompt reuses the widget: wait until this list is gone before anyone reads it.
  await row.waitFor({ state: "hidden" });
}

/** In a multi-select quick pick: ticks exactly the items in `labels`, then presses OK. */
export async function pickManyQuickPickItems(page: Page, labels: readonly string[]): Promise<void> {
  await quickInputWidget(page).waitFor({ state: "visible" });
  for (const label of await listQuickPickLabels(page)) {
    const row = quickPickRow(page, label);
    await row.scrollIntoViewIfNeeded();
    const checkbox = row.locator(".monaco-checkbox, input[type=checkbox]").first();
    const checked = (await checkbox.getAttribute("aria-checked")) === "true" || (await checkbox.isChecked().catch(() => false));
    if (checked !== labels.includes(label)) {
      await checkbox.click();
    }
  }
  await page.locator(`${WIDGET} .quick-input-action .monaco-button`).filter({ hasText: "OK" }).click();
}

/**
 * Types into the open input box (a password box works the same) and presses Enter. Waits for the
 * box first, so it can follow a command that opens one.
 */
export async function typeIntoInputBox(page: Page, text: string, options: { submit?: boolean } = {}): Promise<void> {
  const box = quickInputBox(page);
  await box.waitFor({ state: "visible" });
  await box.fill(text);
  if (options.submit ?? true) {
    await box.press("Enter");
  }
}

/** What the open quick input says about itself: title, prompt/validation message, placeholder, password or not. */
export async function describeQuickInput(page: Page): Promise<{ title: string; message: string; placeholder: string; isPassword: boolean }> {
  await quickInputWidget(page).waitFor({ state: "visible" });
  const box = quickInputBox(page);
  return {
    title: ((await page.locator(`${WIDGET} .quick-input-title`).textContent()) ?? "").trim(),
    message: ((await page.locator(`${WIDGET} .quick-input-message`).textContent()) ?? "").trim(),
    placeholder: (await box.getAttribute("placeholder")) ?? "",
    isPassword: (await box.getAttribute("type")) === "password",
  };
}

/**
 * Waits until the quick input shows the prompt titled `title` (e.g. "Upload Certificate: Name").
 * A command's prompts reuse one widget, so waiting for the widget alone could read the previous one.
 */
export async function waitForQuickInputTitle(page: Page, title: string): Promise<void> {
  await page.locator(`${WIDGET} .quick-input-title`).filter({ hasText: exactText(title) }).waitFor({ state: "visible" });
}

/** The value currently in the quick input's box (e.g. an input box's suggested default). */
export async function quickInputValue(page: Page): Promise<string> {
  const box = quickInputBox(page);
  await box.waitFor({ state: "visible" });
  return box.inputValue();
}

/** The description shown beside a quick pick item (e.g. "Suggested for this certificate"). */
export async function quickPickItemDescription(page: Page, label: string): Promise<string> {
  const row = quickPickRow(page, label);
  await row.waitFor({ state: "visible" });
  const description = row.locator(".label-description");
  return (await description.count()) > 0 ? ((await description.first().textContent()) ?? "").trim() : "";
}

export async function closeQuickInput(page: Page): Promise<void> {
  if (await quickInputWidget(page).isVisible()) {
    await page.keyboard.press("Escape");
    await quickInputWidget(page).waitFor({ state: "hidden" });
  }
}

/** After choosing a command the palette either closes or is reused by the command's own prompt. */
async function waitForQuickInputClosedOrChanged(page: Page, chosen: string): Promise<void> {
  await page.waitForFunction(
    ([selector, label]) => {
      const widget = document.querySelector<HTMLElement>(selector);
      if (!widget || widget.style.display === "none" || widget.offsetParent === null) {
        return true;
      }
      const input = widget.querySelector<HTMLInputElement>(".quick-input-box input");
      return input !== null && input.value !== `>${label}`;
    },
    [WIDGET, chosen] as const,
  );
}

/** Times a file dialog's path is typed before giving up (see acceptPathInFileDialog). */
const FILE_DIALOG_ATTEMPTS = 5;

/**
 * Answers a save dialog (window.showSaveDialog). In code-server it is VS Code's simple file
 * dialog: the quick input titled `title`, whose box holds the path to save to. It fills that box
 * in steps (a folder first, then the suggested file in the suggested folder), so this waits until
 * it shows `suggested` (and fails, saying what it showed, if it never does), then replaces it with
 * `path` and presses Enter; `beforeSave` runs with the new path typed (for a screenshot). Saving
 * over an existing file makes VS Code ask first: this then returns with that modal dialog open.
 */
export async function saveInFileDialog(
  page: Page,
  dialog: { readonly title: string; readonly suggested: string; readonly path: string; readonly beforeSave?: () => Promise<unknown> },
): Promise<void> {
  const { title, suggested } = dialog;
  await waitForQuickInputTitle(page, title);
  const box = quickInputBox(page);
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (let shown = await box.inputValue(); shown !== suggested; shown = await box.inputValue()) {
    if (Date.now() > deadline) {
      throw new Error(`the save dialog “${title}” suggests ${shown}, expected ${suggested}`);
    }
    await page.waitForTimeout(100);
  }
  await acceptPathInFileDialog(page, dialog);
}

/**
 * Answers an open dialog (window.showOpenDialog), VS Code's simple file dialog in code-server:
 * waits until the dialog has filled its box with the folder it starts in (a typed path would
 * otherwise be overwritten by it), then types `path` and presses Enter.
 */
export async function openInFileDialog(page: Page, dialog: { readonly title: string; readonly path: string }): Promise<void> {
  await waitForQuickInputTitle(page, dialog.title);
  const box = quickInputBox(page);
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (let shown = await box.inputValue(); !shown.endsWith("/"); shown = await box.inputValue()) {
    if (Date.now() > deadline) {
      throw new Error(`the open dialog “${dialog.title}” shows “${shown}”, not the folder it starts in`);
    }
    await page.waitForTimeout(100);
  }
  await acceptPathInFileDialog(page, dialog);
}

/**
 * Replaces the file dialog's path with `path`, presses Enter once the box holds exactly that, and
 * waits for the dialog to close (or be reused by the next prompt, or VS Code to ask about
 * replacing a file). The dialog fills and completes its box asynchronously, and a late fill of its
 * own can overwrite what was typed or swallow the Enter: then the path is typed again, up to
 * FILE_DIALOG_ATTEMPTS times; it fails saying what the box held.
 */
async function acceptPathInFileDialog(page: Page, dialog: { readonly title: string; readonly path: string; readonly beforeSave?: () => Promise<unknown> }): Promise<void> {
  const { title, path } = dialog;
  const box = quickInputBox(page);
  const valueIs = (wanted: string, timeout: number) =>
    page
      .waitForFunction(([selector, value]) => document.querySelector<HTMLInputElement>(selector)?.value === value, [`${WIDGET} .quick-input-box input`, wanted] as const, { timeout })
      .then(
        () => true,
        () => false,
      );
  const closed = (timeout: number) =>
    page
      .waitForFunction(
        ([selector, wanted]) => {
          if ((document.querySelector(".monaco-dialog-box")?.getClientRects().length ?? 0) > 0) {
            return true;
          }
          const widget = document.querySelector<HTMLElement>(selector);
          const shown = widget !== null && widget.style.display !== "none" && widget.offsetParent !== null;
          return !shown || (widget.querySelector(".quick-input-title")?.textContent ?? "").trim() !== wanted;
        },
        [WIDGET, title] as const,
        { timeout },
      )
      .then(
        () => true,
        () => false,
      );
  for (let attempt = 1; attempt <= FILE_DIALOG_ATTEMPTS; attempt++) {
    await box.fill(path);
    if (!(await valueIs(path, 1000))) {
      continue;
    }
    if (attempt === 1) {
      await dialog.beforeSave?.();
    }
    await box.press("Enter");
    if (await closed(attempt === FILE_DIALOG_ATTEMPTS ? UI_TIMEOUT_MS : 3000)) {
      return;
    }
  }
  throw new Error(`the file dialog “${title}” did not take ${path} in ${FILE_DIALOG_ATTEMPTS} tries; its box holds ${await box.inputValue()}`);
}
