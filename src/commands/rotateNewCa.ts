// The new CA of a CA rotation: from a file or the active editor (when it holds a PEM), read and
// checked as an upload is (certificateSource.ts, the upload warnings), then named. Refused here,
// before anything is sent: what is not a CA, and the very certificate being rotated.
import * as vscode from "vscode";
import { CertificateInputError } from "../certificates/errors";
import { sameFingerprint } from "../certificates/fingerprints";
import { holdsPemBlock } from "../certificates/pemMarker";
import type { CertificateWarning } from "../certificates/warnings";
import { loadCertificateDecoder } from "../certificateDecoder";
import * as config from "../config";
import { formatInstant } from "../views/treeModel";
import type { Services } from "../services";
import { CERTIFICATE_FILE_FILTERS, readSource, sourceFromUri, type CertificateSource } from "./certificateSource";
import { defaultCertificateName, validateCertificateName } from "./uploadPlan";

export interface ReplacementCa {
  readonly name: string;
  /** The certificates only, as an upload sends them. */
  readonly pem: string;
  /** Where it came from, for the plan. */
  readonly sourceLabel: string;
  readonly subject: string;
  readonly expires: Date;
  readonly warnings: readonly CertificateWarning[];
  /** Fingerprints of its first certificate. */
  readonly sha256: string;
  readonly accessMd5: string;
}

async function chooseSource(services: Services, title: string): Promise<CertificateSource | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor && holdsPemBlock(editor.document.getText())) {
    const label = editor.document.isUntitled ? editor.document.fileName || "Untitled" : vscode.workspace.asRelativePath(editor.document.uri, false);
    const choice = await services.prompts.pick(
      [
        { label: `The Active Editor: ${label}`, detail: editor.selection.isEmpty ? "Its text, as shown (unsaved changes included)." : "The selected text.", value: "editor" as const },
        { label: "A File…", detail: "Choose a PEM or DER file.", value: "file" as const },
      ],
      { title: `${title}: New CA`, placeHolder: "Where is the new CA certificate?" },
    );
    if (choice === undefined) {
      return undefined;
    }
    if (choice === "editor") {
      const document = editor.document;
      const content = editor.selection.isEmpty ? document.getText() : document.getText(editor.selection);
      return { label: editor.selection.isEmpty ? label : `${label} (selection)`, content, uri: document.isUntitled ? undefined : document.uri };
    }
  }
  const picked = await services.prompts.openFile({ title: `${title}: New CA Certificate File`, filters: CERTIFICATE_FILE_FILTERS });
  return picked ? sourceFromUri(picked) : undefined;
}

/** Asks for the new CA and its name; undefined when the user cancelled. `oldSha256`/`oldAccessMd5` say which certificate is being replaced. */
/** What the plan says about the chosen CA: its subject, where it came from, its expiry and every warning. */
export function replacementNote(replacement: ReplacementCa): string {
  return [`New CA: ${replacement.subject}, from ${replacement.sourceLabel}, expires ${formatInstant(replacement.expires)}`, ...replacement.warnings.map((warning) => `⚠ ${warning.message}`)].join("\n");
}

export async function chooseReplacementCa(services: Services, title: string, old: { readonly sha256?: string; readonly accessMd5?: string }): Promise<ReplacementCa | undefined> {
  const source = await chooseSource(services, title);
  if (!source) {
    return undefined;
  }
  const document = await readSource(source);
  const first = document.certificates[0];
  if (!first) {
    throw new CertificateInputError("noCertificate", `${source.label}: holds no certificate.`);
  }
  const { uploadWarnings } = await loadCertificateDecoder();
  const warnings = uploadWarnings(document, "ca", services.now(), config.expiryWarningDays());
  const notACa = warnings.find((warning) => warning.code === "leafAsCa");
  if (notACa) {
    await services.prompts.warning(`${source.label}: ${notACa.message} Cloudflare would refuse it as the new CA; nothing was changed.`);
    return undefined;
  }
  if ((old.sha256 && sameFingerprint(first.fingerprints.sha256, old.sha256)) || (old.accessMd5 && sameFingerprint(first.fingerprints.accessMd5, old.accessMd5))) {
    await services.prompts.warning(`${source.label} holds the certificate being rotated, not a new CA; nothing was changed.`);
    return undefined;
  }
  const name = await services.prompts.input({ title: `${title}: Name of the New CA`, prompt: "A name to recognise it by in Cloudflare", value: defaultCertificateName(document, source.label), validate: validateCertificateName });
  if (name === undefined) {
    return undefined;
  }
  return {
    name: name.trim(),
    pem: document.pem,
    sourceLabel: source.label,
    subject: first.subject.text,
    expires: first.notAfter,
    warnings,
    sha256: first.fingerprints.sha256,
    accessMd5: first.fingerprints.accessMd5,
  };
}
