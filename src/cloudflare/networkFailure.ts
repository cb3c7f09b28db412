// Turns whatever a fetch implementation throws when there is no answer into a short, safe
// description. The thrown error's own message is never reused: node-fetch puts the full URL in it,
// and other fetches may quote header values back (undici does for an invalid header).

export interface NetworkFailure {
  /** The system error code when one was given, e.g. "ECONNREFUSED". */
  readonly code?: string;
  readonly description: string;
  /**
   * True only when the connection was never established, so the server cannot have seen the
   * request: the one failure after which even a POST may safely be sent again.
   */
  readonly nothingSent: boolean;
}

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed while sending",
  ETIMEDOUT: "connection timed out",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  UND_ERR_SOCKET: "connection closed",
  ERR_STREAM_PREMATURE_CLOSE: "connection closed before the answer was complete",
};

/** Codes that mean no connection existed, so no byte of the request reached the server. */
const NOTHING_SENT_CODES: ReadonlySet<string> = new Set(["ECONNREFUSED"]);

function findCode(error: unknown): string | undefined {
  // node-fetch puts `code` on the error itself; undici nests it in `cause` (sometimes an
  // AggregateError from trying several addresses). Look a few levels down, no further.
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === "string" && /^[A-Z][A-Z0-9_]+$/.test(code)) {
      return code;
    }
    current = cause ?? (Array.isArray(errors) ? (errors as unknown[])[0] : undefined);
  }
  return undefined;
}

export function describeNetworkFailure(error: unknown): NetworkFailure {
  const code = findCode(error);
  if (code === undefined) {
    return { description: "no answer from the server", nothingSent: false };
  }
  const description = DESCRIPTIONS[code] ?? "no answer from the server";
  return { code, description: `${description} (${code})`, nothingSent: NOTHING_SENT_CODES.has(code) };
}
