// THE command table: the only place where command ids meet their handlers. Every handler runs in
// the same error boundary. test/manifest.test.ts checks this table against package.json.
import * as vscode from "vscode";
import type { Services } from "../services";
import { chooseAccounts } from "./chooseAccounts";
import { copyFingerprint, copyId, copyPem } from "./copyCertificateValue";
import { deleteCertificate } from "./deleteCertificate";
import { editHostnames } from "./editHostnames";
import { editHostnameSettings } from "./editHostnameSettings";
import { runInErrorBoundary } from "./errorBoundary";
import { openInDashboard } from "./openInDashboard";
import { openLog } from "./openLog";
import { refresh } from "./refresh";
import { savePemAs } from "./savePemAs";
import { showAssociations } from "./showAssociations";
import { inspectCertificate, showCertificateDetails } from "./showCertificateDetails";
import { signIn } from "./signIn";
import { signOut } from "./signOut";
import { uploadCertificate } from "./uploadCertificate";

export type CommandHandler = (services: Services, ...args: unknown[]) => Promise<void>;

export const COMMANDS: readonly { readonly id: string; readonly run: CommandHandler }[] = [
  { id: "cloudflareMtls.signIn", run: signIn },
  { id: "cloudflareMtls.signOut", run: signOut },
  { id: "cloudflareMtls.chooseAccounts", run: chooseAccounts },
  { id: "cloudflareMtls.refresh", run: refresh },
  { id: "cloudflareMtls.uploadCertificate", run: uploadCertificate },
  { id: "cloudflareMtls.inspectCertificate", run: inspectCertificate },
  { id: "cloudflareMtls.showCertificateDetails", run: showCertificateDetails },
  { id: "cloudflareMtls.deleteCertificate", run: deleteCertificate },
  { id: "cloudflareMtls.editHostnames", run: editHostnames },
  { id: "cloudflareMtls.editHostnameSettings", run: editHostnameSettings },
  { id: "cloudflareMtls.showAssociations", run: showAssociations },
  { id: "cloudflareMtls.copyId", run: copyId },
  { id: "cloudflareMtls.copyFingerprint", run: copyFingerprint },
  { id: "cloudflareMtls.copyPem", run: copyPem },
  { id: "cloudflareMtls.savePemAs", run: savePemAs },
  { id: "cloudflareMtls.openInDashboard", run: openInDashboard },
  { id: "cloudflareMtls.openLog", run: openLog },
];

export function registerCommands(context: vscode.ExtensionContext, services: Services): void {
  for (const command of COMMANDS) {
    context.subscriptions.push(
      vscode.commands.registerCommand(command.id, (...args: unknown[]) => runInErrorBoundary(services, command.id, () => command.run(services, ...args))),
    );
  }
}
