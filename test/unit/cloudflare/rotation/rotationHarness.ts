// What the rotation suites share: a store that keeps the state as globalState would (JSON), prompts
// answered from a list, and "a fault at the nth write": the nth non-GET request of a clean run is
// the one that misbehaves, whichever path it has, so every step's write gets its turn.
import assert from "node:assert/strict";
import { runRotation, type PlanLine, type Rotation, type RotationOutcome, type RotationPrompts, type RotationQuestion, type RotationStore } from "../../../../src/cloudflare/rotation/rotationSteps";
import type { CloudflareSandbox, RecordedRequest, SandboxFault } from "../../../support/cloudflareSandbox";

export class MemoryStore<S> implements RotationStore<S> {
  saved: S | undefined;
  cleared = false;
  saves = 0;
  save(state: S): Promise<void> {
    // Through JSON, as globalState keeps it: a state that does not survive that is a bug.
    this.saved = JSON.parse(JSON.stringify(state)) as S;
    this.saves++;
    return Promise.resolve();
  }
  clear(): Promise<void> {
    this.saved = undefined;
    this.cleared = true;
    return Promise.resolve();
  }
}

export class AnsweringPrompts implements RotationPrompts {
  readonly questions: RotationQuestion[] = [];
  readonly plans: { readonly plan: readonly PlanLine[]; readonly why: string }[] = [];
  constructor(
    private readonly answer: (question: RotationQuestion) => boolean = () => true,
    private readonly planAnswer: () => boolean = () => true,
  ) {}
  confirm(question: RotationQuestion): Promise<boolean> {
    this.questions.push(question);
    return Promise.resolve(this.answer(question));
  }
  confirmPlan(plan: readonly PlanLine[], why: string): Promise<boolean> {
    this.plans.push({ plan, why });
    return Promise.resolve(this.planAnswer());
  }
}

export interface RunResult<S> {
  readonly outcome?: RotationOutcome<S>;
  readonly error?: unknown;
  readonly log: string[];
}

/** Runs the rotation once, catching what it throws; lost answers are looked for without waiting. */
export async function runOnce<S>(rotation: Rotation<S>, state: S, store: MemoryStore<S>, prompts: RotationPrompts = new AnsweringPrompts(), signal = new AbortController().signal): Promise<RunResult<S>> {
  const log: string[] = [];
  try {
    const outcome = await runRotation(rotation, state, { store, prompts, signal, reconciliation: { delayMs: 0 }, log: (line) => log.push(line) });
    return { outcome, log };
  } catch (error) {
    return { error, log };
  }
}

export function isWrite(request: RecordedRequest): boolean {
  return request.method !== "GET";
}

export function writesSince(sandbox: CloudflareSandbox, mark: number): RecordedRequest[] {
  return sandbox.requests.slice(mark).filter(isWrite);
}

/**
 * Makes the `occurrence`th request with this method (1-based) meet `fault`: the ones before it
 * pass through a no-op latency fault that takes their turn in the queue. A run's writes come in
 * the same order every time, so "the 3rd PUT" names the same step in every run, whatever its ids.
 */
export function faultAt(sandbox: CloudflareSandbox, method: string, occurrence: number, fault: SandboxFault): void {
  if (occurrence > 1) {
    sandbox.injectFault({ kind: "latency", ms: 0 }, { method, times: occurrence - 1 });
  }
  sandbox.injectFault(fault, { method });
}

/** The writes of a clean run, each with how many writes of its method came before it (1-based). */
export function numberedWrites(writes: readonly RecordedRequest[]): { readonly method: string; readonly path: string; readonly occurrence: number }[] {
  const seen = new Map<string, number>();
  return writes.map((write) => {
    const occurrence = (seen.get(write.method) ?? 0) + 1;
    seen.set(write.method, occurrence);
    return { method: write.method, path: write.path, occurrence };
  });
}

export const FAULTS: readonly (readonly [string, SandboxFault])[] = [
  ["a 503 before Cloudflare did anything", { kind: "status", status: 503 }],
  ["the connection dropped after Cloudflare did it", { kind: "drop", afterProcessing: true }],
  ["a refusal envelope", { kind: "errorEnvelope", httpStatus: 400, code: 10001, message: "sandbox: refused for the test" }],
];

/** One run of `rerunAfterEachFault`: the rotation and its state, freshly seeded, and what must hold once it has finished. */
export interface FaultedAttempt<S> {
  readonly rotation: Rotation<S>;
  readonly state: S;
  /** Asserts that nothing was lost; `what` names the fault and the write. */
  readonly assertRotated: (what: string) => void;
}

/**
 * For each write of a clean run (`writes`, from numberedWrites) and each fault in FAULTS: a fresh
 * attempt, the fault at that write, a run, and, when the run stopped, a rerun from the state it
 * saved, which must finish; then the attempt's own assertions. Returns how many first runs stopped.
 */
export async function rerunAfterEachFault<S>(sandbox: CloudflareSandbox, writes: ReturnType<typeof numberedWrites>, attempt: () => Promise<FaultedAttempt<S>>): Promise<number> {
  let stopped = 0;
  for (const write of writes) {
    for (const [faultName, fault] of FAULTS) {
      const what = `${faultName} at ${write.method} #${write.occurrence} (${write.path})`;
      const { rotation, state, assertRotated } = await attempt();
      faultAt(sandbox, write.method, write.occurrence, fault);
      const store = new MemoryStore<S>();
      const first = await runOnce(rotation, state, store);
      sandbox.clearFaults();
      if (first.error !== undefined) {
        stopped++;
        assert.ok(store.saved, `${what}: the state was saved`);
        assertFinished(await runOnce(rotation, store.saved, store), `${what}: rerun`);
      } else {
        assertFinished(first, what);
      }
      assertRotated(what);
    }
  }
  return stopped;
}

export function assertFinished<S>(result: RunResult<S>, what: string): S {
  assert.equal(result.error, undefined, `${what}: ${String(result.error)}\n${result.log.join("\n")}`);
  assert.equal(result.outcome?.outcome, "finished", `${what}: ${JSON.stringify(result.outcome)}\n${result.log.join("\n")}`);
  return (result.outcome as RotationOutcome<S>).state;
}
