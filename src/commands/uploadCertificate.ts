// Upload Certificate: decode locally first (keys and garbage are refused before anything is sent),
// pick where it goes, name it, confirm a summary, upload with progress, then show it in the tree.
// The user's file is only ever read.
import * as vscode from "vscode";
import { addAccessCertificate } from "../cloudflare/accessCertificates";
import { uploadMtlsCertificate } from "../cloudflare/mtlsCertificates";
import type { Account } from "../cloudflare/types";
import type { CertificateDocument } from "../certificates/read";
import * as config from "../config";
import type { Services } from "../services";
import { cacheKeys } from "../views/certificateRepository";
import { AccessGroupNode, AccountNode, MtlsGroupNode, type TreeNode } from "../views/treeNodes";
import { loadCertificateDecoder } from "./certificateDecoder";
import { readSource, resolveCertificateSource } from "./certificateSource";
import { choosePrivateKey } from "./privateKeyChoice";
import { revealCertificate } from "./revealCertificate";
import {
  accessUploadBody,
  defaultCertificateName,
  mtlsUploadBody,
  parseHostnames,
  uploadKindChoices,
  uploadSummary,
  validateCertificateName,
  validateHostnames,
  warningTarget,
  type UploadDestination,
} from "./uploadPlan";

async function chooseAccount(services: Services, preset: Account | undefined): Promise<Account | undefined> {
  if (preset) {
    return preset;
  }
  const accounts = await services.repository.visibleAccounts();
  if (accounts.length === 1) {
    return accounts[0];
  }
  if (accounts.length === 0) {
    await services.prompts.warning("No Cloudflare account is shown. Choose the accounts to show first.");
    return undefined;
  }
  return services.prompts.pick(
    accounts.map((account) => ({ label: account.name || account.id, description: account.id, value: account })),
    { title: "Upload Certificate: Account", placeHolder: "Which account?" },
  );
}

async function chooseDestination(services: Services, document: CertificateDocument, node: TreeNode | undefined): Promise<UploadDestination | undefined> {
  if (node instanceof AccessGroupNode) {
    const account = node.account;
    return { kind: "accessRoot", accountId: account.id, accountName: account.name, scope: node.scope, scopeName: node.zone?.name ?? account.name };
  }
  const fixed = node instanceof MtlsGroupNode ? "mtls" : undefined;
  const presetAccount = node instanceof MtlsGroupNode || node instanceof AccountNode ? node.account : undefined;
  const kind = await services.prompts.pick(
    uploadKindChoices(document, fixed).map((choice) => ({
      label: choice.label,
      description: choice.recommended ? "Suggested for this certificate" : undefined,
      detail: choice.detail,
      value: choice.target,
    })),
    { title: "Upload Certificate: Destination", placeHolder: "Where should this certificate go?" },
  );
  if (!kind) {
    return undefined;
  }
  const account = await chooseAccount(services, presetAccount);
  if (!account) {
    return undefined;
  }
  switch (kind) {
    case "mtlsCa":
    case "mtlsLeaf":
      return { kind, accountId: account.id, accountName: account.name };
    case "accessRoot":
      return { kind: "accessRoot", accountId: account.id, accountName: account.name, scope: { kind: "accounts", id: account.id }, scopeName: account.name };
    case "accessZoneRoot": {
      const zones = await services.repository.zones(account.id);
      if (zones.length === 0) {
        await services.prompts.warning(`Account ${account.name} has no zones.`);
        return undefined;
      }
      const zone = await services.prompts.pick(
        zones.map((candidate) => ({ label: candidate.name, description: candidate.id, value: candidate })),
        { title: "Upload Certificate: Zone", placeHolder: "Which zone's Access applications should trust this CA?" },
      );
      return zone ? { kind: "accessRoot", accountId: account.id, accountName: account.name, scope: { kind: "zones", id: zone.id }, scopeName: zone.name } : undefined;
    }
  }
}

export async function uploadCertificate(services: Services, argument?: unknown): Promise<void> {
  const node = argument instanceof AccountNode || argument instanceof MtlsGroupNode || argument instanceof AccessGroupNode ? argument : undefined;
  await services.session.client(); // signed in? (else: one "Sign in first" message, nothing read)
  const source = await resolveCertificateSource(services, node ? undefined : argument, { preferEditorWithPem: node !== undefined });
  if (!source) {
    return;
  }
  const now = services.now();
  const document = await readSource(source, now);
  const destination = await chooseDestination(services, document, node);
  if (!destination) {
    return;
  }
  const name = await services.prompts.input({
    title: "Upload Certificate: Name",
    prompt: "A name to recognise it by in Cloudflare",
    value: defaultCertificateName(document, source.label),
    validate: validateCertificateName,
  });
  if (name === undefined) {
    return;
  }
  let privateKeyPem: string | undefined;
  if (destination.kind === "mtlsLeaf") {
    const choice = await choosePrivateKey(services, document);
    if (choice.kind === "cancelled") {
      return;
    }
    privateKeyPem = choice.kind === "key" ? choice.pem : undefined;
  }
  let hostnames: string[] = [];
  if (destination.kind === "accessRoot") {
    const text = await services.prompts.input({
      title: "Upload Certificate: Associated Hostnames",
      prompt: "Hostnames of Access applications that should accept client certificates from this CA (comma-separated; may be empty).",
      placeHolder: "app.example.com, admin.example.com",
      validate: validateHostnames,
    });
    if (text === undefined) {
      return;
    }
    hostnames = parseHostnames(text).hostnames;
  }
  const { uploadWarnings } = await loadCertificateDecoder();
  const warnings = uploadWarnings(document, warningTarget(destination), now, config.expiryWarningDays());
  const summary = uploadSummary(destination, document, name, { includePrivateKey: privateKeyPem !== undefined, hostnames, warnings });
  if (!(await services.prompts.confirm({ message: summary.message, detail: summary.detail, confirm: warnings.length > 0 ? "Upload Anyway" : "Upload" }))) {
    return;
  }
  const log = services.log.forComponent("upload");
  const created = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Uploading “${name.trim()}” to Cloudflare…`, cancellable: true },
    async (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const client = await services.session.client();
      if (destination.kind === "accessRoot") {
        const result = await addAccessCertificate(client, destination.scope, accessUploadBody(document, name, hostnames), { signal: abort.signal });
        return { id: result.id };
      }
      const result = await uploadMtlsCertificate(client, destination.accountId, mtlsUploadBody(destination, document, name, privateKeyPem), { signal: abort.signal });
      return { id: result.id };
    },
  );
  log.info(`Uploaded ${source.label} as ${destination.kind} ${created.id}`);
  services.repository.invalidate(destination.kind === "accessRoot" ? cacheKeys.access(destination.scope) : cacheKeys.mtls(destination.accountId));
  await revealCertificate(services, destination, created.id);
  const choice = await services.prompts.info(`Uploaded “${name.trim()}” as ${destination.kind === "accessRoot" ? "an Access root certificate" : destination.kind === "mtlsCa" ? "a CA certificate" : "a leaf certificate"}.`, "Show Details");
  if (choice === "Show Details") {
    const shown = await revealCertificate(services, destination, created.id);
    if (shown) {
      await vscode.commands.executeCommand("cloudflareMtls.showCertificateDetails", shown);
    }
  }
}
