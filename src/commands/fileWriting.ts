// Writes a file the user chose. Secrets (a private key, a .p12) get mode 0600 on a local disk, so
// only the user can read them; other file systems (remote, virtual) have no modes to set.
import { chmod, writeFile } from "node:fs/promises";
import * as vscode from "vscode";

export async function writeUserFile(uri: vscode.Uri, content: string | Uint8Array, options: { readonly secret?: boolean } = {}): Promise<void> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  if (uri.scheme === "file" && options.secret) {
    await writeFile(uri.fsPath, bytes, { mode: 0o600 });
    // An existing file keeps its old mode on write: set it.
    await chmod(uri.fsPath, 0o600);
    return;
  }
  await vscode.workspace.fs.writeFile(uri, bytes);
}

/** "alice_example" from "alice@example": a file name from a certificate's name. */
export function fileNameFor(name: string, extension: string): string {
  return `${name.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "") || "certificate"}.${extension}`;
}

/** The default location of a file to save: the first workspace folder, if any. */
export function defaultSaveUri(fileName: string): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, fileName) : undefined;
}
