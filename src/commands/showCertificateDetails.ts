// Show Certificate Details (tree) and Inspect Certificate (editor, Explorer, palette): everything
// the decoder knows, in a webview. Access certificates carry no PEM in the API, so their details
// come from a local file whose MD5 fingerprint matches (found in the workspace, or picked).
import * as vscode from "vscode";
import { CertificateInputError } from "../certificates/errors";
import { sameFingerprint } from "../certificates/fingerprints";
import type { CertificateDocument } from "../certificates/read";
import * as config from "../config";
import type { Services } from "../services";
import { accessCertificateDetails, localFileDetails, mtlsCertificateDetails, type DetailsContext } from "../views/detailsModel";
import type { DetailsPanel } from "../views/detailsPanel";
import { AccessCertificateNode, isCertificateNode, MtlsCertificateNode, type CertificateNode } from "../views/treeNodes";
import { loadCertificateDecoder } from "./certificateDecoder";
import { CERTIFICATE_FILE_FILTERS, readSource, resolveCertificateSource, sourceFromUri } from "./certificateSource";
import { savePemAs } from "./savePemAs";

const WORKSPACE_SCAN_LIMIT = 200;

function detailsContext(services: Services): DetailsContext {
  return { now: services.now(), warningDays: config.expiryWarningDays() };
}

async function showMtlsDetails(services: Services, node: MtlsCertificateNode): Promise<void> {
  let document: CertificateDocument | undefined;
  let problem: string | undefined;
  try {
    const { readCertificates } = await loadCertificateDecoder();
    document = await readCertificates(node.certificate.certificates, { now: services.now() });
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  const associations = await services.repository.associations(node.account.id, node.certificate.id).catch(() => undefined);
  const model = mtlsCertificateDetails(node.account.name, node.certificate, associations, document, problem, detailsContext(services));
  services.details.show(node.id, model, (action) => services.guard(async () => {
    if (action === "savePem") {
      await savePemAs(services, node);
    } else if (action === "openLog") {
      services.log.show();
    }
  }));
}

interface LocalMatch {
  readonly fileLabel: string;
  readonly document: CertificateDocument;
}

/** Looks through the workspace's certificate files for one whose MD5 fingerprint matches. */
async function findLocalMatch(services: Services, fingerprint: string): Promise<LocalMatch | undefined> {
  if (!fingerprint || !vscode.workspace.workspaceFolders?.length) {
    return undefined;
  }
  const uris = await vscode.workspace.findFiles("**/*.{pem,crt,cer,der,ca-bundle}", "**/node_modules/**", WORKSPACE_SCAN_LIMIT);
  for (const uri of uris) {
    try {
      const source = await sourceFromUri(uri);
      const document = await readSource(source, services.now());
      if (document.certificates.some((certificate) => sameFingerprint(certificate.fingerprints.accessMd5, fingerprint))) {
        return { fileLabel: source.label, document };
      }
    } catch {
      // Not a certificate file (a key, garbage…): not a match.
    }
  }
  return undefined;
}

async function pickLocalMatch(services: Services, node: AccessCertificateNode, panel: DetailsPanel): Promise<void> {
  const uri = await services.prompts.openFile({ title: `Choose the Certificate File of “${node.certificate.name}”`, filters: CERTIFICATE_FILE_FILTERS });
  if (!uri) {
    return;
  }
  const source = await sourceFromUri(uri);
  const document = await readSource(source, services.now());
  const match = document.certificates.find((certificate) => sameFingerprint(certificate.fingerprints.accessMd5, node.certificate.fingerprint));
  if (!match) {
    const found = document.certificates[0]?.fingerprints.accessMd5 ?? "none";
    await services.prompts.warning(`${source.label} is not the certificate of “${node.certificate.name}”: its fingerprint is ${found}, Cloudflare's is ${node.certificate.fingerprint}.`);
    return;
  }
  panel.update(accessCertificateDetails(scopeLabel(node), node.certificate, { fileLabel: source.label, document }, detailsContext(services)));
}

function scopeLabel(node: AccessCertificateNode): string {
  return node.parent.zone ? `zone ${node.parent.zone.name}` : `account ${node.account.name}`;
}

async function showAccessDetails(services: Services, node: AccessCertificateNode): Promise<void> {
  const match = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: "Looking for the matching local certificate file…" }, () =>
    findLocalMatch(services, node.certificate.fingerprint),
  );
  const model = accessCertificateDetails(scopeLabel(node), node.certificate, match, detailsContext(services));
  services.details.show(node.id, model, (action, panel) => services.guard(async () => {
    if (action === "pickLocalFile") {
      await pickLocalMatch(services, node, panel);
    } else if (action === "openLog") {
      services.log.show();
    }
  }));
}

export async function showCertificateDetails(services: Services, node?: unknown): Promise<void> {
  const target: CertificateNode | undefined = isCertificateNode(node) ? node : services.treeView.selection.find(isCertificateNode);
  if (!target) {
    await services.prompts.info("Select a certificate in the Cloudflare mTLS view to see its details, or use “Inspect Certificate” on a local file.");
    return;
  }
  if (target instanceof MtlsCertificateNode) {
    await showMtlsDetails(services, target);
  } else {
    await showAccessDetails(services, target);
  }
}

export async function inspectCertificate(services: Services, argument?: unknown): Promise<void> {
  const source = await resolveCertificateSource(services, argument);
  if (!source) {
    return;
  }
  const now = services.now();
  const document = await readSource(source, now);
  const first = document.certificates[0];
  if (!first) {
    throw new CertificateInputError("noCertificate", `${source.label} holds no certificate.`);
  }
  const { uploadWarnings } = await loadCertificateDecoder();
  const warnings = uploadWarnings(document, first.isCa ? "mtlsCa" : "mtlsLeaf", now, config.expiryWarningDays()).filter(
    (warning) => warning.code !== "leafAsCa" && warning.code !== "privateKeyForCa",
  );
  const key = `local:${source.uri?.toString() ?? source.label}`;
  services.details.show(key, localFileDetails(source.label, document, warnings, detailsContext(services)), (action) => {
    if (action === "openLog") {
      services.log.show();
    }
    return Promise.resolve();
  });
}
