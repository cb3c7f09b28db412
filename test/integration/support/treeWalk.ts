// Walks the certificate tree the way the workbench does: through the TreeDataProvider's
// getChildren and getTreeItem, so what a test reads is what a user would see.
import type * as vscode from "vscode";
import type { TestApi } from "../../../src/extension";
import type { TreeNode } from "../../../src/views/treeNodes";

export interface ShownNode {
  readonly node: TreeNode;
  readonly item: vscode.TreeItem;
  readonly label: string;
  readonly description: string | undefined;
}

export function labelText(item: vscode.TreeItem): string {
  const label = item.label;
  return typeof label === "string" ? label : (label?.label ?? "");
}

function describeItem(item: vscode.TreeItem): string | undefined {
  return typeof item.description === "string" ? item.description : undefined;
}

export async function shownChildren(api: TestApi, parent?: TreeNode): Promise<ShownNode[]> {
  const nodes = await api.services.tree.getChildren(parent);
  return nodes.map((node) => {
    const item = api.services.tree.getTreeItem(node);
    return { node, item, label: labelText(item), description: describeItem(item) };
  });
}

/** The child whose label is `label` (exactly) or matches it; fails listing what is there. */
export async function childLabelled(api: TestApi, parent: TreeNode | undefined, label: string | RegExp): Promise<ShownNode> {
  const children = await shownChildren(api, parent);
  const found = children.find((child) => (typeof label === "string" ? child.label === label : label.test(child.label)));
  if (!found) {
    throw new Error(`no child labelled ${String(label)} under ${parent?.id ?? "the root"}; found: ${children.map((child) => child.label).join(" | ") || "nothing"}`);
  }
  return found;
}

/** Follows labels from the root, e.g. ("Acme", "mTLS Certificates", "My CA"). */
export async function nodeAt(api: TestApi, ...labels: (string | RegExp)[]): Promise<ShownNode> {
  let current: ShownNode | undefined;
  for (const label of labels) {
    current = await childLabelled(api, current?.node, label);
  }
  if (!current) {
    throw new Error("nodeAt needs at least one label");
  }
  return current;
}

/** Every node reachable from the root, depth first (each branch loaded once). */
export async function everyNode(api: TestApi, parent?: TreeNode): Promise<ShownNode[]> {
  const result: ShownNode[] = [];
  for (const child of await shownChildren(api, parent)) {
    result.push(child);
    result.push(...(await everyNode(api, child.node)));
  }
  return result;
}
