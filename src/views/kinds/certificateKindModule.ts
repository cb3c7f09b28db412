// What every kind of certificate tells the rest of the extension: the one place that holds what
// differs between kinds. The tree builds groups and rows from it, and commands ask a certificate
// node's kind instead of testing its class. A new kind is a module implementing this, plus one
// row in ./index.ts (which the compiler then demands), its sandbox routes and its manifest entries.
import type { CertificateDecoder } from "../../certificateDecoder";
import type { CommandId } from "../../identifiers";
import type { Prompts } from "../../prompts";
import type { CertificateDocument } from "../../certificates/read";
import type { CertificateRepository } from "../certificateRepository";
import type { CertificateKind, CertificateScope, ScopeKind } from "../certificateKind";
import type { DetailsViewModel } from "../detailsModel";
import type { DetailsAction } from "../detailsProtocol";
import type { ExpirySettings, RowView } from "../treeModel";

/** A command a row runs when clicked; `node` passes the row's owner, `retry` the owner's branch. */
export interface RowCommand {
  readonly id: CommandId;
  readonly title: string;
  readonly argument: "none" | "owner" | "retryOwner";
}

/** A row below a certificate (an association, a hostname, or a message such as "none"). */
export interface ChildRow {
  readonly row: RowView;
  readonly command?: RowCommand;
}

/** A certificate file on this machine that matches a remote certificate. */
export interface LocalCertificateMatch {
  readonly fileLabel: string;
  readonly document: CertificateDocument;
}

/** Local certificate files, for kinds whose PEM Cloudflare does not return (Access). */
export interface LocalCertificateFiles {
  /** The workspace file holding a certificate with this MD5 fingerprint, if any (trusted workspaces only). */
  findByMd5(fingerprint: string): Promise<LocalCertificateMatch | undefined>;
  /** A file the user picks; undefined when they cancel. */
  pick(title: string): Promise<LocalCertificateMatch | undefined>;
}

/** What a kind needs from the extension to answer a command; the command supplies it. */
export interface KindContext {
  readonly repository: CertificateRepository;
  readonly prompts: Prompts;
  readonly now: () => Date;
  readonly expiry: () => ExpirySettings;
  readonly decoder: () => Promise<CertificateDecoder>;
  readonly localFiles: LocalCertificateFiles;
}

/** The details view of one certificate, and what its kind-specific buttons do. */
export interface KindDetails {
  readonly model: DetailsViewModel;
  /** Handlers for the actions `model` offers; "savePem" is handled by the command for every kind with a PEM. */
  readonly onAction?: (action: DetailsAction, update: (model: DetailsViewModel) => void) => Promise<void>;
}

/** What the delete confirmation says about one certificate. */
export interface DeletionItem {
  readonly name: string;
  /** e.g. "mTLS CA certificate". */
  readonly kindLabel: string;
  /** e.g. "account Acme". */
  readonly where: string;
  /** What breaks, or what is done first, in one or two sentences. */
  readonly consequence: string;
}

export type DeletionOutcome = { readonly outcome: "deleted" } | { readonly outcome: "inUse"; readonly message: string };

export interface CertificateKindModule<R, K extends CertificateKind = CertificateKind> {
  readonly kind: K;
  /** The scopes whose tree rows show a group of this kind, in this order. */
  readonly scopes: readonly ScopeKind[];
  /** "an Access root certificate", as in "Uploaded X as …". */
  readonly noun: string;
  /** The API token permission that lists this kind, as the dashboard names it, e.g. "Zone · SSL and Certificates: Read". */
  readonly permission: string;
  /** Every contextValue this kind's rows carry (test/manifest.test.ts matches menus against them). */
  readonly contextValues: readonly string[];

  groupRow(scope: CertificateScope): RowView;
  /** The row of an empty group; clicking it uploads into the group unless `emptyGroupCommand` says otherwise. */
  emptyGroupLabel(scope: CertificateScope): string;
  readonly emptyGroupCommand?: RowCommand;
  list(repository: CertificateRepository, scope: CertificateScope): Promise<readonly R[]>;
  /** A last row below the group's certificates (e.g. "2 revoked certificates hidden"), if any. */
  groupFooter?(repository: CertificateRepository, scope: CertificateScope, groupId: string): Promise<ChildRow | undefined>;

  id(record: R): string;
  name(record: R): string;
  /**
   * When the certificate expires (RFC 3339, as Cloudflare sends it), for the expiry watch and the
   * tree's expiring filter; undefined when unknown or when it no longer matters (a revoked client
   * certificate). Absent for kinds whose rows are not certificates.
   */
  expiresOn?(record: R): string | undefined;
  /** What the tree's text filter matches: the name, common name or issuer, and hostnames. */
  filterTerms?(record: R): readonly string[];
  row(scope: CertificateScope, record: R, settings: ExpirySettings): RowView;
  children(repository: CertificateRepository, scope: CertificateScope, record: R, rowId: string): Promise<readonly ChildRow[]>;
  /** The cache key a Retry on the certificate's children reloads, if its children come from Cloudflare. */
  childrenCacheKey(scope: CertificateScope, record: R): string | undefined;

  /** The PEM Cloudflare returned, when it returns one. */
  pem(record: R): string | undefined;
  fingerprint(record: R, decoder: () => Promise<CertificateDecoder>): Promise<{ readonly value: string; readonly what: string } | undefined>;
  dashboardUrl(scope: CertificateScope, record: R | undefined): string;
  /** Absent for rows that are not one certificate (a zone's hostname associations). */
  details?(context: KindContext, scope: CertificateScope, record: R): Promise<KindDetails>;

  /** Absent for kinds that are never deleted (client certificates are revoked instead). */
  readonly deletion?: KindDeletion<R>;
}

/**
 * The typed record of a certificate node of `kind`, for commands that act on one kind only (Edit
 * Hostnames, Revoke…); undefined for a node of any other kind. Sound because a node's record was
 * listed by its own kind's module.
 */
export function recordOfKind<R>(kind: CertificateKind): (node: { readonly certificateKind: string; readonly record: unknown } | undefined) => R | undefined {
  return (node) => (node?.certificateKind === kind ? (node.record as R) : undefined);
}

export interface KindDeletion<R> {
  describe(repository: CertificateRepository, scope: CertificateScope, record: R): Promise<DeletionItem>;
  delete(repository: CertificateRepository, scope: CertificateScope, record: R, signal: AbortSignal): Promise<DeletionOutcome>;
}
