// Insert mTLS Certificate Binding… in wrangler.toml / wrangler.json(c): pick one of the shown
// accounts' mTLS leaf certificates, name the binding, and add it where it belongs (the
// environment the cursor is in, after the bindings already there). The file is edited in the
// editor, unsaved, so Undo takes it back.
import * as vscode from "vscode";
import { describeExpiry } from "../certificates/expiry";
import * as config from "../config";
import { buildCatalog } from "../editor/wranglerCatalog";
import { wranglerFormatOfDocument } from "../editor/wranglerDocuments";
import type { Services } from "../services";
import { bindingNameFor } from "../wrangler/bindingText";
import { loadWranglerParsing } from "../wranglerParsing";
import type { KnownCertificate } from "../wrangler/bindingChecks";

const BINDING_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function editorFor(uri: unknown): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (!(uri instanceof vscode.Uri)) {
    return active;
  }
  return active?.document.uri.toString() === uri.toString() ? active : vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString());
}

async function pickLeaf(services: Services): Promise<KnownCertificate | undefined> {
  const catalog = await buildCatalog(services.repository, services.credentials);
  if (catalog.state !== "ready") {
    await services.prompts.info(catalog.reason);
    return undefined;
  }
  const now = services.now();
  const warningDays = config.expiryWarningDays();
  const leaves = [...catalog.certificates.values()].filter((certificate) => !certificate.ca);
  if (leaves.length === 0) {
    const unlisted = catalog.unlisted.map((entry) => ` ${entry.accountName} could not be listed: ${entry.reason}`).join("");
    await services.prompts.info(`None of the shown accounts holds an mTLS leaf certificate to bind. Upload one with its private key first (Upload Certificate… on an account's mTLS Certificates).${unlisted}`);
    return undefined;
  }
  leaves.sort((a, b) => a.accountName.localeCompare(b.accountName) || (a.name ?? a.id).localeCompare(b.name ?? b.id));
  return services.prompts.pick(
    leaves.map((certificate) => ({
      label: certificate.name || certificate.id,
      description: `${certificate.accountName} · ${describeExpiry({ notAfter: new Date(certificate.expiresOn) }, now, warningDays).label}`,
      detail: certificate.id,
      value: certificate,
    })),
    { title: "Insert mTLS certificate binding", placeHolder: "The certificate the Worker presents to its origin" },
  );
}

export async function insertWranglerBinding(services: Services, uri?: unknown): Promise<void> {
  const editor = editorFor(uri);
  const format = editor ? wranglerFormatOfDocument(editor.document) : undefined;
  if (!editor || !format) {
    await services.prompts.info("Open a wrangler.toml, wrangler.json or wrangler.jsonc file to insert an mTLS certificate binding.");
    return;
  }
  const certificate = await pickLeaf(services);
  if (!certificate) {
    return;
  }
  const binding = await services.prompts.input({
    title: `Binding name for “${certificate.name || certificate.id}”`,
    prompt: "The Worker reads the certificate as env.<name>",
    value: bindingNameFor(certificate.name),
    validate: (value) => (BINDING_NAME.test(value) ? undefined : "A binding name is a JavaScript identifier: letters, digits, _ and $, not starting with a digit."),
  });
  if (binding === undefined) {
    return;
  }
  const document = editor.document;
  const plan = (await loadWranglerParsing()).planBindingInsertion(document.getText(), format, { binding, certificateId: certificate.id }, document.offsetAt(editor.selection.active), {
    eol: document.eol === vscode.EndOfLine.CRLF ? "\r\n" : "\n",
    insertSpaces: editor.options.insertSpaces !== false,
    tabSize: typeof editor.options.tabSize === "number" ? editor.options.tabSize : 2,
  });
  if (!plan.ok) {
    await services.prompts.warning(plan.reason);
    return;
  }
  const start = document.positionAt(plan.edit.offset);
  const range = new vscode.Range(start, document.positionAt(plan.edit.offset + plan.edit.length));
  const applied = await editor.edit((builder) => builder.replace(range, plan.edit.text));
  if (!applied) {
    await services.prompts.warning("The binding could not be inserted: the file changed meanwhile. Try again.");
    return;
  }
  const end = document.positionAt(plan.edit.offset + plan.edit.text.length);
  editor.selection = new vscode.Selection(end, end);
  editor.revealRange(new vscode.Range(start, end));
  services.log.forComponent("wrangler").info(`Inserted binding ${binding} for mTLS certificate ${certificate.id}${plan.environment ? ` in env ${plan.environment}` : ""}`);
}
