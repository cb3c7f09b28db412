// Cloudflare's response envelope, and the error a handler throws to answer with one.
import type { SandboxError } from "./errorCodes";

export interface EnvelopeMessage {
  code: number;
  message: string;
  error_chain?: { code: number; message: string }[];
  source?: { pointer: string };
}

export interface ResultInfo {
  page: number;
  per_page: number;
  count: number;
  total_count: number;
  total_pages?: number;
}

export interface Envelope {
  success: boolean;
  errors: EnvelopeMessage[];
  messages: EnvelopeMessage[];
  result: unknown;
  result_info?: ResultInfo;
}

/** Thrown by handlers; the server turns it into an error envelope with `status`. */
export class SandboxApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly EnvelopeMessage[],
  ) {
    super(errors.map((e) => `${e.code} ${e.message}`).join("; "));
    this.name = "SandboxApiError";
  }

  /** One error from the table, with an optional detail appended to its message and a JSON pointer. */
  static of(error: SandboxError, options: { detail?: string; pointer?: string; message?: string } = {}): SandboxApiError {
    const message = options.message ?? (options.detail ? `${error.message}: ${options.detail}` : error.message);
    const entry: EnvelopeMessage = { code: error.code, message };
    if (options.pointer !== undefined) {
      entry.source = { pointer: options.pointer };
    }
    return new SandboxApiError(error.status, [entry]);
  }

  /** Cloudflare reports header problems as 6003 with the precise reason in `error_chain`. */
  static chained(top: SandboxError, cause: SandboxError): SandboxApiError {
    return new SandboxApiError(top.status, [{ code: top.code, message: top.message, error_chain: [{ code: cause.code, message: cause.message }] }]);
  }
}

export function successEnvelope(result: unknown, resultInfo?: ResultInfo, messages: EnvelopeMessage[] = []): Envelope {
  const envelope: Envelope = { success: true, errors: [], messages, result };
  if (resultInfo) {
    envelope.result_info = resultInfo;
  }
  return envelope;
}

export function errorEnvelope(errors: readonly EnvelopeMessage[]): Envelope {
  return { success: false, errors: [...errors], messages: [], result: null };
}
