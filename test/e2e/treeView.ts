// Tree views in the side bar: a view is a `.pane` whose header names it; its rows are
// `.monaco-list-row`s, found here by the label they show.
import type { Locator, Page } from "playwright-core";
import { exactText } from "./workbench";

/** The pane of a view by its name (e.g. "Certificates"), expanded if it was collapsed. */
export async function viewPane(page: Page, viewName: string): Promise<Locator> {
  const pane = page.locator(".part.sidebar .pane").filter({ has: page.locator(".pane-header .title").filter({ hasText: exactText(viewName) }) });
  await pane.first().waitFor({ state: "visible" });
  const header = pane.first().locator(".pane-header");
  if ((await header.getAttribute("aria-expanded")) === "false") {
    await header.click();
  }
  return pane.first();
}

/** A row of the view whose label is exactly `label` (the description beside it is ignored). */
export async function treeItem(page: Page, viewName: string, label: string): Promise<Locator> {
  const pane = await viewPane(page, viewName);
  const row = pane.locator(".monaco-list-row").filter({ has: page.locator(".label-name").filter({ hasText: exactText(label) }) });
  await row.first().waitFor({ state: "visible" });
  return row.first();
}

/**
 * The row at a path of labels from the top (e.g. ["Acme Production", "Zones"]), for labels that
 * repeat under different parents. Expands each ancestor on the way down.
 */
export async function treeItemAtPath(page: Page, viewName: string, path: readonly string[]): Promise<Locator> {
  if (path.length === 0) {
    throw new Error("treeItemAtPath: empty path");
  }
  const pane = await viewPane(page, viewName);
  let parentIndex = -1;
  for (const [depth, label] of path.entries()) {
    const index = await waitForChildRow(page, pane, parentIndex, depth + 1, label);
    const row = pane.locator(`.monaco-list-row[data-index="${index}"]`);
    if (depth < path.length - 1 && (await row.getAttribute("aria-expanded")) === "false") {
      await row.locator(".monaco-tl-twistie").click();
    }
    parentIndex = index;
  }
  return pane.locator(`.monaco-list-row[data-index="${parentIndex}"]`);
}

/** Polls until a row at `level` labelled `label` appears below the row `parentIndex` (-1: the top). */
async function waitForChildRow(page: Page, pane: Locator, parentIndex: number, level: number, label: string): Promise<number> {
  const handle = await pane.elementHandle();
  const found = await page.waitForFunction(
    ({ root, parent, wanted, text }) => {
      const rows = Array.from(root?.querySelectorAll(".monaco-list-row") ?? [])
        .map((row) => ({
          index: Number(row.getAttribute("data-index")),
          level: Number(row.getAttribute("aria-level") ?? "1"),
          label: (row.querySelector(".label-name")?.textContent ?? "").trim(),
        }))
        .sort((a, b) => a.index - b.index);
      for (const row of rows) {
        if (row.index <= parent) {
          continue;
        }
        if (row.level < wanted) {
          return false; // left the parent's subtree without finding it
        }
        if (row.level === wanted && row.label === text) {
          return { index: row.index }; // an object: index 0 would read as "not yet"
        }
      }
      return false;
    },
    { root: handle, parent: parentIndex, wanted: level, text: label },
  );
  return ((await found.jsonValue()) as { index: number }).index;
}

export async function clickTreeItem(page: Page, viewName: string, label: string): Promise<Locator> {
  const row = await treeItem(page, viewName, label);
  await row.click();
  return row;
}

/** Expands a collapsed row (no-op when already expanded) and waits until it says so. */
export async function expandTreeItem(page: Page, viewName: string, label: string): Promise<Locator> {
  const row = await treeItem(page, viewName, label);
  if ((await row.getAttribute("aria-expanded")) === "false") {
    await row.locator(".monaco-tl-twistie").click();
  }
  await page.waitForFunction((element) => element.getAttribute("aria-expanded") !== "false", await row.elementHandle());
  return row;
}

/** The labels of the view's visible rows, top to bottom, each indented two spaces per level. */
export async function visibleTreeLabels(page: Page, viewName: string): Promise<string[]> {
  const pane = await viewPane(page, viewName);
  return pane.locator(".monaco-list-row").evaluateAll((rows) =>
    rows
      .map((row) => ({
        top: Number.parseFloat((row as HTMLElement).style.top || "0"),
        level: Number(row.getAttribute("aria-level") ?? "1"),
        label: (row.querySelector(".label-name")?.textContent ?? "").trim(),
      }))
      .sort((a, b) => a.top - b.top)
      .map((row) => `${"  ".repeat(row.level - 1)}${row.label}`),
  );
}

/** Clicks one of the row's inline action buttons (shown on hover), by its title, e.g. "Delete Certificate…". */
export async function clickInlineAction(row: Locator, actionTitle: string): Promise<void> {
  await row.hover();
  await row.locator(`.actions .action-label[aria-label^="${actionTitle.replace(/"/g, '\\"')}"]`).click();
}

/** Right-clicks the row and chooses a context menu entry by its label. */
export async function chooseContextMenuItem(page: Page, row: Locator, itemLabel: string): Promise<void> {
  await row.click({ button: "right" });
  const menu = page.locator(".context-view .monaco-menu");
  await menu.waitFor({ state: "visible" });
  // Hover focuses the entry and Enter runs it: a click right after the menu opens can be taken
  // for the end of the right-click gesture and ignored.
  await menu.locator(".action-item .action-label").filter({ hasText: exactText(itemLabel) }).hover();
  await page.keyboard.press("Enter");
  await menu.waitFor({ state: "hidden" });
}

/** The welcome content a view shows while empty (e.g. the signed-out "Sign In" text), as text. */
export async function viewWelcomeText(page: Page, viewName: string): Promise<string> {
  const pane = await viewPane(page, viewName);
  const welcome = pane.locator(".welcome-view-content");
  await welcome.waitFor({ state: "visible" });
  return ((await welcome.innerText()) ?? "").trim();
}

/** Clicks a button of the view's welcome content by its text, e.g. "Sign In". */
export async function clickWelcomeButton(page: Page, viewName: string, text: string): Promise<void> {
  const pane = await viewPane(page, viewName);
  await pane.locator(".welcome-view-content .monaco-button").filter({ hasText: exactText(text) }).click();
}
