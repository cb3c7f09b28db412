// Reads Cloudflare's response envelope `{ success, errors, messages, result, result_info }` from a
// body's text. Anything that is not such an envelope is reported, never guessed at.

import { isRecord } from "./json";
import type { CloudflareMessage, ResultInfo } from "./types";

export interface Envelope {
  readonly success: boolean;
  readonly errors: CloudflareMessage[];
  readonly messages: CloudflareMessage[];
  /** False when the `result` key is absent (null counts as present). */
  readonly hasResult: boolean;
  readonly result: unknown;
  readonly resultInfo?: ResultInfo;
}

export type EnvelopeReading = { readonly ok: true; readonly envelope: Envelope } | { readonly ok: false; readonly reason: string };

/** Code and message of one entry; a code that is not a number reads as 0 rather than being lost. */
function readCodeAndMessage(entry: unknown): { code: number; message: string } {
  if (!isRecord(entry)) {
    return { code: 0, message: typeof entry === "string" ? entry : "" };
  }
  const code = typeof entry.code === "number" ? entry.code : Number(entry.code);
  return { code: Number.isFinite(code) ? code : 0, message: typeof entry.message === "string" ? entry.message : "" };
}

function readMessages(value: unknown): CloudflareMessage[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.map((entry: unknown): CloudflareMessage => {
    const message: CloudflareMessage = readCodeAndMessage(entry);
    if (!isRecord(entry)) {
      return message;
    }
    if (typeof entry.documentation_url === "string") {
      message.documentation_url = entry.documentation_url;
    }
    if (isRecord(entry.source)) {
      message.source = typeof entry.source.pointer === "string" ? { pointer: entry.source.pointer } : {};
    }
    if (Array.isArray(entry.error_chain)) {
      message.error_chain = entry.error_chain.map(readCodeAndMessage);
    }
    return message;
  });
}

/** Every error in order, each followed by its chained causes, as the error's `errors` lists them. */
export function flattenErrors(errors: readonly CloudflareMessage[]): { code: number; message: string }[] {
  return errors.flatMap((entry) => [{ code: entry.code, message: entry.message }, ...(entry.error_chain ?? [])]);
}

const RESULT_INFO_FIELDS = ["page", "per_page", "count", "total_count", "total_pages"] as const;

function readResultInfo(value: unknown): ResultInfo | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const info: ResultInfo = {};
  for (const field of RESULT_INFO_FIELDS) {
    const number = value[field];
    if (typeof number === "number" && Number.isFinite(number)) {
      info[field] = number;
    }
  }
  return info;
}

export function readEnvelope(text: string): EnvelopeReading {
  if (text.trim() === "") {
    return { ok: false, reason: "the body is empty" };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // A truncated body and a non-JSON one (an HTML error page) both land here.
    return { ok: false, reason: "the body is not valid JSON (cut off, or not JSON at all)" };
  }
  if (!isRecord(parsed) || typeof parsed.success !== "boolean") {
    return { ok: false, reason: "the body is not a Cloudflare envelope (no boolean `success`)" };
  }
  const resultInfo = readResultInfo(parsed.result_info);
  return {
    ok: true,
    envelope: {
      success: parsed.success,
      errors: readMessages(parsed.errors),
      messages: readMessages(parsed.messages),
      hasResult: "result" in parsed,
      result: parsed.result,
      ...(resultInfo ? { resultInfo } : {}),
    },
  };
}
