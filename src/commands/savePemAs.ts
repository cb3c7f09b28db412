// Save PEM As… for a certificate whose PEM Cloudflare returns (never a key).
import * as vscode from "vscode";
import type { Services } from "../services";
import { certificateTarget } from "./certificateTargets";
import { defaultSaveUri, fileNameFor, writeUserFile } from "./fileWriting";

export async function savePemAs(services: Services, node?: unknown): Promise<void> {
  const target = certificateTarget(services, node);
  const pem = target?.pem();
  if (!target || pem === undefined) {
    return;
  }
  const uri = await services.prompts.saveFile({
    title: `Save the PEM of “${target.name}”`,
    defaultUri: defaultSaveUri(fileNameFor(target.name, "pem")),
    filters: { Certificates: ["pem", "crt"] },
  });
  if (!uri) {
    return;
  }
  await writeUserFile(uri, pem.endsWith("\n") ? pem : `${pem}\n`);
  const choice = await services.prompts.info(`Saved ${vscode.workspace.asRelativePath(uri, false)}.`, "Open");
  if (choice === "Open") {
    await vscode.window.showTextDocument(uri);
  }
}
