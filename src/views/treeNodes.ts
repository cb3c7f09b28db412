// The tree's node classes. Each has a stable id (so expansion survives a refresh), knows its
// parent, builds its TreeItem from a pure row model, and loads its own children. Rows that differ
// by kind come from the kind's module (./kinds); a certificate node answers commands by asking
// its kind. A branch that fails to load becomes one error row with a next step, never a popup.
import * as vscode from "vscode";
import { CloudflareApiError } from "../cloudflare/errors";
import { ZONE_PAGE_SIZE } from "../cloudflare/zones";
import type { Account, Zone } from "../cloudflare/types";
import type { CloudflareSession } from "../auth/session";
import type { CertificateDecoder } from "../certificateDecoder";
import { CommandIds } from "../identifiers";
import type { ExtensionLog } from "../log";
import { accountScope, listCacheKey, rowIds, zoneScope, type CertificateKind, type CertificateScope, type ScopeKind } from "./certificateKind";
import { cacheKeys, type CertificateRepository } from "./certificateRepository";
import { accountDashboardUrl } from "./dashboardLinks";
import { findZoneRow, noZonesMatchRow, showMoreFailedRow, showMoreZonesRow, zoneFilterRow } from "./zoneRows";
import type { ChildRow, DeletionItem, DeletionOutcome, KindContext, KindDetails } from "./kinds/certificateKindModule";
import type { AnyKindModule } from "./kinds/index";
import { FILTERED_OUT_LABEL, isFiltering, matchesFilter, type TreeFilter } from "./treeFilter";
import {
  accountRow,
  credentialRejectedRow,
  infoRow,
  loadFailedRow,
  missingPermissionRow,
  noZonesRow,
  uploadFirstRow,
  zoneRow,
  zonesGroupRow,
  expiryOf,
  type ExpirySettings,
  type RowView,
} from "./treeModel";

export interface TreeServices {
  readonly repository: CertificateRepository;
  readonly session: CloudflareSession;
  readonly log: ExtensionLog;
  readonly expirySettings: () => ExpirySettings;
  /** The kinds whose groups a scope's row shows (src/views/kinds). */
  readonly kindsIn: (scope: ScopeKind) => readonly AnyKindModule[];
  /** The sentence a user reads for an error (the commands' wording, injected). */
  readonly describeError: (error: unknown) => string;
  /** The view title's filters (kept by the tree provider). */
  readonly filter: () => TreeFilter;
  /** Whether a zone is pinned to the expiry watch. */
  readonly isZonePinned?: (zoneId: string) => boolean;
}

export type NodeKind = "account" | "zonesGroup" | "zone" | "certificateGroup" | "certificate" | "row";

export interface TreeNode {
  readonly kind: NodeKind;
  readonly id: string;
  readonly parent: TreeNode | undefined;
  getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<TreeNode[]>;
  /** The dashboard page of what this row shows, if it has one. */
  dashboardUrl(): string | undefined;
  /** The repository key whose reload refreshes this row's children, if they come from Cloudflare. */
  childrenCacheKey(): string | undefined;
}

const COLLAPSIBLE: Record<RowView["collapsible"], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

