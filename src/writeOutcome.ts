// What a write came to, for a command: its result, the id of what happened after all when the
// answer was lost, or a LostAnswerError saying whether trying again is safe. Never a blind retry.
import type { WriteOutcome } from "./cloudflare/reconciliation";
import { LostAnswerError } from "./errors";

/** The id of what the write created or changed, whichever way it was learnt. */
export function settledId(settled: Settled<{ readonly id: string }>): string {
  return settled.answered ? settled.result.id : settled.id;
}

export type Settled<T> = { readonly answered: true; readonly result: T; readonly id?: undefined } | { readonly answered: false; readonly id: string; readonly result?: undefined };

export function settle<T>(outcome: WriteOutcome<T>, what: string): Settled<T> {
  switch (outcome.outcome) {
    case "answered":
      return { answered: true, result: outcome.result };
    case "done":
      return { answered: false, id: outcome.id };
    case "notDone":
      throw new LostAnswerError("notDone", what, outcome.lostAnswer);
    case "unknown":
      throw new LostAnswerError("unknown", what, outcome.lostAnswer);
  }
}

/** " (Cloudflare's answer was lost, so the extension checked)" when it happened after all. */
export function afterAllNote(settled: Settled<unknown>): string {
  return settled.answered ? "" : " after all (Cloudflare's answer was lost; the extension checked)";
}
