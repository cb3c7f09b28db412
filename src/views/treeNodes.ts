// The tree's node classes, one per kind of row. Each has a stable id (so expansion survives a
// refresh), knows its parent, builds its TreeItem from the pure row model, and loads its own
// children. A branch that fails to load becomes one error row with a next step, never a popup.
import * as vscode from "vscode";
import { CloudflareApiError } from "../cloudflare/errors";
import type { AccessCertificate, AccessScope, Account, MtlsCertificate, Zone } from "../cloudflare/types";
import { describeError } from "../commands/errorMessages";
import type { CloudflareSession } from "../auth/session";
import type { ExtensionLog } from "../log";
import type { CertificateRepository } from "./certificateRepository";
import {
  accessCertificateRow,
  accessGroupRow,
  accountRow,
  associationRow,
  hostnameRow,
  infoRow,
  mtlsCertificateRow,
  mtlsGroupRow,
  zoneRow,
  zonesGroupRow,
  type ExpirySettings,
  type RowView,
} from "./treeModel";

export interface TreeServices {
  readonly repository: CertificateRepository;
  readonly session: CloudflareSession;
  readonly log: ExtensionLog;
  readonly expirySettings: () => ExpirySettings;
}

export type NodeKind =
  | "account"
  | "mtlsGroup"
  | "accessGroup"
  | "zonesGroup"
  | "zone"
  | "mtlsCertificate"
  | "accessCertificate"
  | "association"
  | "hostname"
  | "message";

export interface TreeNode {
  readonly kind: NodeKind;
  readonly id: string;
  readonly parent: TreeNode | undefined;
  getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<TreeNode[]>;
}

const COLLAPSIBLE: Record<RowView["collapsible"], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export function treeItemFromRow(row: RowView): vscode.TreeItem {
  const item = new vscode.TreeItem(row.label, COLLAPSIBLE[row.collapsible]);
  item.id = row.id;
  item.description = row.description;
  item.contextValue = row.contextValue;
  item.iconPath = new vscode.ThemeIcon(row.icon.id, row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined);
  item.accessibilityInformation = { label: row.accessibilityLabel };
  if (row.tooltip) {
    const tooltip = new vscode.MarkdownString(row.tooltip);
    tooltip.supportHtml = false;
    tooltip.isTrusted = false;
    item.tooltip = tooltip;
  }
  return item;
}

/** An information or error row; its command is the next step (Retry, Sign In, Upload…). */
export class MessageNode implements TreeNode {
  readonly kind = "message";
  constructor(
    readonly parent: TreeNode | undefined,
    readonly id: string,
    private readonly label: string,
    private readonly options: { icon: string; color?: string; tooltip?: string; command?: vscode.Command; isError?: boolean } = { icon: "info" },
  ) {}

  get isError(): boolean {
    return this.options.isError ?? false;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = this.isError ? "error" : "info";
    item.iconPath = new vscode.ThemeIcon(this.options.icon, this.options.color ? new vscode.ThemeColor(this.options.color) : undefined);
    item.tooltip = this.options.tooltip ?? this.label;
    item.command = this.options.command;
    item.accessibilityInformation = { label: this.label };
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }
}

/** The row of an empty certificate group: clicking it uploads into that group. */
function uploadFirstRow(group: MtlsGroupNode | AccessGroupNode, label: string): MessageNode {
  return new MessageNode(group, `${group.id}/empty`, label, {
    icon: "cloud-upload",
    command: { command: "cloudflareMtls.uploadCertificate", title: "Upload Certificate", arguments: [group] },
  });
}

/**
 * The argument of an error row's Retry: the branch to load again. It is wrapped because VS Code
 * also hands the view title's Refresh a tree node (the focused row), and that one must reload
 * everything, not the focused row's branch.
 */
export interface RetryBranch {
  readonly retryBranch: TreeNode | undefined;
}

export function retryBranch(branch: TreeNode | undefined): RetryBranch {
  return { retryBranch: branch };
}

export function isRetryBranch(value: unknown): value is RetryBranch {
  return typeof value === "object" && value !== null && "retryBranch" in value;
}

