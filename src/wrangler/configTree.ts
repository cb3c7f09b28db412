// Pure: a wrangler.toml / wrangler.json / wrangler.jsonc file as a flat list of string values,
// each with its key path ("env", "production", "mtls_certificates", 0, "certificate_id") and
// exact source offsets. Both parsers are maintained ones (toml-eslint-parser, jsonc-parser) that
// report ranges in UTF-16 code units, the unit of JavaScript strings and of VS Code's
// TextDocument.offsetAt/positionAt, so no offset is ever computed by hand from the text.
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from "jsonc-parser";
import { parseTOML, type AST } from "toml-eslint-parser";
import type { WranglerFormat } from "./wranglerFiles";


/** Offsets into the document text, `end` exclusive. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

export type KeyPath = readonly (string | number)[];

/** A string value in the file. */
export interface StringLeaf {
  readonly path: KeyPath;
  readonly value: string;
  /** The characters between the quotes. */
  readonly contentRange: TextRange;
  /** The key the value belongs to (absent for an array element). */
  readonly keyRange?: TextRange;
}

/** A table, inline table or object: where an entry of an array starts and ends. */
export interface Container {
  readonly path: KeyPath;
  readonly range: TextRange;
  /** TOML: `[[x]]`/`[x]` header tables, as opposed to inline tables and arrays. */
  readonly headerTable: boolean;
  /** An array written as a value (`x = [...]`, `"x": [...]`), with the range of its last element. */
  readonly array?: { readonly lastElementEnd: number | undefined };
}

export interface ConfigTree {
  readonly format: WranglerFormat;
  readonly strings: readonly StringLeaf[];
  readonly containers: readonly Container[];
  /** TOML: where the last key-value before the first table header ends (0 when there is none). */
  readonly topLevelEnd?: number;
  /** Why the file could not be read completely; what was read before the problem is still listed (JSON). */
  readonly problem?: string;
}

function range(from: readonly [number, number]): TextRange {
  return { start: from[0], end: from[1] };
}

/** The characters inside a string literal's quotes (one or three of them, or none for a bare key). */
function insideQuotes(text: string, literal: TextRange): TextRange {
  const first = text[literal.start];
  if (first !== '"' && first !== "'") {
    return literal;
  }
  const quote = text.startsWith(first.repeat(3), literal.start) && literal.end - literal.start >= 6 ? 3 : 1;
  return { start: literal.start + quote, end: Math.max(literal.start + quote, literal.end - quote) };
}

function tomlKeyName(key: AST.TOMLBare | AST.TOMLQuoted): string {
  return key.type === "TOMLBare" ? key.name : key.value;
}

function readToml(text: string): ConfigTree {
  const strings: StringLeaf[] = [];
  const containers: Container[] = [];
  let program: AST.TOMLProgram;
  try {
    // Wrangler reads TOML 1.0.
    program = parseTOML(text, { tomlVersion: "1.0" });
  } catch (error) {
    const where = error instanceof Error && "lineNumber" in error ? ` (line ${String((error as { lineNumber: unknown }).lineNumber)})` : "";
    return { format: "toml", strings, containers, problem: `${error instanceof Error ? error.message : String(error)}${where}` };
  }

  const visitContent = (node: AST.TOMLContentNode, path: KeyPath, keyRange: TextRange | undefined): void => {
    switch (node.type) {
      case "TOMLValue":
        if (node.kind === "string") {
          strings.push({ path, value: node.value, contentRange: insideQuotes(text, range(node.range)), keyRange });
        }
        return;
      case "TOMLArray":
        containers.push({ path, range: range(node.range), headerTable: false, array: { lastElementEnd: node.elements.at(-1)?.range[1] } });
        node.elements.forEach((element, index) => visitContent(element, [...path, index], undefined));
        return;
      case "TOMLInlineTable":
        containers.push({ path, range: range(node.range), headerTable: false });
        for (const entry of node.body) {
          visitKeyValue(entry, path);
        }
        return;
    }
  };
  const visitKeyValue = (entry: AST.TOMLKeyValue, base: KeyPath): void => {
    visitContent(entry.value, [...base, ...entry.key.keys.map(tomlKeyName)], insideQuotes(text, range(entry.key.range)));
  };

  let topLevelEnd = 0;
  for (const item of program.body[0].body) {
    if (item.type === "TOMLKeyValue") {
      visitKeyValue(item, []);
      topLevelEnd = item.range[1];
    } else {
      containers.push({ path: item.resolvedKey, range: range(item.range), headerTable: true });
      for (const entry of item.body) {
        visitKeyValue(entry, item.resolvedKey);
      }
    }
  }
  return { format: "toml", strings, containers, topLevelEnd };
}

function readJson(text: string): ConfigTree {
  const strings: StringLeaf[] = [];
  const containers: Container[] = [];
  const errors: ParseError[] = [];
  // Wrangler reads both wrangler.json and wrangler.jsonc as JSON with comments and trailing commas.
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const nodeRange = (node: JsonNode): TextRange => ({ start: node.offset, end: node.offset + node.length });

  const visit = (node: JsonNode, path: KeyPath, keyRange: TextRange | undefined): void => {
    switch (node.type) {
      case "string":
        if (typeof node.value === "string") {
          strings.push({ path, value: node.value, contentRange: insideQuotes(text, nodeRange(node)), keyRange });
        }
        return;
      case "array": {
        const elements = node.children ?? [];
        const last = elements.at(-1);
        containers.push({ path, range: nodeRange(node), headerTable: false, array: { lastElementEnd: last ? last.offset + last.length : undefined } });
        elements.forEach((element, index) => visit(element, [...path, index], undefined));
        return;
      }
      case "object":
        containers.push({ path, range: nodeRange(node), headerTable: false });
        for (const property of node.children ?? []) {
          const [key, value] = property.children ?? [];
          if (key && value && typeof key.value === "string") {
            visit(value, [...path, key.value], insideQuotes(text, nodeRange(key)));
          }
        }
        return;
      case "boolean":
      case "null":
      case "number":
      case "property":
        return;
    }
  };
  if (root) {
    visit(root, [], undefined);
  }
  const first = errors[0];
  return {
    format: "json",
    strings,
    containers,
    problem: first ? `${printParseErrorCode(first.error)} at offset ${first.offset}` : undefined,
  };
}

/** Reads a wrangler configuration file; a malformed one gives what could be read and a problem, never a throw. */
export function readConfigTree(text: string, format: WranglerFormat): ConfigTree {
  return format === "toml" ? readToml(text) : readJson(text);
}
