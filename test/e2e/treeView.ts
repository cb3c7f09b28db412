// Tree views in the side bar: a view is a `.pane` whose header names it; its rows are
// `.monaco-list-row`s, found here by the label they show.
import type { Locator, Page } from "playwright-core";
import { cssString, exactText, UI_TIMEOUT_MS } from "./workbench";

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

/**
 * Clicks an action of the view's title bar by its title, e.g. "Refresh". The side bar merges
 * the header of its only view into its own title, so this takes whichever copy is visible.
 */
export async function clickViewTitleAction(page: Page, actionTitle: string): Promise<void> {
  const action = page.locator(`.part.sidebar .action-label[aria-label="${cssString(actionTitle)}"]`).filter({ visible: true });
  await action.first().click();
}

/** Collapses every row of the view with its title bar's "Collapse All" (no-op when nothing is expanded). */
export async function collapseAllTreeItems(page: Page): Promise<void> {
  const action = page.locator('.part.sidebar .action-label[aria-label="Collapse All"]').filter({ visible: true }).first();
  await action.waitFor({ state: "visible" });
  if (!((await action.getAttribute("class")) ?? "").split(/\s+/).includes("disabled")) {
    await action.click();
  }
}

/** The description a row shows beside its label (e.g. "CA · expires in 7 days"). */
export async function treeItemDescription(row: Locator): Promise<string> {
  const description = row.locator(".label-description");
  return (await description.count()) > 0 ? ((await description.first().textContent()) ?? "").trim() : "";
}

/** Waits until no row of the view is labelled `label` any more. */
export async function waitForTreeItemGone(page: Page, viewName: string, label: string): Promise<void> {
  const pane = await viewPane(page, viewName);
  await pane.locator(".monaco-list-row").filter({ has: page.locator(".label-name").filter({ hasText: exactText(label) }) }).first().waitFor({ state: "detached" });
}

/** Hovers a row and returns the text of the tooltip it shows once it contains `expected`. */
export async function treeItemTooltip(page: Page, row: Locator, expected: string | RegExp): Promise<string> {
  await row.hover();
  const hover = page.locator(".workbench-hover, .monaco-hover").filter({ hasText: expected }).first();
  await hover.waitFor({ state: "visible" });
  return ((await hover.innerText()) ?? "").trim();
}

/** The codicon a row shows before its label, e.g. "warning" (undefined when it shows none). */
export async function treeItemIcon(row: Locator): Promise<string | undefined> {
  const icon = row.locator(".custom-view-tree-node-item-icon");
  if ((await icon.count()) === 0) {
    return undefined;
  }
  const classes = ((await icon.first().getAttribute("class")) ?? "").split(/\s+/);
  return classes.find((name) => name.startsWith("codicon-"))?.slice("codicon-".length);
}

/**
 * Waits until the rows directly below `parent` are labelled exactly `expected` (children load
 * asynchronously after a row expands), then returns them; fails with what it saw last.
 */
export async function waitForChildTreeLabels(parent: Locator, expected: readonly string[], timeoutMs = UI_TIMEOUT_MS): Promise<string[]> {
  return waitForChildTreeLabelsTo(parent, `[${expected.join(", ")}]`, (labels) => labels.length === expected.length && labels.every((label, index) => label === expected[index]), timeoutMs);
}

/**
 * Waits until the rows directly below `parent` satisfy `accept` (described by `expected` in the
 * failure), then returns them; fails with what it saw last.
 */
export async function waitForChildTreeLabelsTo(parent: Locator, expected: string, accept: (labels: readonly string[]) => boolean, timeoutMs = UI_TIMEOUT_MS): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const labels = await childTreeLabels(parent);
    if (accept(labels)) {
      return labels;
    }
    if (Date.now() > deadline) {
      throw new Error(`rows below ${(await parent.getAttribute("aria-label")) ?? "the row"}: expected ${expected}, saw [${labels.join(", ")}]`);
    }
    await parent.page().waitForTimeout(100);
  }
}

/** The labels of the rows directly below `parent` (which must be expanded), top to bottom. */
export async function childTreeLabels(parent: Locator): Promise<string[]> {
  const level = Number((await parent.getAttribute("aria-level")) ?? "1");
  const index = Number(await parent.getAttribute("data-index"));
  const list = parent.locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' monaco-list-rows ')]");
  return list.locator(".monaco-list-row").evaluateAll(
    (rows, { parentIndex, parentLevel }) => {
      const sorted = rows
        .map((row) => ({
          index: Number(row.getAttribute("data-index")),
          level: Number(row.getAttribute("aria-level") ?? "1"),
          label: (row.querySelector(".label-name")?.textContent ?? "").trim(),
        }))
        .sort((a, b) => a.index - b.index)
        .filter((row) => row.index > parentIndex);
      const children: string[] = [];
      for (const row of sorted) {
        if (row.level <= parentLevel) {
          break;
        }
        if (row.level === parentLevel + 1) {
          children.push(row.label);
        }
      }
      return children;
    },
    { parentIndex: index, parentLevel: level },
  );
}

/** Expands a row found by path or label (no-op when it is already expanded) and waits until it says so. */
export async function expandTreeRow(row: Locator): Promise<Locator> {
  if ((await row.getAttribute("aria-expanded")) === "false") {
    await row.locator(".monaco-tl-twistie").click();
  }
  await row.page().waitForFunction((element) => element?.getAttribute("aria-expanded") === "true", await row.elementHandle());
  return row;
}
