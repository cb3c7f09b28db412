// 4. The tree model: every row the Cloudflare mTLS view can show for 5,000 certificates across
// 10 accounts, built with the pure row functions of src/views/treeModel.ts and the kinds (src/views/kinds) from API-shaped results
// (what the node classes call for each getTreeItem). No reference: the number to watch is the
// time per row, against a frame of ~16 ms.
import { randomUUID } from "node:crypto";
import type { AccessCertificate, Account, MtlsCertificate, MtlsCertificateAssociation } from "../../src/cloudflare/types";
import { accountScope, rowIds } from "../../src/views/certificateKind";
import { accessCertificateRow, accessGroupRow, hostnameRow } from "../../src/views/kinds/accessCertificates";
import { associationRow, mtlsCertificateRow, mtlsGroupRow } from "../../src/views/kinds/mtlsCertificates";
import { accountRow, zonesGroupRow, type ExpirySettings, type RowView } from "../../src/views/treeModel";
import { formatCount, formatMs, median, spread } from "./stats";
import type { BenchSection } from "./table";

export const ACCOUNTS = 10;
export const CERTIFICATES = 5000;
const DAY = 86_400_000;

interface AccountData {
  readonly account: Account;
  readonly mtls: readonly MtlsCertificate[];
  readonly access: readonly AccessCertificate[];
  readonly associations: ReadonlyMap<string, readonly MtlsCertificateAssociation[]>;
}

export interface TreeModelResult {
  readonly certificates: number;
  readonly accounts: number;
  readonly certificateLevel: Timing;
  readonly expanded: Timing;
  readonly runs: number;
}

/** Half account mTLS (a few CAs, mostly leaves), half Access; valid, expiring and expired mixed. */
function makeData(now: Date): AccountData[] {
  const perAccount = CERTIFICATES / ACCOUNTS;
  const expiry = (index: number) => new Date(now.getTime() + ((index % 7) - 1) * 20 * DAY + (index % 13) * DAY).toISOString();
  return Array.from({ length: ACCOUNTS }, (_, accountIndex) => {
    const account: Account = { id: randomUUID().replace(/-/g, ""), name: `Example Account ${accountIndex}`, type: accountIndex === 0 ? "enterprise" : "standard" };
    const mtls = Array.from({ length: perAccount / 2 }, (_, index): MtlsCertificate => ({
      id: randomUUID(),
      name: `mTLS certificate ${index} <${account.name}>`,
      ca: index % 10 === 0,
      certificates: "",
      issuer: `CN=Example Intermediate CA ${index % 3}, O=Example Inc., C=US`,
      serial_number: (1_000_000 + index).toString(16),
      signature: index % 2 === 0 ? "SHA256WithRSA" : "ECDSAWithSHA256",
      expires_on: expiry(index),
      uploaded_on: new Date(now.getTime() - 100 * DAY).toISOString(),
      type: index % 25 === 0 ? "gateway_managed" : "custom",
    }));
    const access = Array.from({ length: perAccount / 2 }, (_, index): AccessCertificate => ({
      id: randomUUID(),
      name: `Access root ${index}`,
      associated_hostnames: [`app${index}.example.com`, `api${index}.example.com`],
      fingerprint: `MD5 Fingerprint=${randomUUID().replace(/-/g, "").toUpperCase().replace(/(..)(?!$)/g, "$1:")}`,
      expires_on: expiry(index + 3),
      created_at: new Date(now.getTime() - 50 * DAY).toISOString(),
      updated_at: new Date(now.getTime() - 5 * DAY).toISOString(),
    }));
    const associations = new Map(mtls.map((certificate, index) => [certificate.id, index % 3 === 0 ? [{ service: "api_shield", status: "active" }] : []]));
    return { account, mtls, access, associations };
  });
}

