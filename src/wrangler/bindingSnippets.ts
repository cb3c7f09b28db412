// Pure: an mTLS certificate binding written for wrangler.toml or wrangler.json(c), both as text to
// copy and as an edit that adds it to an open file where it belongs (the environment the cursor is
// in, next to the bindings already there). JSON edits come from jsonc-parser's `modify`, which
// keeps comments; TOML edits are placed by the parsed tree, never by searching the text.
import { applyEdits, modify } from "jsonc-parser";
import { readConfigTree, type Container, type KeyPath } from "./configTree";
import type { WranglerFormat } from "./wranglerFiles";
import { BINDINGS_KEY, bindingObject, tomlBindingSnippet, tomlString, type BindingValues } from "./bindingText";

function tomlInlineEntry(values: BindingValues): string {
  return `{ binding = ${tomlString(values.binding)}, certificate_id = ${tomlString(values.certificateId)} }`;
}

export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

export interface EditorFormatting {
  readonly eol: "\n" | "\r\n";
  readonly insertSpaces: boolean;
  readonly tabSize: number;
}

export type InsertionPlan = { readonly ok: true; readonly edit: TextEdit; readonly environment: string | undefined } | { readonly ok: false; readonly reason: string };

function startsWith(path: KeyPath, prefix: KeyPath): boolean {
  return prefix.every((part, index) => path[index] === part);
}

/** The environment whose table or object holds `offset`, if any. */
function environmentAt(containers: readonly Container[], offset: number, format: WranglerFormat): string | undefined {
  if (format === "toml") {
    // The header table the cursor is under: the last one that starts before it.
    const table = containers.filter((container) => container.headerTable && container.range.start <= offset).at(-1);
    return table && table.path[0] === "env" && typeof table.path[1] === "string" ? table.path[1] : undefined;
  }
  const environment = containers.find(
    (container) => container.path.length === 2 && container.path[0] === "env" && typeof container.path[1] === "string" && offset > container.range.start && offset < container.range.end,
  );
  return environment ? (environment.path[1] as string) : undefined;
}

/** The smallest edit that turns `before` into `after`. */
function minimalEdit(before: string, after: string): TextEdit {
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) {
    prefix++;
  }
  let suffix = 0;
  while (suffix < before.length - prefix && suffix < after.length - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) {
    suffix++;
  }
  return { offset: prefix, length: before.length - prefix - suffix, text: after.slice(prefix, after.length - suffix) };
}

function planToml(text: string, values: BindingValues, offset: number, formatting: EditorFormatting): InsertionPlan {
  const tree = readConfigTree(text, "toml");
  if (tree.problem) {
    return { ok: false, reason: `wrangler.toml does not parse, so there is no safe place for a binding: ${tree.problem}` };
  }
  const eol = formatting.eol;
  const environment = environmentAt(tree.containers, offset, "toml");
  const listPath: KeyPath = environment === undefined ? [BINDINGS_KEY] : ["env", environment, BINDINGS_KEY];
  const inlineArray = tree.containers.find((container) => container.array && container.path.length === listPath.length && startsWith(container.path, listPath));
  if (inlineArray?.array) {
    // `mtls_certificates = [...]` cannot be extended by a [[mtls_certificates]] table: add to the array.
    const end = inlineArray.array.lastElementEnd;
    const edit = end === undefined ? { offset: inlineArray.range.start + 1, length: 0, text: tomlInlineEntry(values) } : { offset: end, length: 0, text: `, ${tomlInlineEntry(values)}` };
    return { ok: true, edit, environment };
  }
  const snippet = tomlBindingSnippet(values, { environment, eol });
  const headerTables = tree.containers.filter((container) => container.headerTable);
  const existing = headerTables.filter((container) => container.path.length === listPath.length + 1 && startsWith(container.path, listPath)).at(-1);
  // After the last binding of the list; else after the table the cursor is in; else after the top-level keys.
  // A table header placed there never captures keys that belong to another table.
  const anchor = existing ?? headerTables.filter((container) => container.range.start <= offset).at(-1);
  if (anchor) {
    return { ok: true, edit: { offset: anchor.range.end, length: 0, text: `${eol}${eol}${snippet}` }, environment };
  }
  const topLevelEnd = tree.topLevelEnd ?? 0;
  if (topLevelEnd === 0) {
    return { ok: true, edit: { offset: 0, length: 0, text: text.length > 0 ? `${snippet}${eol}${eol}` : `${snippet}${eol}` }, environment };
  }
  return { ok: true, edit: { offset: topLevelEnd, length: 0, text: `${eol}${eol}${snippet}` }, environment };
}

function planJson(text: string, values: BindingValues, offset: number, formatting: EditorFormatting): InsertionPlan {
  const tree = readConfigTree(text, "json");
  if (tree.problem) {
    return { ok: false, reason: `The file is not valid JSON, so there is no safe place for a binding: ${tree.problem}` };
  }
  if (!tree.containers.some((container) => container.path.length === 0 && !container.array)) {
    return { ok: false, reason: "The file holds no JSON object to add a binding to." };
  }
  const environment = environmentAt(tree.containers, offset, "json");
  const path = environment === undefined ? [BINDINGS_KEY, -1] : ["env", environment, BINDINGS_KEY, -1];
  const edits = modify(text, path, bindingObject(values), {
    isArrayInsertion: true,
    formattingOptions: { insertSpaces: formatting.insertSpaces, tabSize: formatting.tabSize, eol: formatting.eol },
  });
  return { ok: true, edit: minimalEdit(text, applyEdits(text, edits)), environment };
}

/** Where and how to add a binding to the file, for the environment `offset` is in. */
export function planBindingInsertion(text: string, format: WranglerFormat, values: BindingValues, offset: number, formatting: EditorFormatting): InsertionPlan {
  return format === "toml" ? planToml(text, values, offset, formatting) : planJson(text, values, offset, formatting);
}
