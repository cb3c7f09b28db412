// Which open documents are wrangler configuration files, and their bindings, parsed once per
// document version (the parsers load with the first wrangler file: src/wranglerParsing.ts). A file
// too large to be a wrangler configuration is not parsed at all, so no input keeps the extension
// host busy.
import type * as vscode from "vscode";
import type { MtlsBinding, WranglerBindings } from "../wrangler/mtlsBindings";
import { wranglerFormatOf, type WranglerFormat } from "../wrangler/wranglerFiles";
import { loadWranglerParsing } from "../wranglerParsing";

/** The files the providers are registered for, whatever language VS Code gives them. */
export const WRANGLER_SELECTOR: vscode.DocumentSelector = [{ pattern: "**/wrangler.toml" }, { pattern: "**/wrangler.json" }, { pattern: "**/wrangler.jsonc" }];

/** Wrangler files are a few kilobytes; past this, nothing is parsed. */
const MAX_LENGTH = 1024 * 1024;

export function wranglerFormatOfDocument(document: vscode.TextDocument): WranglerFormat | undefined {
  return document.uri.scheme === "output" ? undefined : wranglerFormatOf(document.uri.path);
}

const parsed = new WeakMap<vscode.TextDocument, { readonly version: number; readonly bindings: WranglerBindings }>();

/** The document's bindings, or undefined when it is no wrangler file (or too large to be one). */
export async function bindingsOfDocument(document: vscode.TextDocument): Promise<WranglerBindings | undefined> {
  const format = wranglerFormatOfDocument(document);
  if (!format) {
    return undefined;
  }
  const cached = parsed.get(document);
  if (cached?.version === document.version) {
    return cached.bindings;
  }
  const version = document.version;
  const text = document.getText();
  const bindings: WranglerBindings = text.length > MAX_LENGTH ? { bindings: [], problem: "too large to be a wrangler configuration" } : (await loadWranglerParsing()).parseMtlsBindings(text, format);
  parsed.set(document, { version, bindings });
  return bindings;
}

/** The binding whose text holds `offset`, if the document is a wrangler file. */
export async function bindingAtOffset(document: vscode.TextDocument, offset: number): Promise<{ readonly bindings: WranglerBindings; readonly binding: MtlsBinding | undefined } | undefined> {
  const bindings = await bindingsOfDocument(document);
  return bindings ? { bindings, binding: (await loadWranglerParsing()).bindingAt(bindings.bindings, offset) } : undefined;
}
