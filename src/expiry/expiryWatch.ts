// The expiry watch: runs the scan (at sign-in, then every cloudflareMtls.expiryScan.intervalHours),
// keeps its result, shows it in the status bar item, and hands what is due to the notifier. While
// a scan runs the item spins; it can be cancelled; a failure is a log line and a mark on the item,
// never a popup. Zones the user expands in this session are watched too (accounts with many zones).
import * as vscode from "vscode";
import type { CredentialStore } from "../auth/credentials";
import type { RequestPacer } from "../cloudflare/requestPacer";
import type { Zone } from "../cloudflare/types";
import { Disposable } from "../disposable";
import { CommandIds } from "../identifiers";
import type { ExtensionLog } from "../log";
import type { CertificateRepository } from "../views/certificateRepository";
import type { AnyKindModule } from "../views/kinds/index";
import type { ScopeKind } from "../views/certificateKind";
import { ZoneNode, type TreeNode } from "../views/treeNodes";
import { needingAttention, statusBarView, type AttentionEntry, type StatusBarView, type WatchedCertificate, type WatchState } from "./expiryReport";
import type { ExpiryNotifier } from "./expiryNotifier";
import { scanExpiry } from "./expiryScan";
import { LAST_SCAN_KEY, readLastScan, signedInAs, storedLastScan, type LastScan } from "./lastScan";
import type { ZonePins } from "./zonePins";

export interface ExpiryWatchOptions {
  readonly repository: CertificateRepository;
  readonly credentials: CredentialStore;
  readonly treeView: vscode.TreeView<TreeNode>;
  readonly log: ExtensionLog;
  readonly pacer: RequestPacer;
  readonly kindsIn: (scope: ScopeKind) => readonly AnyKindModule[];
  readonly describeError: (error: unknown) => string;
  readonly zonePins: ZonePins;
  readonly notifier: ExpiryNotifier;
  readonly now: () => Date;
  readonly warningDays: () => number;
  readonly intervalHours: () => number;
  readonly zoneLimit: () => number;
  /** Keeps the last scan (lastScan.ts), so a new window shows it and scans only when it is due. */
  readonly globalState: vscode.Memento;
}

const HOUR_MS = 60 * 60 * 1000;
/**
 * The scan after a sign-in waits this long: the credential store reports one sign-in twice (its
 * own write, then the secret storage's event), and the second must not cancel a scan under way.
 */
const SIGN_IN_DELAY_MS = 1000;

