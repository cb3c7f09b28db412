// Everything the extension does inside wrangler.toml / wrangler.json / wrangler.jsonc, registered
// once: the catalog of certificates, diagnostics, hover, code action and completion.
import * as vscode from "vscode";
import type { CredentialStore } from "../auth/credentials";
import type { CertificateRepository } from "../views/certificateRepository";
import { WranglerCatalog } from "./wranglerCatalog";
import { WranglerDiagnostics } from "./wranglerDiagnostics";
import { WRANGLER_SELECTOR } from "./wranglerDocuments";
import { WranglerHoverProvider } from "./wranglerHover";
import { WranglerCodeActionProvider, WranglerCompletionProvider } from "./wranglerInsertion";

export function registerWranglerEditor(repository: CertificateRepository, credentials: CredentialStore, now: () => Date): vscode.Disposable {
  const catalog = new WranglerCatalog(repository, credentials);
  return vscode.Disposable.from(
    catalog,
    new WranglerDiagnostics(catalog, now),
    vscode.languages.registerHoverProvider(WRANGLER_SELECTOR, new WranglerHoverProvider(catalog, now)),
    vscode.languages.registerCodeActionsProvider(WRANGLER_SELECTOR, new WranglerCodeActionProvider(), WranglerCodeActionProvider.metadata),
    vscode.languages.registerCompletionItemProvider(WRANGLER_SELECTOR, new WranglerCompletionProvider(catalog), '"', "'", "["),
  );
}
