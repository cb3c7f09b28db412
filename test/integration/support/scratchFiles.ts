// Files for a suite to upload, inspect and save to: a folder inside the opened workspace (so the
// Explorer path and workspace-relative labels are the real ones), removed when the suite ends.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { INTEGRATION_ENV, requiredEnvironment } from "../../harness/integrationEnvironment";

export class ScratchFolder {
  readonly path: string;

  constructor(name: string) {
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? requiredEnvironment(INTEGRATION_ENV.workspaceFolder);
    this.path = join(workspace, `it-${name}-${process.pid}`);
    rmSync(this.path, { recursive: true, force: true });
    mkdirSync(this.path, { recursive: true });
  }

  write(name: string, content: string | Uint8Array): vscode.Uri {
    const file = join(this.path, name);
    writeFileSync(file, content);
    return vscode.Uri.file(file);
  }

  uri(name: string): vscode.Uri {
    return vscode.Uri.file(join(this.path, name));
  }

  bytes(name: string): Buffer {
    return readFileSync(join(this.path, name));
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** Opens a file in an editor and makes it the active one (the "active editor" upload path). */
export async function openInEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false });
}
