// The Explorer: the workspace's files as rows of its tree, found by file name.
import type { Locator, Page } from "playwright-core";
import { exactText, showViewContainer } from "./workbench";

/** Shows the Explorer and returns the row of a file at the workspace's top level. */
export async function explorerItem(page: Page, fileName: string): Promise<Locator> {
  await showViewContainer(page, "Explorer");
  const row = page
    .locator(".part.sidebar .explorer-folders-view .monaco-list-row")
    .filter({ has: page.locator(".label-name").filter({ hasText: exactText(fileName) }) })
    .first();
  await row.waitFor({ state: "visible" });
  return row;
}