/** Runs a child loader; any failure becomes one error row under `parent`. */
export async function loadChildren(services: TreeServices, parent: TreeNode | undefined, load: () => Promise<TreeNode[]>): Promise<TreeNode[]> {
  try {
    return await load();
  } catch (error) {
    const id = `${parent?.id ?? "root"}/error`;
    services.log.forComponent("tree").error(`Could not load ${parent?.id ?? "accounts"}: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof CloudflareApiError && error.isAuthError) {
      const verdict = await services.session.reportAuthFailure(error);
      if (verdict === "rejected") {
        return [
          new MessageNode(parent, id, "Cloudflare rejected the credentials. Sign in again.", {
            icon: "warning",
            color: "list.warningForeground",
            command: { command: "cloudflareMtls.signIn", title: "Sign In Again" },
            isError: true,
          }),
        ];
      }
      return [
        new MessageNode(parent, id, "The credential lacks the permission to list these.", {
          icon: "lock",
          color: "list.warningForeground",
          tooltip: `${describeError(error)?.message ?? error.message}\n\nGive the API token the permission (e.g. "SSL and Certificates: Read" for mTLS certificates, "Access: Mutual TLS Certificates: Read" for Access certificates), then click to retry.`,
          command: { command: "cloudflareMtls.refresh", title: "Retry", arguments: [retryBranch(parent)] },
          isError: true,
        }),
      ];
    }
    const described = describeError(error);
    return [
      new MessageNode(parent, id, `Could not load: ${described?.message ?? "cancelled"}`, {
        icon: "error",
        color: "list.errorForeground",
        tooltip: `${described?.message ?? ""}\n\nClick to retry. Details are in the log (Cloudflare mTLS: Show Log).`,
        command: { command: "cloudflareMtls.refresh", title: "Retry", arguments: [retryBranch(parent)] },
        isError: true,
      }),
    ];
  }
}

export class AccountNode implements TreeNode {
  readonly kind = "account";
  readonly parent = undefined;
  readonly id: string;
  constructor(
    private readonly services: TreeServices,
    readonly account: Account,
  ) {
    this.id = accountRow(account).id;
  }

  getTreeItem(): vscode.TreeItem {
    return treeItemFromRow(accountRow(this.account));
  }

  getChildren(): Promise<TreeNode[]> {
    const scope: AccessScope = { kind: "accounts", id: this.account.id };
    return Promise.resolve([
      new MtlsGroupNode(this.services, this),
      new AccessGroupNode(this.services, this, scope, undefined),
      new ZonesGroupNode(this.services, this),
    ]);
  }
}

export class MtlsGroupNode implements TreeNode {
  readonly kind = "mtlsGroup";
  readonly id: string;
  constructor(
    private readonly services: TreeServices,
    readonly parent: AccountNode,
  ) {
    this.id = mtlsGroupRow(parent.account.id).id;
  }

  get account(): Account {
    return this.parent.account;
  }

  getTreeItem(): vscode.TreeItem {
    return treeItemFromRow(mtlsGroupRow(this.account.id));
  }

  getChildren(): Promise<TreeNode[]> {
    return loadChildren(this.services, this, async () => {
      const certificates = await this.services.repository.mtlsCertificates(this.account.id);
      if (certificates.length === 0) {
        return [
          uploadFirstRow(this, "No mTLS certificates yet. Upload one…"),
        ];
      }
      return certificates.map((certificate) => new MtlsCertificateNode(this.services, this, certificate));
    });
  }
}

export class MtlsCertificateNode implements TreeNode {
  readonly kind = "mtlsCertificate";
  readonly id: string;
  constructor(
    private readonly services: TreeServices,
    readonly parent: MtlsGroupNode,
    readonly certificate: MtlsCertificate,
  ) {
    this.id = `${parent.id}/${certificate.id}`;
  }

  get account(): Account {
    return this.parent.account;
  }

  getTreeItem(): vscode.TreeItem {
    const item = treeItemFromRow(mtlsCertificateRow(this.account.id, this.certificate, this.services.expirySettings()));
    item.command = { command: "cloudflareMtls.showCertificateDetails", title: "Show Certificate Details", arguments: [this] };
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return loadChildren(this.services, this, async () => {
      const associations = await this.services.repository.associations(this.account.id, this.certificate.id);
      if (associations.length === 0) {
        return [new MessageNode(this, `${this.id}/none`, "No associations", { icon: "circle-slash", tooltip: "No Cloudflare service uses this certificate: it can be deleted." })];
      }
      return associations.map((association, index) => new RowNode(this, "association", associationRow(this.id, association, index)));
    });
  }
}

export class AccessGroupNode implements TreeNode {
  readonly kind = "accessGroup";
  readonly id: string;
  constructor(
    private readonly services: TreeServices,
    readonly parent: AccountNode | ZoneNode,
    readonly scope: AccessScope,
    readonly zone: Zone | undefined,
  ) {
    this.id = accessGroupRow(scope).id;
  }

  get account(): Account {
    return this.parent.account;
  }

  getTreeItem(): vscode.TreeItem {
    return treeItemFromRow(accessGroupRow(this.scope));
  }

  getChildren(): Promise<TreeNode[]> {
    return loadChildren(this.services, this, async () => {
      const certificates = await this.services.repository.accessCertificates(this.scope);
      if (certificates.length === 0) {
        return [
          uploadFirstRow(this, "No Access certificates yet. Upload one…"),
        ];
      }
      return certificates.map((certificate) => new AccessCertificateNode(this.services, this, certificate));
    });
  }
}

export class AccessCertificateNode implements TreeNode {
  readonly kind = "accessCertificate";
  readonly id: string;
  constructor(
    private readonly services: TreeServices,
    readonly parent: AccessGroupNode,
    readonly certificate: AccessCertificate,
  ) {
    this.id = `${parent.id}/${certificate.id}`;
  }

  get scope(): AccessScope {
    return this.parent.scope;
  }

  get account(): Account {
    return this.parent.account;
  }

  getTreeItem(): vscode.TreeItem {
    const item = treeItemFromRow(accessCertificateRow(this.scope, this.certificate, this.services.expirySettings()));
    item.command = { command: "cloudflareMtls.showCertificateDetails", title: "Show Certificate Details", arguments: [this] };
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    const hostnames = this.certificate.associated_hostnames ?? [];
    if (hostnames.length === 0) {
      return Promise.resolve([
        new MessageNode(this, `${this.id}/none`, "No associated hostnames", {
          icon: "circle-slash",
          command: { command: "cloudflareMtls.editHostnames", title: "Edit Associated Hostnames", arguments: [this] },
          tooltip: "Click to associate hostnames of Access applications with this certificate.",
        }),
      ]);
    }
    return Promise.resolve(hostnames.map((hostname) => new RowNode(this, "hostname", hostnameRow(this.id, hostname))));
  }
}

export class ZonesGroupNode implements TreeNode {
  readonly kind = "zonesGroup";
  readonly id: string;
  constructor(
    private readonly services: TreeServices,
    readonly parent: AccountNode,
  ) {
    this.id = zonesGroupRow(parent.account.id).id;
  }

  get account(): Account {
    return this.parent.account;
  }

  getTreeItem(): vscode.TreeItem {
    return treeItemFromRow(zonesGroupRow(this.account.id));
  }

  getChildren(): Promise<TreeNode[]> {
    return loadChildren(this.services, this, async () => {
      const zones = await this.services.repository.zones(this.account.id);
      if (zones.length === 0) {
        return [new MessageNode(this, `${this.id}/empty`, "No zones in this account", { icon: "circle-slash" })];
      }
      return zones.map((zone) => new ZoneNode(this.services, this, zone));
    });
  }
}

export class ZoneNode implements TreeNode {
  readonly kind = "zone";
  readonly id: string;
  constructor(
    private readonly services: TreeServices,
    readonly parent: ZonesGroupNode,
    readonly zone: Zone,
  ) {
    this.id = zoneRow(parent.account.id, zone).id;
  }

  get account(): Account {
    return this.parent.account;
  }

  getTreeItem(): vscode.TreeItem {
    return treeItemFromRow(zoneRow(this.account.id, this.zone));
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([new AccessGroupNode(this.services, this, { kind: "zones", id: this.zone.id }, this.zone)]);
  }
}

/** A leaf row (association or hostname) with nothing below it. */
export class RowNode implements TreeNode {
  readonly id: string;
  constructor(
    readonly parent: TreeNode,
    readonly kind: "association" | "hostname",
    private readonly row: RowView,
  ) {
    this.id = row.id;
  }

  getTreeItem(): vscode.TreeItem {
    return treeItemFromRow(this.row);
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }
}

export type CertificateNode = MtlsCertificateNode | AccessCertificateNode;
export type UploadTargetNode = AccountNode | MtlsGroupNode | AccessGroupNode;

export function isCertificateNode(value: unknown): value is CertificateNode {
  return value instanceof MtlsCertificateNode || value instanceof AccessCertificateNode;
}

/** Placeholder shown while signed out but something still asks for rows (the welcome view covers the rest). */
export function infoMessage(parent: TreeNode | undefined, key: string, label: string): MessageNode {
  const row = infoRow(parent?.id ?? "root", key, label);
  return new MessageNode(parent, row.id, row.label, { icon: row.icon.id });
}