/** The rows down to the certificates: what a user sees with every account and group expanded. */
function certificateLevel(data: readonly AccountData[], settings: ExpirySettings): RowView[] {
  const rows: RowView[] = [];
  for (const { account, mtls, access } of data) {
    const scope = accountScope(account);
    rows.push(accountRow(account), mtlsGroupRow(scope), accessGroupRow(scope), zonesGroupRow(account.id));
    for (const certificate of mtls) {
      rows.push(mtlsCertificateRow(scope, certificate, settings));
    }
    for (const certificate of access) {
      rows.push(accessCertificateRow(scope, certificate, settings));
    }
  }
  return rows;
}

/** Everything, each certificate expanded too: its associations or its hostnames. */
function expanded(data: readonly AccountData[], settings: ExpirySettings): RowView[] {
  const rows = certificateLevel(data, settings);
  for (const { account, mtls, access, associations } of data) {
    const scope = accountScope(account);
    for (const certificate of mtls) {
      const parent = rowIds.certificate("mtlsCertificate", scope, certificate.id);
      (associations.get(certificate.id) ?? []).forEach((association, index) => rows.push(associationRow(parent, association, index)));
    }
    for (const certificate of access) {
      const parent = rowIds.certificate("accessCertificate", scope, certificate.id);
      for (const hostname of certificate.associated_hostnames) {
        rows.push(hostnameRow(parent, hostname));
      }
    }
  }
  return rows;
}

interface Timing {
  readonly rows: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/** Both builds `runs` times after one warm-up, taking turns, so load elsewhere weighs on both alike. */
function timeInTurns(runs: number, builds: readonly (() => RowView[])[]): Timing[] {
  const rows = builds.map((build) => build().length);
  const samples = builds.map((): number[] => []);
  for (let run = 0; run < runs; run++) {
    builds.forEach((build, index) => {
      const started = performance.now();
      const built = build();
      samples[index]?.push(performance.now() - started);
      if (built.length !== rows[index]) {
        throw new Error(`built ${built.length} rows, expected ${rows[index]}`);
      }
    });
  }
  return samples.map((times, index) => ({ rows: rows[index] ?? 0, medianMs: median(times), ...minMax(times) }));
}

function minMax(times: readonly number[]): { minMs: number; maxMs: number } {
  const { min, max } = spread(times);
  return { minMs: min, maxMs: max };
}

export function benchTreeModel(runs: number, progress: (line: string) => void): TreeModelResult {
  const now = new Date();
  const settings: ExpirySettings = { now, warningDays: 30 };
  const data = makeData(now);
  const [levelTiming, expandedTiming] = timeInTurns(runs, [() => certificateLevel(data, settings), () => expanded(data, settings)]);
  if (!levelTiming || !expandedTiming) {
    throw new Error("tree model: a build was not timed");
  }
  const result: TreeModelResult = { certificates: CERTIFICATES, accounts: ACCOUNTS, certificateLevel: levelTiming, expanded: expandedTiming, runs };
  progress(`tree model: ${formatMs(result.certificateLevel.medianMs)} for ${formatCount(result.certificateLevel.rows)} rows`);
  return result;
}

function perRow(timing: Timing): string {
  return `${((timing.medianMs * 1000) / timing.rows).toFixed(1)} µs a row`;
}

export function treeModelSection(result: TreeModelResult): BenchSection {
  return {
    title: `Tree model: ${formatCount(result.certificates)} certificates across ${result.accounts} accounts (src/views/treeModel.ts, ${result.runs} runs)`,
    rows: [
      {
        measurement: "rows down to certificates",
        ours: `${formatMs(result.certificateLevel.medianMs)} (${formatCount(result.certificateLevel.rows)} rows)`,
        reference: "",
        ratio: "",
        note: perRow(result.certificateLevel),
      },
      {
        measurement: "every row, all expanded",
        ours: `${formatMs(result.expanded.medianMs)} (${formatCount(result.expanded.rows)} rows)`,
        reference: "",
        ratio: "",
        note: `${perRow(result.expanded)}; + associations and hostnames`,
      },
    ],
  };
}
