// The extension-host side of the scale bench, in its own Node process (run with --expose-gc by
// ./scale.ts, which keeps the sandbox in the parent so none of its allocations or CPU land here):
// the tree and repository as activate() wires them (test/support/treeInNode.ts), and the details
// panels of DetailsPanelManager on a stand-in webview panel. Ten rounds of: Refresh, expand the
// 5,000-zone account's Zones group, Show more to the end, open and close 50 details panels; then
// the heap after global.gc(). Prints one JSON line (ScaleHostReport) on stdout.
import "../support/vscodeModule";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { getHeapSpaceStatistics } from "node:v8";
import * as vscode from "vscode";
import { loadCertificateDecoder } from "../../src/certificateDecoder";
import { ExtensionLog } from "../../src/log";
import { DetailsPanelManager } from "../../src/views/detailsPanel";
import type { KindContext } from "../../src/views/kinds/certificateKindModule";
import { isCertificateGroupNode, isCertificateNode, isZonesGroupNode, type TreeNode } from "../../src/views/treeNodes";
import { strict } from "../support/vscodeStandIn";
import { treeInNode } from "../support/treeInNode";

export interface ScaleHostReport {
  /** heapUsed after global.gc(), bytes, one per round. */
  readonly heapBytes: readonly number[];
  /** Of which V8's code space (code compiled as the JIT warms up, not data we keep), bytes, one per round. */
  readonly codeBytes: readonly number[];
  /** The longest getChildren + getTreeItem of every row of the Zones group (what one tree refresh costs the host), ms. */
  readonly longestTreeTaskMs: number;
  /** Zone rows when that longest task ran. */
  readonly longestTreeTaskRows: number;
  /** perf_hooks monitorEventLoopDelay over rounds 2 to 10 (round 1 loads modules), forced GCs left out: the longest the loop was held, ms. */
  readonly eventLoopMaxMs: number;
  readonly eventLoopP99Ms: number;
  /** Webview panels still open (not disposed) after each round's 50 were closed. */
  readonly panelsLeftOpen: number;
  readonly zonesShown: number;
  readonly panelsPerRound: number;
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
  /** What one refresh of the group costs the host once its pages are loaded: VS Code's getChildren, then getTreeItem for each row. */
  const timeRefresh = async (group: TreeNode): Promise<number> => {
    const started = performance.now();
    const rows = await view.tree.getChildren(group);
    rows.forEach((row) => view.tree.getTreeItem(row));
    const ms = performance.now() - started;
    const zones = rows.filter((row) => row.kind === "zone").length;
    if (ms > longestTreeTaskMs) {
      longestTreeTaskMs = ms;
      longestTreeTaskRows = zones;
    }
    return zones;
  };

  const loop = monitorEventLoopDelay({ resolution: 5 });
  const heapBytes: number[] = [];
  const codeBytes: number[] = [];
  let zonesShown = 0;
  let panelsLeftOpen = 0;
  loop.enable();
  for (let round = 0; round < ROUNDS; round++) {
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
    gc();
    gc();
    heapBytes.push(process.memoryUsage().heapUsed);
    const code = getHeapSpaceStatistics().find((space) => space.space_name === "code_space")?.space_used_size ?? 0;
    codeBytes.push(code);
    if (round === 0) {
      // Round 1 loads the decoder's modules and compiles everything once: the rounds after it are browsing.
      loop.reset();
    }
    loop.enable();
    process.stderr.write(`[scale host] round ${round + 1}: heap ${((heapBytes.at(-1) ?? 0) / 2 ** 20).toFixed(2)} MiB, code ${(code / 2 ** 20).toFixed(2)} MiB\n`);
  }
  loop.disable();
  details.dispose();
  log.dispose();
  view.dispose();
  const report: ScaleHostReport = {
    heapBytes,
    codeBytes,
    longestTreeTaskMs,
    longestTreeTaskRows,
    eventLoopMaxMs: loop.max / 1e6,
    eventLoopP99Ms: loop.percentile(99) / 1e6,
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
