// Copy ID / Copy Fingerprint / Copy PEM from a certificate row.
import * as vscode from "vscode";
import { loadCertificateDecoder } from "./certificateDecoder";
import type { Services } from "../services";
import { isCertificateNode, MtlsCertificateNode, type CertificateNode } from "../views/treeNodes";

function target(services: Services, node: unknown): CertificateNode | undefined {
  return isCertificateNode(node) ? node : services.treeView.selection.find(isCertificateNode);
}

async function copy(services: Services, text: string, what: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`$(check) Copied the ${what}`, 3000);
  services.log.forComponent("copy").debug(`Copied the ${what}`);
}

export async function copyId(services: Services, node?: unknown): Promise<void> {
  const certificate = target(services, node);
  if (certificate) {
    await copy(services, certificate.certificate.id, "certificate ID");
  }
}

/** Access: Cloudflare's MD5 fingerprint; account mTLS: the SHA-256 fingerprint of the PEM. */
export async function copyFingerprint(services: Services, node?: unknown): Promise<void> {
  const certificate = target(services, node);
  if (!certificate) {
    return;
  }
  if (certificate instanceof MtlsCertificateNode) {
    const { readCertificates } = await loadCertificateDecoder();
    const document = await readCertificates(certificate.certificate.certificates, { now: services.now() });
    const first = document.certificates[0];
    if (first) {
      await copy(services, first.fingerprints.sha256, "SHA-256 fingerprint");
    }
    return;
  }
  await copy(services, certificate.certificate.fingerprint, "MD5 fingerprint");
}

export async function copyPem(services: Services, node?: unknown): Promise<void> {
  const certificate = target(services, node);
  if (certificate instanceof MtlsCertificateNode) {
    await copy(services, certificate.certificate.certificates, "PEM");
  }
}
