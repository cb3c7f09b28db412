// Problems of the mTLS bindings in open wrangler files: checked when a file opens, a moment after
// each edit (debounced), when the certificates change and when expiryWarningDays does.
import * as vscode from "vscode";
import * as config from "../config";
import { Disposable } from "../disposable";
import { checkBindings, type BindingFinding } from "../wrangler/bindingChecks";
import type { WranglerCatalog } from "./wranglerCatalog";
import { bindingsOfDocument, wranglerFormatOfDocument } from "./wranglerDocuments";

const DEBOUNCE_MS = 300;
export const DIAGNOSTIC_SOURCE = "Cloudflare mTLS";

function toDiagnostic(document: vscode.TextDocument, finding: BindingFinding): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(finding.range.start), document.positionAt(finding.range.end));
  const diagnostic = new vscode.Diagnostic(range, finding.message, finding.severity === "error" ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = finding.code;
  return diagnostic;
}

export class WranglerDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection("cloudflareMtls.wrangler"));
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly catalog: WranglerCatalog,
    private readonly now: () => Date,
  ) {
    super();
    this.register({ dispose: () => [...this.pending.values()].forEach((timer) => clearTimeout(timer)) });
    this.register(vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)));
    this.register(vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document, DEBOUNCE_MS)));
    this.register(
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.collection.delete(document.uri);
      }),
    );
    this.register(catalog.onDidChange(() => this.checkAll()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (config.affectsTreeDisplay(event)) {
          this.checkAll();
        }
      }),
    );
    this.checkAll();
  }

  private checkAll(): void {
    for (const document of vscode.workspace.textDocuments) {
      this.schedule(document, 0);
    }
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!wranglerFormatOfDocument(document)) {
      return;
    }
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        void this.check(document);
      }, delay),
    );
  }

  private async check(document: vscode.TextDocument): Promise<void> {
    const version = document.version;
    const parsed = await bindingsOfDocument(document);
    if (!parsed || parsed.bindings.length === 0) {
      this.collection.delete(document.uri);
      return;
    }
    const catalog = await this.catalog.get();
    // A newer edit, a close or a dispose since then has its own check (or none).
    if (this.disposed || document.isClosed || document.version !== version) {
      return;
    }
    const findings = checkBindings(parsed.bindings, catalog, { now: this.now(), warningDays: config.expiryWarningDays() });
    this.collection.set(
      document.uri,
      findings.map((finding) => toDiagnostic(document, finding)),
    );
  }
}
