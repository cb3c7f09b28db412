// What the rotations share about Cloudflare's answers: which failure is a plain refusal (nothing
// was done, so the rotation may take another way), and a reconciled write's outcome turned into
// "it happened" or the LostAnswerError that stops the run without sending anything again.
import { LostAnswerError } from "../../errors";
import { CloudflareApiError, isAnswerLost } from "../errors";
import type { WriteOutcome } from "../reconciliation";

/** A 4xx that says no: not a lost answer, not a rate limit, not a credential problem. */
export function isPlainRefusal(error: unknown): error is CloudflareApiError {
  return error instanceof CloudflareApiError && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429 && !error.isAuthError && !isAnswerLost(error);
}

/** The write happened (answered, or found done after its answer was lost); else the run stops. */
export function happened<T>(outcome: WriteOutcome<T>, what: string): { readonly result?: T; readonly id?: string } {
  switch (outcome.outcome) {
    case "answered":
      return { result: outcome.result };
    case "done":
      return { id: outcome.id };
    case "notDone":
      throw new LostAnswerError("notDone", what, outcome.lostAnswer);
    case "unknown":
      throw new LostAnswerError("unknown", what, outcome.lostAnswer);
  }
}

/** Lower-cased, once each, in order: how Cloudflare compares hostnames. */
export function hostnameSet(hostnames: readonly string[]): Set<string> {
  return new Set(hostnames.map((hostname) => hostname.toLowerCase()));
}

/** `base` with each of `added` not already in it, appended. */
export function withHostnames(base: readonly string[], added: readonly string[]): string[] {
  const present = hostnameSet(base);
  return [...base, ...added.filter((hostname) => !present.has(hostname.toLowerCase()))];
}

/** `base` without any of `removed`. */
export function withoutHostnames(base: readonly string[], removed: readonly string[]): string[] {
  const gone = hostnameSet(removed);
  return base.filter((hostname) => !gone.has(hostname.toLowerCase()));
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
