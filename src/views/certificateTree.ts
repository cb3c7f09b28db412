// The TreeDataProvider: it only delegates to the nodes and owns the change event. The roots are
// the accounts the user chose to see; while signed out the view is empty and the welcome view
// (package.json viewsWelcome) offers Sign In.
import * as vscode from "vscode";
import { ContextKeys, setContext } from "../contextKeys";
import { cacheKeys } from "./certificateRepository";
import { AccountNode, loadChildren, MessageNode, type TreeNode, type TreeServices } from "./treeNodes";

export class CertificateTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Nodes handed out most recently, by id: lets a targeted refresh fire for the right node. */
  private readonly nodesById = new Map<string, TreeNode>();

  constructor(private readonly services: TreeServices) {
    this.subscriptions.push(
      services.repository.onDidChange((key) => this.refreshForCacheKey(key)),
      services.session.onDidChangeRejected(() => this.refresh()),
    );
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    const children = node ? await node.getChildren() : await this.roots();
    for (const child of children) {
      this.nodesById.set(child.id, child);
    }
    return children;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  /** The node currently shown with this id, if the tree has rendered it. */
  nodeById(id: string): TreeNode | undefined {
    return this.nodesById.get(id);
  }

  private async roots(): Promise<TreeNode[]> {
    const stored = await this.services.session.stored().catch(() => undefined);
    await setContext(ContextKeys.signedIn, stored !== undefined);
    if (!stored) {
      await setContext(ContextKeys.noAccountsShown, false);
      return [];
    }
    if (this.services.session.isRejected) {
      return [
        new MessageNode(undefined, "root/rejected", "Cloudflare rejected the credentials. Sign in again.", {
          icon: "warning",
          color: "list.warningForeground",
          command: { command: "cloudflareMtls.signIn", title: "Sign In Again" },
          isError: true,
        }),
      ];
    }
    const roots = await loadChildren(this.services, undefined, async () => {
      const accounts = await this.services.repository.visibleAccounts();
      return accounts.map((account) => new AccountNode(this.services, account));
    });
    await setContext(ContextKeys.noAccountsShown, roots.length === 0);
    return roots;
  }

  /** Refresh one branch (and what is below it), or the whole tree. */
  refresh(node?: TreeNode): void {
    this.changed.fire(node);
  }

  private refreshForCacheKey(key: string | undefined): void {
    if (key === undefined || key === cacheKeys.accounts()) {
      this.nodesById.clear();
      this.refresh();
      return;
    }
    const [kind, first, second] = key.split("/");
    const targetId =
      kind === "mtls"
        ? `account/${first}/mtls`
        : kind === "zones"
          ? `account/${first}/zones`
          : kind === "access"
            ? `${first === "accounts" ? "account" : "zone"}/${second}/access`
            : kind === "associations"
              ? `account/${first}/mtls/${second}`
              : undefined;
    const node = targetId ? this.nodesById.get(targetId) : undefined;
    this.refresh(node);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
    this.changed.dispose();
  }
}
