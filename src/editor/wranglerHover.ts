// The hover on a binding's certificate_id: the certificate's name, CA or leaf, expiry and account.
import * as vscode from "vscode";
import * as config from "../config";
import { describeBinding } from "../wrangler/bindingChecks";
import type { WranglerCatalog } from "./wranglerCatalog";
import { bindingAtOffset } from "./wranglerDocuments";

export class WranglerHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly catalog: WranglerCatalog,
    private readonly now: () => Date,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const binding = (await bindingAtOffset(document, document.offsetAt(position)))?.binding;
    const id = binding?.certificateId;
    if (!binding || !id) {
      return undefined;
    }
    const hover = describeBinding(binding, await this.catalog.get(), { now: this.now(), warningDays: config.expiryWarningDays() });
    if (!hover) {
      return undefined;
    }
    // Certificate and account names are the user's text: appendText escapes them.
    const markdown = new vscode.MarkdownString();
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    markdown.appendMarkdown("**");
    markdown.appendText(hover.heading);
    markdown.appendMarkdown("**\n\n");
    for (const line of hover.lines) {
      markdown.appendText(`${line.label}: ${line.value}`);
      markdown.appendMarkdown("  \n");
    }
    if (hover.note) {
      markdown.appendMarkdown("\n");
      markdown.appendText(hover.note);
    }
    return new vscode.Hover(markdown, new vscode.Range(document.positionAt(id.range.start), document.positionAt(id.range.end)));
  }
}
