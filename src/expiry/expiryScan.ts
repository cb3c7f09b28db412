// The expiry scan: every certificate of every kind with an expiry (account mTLS, Access on
// accounts and zones, client certificates) in the shown accounts, read through the repository so
// the tree and the scan share one cache, each read admitted and paced by the RequestPacer (a
// quarter of the rate budget Cloudflare reports left, two at a time). A read that fails is noted
// and the scan goes on; the result says what could not be read.
import type { RequestPacer } from "../cloudflare/requestPacer";
import type { Account, Zone } from "../cloudflare/types";
import { accountScope, scopeLabel, zoneScope, type CertificateScope, type ScopeKind } from "../views/certificateKind";
import type { CertificateRepository } from "../views/certificateRepository";
import type { AnyKindModule } from "../views/kinds/index";
import type { WatchedCertificate } from "./expiryReport";

export interface ExpiryScanResult {
  readonly certificates: readonly WatchedCertificate[];
  /** What could not be read, one line each ("Access certificates of zone example.com: …"). */
  readonly failures: readonly string[];
  /** Accounts with more zones than the limit: how many of their zones were not looked through. */
  readonly zonesSkipped: number;
  /** Reads made (cached ones included). */
  readonly reads: number;
}

export interface ExpiryScanOptions {
  readonly repository: CertificateRepository;
  readonly kindsIn: (scope: ScopeKind) => readonly AnyKindModule[];
  readonly pacer: RequestPacer;
  /** Accounts with at most this many zones have every zone looked through. */
  readonly zoneLimit: number;
  /** Beyond the limit, the zones the user expanded or pinned (of any account). */
  readonly watchedZones: () => readonly Zone[];
  readonly describeError: (error: unknown) => string;
  readonly signal: AbortSignal;
  /** Reads done and known so far (the total grows as zones are listed). */
  readonly onProgress?: (done: number, known: number) => void;
  /** Reads at once (the pacer bounds requests too). Default 2. */
  readonly concurrency?: number;
}

function parseDate(value: string | undefined): Date | undefined {
  if (!value) {
    return undefined;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === "AbortError";
}

/** The kinds of a scope whose certificates have an expiry. */
function watchedKinds(kindsIn: ExpiryScanOptions["kindsIn"], scope: ScopeKind): AnyKindModule[] {
  return kindsIn(scope).filter((module) => module.expiresOn !== undefined);
}

export async function scanExpiry(options: ExpiryScanOptions): Promise<ExpiryScanResult> {
  const { pacer, signal } = options;
  const certificates: WatchedCertificate[] = [];
  const failures: string[] = [];
  let zonesSkipped = 0;
  let done = 0;
  let known = 1;
  const queue: (() => Promise<void>)[] = [];

  const progress = (): void => options.onProgress?.(done, known);

  /** One read, admitted by the pacer and run in its pace; a failure is noted, not thrown. */
  const read = async <T>(what: string, load: () => Promise<T>): Promise<T | undefined> => {
    const admission = await pacer.admit(signal);
    try {
      return await pacer.pace(load);
    } catch (error) {
      if (isAbort(error) || signal.aborted) {
        throw error;
      }
      failures.push(`${what}: ${options.describeError(error)}`);
      return undefined;
    } finally {
      admission.done();
      done += 1;
      progress();
    }
  };

  const enqueue = (task: () => Promise<void>): void => {
    known += 1;
    queue.push(task);
  };

  const listKind = (module: AnyKindModule, scope: CertificateScope): (() => Promise<void>) => {
    return async () => {
      const records = await read(`${module.groupRow(scope).label} of ${scopeLabel(scope)}`, () => module.list(options.repository, scope));
      for (const record of records ?? []) {
        const notAfter = parseDate(module.expiresOn?.(record));
        if (notAfter) {
          const certificateId = module.id(record);
          certificates.push({
            kind: module.kind,
            location: { kind: module.kind, accountId: scope.account.id, scope: { kind: scope.kind, id: scope.id }, certificateId },
            name: module.name(record),
            where: scopeLabel(scope),
            notAfter,
          });
        }
      }
    };
  };

  // An account's zones come a page at a time (50): page 1 says how many there are. Within the
  // limit, every page is read (through the repository's cache, so pages the tree showed cost
  // nothing); beyond it, only the zones the user expanded or pinned, and no more pages.
  const listZones = (account: Account): (() => Promise<void>) => {
    return async () => {
      const label = `zones of ${account.name || account.id}`;
      const first = await read(label, () => options.repository.zonePage(account.id, 1));
      if (!first) {
        return;
      }
      let chosen: Zone[];
      const total = first.totalCount ?? (first.hasMore ? Number.POSITIVE_INFINITY : first.zones.length);
      if (total <= options.zoneLimit) {
        chosen = [...first.zones];
        for (let page = 2, more = first.hasMore; more && chosen.length < options.zoneLimit; page += 1) {
          const next = await read(label, () => options.repository.zonePage(account.id, page));
          if (!next) {
            return;
          }
          chosen.push(...next.zones);
          more = next.hasMore;
        }
      } else {
        chosen = options.watchedZones().filter((zone) => zone.account.id === account.id);
        zonesSkipped += Number.isFinite(total) ? total - chosen.length : 0;
      }
      for (const zone of chosen) {
        for (const module of watchedKinds(options.kindsIn, "zones")) {
          enqueue(listKind(module, zoneScope(account, zone)));
        }
      }
    };
  };

  const accounts = await read("accounts", () => options.repository.visibleAccounts());
  for (const account of accounts ?? []) {
    for (const module of watchedKinds(options.kindsIn, "accounts")) {
      enqueue(listKind(module, accountScope(account)));
    }
    enqueue(listZones(account));
  }
  progress();

  // Listing zones adds reads while the workers run: go again until nothing is left.
  while (queue.length > 0) {
    await Promise.all(
      Array.from({ length: Math.max(1, options.concurrency ?? 2) }, async () => {
        for (let task = queue.shift(); task; task = queue.shift()) {
          await task();
        }
      }),
    );
  }
  certificates.sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime());
  return { certificates, failures, zonesSkipped, reads: done };
}
