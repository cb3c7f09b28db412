// Expiry notifications: once per certificate per threshold (src/expiry/notificationLedger.ts),
// remembered in globalState across restarts and windows, each with Show (reveals the tree row)
// and Rotate…; cloudflareMtls.expiryNotifications turns them off. The ledger is written BEFORE
// anything is shown, so a reload (or another window reading the same globalState) does not
// announce it again. More than a few at once become one summary with Show All.
import type * as vscode from "vscode";
import type { ExtensionLog } from "../log";
import type { Prompts } from "../prompts";
import type { CertificateLocation } from "../views/certificateLocation";
import { describeEntry, type AttentionEntry } from "./expiryReport";
import { dueNotifications, recordAnnounced, thresholdSentence, type NotificationLedger } from "./notificationLedger";

const LEDGER_KEY = "cloudflareMtls.expiryWatch.notified";
/** Notifications shown one by one; the rest are one summary. */
const SEPARATE_NOTIFICATIONS = 3;

const KIND_NOUNS: Record<CertificateLocation["kind"], string> = {
  mtlsCertificate: "mTLS certificate",
  accessCertificate: "Access certificate",
  clientCertificate: "client certificate",
  hostnameAssociation: "hostname association",
};

export interface ExpiryNotifierOptions {
  readonly globalState: vscode.Memento;
  readonly prompts: () => Prompts;
  readonly log: ExtensionLog;
  readonly enabled: () => boolean;
  readonly warningDays: () => number;
  readonly now: () => Date;
  /** Reveals the certificate's tree row. */
  readonly show: (location: CertificateLocation) => Promise<void>;
  /** Starts the rotation of the certificate (another part of the extension). */
  readonly rotate: (location: CertificateLocation) => Promise<void>;
  /** The status bar's QuickPick of every expiring certificate. */
  readonly showAll: () => Promise<void>;
  /** Runs a button's work in the command error boundary. */
  readonly runReportingErrors: (label: string, work: () => Promise<void>) => Promise<void>;
}

export class ExpiryNotifier {
  constructor(private readonly options: ExpiryNotifierOptions) {}

  ledger(): NotificationLedger {
    return this.options.globalState.get<NotificationLedger>(LEDGER_KEY, {});
  }

  /** Announces what is due among `entries`; resolves once the ledger is written (not when the user answers). */
  async announce(entries: readonly AttentionEntry[]): Promise<void> {
    if (!this.options.enabled()) {
      return;
    }
    const ledger = this.ledger();
    const due = dueNotifications(
      entries.map((entry) => ({ entry, location: entry.certificate.location, expiry: entry.expiry })),
      ledger,
      this.options.warningDays(),
    );
    if (due.length === 0) {
      return;
    }
    await this.options.globalState.update(
      LEDGER_KEY,
      recordAnnounced(
        ledger,
        due.map((item) => item.key),
        this.options.now(),
      ),
    );
    const log = this.options.log.forComponent("expiry");
    for (const { item } of due.slice(0, SEPARATE_NOTIFICATIONS)) {
      log.info(`Notified: ${describeEntry(item.entry)}`);
      void this.notifyOne(item.entry);
    }
    const rest = due.length - SEPARATE_NOTIFICATIONS;
    if (rest > 0) {
      log.info(`Notified: ${rest} more certificates in one summary`);
      void this.options
        .prompts()
        .warning(`Cloudflare mTLS: ${rest} more ${rest === 1 ? "certificate is" : "certificates are"} expiring or expired.`, "Show All")
        .then((choice) => (choice === "Show All" ? this.options.runReportingErrors("show expiring certificates", this.options.showAll) : undefined));
    }
  }

  private async notifyOne(entry: AttentionEntry): Promise<void> {
    const { certificate, expiry } = entry;
    const message = `Cloudflare mTLS: the ${KIND_NOUNS[certificate.kind]} “${certificate.name}” in ${certificate.where} ${expiry.state === "expired" ? "has expired" : "is expiring"}. ${thresholdSentence(expiry)} (${certificate.notAfter.toISOString().slice(0, 10)}).`;
    const prompts = this.options.prompts();
    const choice = await (expiry.state === "expired" ? prompts.error(message, "Show", "Rotate…") : prompts.warning(message, "Show", "Rotate…"));
    if (choice === "Show") {
      await this.options.runReportingErrors("show certificate", () => this.options.show(certificate.location));
    } else if (choice === "Rotate…") {
      await this.options.runReportingErrors("rotate certificate", () => this.options.rotate(certificate.location));
    }
  }
}