function treeItemFromRow(row: RowView): vscode.TreeItem {
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

/**
 * The argument of an error row's Retry: the branch to load again. It is wrapped because VS Code
 * also hands the view title's Refresh a tree node (the focused row), and that one must reload
 * everything, not the focused row's branch.
 */
export interface RetryBranch {
  readonly retryBranch: TreeNode | undefined;
}

export function isRetryBranch(value: unknown): value is RetryBranch {
  return typeof value === "object" && value !== null && "retryBranch" in value;
}

/** A leaf row from a pure ChildRow: an association, a hostname, or a message; its command runs on click. */
class RowNode implements TreeNode {
  readonly kind = "row";
  readonly id: string;
  constructor(
    readonly parent: TreeNode | undefined,
    private readonly child: ChildRow,
  ) {
    this.id = child.row.id;
  }

  /** Error rows (Retry, Sign In Again) as opposed to information rows. */
  get isError(): boolean {
    return this.child.row.contextValue === "error";
  }

  getTreeItem(): vscode.TreeItem {
    const item = treeItemFromRow(this.child.row);
    const command = this.child.command;
    if (command) {
      const argument = command.argument === "owner" ? [this.parent] : command.argument === "retryOwner" ? [{ retryBranch: this.parent } satisfies RetryBranch] : [];
      item.command = { command: command.id, title: command.title, arguments: argument };
    }
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }

  dashboardUrl(): undefined {
    return undefined;
  }

  childrenCacheKey(): undefined {
    return undefined;
  }
}

/** Runs a child loader; any failure becomes one error row under `parent`. */
export async function loadChildren(services: TreeServices, parent: TreeNode | undefined, load: () => Promise<TreeNode[]>): Promise<TreeNode[]> {
  try {
    return await load();
  } catch (error) {
    services.log.forComponent("tree").error(`Could not load ${parent?.id ?? "accounts"}: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof CloudflareApiError && error.isAuthError) {
      const verdict = await services.session.reportAuthFailure(error);
      const permission = parent instanceof CertificateGroupNode ? parent.module.permission : undefined;
      return [new RowNode(parent, verdict === "rejected" ? credentialRejectedRow(parent?.id) : missingPermissionRow(parent?.id, services.describeError(error), permission))];
    }
    return [new RowNode(parent, loadFailedRow(parent?.id, services.describeError(error)))];
  }
}

/** The row shown instead of every account once Cloudflare rejected the stored credential. */
export function credentialRejectedNode(): TreeNode {
  return new RowNode(undefined, credentialRejectedRow(undefined));
}

function groupsOf(services: TreeServices, parent: AccountNode | ZoneNode, scope: CertificateScope): CertificateGroupNode[] {
  return services.kindsIn(scope.kind).map((module) => new CertificateGroupNode(services, parent, module, scope));
}

export class AccountNode implements TreeNode {
  readonly kind = "account";
  readonly parent = undefined;
  readonly id: string;
  readonly scope: CertificateScope;
  constructor(
    private readonly services: TreeServices,
    readonly account: Account,
  ) {
    this.id = accountRow(account).id;
    this.scope = accountScope(account);
  }

  getTreeItem(): vscode.TreeItem {
    return treeItemFromRow(accountRow(this.account));
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([...groupsOf(this.services, this, this.scope), new ZonesGroupNode(this.services, this)]);
  }

  dashboardUrl(): string {
    return accountDashboardUrl(this.account.id);
  }

  childrenCacheKey(): undefined {
    return undefined;
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

  /**
   * The zones shown so far (a page at a time: the first costs one request), with "Find Zone…" above
   * them when the account has more than a page, the name filter in force (click to clear), and
   * "Show more" below while Cloudflare has more.
   */
  getChildren(): Promise<TreeNode[]> {
    return loadChildren(this.services, this, async () => {
      const shown = await this.services.repository.shownZones(this.account.id);
      const rows: TreeNode[] = [];
      const filtered = shown.nameContains !== undefined;
      if (shown.nameContains !== undefined) {
        rows.push(new RowNode(this, zoneFilterRow(this.id, shown.nameContains, shown.zones.length, shown.totalCount, shown.hasMore)));
      } else if (shown.hasMore || shown.pages > 1) {
        rows.push(new RowNode(this, findZoneRow(this.id)));
      }
      if (shown.zones.length === 0) {
        rows.push(new RowNode(this, shown.nameContains !== undefined ? noZonesMatchRow(this.id, shown.nameContains) : noZonesRow(this.id)));
      }
      for (const zone of shown.zones) {
        rows.push(new ZoneNode(this.services, this, zone));
      }
      if (shown.moreFailed !== undefined) {
        const reason = this.services.describeError(shown.moreFailed);
        this.services.log.forComponent("tree").error(`Could not load more zones of ${this.id}: ${reason}`);
        rows.push(new RowNode(this, showMoreFailedRow(this.id, reason)));
      } else if (shown.hasMore) {
        rows.push(new RowNode(this, showMoreZonesRow(this.id, shown.zones.length, shown.totalCount, ZONE_PAGE_SIZE, filtered)));
      }
      return rows;
    });
  }

  dashboardUrl(): string {
    return accountDashboardUrl(this.account.id);
  }

  childrenCacheKey(): string {
    return cacheKeys.zones(this.account.id);
  }
}

const zoneItemCache = new WeakMap<Zone, { readonly pinned: boolean; readonly item: vscode.TreeItem }>();

export class ZoneNode implements TreeNode {
  readonly kind = "zone";
  readonly id: string;
  readonly scope: CertificateScope;
  constructor(
    private readonly services: TreeServices,
    readonly parent: ZonesGroupNode,
    readonly zone: Zone,
  ) {
    this.id = rowIds.zone(parent.account.id, zone.id);
    this.scope = zoneScope(parent.account, zone);
  }

  get account(): Account {
    return this.parent.account;
  }

  getTreeItem(): vscode.TreeItem {
    // Every refresh asks again for each of the thousands of zones shown: each item is built once
    // for the Zone object of its cached page (VS Code only reads it), and forgotten with that page;
    // pinning the zone to the expiry watch changes its row, so the pin is part of what is cached.
    const pinned = this.services.isZonePinned?.(this.zone.id) ?? false;
    let cached = zoneItemCache.get(this.zone);
    if (cached?.pinned !== pinned) {
      cached = { pinned, item: treeItemFromRow(zoneRow(this.account.id, this.zone, pinned)) };
      zoneItemCache.set(this.zone, cached);
    }
    return cached.item;
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve(groupsOf(this.services, this, this.scope));
  }

  dashboardUrl(): string {
    return accountDashboardUrl(this.account.id);
  }

  childrenCacheKey(): undefined {
    return undefined;
  }
}

/** The group of one kind's certificates in one scope ("mTLS Certificates", "Access Certificates"). */
export class CertificateGroupNode implements TreeNode {
  readonly kind = "certificateGroup";
  readonly id: string;
  constructor(
    private readonly services: TreeServices,
    readonly parent: AccountNode | ZoneNode,
    readonly module: AnyKindModule,
    readonly scope: CertificateScope,
  ) {
    this.id = rowIds.group(module.kind, scope);
  }

  get certificateKind(): CertificateKind {
    return this.module.kind;
  }

  getTreeItem(): vscode.TreeItem {
    return treeItemFromRow(this.module.groupRow(this.scope));
  }

  getChildren(): Promise<TreeNode[]> {
    return loadChildren(this.services, this, async () => {
      const listed = await this.module.list(this.services.repository, this.scope);
      const records = this.filtered(listed);
      const footer = await this.module.groupFooter?.(this.services.repository, this.scope, this.id);
      const rows: TreeNode[] = records.map((record) => new CertificateNode(this.services, this, record));
      if (records.length === 0 && listed.length > 0) {
        rows.push(new RowNode(this, infoRow(this.id, "filtered", FILTERED_OUT_LABEL, { icon: "filter" })));
      } else if (records.length === 0) {
        const label = this.module.emptyGroupLabel(this.scope);
        const command = this.module.emptyGroupCommand;
        rows.push(new RowNode(this, command ? infoRow(this.id, "empty", label, { icon: "key", command }) : uploadFirstRow(this.id, label)));
      }
      if (footer) {
        rows.push(new RowNode(this, footer));
      }
      return rows;
    });
  }

  /** The records the view's filters keep; kinds whose rows are not certificates are not filtered. */
  private filtered(records: readonly unknown[]): readonly unknown[] {
    const filter = this.services.filter();
    const module = this.module;
    if (!isFiltering(filter) || !module.expiresOn || !module.filterTerms) {
      return records;
    }
    const settings = this.services.expirySettings();
    return records.filter((record) => matchesFilter(filter, module.filterTerms?.(record) ?? [], expiryOf(module.expiresOn?.(record), settings)));
  }

  dashboardUrl(): string {
    return this.module.dashboardUrl(this.scope, undefined);
  }

  childrenCacheKey(): string {
    return listCacheKey(this.module.kind, this.scope);
  }
}

/** One certificate of any kind: commands ask it, and it asks its kind's module. */
export class CertificateNode implements TreeNode {
  readonly kind = "certificate";
  readonly id: string;
  constructor(
    private readonly services: TreeServices,
    readonly parent: CertificateGroupNode,
    /** Opaque outside its kind's module, which listed it. */
    readonly record: unknown,
  ) {
    // The id without building the whole row (tooltip and all) twice for every certificate.
    this.id = rowIds.certificate(parent.module.kind, parent.scope, parent.module.id(record));
  }

  private get module(): AnyKindModule {
    return this.parent.module;
  }

  get certificateKind(): CertificateKind {
    return this.module.kind;
  }

  get scope(): CertificateScope {
    return this.parent.scope;
  }

  get account(): Account {
    return this.scope.account;
  }

  /** Cloudflare's id of the certificate. */
  get certificateId(): string {
    return this.module.id(this.record);
  }

  get name(): string {
    return this.module.name(this.record);
  }

  /** "an mTLS certificate", for messages. */
  get noun(): string {
    return this.module.noun;
  }

  private row(): RowView {
    return this.module.row(this.scope, this.record, this.services.expirySettings());
  }

  getTreeItem(): vscode.TreeItem {
    const item = treeItemFromRow(this.row());
    if (this.module.details) {
      item.command = { command: CommandIds.showCertificateDetails, title: "Show Certificate Details", arguments: [this] };
    }
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return loadChildren(this.services, this, async () => {
      const rows = await this.module.children(this.services.repository, this.scope, this.record, this.id);
      return rows.map((row) => new RowNode(this, row));
    });
  }

  childrenCacheKey(): string | undefined {
    return this.module.childrenCacheKey(this.scope, this.record);
  }

  pem(): string | undefined {
    return this.module.pem(this.record);
  }

  fingerprint(decoder: () => Promise<CertificateDecoder>): Promise<{ readonly value: string; readonly what: string } | undefined> {
    return this.module.fingerprint(this.record, decoder);
  }

  dashboardUrl(): string {
    return this.module.dashboardUrl(this.scope, this.record);
  }

  /** Undefined for rows that have no details view. */
  details(context: KindContext): Promise<KindDetails> | undefined {
    return this.module.details?.(context, this.scope, this.record);
  }

  get deletable(): boolean {
    return this.module.deletion !== undefined;
  }

  /** What the delete confirmation says; undefined for kinds that are never deleted. */
  describeDeletion(): Promise<DeletionItem> | undefined {
    return this.module.deletion?.describe(this.services.repository, this.scope, this.record);
  }

  delete(signal: AbortSignal): Promise<DeletionOutcome> {
    const deletion = this.module.deletion;
    if (!deletion) {
      throw new Error(`${this.module.noun} cannot be deleted`);
    }
    return deletion.delete(this.services.repository, this.scope, this.record, signal);
  }
}

export function isCertificateNode(value: unknown): value is CertificateNode {
  return value instanceof CertificateNode;
}

/** A group a certificate can be uploaded into, or an account (the upload then asks where). */
export function isUploadTarget(value: unknown): value is CertificateGroupNode | AccountNode {
  return value instanceof CertificateGroupNode || value instanceof AccountNode;
}

export function isZonesGroupNode(value: unknown): value is ZonesGroupNode {
  return value instanceof ZonesGroupNode;
}

export function isCertificateGroupNode(value: unknown): value is CertificateGroupNode {
  return value instanceof CertificateGroupNode;
}
