// The TreeDataProvider: it only delegates to the nodes and owns the change event. The roots are
// the accounts the user chose to see; while signed out the view is empty and the welcome view
// (package.json viewsWelcome) offers Sign In.
import * as vscode from "vscode";
import { ContextKeys, setContext } from "../contextKeys";
import { Disposable } from "../disposable";
import { NO_FILTER, type TreeFilter } from "./treeFilter";
import { AccountNode, credentialRejectedNode, loadChildren, type TreeNode, type TreeServices } from "./treeNodes";

export class CertificateTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = this.register(new vscode.EventEmitter<TreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private currentFilter: TreeFilter = NO_FILTER;
  private readonly services: TreeServices;

  constructor(services: Omit<TreeServices, "filter">) {
    super();
    this.services = { ...services, filter: () => this.currentFilter };
    // Any change redraws the whole tree; the repository refetches only the list it invalidated.
    // A refresh aimed at one node only works when it is the very object VS Code got from
    // getChildren: a node made by any other getChildren call (revealing a certificate after an
    // upload walks the tree) is silently ignored, and the tree would keep a deleted row.
    this.register(services.repository.onDidChange(() => this.refresh()));
    this.register(services.session.onDidChangeRejected(() => this.refresh()));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    return node ? node.getChildren() : this.roots();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  private async roots(): Promise<TreeNode[]> {
    // cloudflareMtls.signedIn is kept by extension.ts, from the credential store's own events.
    const stored = await this.services.session.stored().catch(() => undefined);
    if (!stored) {
      await setContext(ContextKeys.noAccountsShown, false);
      return [];
    }
    if (this.services.session.isRejected) {
      return [credentialRejectedNode()];
    }
    const roots = await loadChildren(this.services, undefined, async () => {
      const accounts = await this.services.repository.visibleAccounts();
      return accounts.map((account) => new AccountNode(this.services, account));
    });
    await setContext(ContextKeys.noAccountsShown, roots.length === 0);
    return roots;
  }

  /** The view title's filters; they last for the session. */
  get filter(): TreeFilter {
    return this.currentFilter;
  }

  setFilter(filter: TreeFilter): void {
    this.currentFilter = { expiringOnly: filter.expiringOnly, text: filter.text.trim() };
    this.refresh();
  }

  /** Redraws the whole tree; the repository refetches only the lists that were invalidated. */
  refresh(): void {
    this.changed.fire(undefined);
  }
}
