// What a certificate kind is given to answer a command (src/views/kinds): the repository, the
// prompts, the clock, the decoder, and the user's local certificate files.
import * as vscode from "vscode";
import { loadCertificateDecoder } from "../certificateDecoder";
import { holdsCertificateWithMd5 } from "../certificates/md5Match";
import * as config from "../config";
import type { Services } from "../services";
import type { KindContext, LocalCertificateFiles, LocalCertificateMatch } from "../views/kinds/certificateKindModule";
import { CERTIFICATE_FILE_FILTERS, readSource, sourceFromUri } from "./certificateSource";

/** The workspace search for a matching file reads at most this many certificate files. */
const WORKSPACE_SCAN_LIMIT = 200;

function localCertificateFiles(services: Services): LocalCertificateFiles {
  return {
    async findByMd5(fingerprint: string): Promise<LocalCertificateMatch | undefined> {
      // Reading the workspace's files unasked is for trusted workspaces only; a file the user picks is always read.
      if (!fingerprint || !services.workspaceTrusted() || !vscode.workspace.workspaceFolders?.length) {
        return undefined;
      }
      return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: "Looking for the matching local certificate file…" }, async () => {
        const uris = await vscode.workspace.findFiles("**/*.{pem,crt,cer,der,ca-bundle}", "**/node_modules/**", WORKSPACE_SCAN_LIMIT);
        // Only hashes, no decoding: each file's certificates are hashed and only the match is decoded.
        for (const uri of uris) {
          const source = await sourceFromUri(uri).catch(() => undefined);
          if (source && holdsCertificateWithMd5(source.content, fingerprint)) {
            try {
              return { fileLabel: source.label, document: await readSource(source) };
            } catch {
              // A broken file that hashes like the certificate: not a usable match.
            }
          }
        }
        return undefined;
      });
    },
    async pick(title: string): Promise<LocalCertificateMatch | undefined> {
      const uri = await services.prompts.openFile({ title, filters: CERTIFICATE_FILE_FILTERS });
      if (!uri) {
        return undefined;
      }
      const source = await sourceFromUri(uri);
      return { fileLabel: source.label, document: await readSource(source) };
    },
  };
}

export function kindContext(services: Services): KindContext {
  return {
    repository: services.repository,
    prompts: services.prompts,
    now: services.now,
    expiry: () => ({ now: services.now(), warningDays: config.expiryWarningDays() }),
    decoder: loadCertificateDecoder,
    localFiles: localCertificateFiles(services),
  };
}
