// The extension-host side of the scale bench, in its own Node process (run with --expose-gc by
// ./scale.ts, which keeps the sandbox in the parent so none of its allocations or CPU land here):
// the tree and repository as activate() wires them (test/support/treeInNode.ts), and the details
// panels of DetailsPanelManager on a stand-in webview panel. Ten rounds of: Refresh, expand the
// 5,000-zone account's Zones group, Show more to the end, open and close 50 details panels; then
// the heap after global.gc(). Prints one JSON line (ScaleHostReport) on stdout.
import "../support/vscodeModule";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { getHeapSnapshot, getHeapSpaceStatistics } from "node:v8";
import * as vscode from "vscode";
import { loadCertificateDecoder } from "../../src/certificateDecoder";
import { ExtensionLog } from "../../src/log";
import { DetailsPanelManager } from "../../src/views/detailsPanel";
import type { KindContext } from "../../src/views/kinds/certificateKindModule";
import { isCertificateGroupNode, isCertificateNode, isZonesGroupNode, type TreeNode } from "../../src/views/treeNodes";
import { strict } from "../support/vscodeStandIn";
import { treeInNode } from "../support/treeInNode";
import { median } from "./stats";

export interface ScaleHostReport {
  /** heapUsed after global.gc(), bytes, one per round. */
  readonly heapBytes: readonly number[];
  /** Of which V8's code space (code compiled as the JIT warms up, not data we keep), bytes, one per round. */
  readonly codeBytes: readonly number[];
  /** The longest getChildren + getTreeItem of every row of the Zones group (what one tree refresh costs the host), ms. */
  readonly longestTreeTaskMs: number;
  /** Zone rows when that longest task ran. */
  readonly longestTreeTaskRows: number;
  /**
   * The same task's CPU time (process.cpuUsage, user + system): what it costs a core of its own.
   * On a shared, loaded machine the wall time above also holds the time the process waited for a core.
   */
  readonly longestTreeTaskCpuMs: number;
  readonly longestTreeTaskCpuRows: number;
  /**
   * The longest task as the main thread ran it, bounded from above: for each task the smaller of
   * its wall time (which also counts waits for a core) and its process CPU time (which also counts
   * V8's GC helper threads working in parallel; it exceeded the wall time in the longest tasks),
   * as neither alone is the event loop's own time and Node 20 cannot read one thread's CPU time.
   */
  readonly longestTreeTaskMainThreadMs: number;
  readonly longestTreeTaskMainThreadRows: number;
  /** Median CPU time of those refreshes, ms. */
  readonly medianTreeTaskCpuMs: number;
  /** Median wall time of a refresh with all 5,000 zones shown, ms. */
  readonly medianFullRefreshMs: number;
  /** perf_hooks monitorEventLoopDelay over the browsing of rounds 2 to 10 (round 1 loads modules): the longest the loop was held, ms. */
  readonly eventLoopMaxMs: number;
  /** The median over those rounds of each round's 99th percentile, ms. */
  readonly eventLoopP99Ms: number;
  /**
   * Growth from round 2 to the last, by heap snapshot node type, bytes: "code" is V8's compiled
   * code and its metadata; "object", "closure", "string", "array" … are data the program keeps.
   */
  readonly snapshotGrowthByType: Readonly<Record<string, number>>;
  /** Webview panels still open (not disposed) after each round's 50 were closed. */
  readonly panelsLeftOpen: number;
  readonly zonesShown: number;
  readonly panelsPerRound: number;
}

/** Bytes of the live heap by the snapshot's node type ("object", "closure", "string", "code", …), from a full heap snapshot. */
async function heapBytesByType(): Promise<Record<string, number>> {
  const chunks: Buffer[] = [];
  for await (const chunk of getHeapSnapshot()) {
    chunks.push(chunk as Buffer);
  }
  const snapshot = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
    nodes: number[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const typeNames = snapshot.snapshot.meta.node_types[0];
  const typeField = fields.indexOf("type");
  const sizeField = fields.indexOf("self_size");
  const bytes: Record<string, number> = {};
  for (let index = 0; index < snapshot.nodes.length; index += fields.length) {
    const type = typeNames[snapshot.nodes[index + typeField] ?? 0] ?? "unknown";
    bytes[type] = (bytes[type] ?? 0) + (snapshot.nodes[index + sizeField] ?? 0);
  }
  return bytes;
}

const ROUNDS = Number(process.env["SCALE_BENCH_ROUNDS"] ?? 10);
const PANELS = 50;

class Emitter<T> {
  private listeners: ((value: T) => void)[] = [];
  readonly event = (listener: (value: T) => void): vscode.Disposable => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((other) => other !== listener)) };
  };
  fire(value: T): void {
    [...this.listeners].forEach((listener) => listener(value));
  }
  get count(): number {
    return this.listeners.length;
  }
}