export class ExpiryWatch extends Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires whenever the item changes (a scan started, finished or was cancelled). */
  readonly onDidChange = this.changed.event;
  private readonly expandedZones = new Map<string, Zone>();
  private certificates: readonly WatchedCertificate[] | undefined;
  private failures: readonly string[] = [];
  private zonesSkipped = 0;
  private running: { readonly controller: AbortController; done: Promise<void> } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: ExpiryWatchOptions) {
    super();
    this.item = this.register(vscode.window.createStatusBarItem("cloudflareMtls.expiry", vscode.StatusBarAlignment.Left, 0));
    this.item.name = "Cloudflare mTLS Certificate Expiry";
    this.item.command = CommandIds.showExpiringCertificates;
    this.register(
      options.treeView.onDidExpandElement((event) => {
        if (event.element instanceof ZoneNode) {
          this.expandedZones.set(event.element.zone.id, event.element.zone);
        }
      }),
    );
    this.register(
      options.credentials.onDidChange((stored) => {
        this.cancel();
        this.certificates = undefined;
        this.failures = [];
        this.zonesSkipped = 0;
        this.expandedZones.clear();
        this.render();
        if (stored) {
          this.schedule(SIGN_IN_DELAY_MS);
        }
      }),
    );
    this.register({ dispose: () => this.stopTimer() });
    this.register({ dispose: () => this.cancel() });
  }

  /**
   * At activation, if signed in and the background scan is on: shows the last scan of this sign-in
   * when it is younger than the interval (another window's or before a restart) and scans when it
   * falls due; otherwise scans now.
   */
  async start(): Promise<void> {
    const stored = await this.options.credentials.get().catch(() => undefined);
    const intervalMs = this.options.intervalHours() * HOUR_MS;
    if (!stored || intervalMs <= 0) {
      return;
    }
    const now = this.options.now();
    const last = readLastScan(this.options.globalState.get<unknown>(LAST_SCAN_KEY), { signedInAs: signedInAs(stored.label, stored.apiBaseUrl), now, maxAgeMs: intervalMs });
    if (!last) {
      this.schedule(0);
      return;
    }
    this.certificates = last.certificates;
    this.failures = last.failures;
    this.zonesSkipped = last.zonesSkipped;
    this.options.log.forComponent("expiry").info(`Showing the expiry check of ${last.at.toISOString()}; the next one is due in ${Math.round((intervalMs - (now.getTime() - last.at.getTime())) / 60_000)} min`);
    this.render();
    this.schedule(intervalMs - (now.getTime() - last.at.getTime()));
    await this.options.notifier.announce(this.entries() ?? []);
  }

  /** Re-arms the background scan after a settings change, and redraws (the warning days may have changed). */
  settingsChanged(): void {
    this.render();
    if (this.timer !== undefined) {
      this.schedule(this.options.intervalHours() * HOUR_MS);
    }
  }

  get scanning(): boolean {
    return this.running !== undefined;
  }

  state(): WatchState {
    return { scanning: this.scanning, entries: this.entries(), failures: this.failures, zonesSkipped: this.zonesSkipped };
  }

  /** Expiring and expired certificates of the last scan, soonest first, as of now. */
  entries(): readonly AttentionEntry[] | undefined {
    return this.certificates ? needingAttention(this.certificates, this.options.now(), this.options.warningDays()) : undefined;
  }

  /** What the status bar item shows (tests read it). */
  view(): StatusBarView {
    return statusBarView(this.state());
  }

  /** Runs a scan now; a scan already running is the one returned (unless it was cancelled: a new one follows it). */
  scan(): Promise<void> {
    if (this.running && !this.running.controller.signal.aborted) {
      return this.running.done;
    }
    this.stopTimer();
    const previous = this.running?.done ?? Promise.resolve();
    const controller = new AbortController();
    const running = { controller, done: Promise.resolve() };
    running.done = previous
      .then(() => this.runScan(controller.signal))
      .finally(() => {
        if (this.running !== running) {
          return;
        }
        this.running = undefined;
        this.render();
        if (this.options.intervalHours() > 0 && !this.disposed) {
          this.schedule(this.options.intervalHours() * HOUR_MS);
        }
      });
    this.running = running;
    this.render();
    return running.done;
  }

  cancel(): void {
    this.running?.controller.abort();
  }

  /** The zones checked beyond the zone limit: the pinned ones and those expanded in the tree since sign-in. */
  watchedZones(): readonly Zone[] {
    return [...new Map([...this.options.zonePins.zones(), ...this.expandedZones.values()].map((zone) => [zone.id, zone])).values()];
  }

  private async runScan(signal: AbortSignal): Promise<void> {
    const log = this.options.log.forComponent("expiry");
    const zoneLimit = this.options.zoneLimit();
    log.info("Checking certificate expiry");
    const startedAt = Date.now();
    try {
      const result = await scanExpiry({
        repository: this.options.repository,
        kindsIn: this.options.kindsIn,
        pacer: this.options.pacer,
        zoneLimit,
        watchedZones: () => this.watchedZones(),
        describeError: this.options.describeError,
        signal,
        onProgress: (done, known) => {
          this.item.tooltip = `Checking certificates' expiry: ${done} of ${known} lists read. Click to cancel.`;
        },
      });
      this.certificates = result.certificates;
      this.failures = result.failures;
      this.zonesSkipped = result.zonesSkipped;
      await this.remember(result);
      for (const failure of result.failures) {
        log.error(`Expiry check could not read ${failure}`);
      }
      const entries = this.entries() ?? [];
      log.info(
        `Expiry check done in ${Date.now() - startedAt} ms: ${result.certificates.length} certificates, ${entries.length} expiring or expired, ${result.reads} lists read${result.zonesSkipped > 0 ? `, ${result.zonesSkipped} zones not checked (over ${zoneLimit} zones; expand or pin a zone to check it)` : ""}`,
      );
      this.render();
      await this.options.notifier.announce(entries);
    } catch (error) {
      if (signal.aborted || (error instanceof Error && error.name === "AbortError")) {
        log.info("Expiry check cancelled");
        return;
      }
      const reason = this.options.describeError(error);
      this.failures = [reason];
      log.error(`Expiry check failed: ${reason}`);
    }
  }

  /** Keeps a whole scan for the next window or start (a scan with failures too: they show as its mark). */
  private async remember(result: Pick<LastScan, "certificates" | "failures" | "zonesSkipped">): Promise<void> {
    const stored = await this.options.credentials.get().catch(() => undefined);
    if (stored) {
      const scan: LastScan = { at: this.options.now(), signedInAs: signedInAs(stored.label, stored.apiBaseUrl), ...result };
      await this.options.globalState.update(LAST_SCAN_KEY, storedLastScan(scan));
    }
  }

  private schedule(delayMs: number): void {
    this.stopTimer();
    if (this.options.intervalHours() <= 0 || this.disposed) {
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.scan();
    }, delayMs);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private render(): void {
    if (this.disposed) {
      return;
    }
    const view = this.view();
    this.item.text = view.text;
    this.item.backgroundColor = view.backgroundColor ? new vscode.ThemeColor(view.backgroundColor) : undefined;
    const tooltip = new vscode.MarkdownString(view.tooltip);
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: view.accessibilityLabel };
    if (view.visible) {
      this.item.show();
    } else {
      this.item.hide();
    }
    this.changed.fire();
  }
}
