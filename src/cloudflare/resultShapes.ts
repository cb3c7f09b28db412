// Checks every field the extension reads where an answer enters the client. Cloudflare's schema
// marks almost every field optional and our knowledge of some endpoints is unconfirmed, so:
// - a field we need that is missing, null or of the wrong type fails loudly, as an
//   "invalidResponse" error that names the field ("unexpected answer from Cloudflare: …");
// - an optional field that is missing or null is dropped (or given its empty value), so the tree
//   and the details view never meet a null where they expect text;
// - an optional field of the wrong type fails like a required one: a number where a name should
//   be says the answer is not what we think it is.
// Fields nobody reads are passed through untouched.

import { CloudflareApiError } from "./errors";
import { isRecord } from "./json";
import type { CloudflareResponse } from "./types";

interface ResultContext {
  readonly method: string;
  readonly path: string;
  readonly status?: number;
}

export type FieldType = "string" | "boolean" | "number" | "stringArray" | "object";

export interface FieldRule {
  readonly type: FieldType;
  /** Missing or null fails. */
  readonly required?: boolean;
  /** Put in place of a missing or null optional field; without it the field is left out. */
  readonly empty?: string | boolean | readonly string[];
  /** For an object field: the rules of its own fields. */
  readonly fields?: RecordShape;
}

/** The fields of one kind of object, by name. */
export type RecordShape = Readonly<Record<string, FieldRule>>;

/** A shape, or just the names of fields that must be strings (the older, shorter form). */
export type ShapeOrRequiredStrings = RecordShape | readonly string[];

function toShape(shape: ShapeOrRequiredStrings): RecordShape {
  return Array.isArray(shape) ? Object.fromEntries((shape as readonly string[]).map((key) => [key, { type: "string", required: true } satisfies FieldRule])) : (shape as RecordShape);
}

function unexpected(context: ResultContext, reason: string): CloudflareApiError {
  return new CloudflareApiError({ kind: "invalidResponse", method: context.method, path: context.path, status: context.status, reason: `unexpected answer from Cloudflare: ${reason}` });
}

function describeValue(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "an array";
  }
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

const EXPECTED: Readonly<Record<FieldType, string>> = {
  string: "a string",
  boolean: "a boolean",
  number: "a number",
  stringArray: "an array of strings",
  object: "an object",
};

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "stringArray":
      return Array.isArray(value) && value.every((item) => typeof item === "string");
    case "object":
      return isRecord(value);
  }
}

/** A checked copy of `value`: every ruled field has its type, duplicates leave string arrays. */
function readRecord(value: unknown, shape: RecordShape, context: ResultContext, what: string): Record<string, unknown> {
  if (!isRecord(value)) {
    throw unexpected(context, `${what} is ${describeValue(value)}, not an object`);
  }
  const copy: Record<string, unknown> = { ...value };
  for (const [field, rule] of Object.entries(shape)) {
    const fieldValue = value[field];
    if (fieldValue === undefined || fieldValue === null) {
      if (rule.required) {
        throw unexpected(context, `${what} has no \`${field}\` (${fieldValue === null ? "null" : "missing"}; expected ${EXPECTED[rule.type]})`);
      }
      if (rule.empty !== undefined) {
        copy[field] = Array.isArray(rule.empty) ? [...(rule.empty as readonly string[])] : rule.empty;
      } else {
        delete copy[field];
      }
      continue;
    }
    if (!hasType(fieldValue, rule.type)) {
      throw unexpected(context, `\`${field}\` of ${what} is ${describeValue(fieldValue)}, expected ${EXPECTED[rule.type]}`);
    }
    if (rule.type === "stringArray") {
      // Cloudflare lists a hostname once; a repeat would give the tree two rows with one id.
      copy[field] = [...new Set(fieldValue as string[])];
    } else if (rule.type === "object" && rule.fields) {
      copy[field] = readRecord(fieldValue, rule.fields, context, `\`${field}\` of ${what}`);
    }
  }
  return copy;
}

/** The result must be an array; an absent or null result of a list is read as empty. */
export function arrayResult(response: CloudflareResponse<unknown>): unknown[] {
  const { result } = response;
  if (result === null || result === undefined) {
    return [];
  }
  if (!Array.isArray(result)) {
    throw unexpected(response, `the result of a list is ${describeValue(result)}, not an array`);
  }
  return result as unknown[];
}

/** Every item must be an object that follows `shape`; returns checked copies. */
export function recordItems<T>(items: readonly unknown[], shape: ShapeOrRequiredStrings, context: ResultContext): T[] {
  const rules = toShape(shape);
  return items.map((item, index) => readRecord(item, rules, context, `item ${index} of the result`) as T);
}

/** The result must be an object that follows `shape`; returns a checked copy. */
export function recordResult<T>(response: CloudflareResponse<unknown>, shape: ShapeOrRequiredStrings): T {
  return readRecord(response.result, toShape(shape), response, "the result") as T;
}
