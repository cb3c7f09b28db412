// THE command table: the only place where command ids meet their handlers. The record type makes
// a command without a handler a compile error; every handler runs in the same error boundary.
// test/manifest.test.ts checks the ids against package.json.
import * as vscode from "vscode";
import { RestrictedModeError } from "../errors";
import { CommandIds, type CommandName } from "../identifiers";
import type { Services } from "../services";
import { clearZoneFilter, findZone, showMoreZones } from "./browseZones";
import { chooseAccounts } from "./chooseAccounts";
import { reactivateClientCertificate, revokeClientCertificate, toggleRevokedClientCertificates } from "./clientCertificateStatus";
import { createClientCertificate, createClientCertificateFromCsr } from "./createClientCertificate";
import { copyFingerprint, copyId, copyPem } from "./copyCertificateValue";
import { deleteCertificate } from "./deleteCertificate";
import { editHostnames } from "./editHostnames";
import { editHostnameSettings } from "./editHostnameSettings";
import { editMtlsHostnames, findCaHostnamesInZone } from "./editMtlsHostnames";
import { runInErrorBoundary } from "./errorBoundary";
import { checkCertificateExpiry, pinZoneToExpiryWatch, showExpiringCertificates, unpinZoneFromExpiryWatch } from "../expiry/expiryCommands";
import { clearCertificateFilter, filterCertificates, showAllCertificates, showOnlyExpiringCertificates } from "./filterTree";
import { openInDashboard } from "./openInDashboard";
import { openLog } from "./openLog";
import { refresh } from "./refresh";
import { rotateCertificate } from "./rotateCertificate";
import { savePemAs } from "./savePemAs";
import { showAssociations } from "./showAssociations";
import { inspectCertificate, showCertificateDetails } from "./showCertificateDetails";
import { signIn } from "./signIn";
import { signOut } from "./signOut";
import { uploadCertificate, uploadCertificateFromViewTitle } from "./uploadCertificate";
import { copyTerraformImport } from "./copyTerraformImport";
import { copyWranglerBinding } from "./copyWranglerBinding";
import { insertWranglerBinding } from "./insertWranglerBinding";

export type CommandHandler = (services: Services, ...args: unknown[]) => Promise<void>;

/**
 * A command that changes Cloudflare: refused in Restricted Mode (an untrusted workspace), here and
 * nowhere else; `refused` says what it does, for the refusal. package.json hides these commands'
 * menu entries with `isWorkspaceTrusted` (an integration test checks the two agree).
 */
interface MutatingCommand {
  readonly run: CommandHandler;
  readonly refused: string;
}

type CommandEntry = CommandHandler | MutatingCommand;

function mutating(run: CommandHandler, refused: string): MutatingCommand {
  return { run, refused };
}

const COMMAND_TABLE: Record<CommandName, CommandEntry> = {
  signIn,
  signOut,
  chooseAccounts,
  refresh,
  uploadCertificate: mutating(uploadCertificate, "upload certificates"),
  uploadCertificateFromViewTitle: mutating(uploadCertificateFromViewTitle, "upload certificates"),
  inspectCertificate,
  showCertificateDetails,
  deleteCertificate: mutating(deleteCertificate, "delete certificates"),
  editHostnames: mutating(editHostnames, "edit associated hostnames"),
  editHostnameSettings: mutating(editHostnameSettings, "edit hostname settings"),
  showAssociations,
  copyId,
  copyFingerprint,
  copyPem,
  savePemAs,
  openInDashboard,
  openLog,
  createClientCertificate: mutating(createClientCertificate, "create client certificates"),
  createClientCertificateFromCsr: mutating(createClientCertificateFromCsr, "create client certificates"),
  revokeClientCertificate: mutating(revokeClientCertificate, "revoke client certificates"),
  reactivateClientCertificate: mutating(reactivateClientCertificate, "reactivate client certificates"),
  toggleRevokedClientCertificates,
  editMtlsHostnames: mutating(editMtlsHostnames, "edit mTLS hostnames"),
  findCaHostnamesInZone,
  insertWranglerBinding,
  copyWranglerBinding,
  copyTerraformImport,
  findZone,
  showMoreZones,
  clearZoneFilter,
  rotateCertificate: mutating(rotateCertificate, "rotate certificates"),
  showExpiringCertificates,
  checkCertificateExpiry,
  pinZoneToExpiryWatch,
  unpinZoneFromExpiryWatch,
  showOnlyExpiringCertificates,
  showAllCertificates,
  filterCertificates,
  clearCertificateFilter,
};

/** The ids of the commands that change Cloudflare (refused in Restricted Mode). */
export function mutatingCommandIds(): string[] {
  return (Object.entries(COMMAND_TABLE) as [CommandName, CommandEntry][]).filter(([, entry]) => typeof entry !== "function").map(([name]) => CommandIds[name]);
}

/**
 * Runs a command of the table as its registration does, the Restricted Mode check included,
 * without a round through VS Code's command registry (a notification's Rotate… button uses it).
 */
export async function runCommand(services: Services, name: CommandName, ...args: unknown[]): Promise<void> {
  const entry = COMMAND_TABLE[name];
  if (typeof entry !== "function" && !services.workspaceTrusted()) {
    throw new RestrictedModeError(entry.refused);
  }
  await (typeof entry === "function" ? entry : entry.run)(services, ...args);
}

export function registerCommands(context: vscode.ExtensionContext, services: Services): void {
  for (const name of Object.keys(COMMAND_TABLE) as CommandName[]) {
    const id = CommandIds[name];
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => runInErrorBoundary(services, id, () => runCommand(services, name, ...args))));
  }
}
