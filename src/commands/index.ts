// THE command table: the only place where command ids meet their handlers. The record type makes
// a command without a handler a compile error; every handler runs in the same error boundary.
// test/manifest.test.ts checks the ids against package.json.
import * as vscode from "vscode";
import { CommandIds, type CommandName } from "../identifiers";
import type { Services } from "../services";
import { chooseAccounts } from "./chooseAccounts";
import { reactivateClientCertificate, revokeClientCertificate, toggleRevokedClientCertificates } from "./clientCertificateStatus";
import { createClientCertificate, createClientCertificateFromCsr } from "./createClientCertificate";
import { copyFingerprint, copyId, copyPem } from "./copyCertificateValue";
import { deleteCertificate } from "./deleteCertificate";
import { editHostnames } from "./editHostnames";
import { editHostnameSettings } from "./editHostnameSettings";
import { editMtlsHostnames, findCaHostnamesInZone } from "./editMtlsHostnames";
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

const COMMAND_TABLE: Record<CommandName, CommandHandler> = {
  signIn,
  signOut,
  chooseAccounts,
  refresh,
  uploadCertificate,
  inspectCertificate,
  showCertificateDetails,
  deleteCertificate,
  editHostnames,
  editHostnameSettings,
  showAssociations,
  copyId,
  copyFingerprint,
  copyPem,
  savePemAs,
  openInDashboard,
  openLog,
  createClientCertificate,
  createClientCertificateFromCsr,
  revokeClientCertificate,
  reactivateClientCertificate,
  toggleRevokedClientCertificates,
  editMtlsHostnames,
  findCaHostnamesInZone,
};

export function registerCommands(context: vscode.ExtensionContext, services: Services): void {
  for (const [name, run] of Object.entries(COMMAND_TABLE) as [CommandName, CommandHandler][]) {
    const id = CommandIds[name];
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => runInErrorBoundary(services, id, () => run(services, ...args))));
  }
}
