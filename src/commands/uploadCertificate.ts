// Upload Certificate: decode locally first (keys and garbage are refused before anything is sent),
// pick where it goes, name it, confirm a summary, upload with progress, then show it in the tree.
// The user's file is only ever read.
import * as vscode from "vscode";
import type { Account } from "../cloudflare/types";
import type { CertificateDocument } from "../certificates/read";
import type { CertificateWarning } from "../certificates/warnings";
import { loadCertificateDecoder } from "../certificateDecoder";
import * as config from "../config";
import type { Services } from "../services";
import { accountScope, zoneScope } from "../views/certificateKind";
import type { CertificateLocation } from "../views/certificateLocation";
import { isUploadTarget, type AccountNode, type CertificateGroupNode } from "../views/treeNodes";
import { pickAccount } from "./accountPick";
import { abortSignalOf } from "./cancellation";
import { readSource, resolveCertificateSource } from "./certificateSource";
import { choosePrivateKey } from "./privateKeyChoice";
import { revealCertificate } from "./revealCertificate";
import { afterAllNote, settle, settledId } from "../writeOutcome";
import { showDetailsOf } from "./showCertificateDetails";
import { pickZone } from "./zonePick";
import {
  accessUploadBody,
  defaultCertificateName,
  describeCreated,
  mtlsUploadBody,
  HOSTNAMES_FORMAT,
  parseHostnames,
  uploadKindChoices,
  uploadRole,
  uploadSummary,
  validateCertificateName,
  validateHostnames,
  type UploadDestination,
} from "./uploadPlan";

const TITLE = "Upload Certificate";

async function chooseZoneScope(services: Services, account: Account): Promise<UploadDestination | undefined> {
  const zone = await pickZone(services, account, {
    title: `${TITLE}: Zone`,
    placeHolder: "Which zone's Access applications should trust this CA?",
    noZones: `Account ${account.name} has no zones.`,
  });
  return zone ? { kind: "accessCertificate", scope: zoneScope(account, zone) } : undefined;
}

async function chooseDestination(services: Services, document: CertificateDocument, node: CertificateGroupNode | AccountNode | undefined): Promise<UploadDestination | undefined> {
  if (node?.kind === "certificateGroup" && node.certificateKind === "accessCertificate") {
    return { kind: "accessCertificate", scope: node.scope };
  }
  const fixed = node?.kind === "certificateGroup" ? node.certificateKind : undefined;
  const target = await services.prompts.pick(
    uploadKindChoices(document, fixed).map((choice) => ({
      label: choice.label,
      description: choice.recommended ? "Suggested for this certificate" : undefined,
      detail: choice.detail,
      value: choice.target,
    })),
    { title: `${TITLE}: Destination`, placeHolder: "Where should this certificate go?" },
  );
  if (!target) {
    return undefined;
  }
  const account = node ? node.scope.account : await pickAccount(services, `${TITLE}: Account`);
  if (!account) {
    return undefined;
  }
  switch (target) {
    case "mtlsCertificate.ca":
      return { kind: "mtlsCertificate", role: "ca", account };
    case "mtlsCertificate.leaf":
      return { kind: "mtlsCertificate", role: "leaf", account };
    case "accessCertificate.accounts":
      return { kind: "accessCertificate", scope: accountScope(account) };
    case "accessCertificate.zones":
      return chooseZoneScope(services, account);
  }
}

/** What the destination needs beyond a name: a leaf's private key, an Access CA's hostnames. */
type UploadExtras = { readonly privateKey?: { readonly pem: string; readonly source: string }; readonly hostnames: readonly string[] };

async function askExtras(services: Services, destination: UploadDestination, document: CertificateDocument, sourceLabel: string): Promise<UploadExtras | undefined> {
  switch (destination.kind) {
    case "mtlsCertificate": {
      if (destination.role === "ca") {
        return { hostnames: [] };
      }
      const choice = await choosePrivateKey(services, document, sourceLabel);
      if (choice.kind === "cancelled") {
        return undefined;
      }
      return { privateKey: choice.kind === "key" ? { pem: choice.pem, source: choice.source } : undefined, hostnames: [] };
    }
    case "accessCertificate": {
      const text = await services.prompts.input({
        title: `${TITLE}: Associated Hostnames`,
        prompt: `Hostnames of Access applications that should accept client certificates from this CA (${HOSTNAMES_FORMAT}; may be empty).`,
        placeHolder: "app.example.com, admin.example.com",
        validate: validateHostnames,
      });
      return text === undefined ? undefined : { hostnames: parseHostnames(text).hostnames };
    }
  }
}

