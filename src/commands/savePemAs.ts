// Save PEM As… for a certificate whose PEM Cloudflare returns (never a key).
import * as vscode from "vscode";
import type { Services } from "../services";
import { certificateTarget } from "./certificateTargets";

function fileNameFor(name: string): string {
  return `${name.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "") || "certificate"}.pem`;
}

export async function savePemAs(services: Services, node?: unknown): Promise<void> {
  const target = certificateTarget(services, node);
  const pem = target?.pem();
  if (!target || pem === undefined) {
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = await services.prompts.saveFile({
    title: `Save the PEM of “${target.name}”`,
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileNameFor(target.name)) : undefined,
    filters: { Certificates: ["pem", "crt"] },
  });
  if (!uri) {
    return;
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(pem.endsWith("\n") ? pem : `${pem}\n`));
  const choice = await services.prompts.info(`Saved ${vscode.workspace.asRelativePath(uri, false)}.`, "Open");
  if (choice === "Open") {
    await vscode.window.showTextDocument(uri);
  }
}
