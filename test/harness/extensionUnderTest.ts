// How integration tests (inside the extension host) reach the extension they test: by its id,
// activated, with the test API that activate() returns in ExtensionMode.Test.
import * as vscode from "vscode";
import type { TestApi } from "../../src/extension";

/** `${publisher}.${name}` from package.json. */
export const EXTENSION_ID = "cloudflare-mtls-vscode.cloudflare-mtls";

export function extensionUnderTest(): vscode.Extension<TestApi | undefined> {
  const extension = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  if (!extension) {
    const loaded = vscode.extensions.all.map((candidate) => candidate.id).filter((id) => !id.startsWith("vscode."));
    throw new Error(`extension ${EXTENSION_ID} is not loaded in this extension host (non-builtin extensions: ${loaded.join(", ") || "none"})`);
  }
  return extension;
}

/** Activates the extension and returns its test API, which exists only in ExtensionMode.Test. */
export async function activateExtensionUnderTest(): Promise<TestApi> {
  const api = await extensionUnderTest().activate();
  if (!api) {
    throw new Error(`extension ${EXTENSION_ID} returned no test API: it was not loaded in ExtensionMode.Test (load it with extensionDevelopmentPath + extensionTestsPath)`);
  }
  return api;
}