/** Where the new certificate is, and how its creation was learnt (" after all" when its answer was lost). */
async function upload(services: Services, destination: UploadDestination, document: CertificateDocument, name: string, extras: UploadExtras, signal: AbortSignal): Promise<{ location: CertificateLocation; note: string }> {
  switch (destination.kind) {
    case "mtlsCertificate": {
      const created = settle(await services.repository.uploadMtlsCertificate(destination.account.id, mtlsUploadBody(destination.role, document, name, extras.privateKey?.pem), signal), `upload of “${name.trim()}”`);
      return { location: { kind: destination.kind, accountId: destination.account.id, scope: accountScope(destination.account), certificateId: settledId(created) }, note: afterAllNote(created) };
    }
    case "accessCertificate": {
      const created = settle(await services.repository.addAccessCertificate(destination.scope, accessUploadBody(document, name, extras.hostnames), signal), `upload of “${name.trim()}”`);
      return { location: { kind: destination.kind, accountId: destination.scope.account.id, scope: destination.scope, certificateId: settledId(created) }, note: afterAllNote(created) };
    }
  }
}

/** The final question: an information dialog for a plain summary, a warning one with warnings, and Cancel as the default answer when Cloudflare will refuse the upload. */
async function confirmUpload(services: Services, summary: { message: string; detail: string }, warnings: readonly CertificateWarning[]): Promise<boolean> {
  const refusals = warnings.flatMap((warning) => REFUSED_BY_CLOUDFLARE[warning.code] ?? []);
  if (refusals.length > 0) {
    return services.prompts.confirm({ message: summary.message, detail: refusals.join(" "), confirm: "Upload Anyway", cancelByDefault: true });
  }
  if (warnings.length > 0) {
    return services.prompts.confirm({ message: summary.message, detail: summary.detail, confirm: "Upload Anyway", severity: "warning" });
  }
  return services.prompts.confirm({ message: summary.message, detail: summary.detail, confirm: "Upload", severity: "info" });
}

/**
 * Warnings about an upload Cloudflare is expected to refuse, each with the reason in a line short
 * enough for a QuickPick item's detail (which does not wrap): going ahead is never the default.
 */
const REFUSED_BY_CLOUDFLARE: Partial<Record<CertificateWarning["code"], string>> = {
  leafAsCa: "Cloudflare will refuse it: a leaf certificate (CA:FALSE) is not a CA.",
};

interface UploadStart {
  /** A group or account row whose own Upload was used: the destination (and account) are preset. */
  readonly node?: CertificateGroupNode | AccountNode;
  /** A Uri from the Explorer or an editor menu; otherwise the active editor or a file picker. */
  readonly sourceArgument?: unknown;
  /** Started from the tree: the active editor is the source only if it holds a PEM block. */
  readonly fromTree: boolean;
}

async function runUpload(services: Services, start: UploadStart): Promise<void> {
  const { node } = start;
  await services.session.client(); // signed in? (else: one "Sign in first" message, nothing read)
  const source = await resolveCertificateSource(services, start.sourceArgument, { preferEditorWithPem: start.fromTree });
  if (!source) {
    return;
  }
  const now = services.now();
  const document = await readSource(source);
  const destination = await chooseDestination(services, document, node);
  if (!destination) {
    return;
  }
  const name = await services.prompts.input({
    title: `${TITLE}: Name`,
    prompt: "A name to recognise it by in Cloudflare",
    value: defaultCertificateName(document, source.label),
    validate: validateCertificateName,
  });
  if (name === undefined) {
    return;
  }
  const extras = await askExtras(services, destination, document, source.label);
  if (!extras) {
    return;
  }
  const { uploadWarnings } = await loadCertificateDecoder();
  const warnings = uploadWarnings(document, uploadRole(destination), now, config.expiryWarningDays());
  const summary = uploadSummary(destination, document, name, { privateKeySource: extras.privateKey?.source, hostnames: extras.hostnames, warnings });
  if (!(await confirmUpload(services, summary, warnings))) {
    return;
  }
  const { location, note } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Uploading “${name.trim()}” to Cloudflare…`, cancellable: true },
    (_progress, token) => upload(services, destination, document, name, extras, abortSignalOf(token)),
  );
  services.log.forComponent("upload").info(`Uploaded ${source.label} as ${describeCreated(destination)} ${location.certificateId}`);
  await revealCertificate(services, location);
  const choice = await services.prompts.info(`Uploaded “${name.trim()}” as ${describeCreated(destination)}${note}.`, "Show Details");
  if (choice === "Show Details") {
    const shown = await revealCertificate(services, location);
    if (shown) {
      await showDetailsOf(services, shown);
    }
  }
}

/**
 * Upload Certificate from the palette, the Explorer, an editor menu (a Uri), or a group or
 * account row's own Upload (inline, context menu, the empty group's row), which presets where.
 */
export async function uploadCertificate(services: Services, argument?: unknown): Promise<void> {
  const node = isUploadTarget(argument) ? argument : undefined;
  await runUpload(services, { node, sourceArgument: node ? undefined : argument, fromTree: node !== undefined });
}

/**
 * The view title bar's Upload. VS Code hands a view title command the focused row, which says
 * nothing about where the user wants the certificate: this one always asks Destination and Account.
 */
export async function uploadCertificateFromViewTitle(services: Services): Promise<void> {
  await runUpload(services, { fromTree: true });
}
