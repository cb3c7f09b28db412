// For a leaf upload to account mTLS: whether to send a private key, and which. A key is only
// ever sent after the user picks it here; a key file that does not fit is explained and the
// question comes back at once, saying why, so one wrong file neither ends nor stalls the upload.
import * as vscode from "vscode";
import { CertificateInputError } from "../certificates/errors";
import type { CertificateDocument, FoundPrivateKey } from "../certificates/read";
import type { Services } from "../services";
import { loadCertificateDecoder, type CertificateDecoder } from "../certificateDecoder";

type KeyAnswer = { readonly kind: "none" } | { readonly kind: "found"; readonly key: FoundPrivateKey } | { readonly kind: "file" };

type KeyFileResult = { readonly kind: "key"; readonly pem: string; readonly source: string } | { readonly kind: "retry"; readonly reason?: string };

const MAX_KEY_FILE_BYTES = 256 * 1024;

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function foundKeyItem(decoder: CertificateDecoder, key: FoundPrivateKey): { label: string; detail: string; value: KeyAnswer } {
  return {
    label: "$(key) Send the private key in this file",
    detail: `${capitalized(decoder.describeKind(key.kind))} at line ${key.line}, matching the certificate. It is sent once, over HTTPS, and never stored by this extension.`,
    value: { kind: "found", key },
  };
}

async function keyFromFile(services: Services, decoder: CertificateDecoder, document: CertificateDocument): Promise<KeyFileResult> {
  const uri = await services.prompts.openFile({
    title: "Upload Certificate: Private Key File",
    filters: { "Private keys": ["key", "pem"], "All files": ["*"] },
  });
  const leaf = document.certificates[0];
  if (!uri || !leaf) {
    return { kind: "retry" };
  }
  const label = vscode.workspace.asRelativePath(uri, false);
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_KEY_FILE_BYTES) {
      throw new CertificateInputError("tooLarge", `This file is ${stat.size} bytes; a private key file is a few kilobytes.`);
    }
    const text = new TextDecoder("utf-8").decode(await vscode.workspace.fs.readFile(uri));
    return { kind: "key", pem: decoder.readPrivateKeyFor(text, leaf), source: label };
  } catch (error) {
    if (error instanceof CertificateInputError) {
      return { kind: "retry", reason: `${label}: ${error.message}` };
    }
    throw error;
  }
}

export type PrivateKeyChoice =
  /** `source` names where the key came from, for the confirmation: "key.pem", "server.pem (line 30)". */
  | { readonly kind: "key"; readonly pem: string; readonly source: string }
  | { readonly kind: "none" }
  | { readonly kind: "cancelled" };

/** The private key to send with a leaf (from `documentLabel` or a file), none to upload the certificate alone, or cancelled. */
export async function choosePrivateKey(services: Services, document: CertificateDocument, documentLabel: string): Promise<PrivateKeyChoice> {
  const decoder = await loadCertificateDecoder();
  const matching = document.privateKeys.find((key) => key.matchesCertificateIndex === 0);
  let refusal: string | undefined;
  for (;;) {
    const answer = await services.prompts.pick<KeyAnswer>(
      [
        ...(matching ? [foundKeyItem(decoder, matching)] : []),
        {
          label: refusal ? "$(file) Choose another private key file…" : "$(file) Choose a private key file…",
          detail: refusal ?? "An unencrypted PEM key (PKCS#8, RSA or EC) that belongs to this certificate.",
          value: { kind: "file" },
        },
        {
          label: "$(circle-slash) Upload without a private key",
          detail: "Enough when Cloudflare only needs to present or verify this certificate without signing with it.",
          value: { kind: "none" },
        },
      ],
      {
        title: "Upload Certificate: Private Key",
        placeHolder: refusal ? "That file was not this certificate's key (the reason is below): choose another, or upload without a key" : "Send a private key with this leaf certificate?",
      },
    );
    if (!answer) {
      return { kind: "cancelled" };
    }
    switch (answer.kind) {
      case "none":
        return { kind: "none" };
      case "found":
        return { kind: "key", pem: answer.key.pem, source: `${documentLabel} (line ${answer.key.line})` };
      case "file": {
        const result = await keyFromFile(services, decoder, document);
        if (result.kind === "key") {
          return result;
        }
        refusal = result.reason;
        if (refusal) {
          // Said in full beside the question, without waiting for it to be closed.
          void services.prompts.error(refusal);
        }
      }
    }
  }
}
