// Calls the sandbox over real HTTP with Node's fetch and returns what came back, parsed.
import type { CloudflareSandbox } from "../../support/cloudflareSandbox";

export interface EnvelopeJson {
  success: boolean;
  errors: { code: number; message: string; error_chain?: { code: number; message: string }[]; source?: { pointer: string } }[];
  messages: { code: number; message: string }[];
  result: unknown;
  result_info?: { page: number; per_page: number; count: number; total_count: number; total_pages?: number };
}

export interface SandboxAnswer {
  status: number;
  headers: Headers;
  envelope: EnvelopeJson;
}

export interface CallOptions {
  /** Sent as "Authorization: Bearer <token>". */
  token?: string;
  headers?: Record<string, string>;
  /** Sent as JSON with Content-Type: application/json unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string;
}

export async function callSandbox(sandbox: CloudflareSandbox, method: string, path: string, options: CallOptions = {}): Promise<SandboxAnswer> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) {
    headers["authorization"] = `Bearer ${options.token}`;
  }
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
  } else if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  Object.assign(headers, options.headers);
  const response = await fetch(`${sandbox.baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, envelope: JSON.parse(text) as EnvelopeJson };
}

/** The error codes of an answer, top-level and chained, in order. */
export function errorCodes(answer: SandboxAnswer): number[] {
  return answer.envelope.errors.flatMap((e) => [e.code, ...(e.error_chain ?? []).map((c) => c.code)]);
}

export function resultArray<T = Record<string, unknown>>(answer: SandboxAnswer): T[] {
  if (!Array.isArray(answer.envelope.result)) {
    throw new Error(`expected an array result, got ${JSON.stringify(answer.envelope)}`);
  }
  return answer.envelope.result as T[];
}

export function resultObject<T = Record<string, unknown>>(answer: SandboxAnswer): T {
  const result = answer.envelope.result;
  if (typeof result !== "object" || result === null || Array.isArray(result)) {
    throw new Error(`expected an object result, got ${JSON.stringify(answer.envelope)}`);
  }
  return result as T;
}
