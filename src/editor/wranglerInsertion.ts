// "Insert mTLS certificate binding…" where a wrangler file is edited: a code action (the light
// bulb, Ctrl+.) and a completion item, both running the insert command at the cursor; inside a
// certificate_id, completion also offers the ids of the account mTLS leaf certificates.
import * as vscode from "vscode";
import { CommandIds } from "../identifiers";
import type { WranglerCatalog } from "./wranglerCatalog";
import { bindingAtOffset, wranglerFormatOfDocument } from "./wranglerDocuments";

export const INSERT_BINDING_TITLE = "Insert mTLS certificate binding…";

export class WranglerCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kind = vscode.CodeActionKind.Refactor.append("insert").append("mtlsCertificateBinding");
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [WranglerCodeActionProvider.kind] };

  provideCodeActions(document: vscode.TextDocument): vscode.CodeAction[] {
    if (!wranglerFormatOfDocument(document)) {
      return [];
    }
    const action = new vscode.CodeAction(INSERT_BINDING_TITLE, WranglerCodeActionProvider.kind);
    action.command = { command: CommandIds.insertWranglerBinding, title: INSERT_BINDING_TITLE, arguments: [document.uri] };
    return [action];
  }
}

export class WranglerCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly catalog: WranglerCatalog) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position, _token: vscode.CancellationToken, context: vscode.CompletionContext): Promise<vscode.CompletionItem[]> {
    const found = await bindingAtOffset(document, document.offsetAt(position));
    if (!found) {
      return [];
    }
    const inside = found.binding;
    const id = inside?.certificateId;
    if (id && document.offsetAt(position) >= id.range.start) {
      // Inside the id's quotes: offer the certificates themselves (from the cached lists).
      const catalog = await this.catalog.get();
      if (catalog.state !== "ready") {
        return [];
      }
      const range = new vscode.Range(document.positionAt(id.range.start), document.positionAt(id.range.end));
      return [...catalog.certificates.values()]
        .filter((certificate) => !certificate.ca)
        .map((certificate) => {
          const item = new vscode.CompletionItem({ label: certificate.name || certificate.id, description: certificate.accountName }, vscode.CompletionItemKind.Value);
          item.insertText = certificate.id;
          item.filterText = `${certificate.id} ${certificate.name ?? ""}`;
          item.detail = `Leaf certificate · expires ${certificate.expiresOn.slice(0, 10)}`;
          item.range = range;
          return item;
        });
    }
    if (context.triggerKind === vscode.CompletionTriggerKind.TriggerCharacter) {
      // A quote or bracket typed elsewhere is no request for a whole binding.
      return [];
    }
    const item = new vscode.CompletionItem(INSERT_BINDING_TITLE, vscode.CompletionItemKind.Snippet);
    // Replaces what was typed to find it; the command then inserts at the cursor.
    const word = document.getWordRangeAtPosition(position, /[\w.[\]-]+/);
    item.range = word ?? new vscode.Range(position, position);
    item.insertText = "";
    item.filterText = `mtls_certificates ${INSERT_BINDING_TITLE}`;
    item.sortText = "~mtls";
    item.detail = "Cloudflare mTLS: pick an account mTLS certificate";
    item.command = { command: CommandIds.insertWranglerBinding, title: INSERT_BINDING_TITLE, arguments: [document.uri] };
    return [item];
  }
}