/** Webview panels as VS Code makes them, closed by dispose() (what closing the tab does). */
function standInPanels(): { readonly open: Set<object> } {
  const open = new Set<object>();
  const create = (_viewType: string, title: string) => {
    const disposed = new Emitter<void>();
    const received = new Emitter<unknown>();
    const webview = strict("Webview", {
      html: "",
      options: {},
      cspSource: "vscode-webview://stand-in",
      asWebviewUri: (uri: vscode.Uri) => uri,
      onDidReceiveMessage: received.event,
      postMessage: () => Promise.resolve(true),
    });
    let isDisposed = false;
    const panel = strict("WebviewPanel", {
      title,
      iconPath: undefined,
      webview,
      reveal: () => undefined,
      onDidDispose: disposed.event,
      dispose: () => {
        if (!isDisposed) {
          isDisposed = true;
          open.delete(panel);
          disposed.fire();
        }
      },
    });
    open.add(panel);
    return panel;
  };
  Object.defineProperty(vscode.window, "createWebviewPanel", { value: create, configurable: true, writable: true });
  return { open };
}

function growthByType(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const growth: Record<string, number> = {};
  for (const type of new Set([...Object.keys(before), ...Object.keys(after)])) {
    growth[type] = (after[type] ?? 0) - (before[type] ?? 0);
  }
  return growth;
}

