// Save PEM As… for an account mTLS certificate (Cloudflare returns the PEM it stored; never a key).
import * as vscode from "vscode";
import type { Services } from "../services";
import { MtlsCertificateNode } from "../views/treeNodes";

function fileNameFor(name: string): string {
  return `${name.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "") || "certificate"}.pem`;
}

export async function savePemAs(services: Services, node?: unknown): Promise<void> {
  const target = node instanceof MtlsCertificateNode ? node : services.treeView.selection.find((item): item is MtlsCertificateNode => item instanceof MtlsCertificateNode);
  if (!target) {
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = fileNameFor(target.certificate.name || target.certificate.id);
  const uri = await services.prompts.saveFile({
    title: `Save the PEM of “${target.certificate.name || target.certificate.id}”`,
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: { Certificates: ["pem", "crt"] },
  });
  if (!uri) {
    return;
  }
  const pem = target.certificate.certificates.endsWith("\n") ? target.certificate.certificates : `${target.certificate.certificates}\n`;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(pem));
  const choice = await services.prompts.info(`Saved ${vscode.workspace.asRelativePath(uri, false)}.`, "Open");
  if (choice === "Open") {
    await vscode.window.showTextDocument(uri);
  }
}
