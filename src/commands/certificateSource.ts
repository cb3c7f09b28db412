// Where the certificate a command works on comes from: an Explorer file (a Uri), the active
// editor (its selection, if any), or a file the user picks. Files are only read, never written.
import * as vscode from "vscode";
import { CertificateInputError } from "../certificates/errors";
import { holdsPemBlock } from "../certificates/pemMarker";
import type { CertificateDocument } from "../certificates/read";
import { loadCertificateDecoder } from "../certificateDecoder";
import type { Services } from "../services";

export interface CertificateSource {
  /** What to call it in messages: the workspace-relative path, or the editor's title. */
  readonly label: string;
  readonly content: string | Uint8Array;
  readonly uri?: vscode.Uri;
}

export const CERTIFICATE_FILE_FILTERS: Record<string, string[]> = {
  Certificates: ["pem", "crt", "cer", "der", "ca-bundle"],
  "Certificate requests": ["csr", "req"],
  "All files": ["*"],
};

/** Files over this size are refused before being read: a certificate bundle is never this big. */
const MAX_FILE_BYTES = 1024 * 1024;

export async function sourceFromUri(uri: vscode.Uri): Promise<CertificateSource> {
  // An untitled editor (a pasted PEM) or unsaved changes: what the user sees is the editor's text.
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open && (open.isUntitled || open.isDirty)) {
    return sourceFromDocument(open);
  }
  const label = vscode.workspace.asRelativePath(uri, false);
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_FILE_BYTES) {
    // readCertificates turns an oversized input into its own clear "too large" message.
    return { label, content: new Uint8Array(MAX_FILE_BYTES + 1), uri };
  }
  return { label, content: await vscode.workspace.fs.readFile(uri), uri };
}

function documentLabel(document: vscode.TextDocument): string {
  return document.isUntitled ? document.fileName || "Untitled" : vscode.workspace.asRelativePath(document.uri, false);
}

function sourceFromDocument(document: vscode.TextDocument): CertificateSource {
  return { label: documentLabel(document), content: document.getText(), uri: document.isUntitled ? undefined : document.uri };
}

function sourceFromEditor(editor: vscode.TextEditor): CertificateSource {
  const document = editor.document;
  const selection = editor.selection;
  const label = documentLabel(document);
  if (!selection.isEmpty) {
    return { label: `${label} (selection)`, content: document.getText(selection), uri: document.isUntitled ? undefined : document.uri };
  }
  return { label, content: document.getText(), uri: document.isUntitled ? undefined : document.uri };
}

function firstUri(argument: unknown): vscode.Uri | undefined {
  if (argument instanceof vscode.Uri) {
    return argument;
  }
  if (Array.isArray(argument) && argument[0] instanceof vscode.Uri) {
    return argument[0];
  }
  return undefined;
}

/**
 * The certificate source for a command invoked with `argument` (a Uri from the Explorer or an
 * editor title menu, or nothing from the palette). Undefined when the user cancelled the picker.
 */
export async function resolveCertificateSource(services: Services, argument: unknown, options: { preferEditorWithPem?: boolean } = {}): Promise<CertificateSource | undefined> {
  const uri = firstUri(argument);
  if (uri) {
    return sourceFromUri(uri);
  }
  const editor = vscode.window.activeTextEditor;
  if (editor && (!options.preferEditorWithPem || holdsPemBlock(editor.document.getText()))) {
    return sourceFromEditor(editor);
  }
  const picked = await services.prompts.openFile({ title: "Choose a Certificate File", filters: CERTIFICATE_FILE_FILTERS });
  return picked ? sourceFromUri(picked) : undefined;
}

/** Decodes the source; a refusal names it ("server.key: Block 1 (line 1) is a private key…"). */
export async function readSource(source: CertificateSource): Promise<CertificateDocument> {
  const { readCertificates } = await loadCertificateDecoder();
  try {
    return await readCertificates(source.content);
  } catch (error) {
    if (error instanceof CertificateInputError) {
      throw new CertificateInputError(error.problem, `${source.label}: ${error.message}`, { block: error.block, line: error.line });
    }
    throw error;
  }
}
