// Checks that a successful result has the shape a caller relies on. Cloudflare's reference marks
// most fields optional, and our knowledge of some endpoints is unconfirmed, so a surprise here
// fails loudly as "invalidResponse" instead of surfacing later as `undefined` in the tree.

import { CloudflareApiError } from "./errors";
import type { CloudflareResponse } from "./types";

interface ResultContext {
  readonly method: string;
  readonly path: string;
  readonly status?: number;
}

function unexpected(context: ResultContext, reason: string): CloudflareApiError {
  return new CloudflareApiError({ kind: "invalidResponse", method: context.method, path: context.path, status: context.status, reason });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkRecord(value: unknown, requiredStringKeys: readonly string[], context: ResultContext, what: string): void {
  if (!isRecord(value)) {
    throw unexpected(context, `${what} is not an object`);
  }
  const missing = requiredStringKeys.filter((key) => typeof value[key] !== "string");
  if (missing.length > 0) {
    throw unexpected(context, `${what} has no string ${missing.map((key) => `\`${key}\``).join(", ")}`);
  }
}

/** The result must be an array; an absent or null result of a list is read as empty. */
export function arrayResult(response: CloudflareResponse<unknown>): unknown[] {
  const { result } = response;
  if (result === null) {
    return [];
  }
  if (!Array.isArray(result)) {
    throw unexpected(response, "the result of a list is not an array");
  }
  return result as unknown[];
}

/** Every item must be an object with the given string fields. */
export function recordItems<T>(items: readonly unknown[], requiredStringKeys: readonly string[], context: ResultContext): T[] {
  items.forEach((item, index) => checkRecord(item, requiredStringKeys, context, `item ${index} of the result`));
  return items as T[];
}

/** The result must be an object with the given string fields. */
export function recordResult<T>(response: CloudflareResponse<unknown>, requiredStringKeys: readonly string[]): T {
  checkRecord(response.result, requiredStringKeys, response, "the result");
  return response.result as T;
}
