// Webview panels for certificate details: one per certificate (revealed if already open), HTML
// from the pure renderer, resources only from media/, and incoming messages treated as untrusted.
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import { Disposable } from "../disposable";
import type { ExtensionLog } from "../log";
import { renderDetailsHtml } from "./detailsHtml";
import type { DetailsViewModel } from "./detailsModel";
import { ViewIds } from "../identifiers";
import { isDetailsAction, type DetailsAction, type FromDetailsWebview, type ToDetailsWebview } from "./detailsProtocol";

export type DetailsActionHandler = (action: DetailsAction, panel: DetailsPanel) => Promise<void>;

/** Where a panel's certificate comes from: Cloudflare (account data, closed on sign-out) or a local file. */
export type DetailsSource = "cloudflare" | "localFile";

export class DetailsPanel extends Disposable {
  private model: DetailsViewModel;

  constructor(
    readonly key: string,
    readonly source: DetailsSource,
    readonly panel: vscode.WebviewPanel,
    model: DetailsViewModel,
    private readonly mediaRoot: vscode.Uri,
    private readonly log: ExtensionLog,
    private readonly onAction: DetailsActionHandler,
    onDispose: () => void,
  ) {
    super();
    this.model = model;
    this.register(panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
    // Closing the tab disposes the panel; disposing this disposes the panel (once).
    this.register(
      panel.onDidDispose(() => {
        onDispose();
        this.dispose();
      }),
    );
    this.register(panel);
    this.render();
  }

  update(model: DetailsViewModel): void {
    this.model = model;
    this.render();
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  private render(): void {
    if (this.disposed) {
      return;
    }
    const webview = this.panel.webview;
    const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, ...path)).toString();
    this.panel.title = this.model.title;
    webview.html = renderDetailsHtml(this.model, {
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString("base64"),
      scriptUri: asset("details.js"),
      styleUri: asset("details.css"),
      codiconUri: asset("codicons", "codicon.css"),
    });
  }

  private post(message: ToDetailsWebview): void {
    if (!this.disposed) {
      void this.panel.webview.postMessage(message);
    }
  }

  private receive(message: unknown): void {
    if (typeof message !== "object" || message === null || typeof (message as { type?: unknown }).type !== "string") {
      this.log.forComponent("details").warn("Dropped a malformed message from the details view");
      return;
    }
    const typed = message as FromDetailsWebview;
    switch (typed.type) {
      case "copy": {
        const value = typeof typed.key === "string" ? this.model.copyValues.get(typed.key) : undefined;
        if (value === undefined) {
          this.log.forComponent("details").warn("Dropped a copy request for an unknown value");
          return;
        }
        void vscode.env.clipboard.writeText(value).then(() => this.post({ type: "copied", key: typed.key }));
        return;
      }
      case "action": {
        if (!isDetailsAction(typed.action) || !this.model.actions.some((offered) => offered.action === typed.action)) {
          this.log.forComponent("details").warn("Dropped an unknown action from the details view");
          return;
        }
        this.post({ type: "busy", busy: true });
        // The handler runs inside the command error boundary (see showCertificateDetails.ts).
        void this.onAction(typed.action, this).finally(() => this.post({ type: "busy", busy: false }));
        return;
      }
      default: {
        const unknown: never = typed;
        this.log.forComponent("details").warn(`Dropped an unknown message from the details view: ${JSON.stringify(unknown).slice(0, 80)}`);
      }
    }
  }

}

export class DetailsPanelManager extends Disposable {
  private readonly panels = new Map<string, DetailsPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: ExtensionLog,
  ) {
    super();
    this.register({ dispose: () => [...this.panels.values()].forEach((panel) => panel.dispose()) });
  }

  /** Opens (or reveals and updates) the panel for `key`, e.g. the certificate's tree id. */
  show(key: string, source: DetailsSource, model: DetailsViewModel, onAction: DetailsActionHandler): DetailsPanel {
    const existing = this.panels.get(key);
    if (existing) {
      existing.update(model);
      existing.reveal();
      return existing;
    }
    const mediaRoot = vscode.Uri.joinPath(this.extensionUri, "media");
    const webviewPanel = vscode.window.createWebviewPanel(ViewIds.certificateDetails, model.title, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableForms: false,
      localResourceRoots: [mediaRoot],
    });
    webviewPanel.iconPath = vscode.Uri.joinPath(mediaRoot, "cloudflare-mtls.svg");
    const panel = new DetailsPanel(key, source, webviewPanel, model, mediaRoot, this.log, onAction, () => this.panels.delete(key));
    this.panels.set(key, panel);
    return panel;
  }

  /** Closes the panel for `key`, if open: a deleted certificate's details must not linger. */
  close(key: string): void {
    const panel = this.panels.get(key);
    this.panels.delete(key);
    panel?.dispose();
  }

  /** Closes every panel of a Cloudflare certificate (after sign-out: their data and buttons belong to the credential); local files' stay. */
  closeCloudflarePanels(): void {
    for (const panel of [...this.panels.values()]) {
      if (panel.source === "cloudflare") {
        this.close(panel.key);
      }
    }
  }

  /** Open panels, for tests and for refreshing after a change. */
  get openPanels(): readonly DetailsPanel[] {
    return [...this.panels.values()];
  }
}
