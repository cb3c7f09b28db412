// The machine every rotation runs on: a list of steps derived from the rotation's state, run in
// order until each is done. The state is plain JSON, saved before and after every write, so a
// rotation that stops (a refusal, a lost answer, a cancel, a closed window) is picked up by the
// next run where it stopped. A step never trusts the state alone for what Cloudflare holds: it
// reads first and writes only what is still missing, and a creation whose answer was lost is
// looked for (src/cloudflare/reconciliation.ts) before anything is sent again.
//
// No vscode here: questions go through `RotationPrompts`, the state through `RotationStore`.
import { isAbortError } from "../errors";
import type { ReconciliationOptions } from "../reconciliation";

/** One line of a rotation's plan, as the user reads it before (and while) anything changes. */
export interface PlanLine {
  readonly title: string;
  readonly done: boolean;
  /** What the user should know about the step: an outage window, a question it will ask. */
  readonly note?: string;
}

export interface RotationStep<S> {
  /** Stable within a rotation, for logs and tests. */
  readonly id: string;
  /** What the plan says the step does, from the state (names, counts). */
  title(state: S): string;
  /** What the user should know about it (an outage window, a question it asks). */
  note?(state: S): string | undefined;
  /** Whether the state records the step as done. */
  done(state: S): boolean;
  /** Does what is left of the step and returns the state with the step done, or a pause. */
  run(state: S, context: StepContext<S>): Promise<StepResult<S>>;
}

/** A step either finishes, or stops the rotation for the user (a question declined, something still in use). */
export type StepResult<S> = { readonly state: S } | { readonly state: S; readonly pause: RotationPause };

export interface RotationPause {
  /** One sentence: why the rotation stopped and what to do before running it again. */
  readonly reason: string;
  /** Lines that go with it (services still using a CA, a snippet to change). */
  readonly details?: readonly string[];
}

export interface RotationPrompts {
  /** A yes/no question a step asks before a change that needs the user's word. */
  confirm(question: RotationQuestion): Promise<boolean>;
  /** The plan changed (Cloudflare's answer showed another way is needed): may the rotation go on? */
  confirmPlan(plan: readonly PlanLine[], why: string): Promise<boolean>;
}

export interface RotationQuestion {
  readonly message: string;
  readonly detail?: string;
  readonly confirm: string;
}

export interface RotationStore<S> {
  save(state: S): Promise<void>;
  /** The rotation finished: nothing is kept. */
  clear(): Promise<void>;
}

export interface StepContext<S> {
  readonly signal: AbortSignal;
  readonly prompts: RotationPrompts;
  /** How a lost answer is looked for (reconciliation.ts' defaults unless set; tests set no delay). */
  readonly reconciliation: ReconciliationTiming;
  log(line: string): void;
  /** Saves the state now (before a write, so a rerun knows the write may have happened). */
  save(state: S): Promise<void>;
  /** The plan of the state given, for a renewed confirmation. */
  plan(state: S): readonly PlanLine[];
}

export interface Rotation<S> {
  /** The steps for this state (the plan can change once Cloudflare has answered). */
  steps(state: S): readonly RotationStep<S>[];
}

export type RotationOutcome<S> = { readonly outcome: "finished"; readonly state: S } | { readonly outcome: "paused"; readonly state: S; readonly pause: RotationPause; readonly step: string };

export type ReconciliationTiming = Pick<ReconciliationOptions, "checks" | "delayMs">;

export interface RunOptions<S> {
  readonly store: RotationStore<S>;
  readonly prompts: RotationPrompts;
  readonly signal: AbortSignal;
  readonly reconciliation?: ReconciliationTiming;
  log(line: string): void;
  /** Told before each step starts (a progress message). */
  onStep?(title: string, index: number, total: number): void;
}

export function planOf<S>(rotation: Rotation<S>, state: S): PlanLine[] {
  return rotation.steps(state).map((step) => {
    const note = step.note?.(state);
    return { title: step.title(state), done: step.done(state), ...(note === undefined ? {} : { note }) };
  });
}

/** Never more steps than this in one run: a step that never reports itself done is a bug, not a loop. */
const MAX_STEPS_PER_RUN = 1000;

/**
 * Runs the steps not yet done, saving the state after each. A failure is logged with the step it
 * stopped at and thrown as it came (the state saved so far stays); a cancel is thrown too.
 */
export async function runRotation<S>(rotation: Rotation<S>, initial: S, options: RunOptions<S>): Promise<RotationOutcome<S>> {
  let state = initial;
  const context: StepContext<S> = {
    signal: options.signal,
    prompts: options.prompts,
    reconciliation: options.reconciliation ?? {},
    log: (line) => options.log(line),
    save: (next) => options.store.save(next),
    plan: (of) => planOf(rotation, of),
  };
  await options.store.save(state);
  for (let run = 0; run < MAX_STEPS_PER_RUN; run++) {
    const steps = rotation.steps(state);
    const index = steps.findIndex((step) => !step.done(state));
    if (index < 0) {
      options.log("Every step is done.");
      await options.store.clear();
      return { outcome: "finished", state };
    }
    options.signal.throwIfAborted();
    const step = steps[index] as RotationStep<S>;
    const title = step.title(state);
    options.onStep?.(title, index, steps.length);
    options.log(`Step ${index + 1} of ${steps.length}: ${title}`);
    let result: StepResult<S>;
    try {
      result = await step.run(state, context);
    } catch (error) {
      if (!isAbortError(error)) {
        options.log(`Step ${index + 1} stopped: ${error instanceof Error ? error.message : String(error)}`);
      }
      throw error;
    }
    state = result.state;
    await options.store.save(state);
    if ("pause" in result) {
      options.log(`Paused at step ${index + 1}: ${result.pause.reason}`);
      return { outcome: "paused", state, pause: result.pause, step: step.id };
    }
    if (step.done(state)) {
      options.log(`Step ${index + 1} done: ${title}`);
    }
  }
  throw new Error(`rotation: more than ${MAX_STEPS_PER_RUN} steps in one run; a step never reports itself done`);
}
