// Open in Cloudflare Dashboard: the page of what the row shows (each kind knows its own).
import * as vscode from "vscode";
import type { Services } from "../services";
import type { TreeNode } from "../views/treeNodes";

function isTreeNode(value: unknown): value is TreeNode {
  return typeof value === "object" && value !== null && typeof (value as Partial<TreeNode>).dashboardUrl === "function";
}

export async function openInDashboard(services: Services, node?: unknown): Promise<void> {
  const target = isTreeNode(node) ? node : services.treeView.selection[0];
  const url = target?.dashboardUrl();
  if (!url) {
    await services.prompts.info("Select an account or certificate in the Cloudflare mTLS view first.");
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(url));
}
