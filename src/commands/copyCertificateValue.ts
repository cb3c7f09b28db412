// Copy ID / Copy Fingerprint / Copy PEM from a certificate row: what each kind holds for them.
import * as vscode from "vscode";
import { loadCertificateDecoder } from "../certificateDecoder";
import type { Services } from "../services";
import { certificateTarget } from "./certificateTargets";

/** Puts `text` on the clipboard and says so in the status bar (never in a notification). */
export async function copy(services: Services, text: string, what: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`$(check) Copied the ${what}`, 3000);
  services.log.forComponent("copy").debug(`Copied the ${what}`);
}

export async function copyId(services: Services, node?: unknown): Promise<void> {
  const certificate = certificateTarget(services, node);
  if (certificate) {
    await copy(services, certificate.certificateId, "certificate ID");
  }
}

/** The fingerprint the kind identifies certificates by: SHA-256 of the PEM for mTLS, Cloudflare's MD5 for Access. */
export async function copyFingerprint(services: Services, node?: unknown): Promise<void> {
  const fingerprint = await certificateTarget(services, node)?.fingerprint(loadCertificateDecoder);
  if (fingerprint) {
    await copy(services, fingerprint.value, fingerprint.what);
  }
}

export async function copyPem(services: Services, node?: unknown): Promise<void> {
  const pem = certificateTarget(services, node)?.pem();
  if (pem !== undefined) {
    await copy(services, pem, "PEM");
  }
}