async function main(): Promise<void> {
  const [baseUrl, token] = process.argv.slice(2);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!baseUrl || !token || !gc) {
    throw new Error("usage: node --expose-gc --require tsx/cjs scaleHost.ts <baseUrl> <token>");
  }
  const panels = standInPanels();
  const view = await treeInNode(baseUrl, token);
  const log = new ExtensionLog("scale bench");
  const details = new DetailsPanelManager(vscode.Uri.file("/tmp/cloudflare-mtls-bench"), log);
  const refuse = (what: string) => () => Promise.reject(new Error(`the scale bench does not ${what}`));
  const context: KindContext = {
    repository: view.repository,
    prompts: strict("Prompts", {}) as unknown as KindContext["prompts"],
    now: () => new Date(),
    expiry: () => ({ now: new Date(), warningDays: 30 }),
    decoder: loadCertificateDecoder,
    localFiles: { findByMd5: refuse("search files"), pick: refuse("pick files") },
  };

  let longestTreeTaskMs = 0;
  let longestTreeTaskRows = 0;
  let longestTreeTaskCpuMs = 0;
  let longestTreeTaskCpuRows = 0;
  let longestTreeTaskMainThreadMs = 0;
  let longestTreeTaskMainThreadRows = 0;
  const refreshCpuMs: number[] = [];
  const fullRefreshMs: number[] = [];
  /** What one refresh of the group costs the host once its pages are loaded: VS Code's getChildren, then getTreeItem for each row. */
  const timeRefresh = async (group: TreeNode): Promise<number> => {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const rows = await view.tree.getChildren(group);
    rows.forEach((row) => view.tree.getTreeItem(row));
    const cpu = process.cpuUsage(cpuBefore);
    const ms = performance.now() - started;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const zones = rows.filter((row) => row.kind === "zone").length;
    refreshCpuMs.push(cpuMs);
    if (ms > longestTreeTaskMs) {
      longestTreeTaskMs = ms;
      longestTreeTaskRows = zones;
    }
    if (cpuMs > longestTreeTaskCpuMs) {
      longestTreeTaskCpuMs = cpuMs;
      longestTreeTaskCpuRows = zones;
    }
    const mainThreadMs = Math.min(ms, cpuMs);
    if (mainThreadMs > longestTreeTaskMainThreadMs) {
      longestTreeTaskMainThreadMs = mainThreadMs;
      longestTreeTaskMainThreadRows = zones;
    }
    if (zones === 5000) {
      fullRefreshMs.push(ms);
    }
    return zones;
  };

  // One histogram a round, over its browsing only (Refresh, Show more, panels): the forced GCs and
  // heap snapshots between rounds are the bench's, not the extension's. Round 1 loads the
  // decoder's modules and compiles everything once; rounds 2 to 10 are what a user browses.
  const loopMaxMs: number[] = [];
  const loopP99Ms: number[] = [];
  const heapBytes: number[] = [];
  const codeBytes: number[] = [];
  const snapshots: Record<string, number>[] = [];
  let zonesShown = 0;
  let panelsLeftOpen = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    view.repository.invalidateAll();
    const [accountRow] = await view.expand();
    if (!accountRow) {
      throw new Error("no account shown");
    }
    const accountChildren = await view.expand(accountRow.node);
    const group = accountChildren.map((row) => row.node).find(isZonesGroupNode);
    const mtlsGroup = accountChildren.map((row) => row.node).find((node) => isCertificateGroupNode(node) && node.certificateKind === "mtlsCertificate");
    if (!group || !mtlsGroup) {
      throw new Error("the account shows no Zones or mTLS Certificates group");
    }
    // Show more to the end, as a user clicking it would: each click, one page, one refresh.
    for (;;) {
      const rows = await view.expand(group);
      const last = rows.at(-1);
      if (last?.item.command?.command !== "cloudflareMtls.showMoreZones") {
        break;
      }
      await timeRefresh(group);
      view.repository.showMoreZones(group.account.id);
    }
    zonesShown = await timeRefresh(group);

    const certificates = (await view.tree.getChildren(mtlsGroup)).filter(isCertificateNode).slice(0, PANELS);
    if (certificates.length < PANELS) {
      throw new Error(`only ${certificates.length} certificates to open`);
    }
    for (const certificate of certificates) {
      const shown = certificate.details(context);
      if (!shown) {
        throw new Error(`${certificate.name} has no details view`);
      }
      const { model } = await shown;
      details.show(certificate.id, "cloudflare", model, () => Promise.resolve());
    }
    for (const panel of [...panels.open]) {
      (panel as vscode.WebviewPanel).dispose();
    }
    panelsLeftOpen = Math.max(panelsLeftOpen, panels.open.size);
    // Let every pending callback run before measuring; the forced collections are ours, not the extension's.
    await new Promise((resolve) => setImmediate(resolve));
    loop.disable();
    if (round > 0) {
      loopMaxMs.push(loop.max / 1e6);
      loopP99Ms.push(loop.percentile(99) / 1e6);
    }
    gc();
    gc();
    heapBytes.push(process.memoryUsage().heapUsed);
    if (round === 1 || round === ROUNDS - 1) {
      // Round 2 and the last: what the heap holds, by kind, to tell data kept from code compiled.
      snapshots.push(await heapBytesByType());
    }
    const code = getHeapSpaceStatistics().find((space) => space.space_name === "code_space")?.space_used_size ?? 0;
    codeBytes.push(code);
    process.stderr.write(`[scale host] round ${round + 1}: heap ${((heapBytes.at(-1) ?? 0) / 2 ** 20).toFixed(2)} MiB, code ${(code / 2 ** 20).toFixed(2)} MiB\n`);
  }
  details.dispose();
  log.dispose();
  view.dispose();
  const report: ScaleHostReport = {
    heapBytes,
    codeBytes,
    longestTreeTaskMs,
    longestTreeTaskRows,
    longestTreeTaskCpuMs,
    longestTreeTaskCpuRows,
    longestTreeTaskMainThreadMs,
    longestTreeTaskMainThreadRows,
    medianTreeTaskCpuMs: median(refreshCpuMs),
    medianFullRefreshMs: median(fullRefreshMs),
    eventLoopMaxMs: Math.max(...loopMaxMs),
    eventLoopP99Ms: median(loopP99Ms),
    snapshotGrowthByType: growthByType(snapshots[0] ?? {}, snapshots[1] ?? {}),
    panelsLeftOpen,
    zonesShown,
    panelsPerRound: PANELS,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[scale host] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
