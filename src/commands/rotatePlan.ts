// What every Rotate Certificate… shares: the rotation's state in globalState (keyed by the old
// certificate, so a rerun on the same row goes on where the last one stopped), the plan shown
// before anything changes, the run under one cancellable progress notification with every step
// in the log, and the sentence the user reads at the end.
import * as vscode from "vscode";
import type { CloudflareClient } from "../cloudflare/client";
import { planOf, runRotation, type PlanLine, type Rotation, type RotationOutcome, type RotationPrompts, type RotationStore } from "../cloudflare/rotation/rotationSteps";
import type { Services } from "../services";
import type { CertificateKind } from "../views/certificateKind";
import { abortSignalOf } from "./cancellation";

const STATE_PREFIX = "cloudflareMtls.rotation";

/** The globalState key of a rotation: its kind, the old certificate's scope and id. */
export function rotationStateKey(kind: CertificateKind, scope: { readonly kind: string; readonly id: string }, oldId: string): string {
  return `${STATE_PREFIX}/${kind}/${scope.kind}/${scope.id}/${oldId}`;
}

class GlobalStateStore<S> implements RotationStore<S> {
  constructor(
    private readonly memento: vscode.Memento,
    private readonly key: string,
  ) {}
  async save(state: S): Promise<void> {
    await this.memento.update(this.key, state);
  }
  async clear(): Promise<void> {
    await this.memento.update(this.key, undefined);
  }
}

/** The plan as the dialog's detail: one line per step, done ones ticked, notes after a dash. */
export function planText(plan: readonly PlanLine[]): string {
  return plan.map((line, index) => `${line.done ? "✓" : `${index + 1}.`} ${line.title}${line.done ? " (done)" : ""}${line.note && !line.done ? ` — ${line.note}` : ""}`).join("\n");
}

export interface GuidedRotation<S> {
  /** The old certificate's key (rotationStateKey). */
  readonly key: string;
  /** “Corp Root 2025”, as messages name the certificate being rotated. */
  readonly name: string;
  readonly rotation: (client: CloudflareClient) => Rotation<S>;
  /** Asks what the rotation needs, then reads Cloudflare (see readingCloudflare); undefined when the user cancelled. Changes nothing. */
  readonly start: (client: CloudflareClient) => Promise<S | undefined>;
  /** The repository keys the run may change. */
  readonly changes: (state: S) => readonly string[];
  /** A line before the plan's steps (e.g. where the new CA comes from). */
  readonly summary?: (state: S) => string | undefined;
  /** Says what the finished rotation did. */
  readonly finished: (state: S) => Promise<void>;
  /** Extra buttons on a pause (e.g. copy a snippet the pause names). */
  readonly pauseActions?: (state: S, details: readonly string[]) => readonly { readonly label: string; readonly run: () => Promise<void> }[];
}

/** The reads a rotation starts with, under a cancellable progress notification. */
export function readingCloudflare<T>(name: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading what uses “${name}”…`, cancellable: true }, (_progress, token) => work(abortSignalOf(token))));
}

function rotationPrompts(services: Services): RotationPrompts {
  return {
    confirm: (question) => services.prompts.confirm({ message: question.message, detail: question.detail, confirm: question.confirm }),
    confirmPlan: (plan, why) => services.prompts.confirm({ message: why, detail: planText(plan), confirm: "Go On" }),
  };
}

/** Shows the plan (a fresh one, or what is left of a saved one), runs it, and reports. */
export async function runGuidedRotation<S>(services: Services, guided: GuidedRotation<S>): Promise<void> {
  const log = services.log.forComponent("rotation");
  const memento = services.context.globalState;
  const saved = memento.get<S>(guided.key);
  let state: S;
  if (saved !== undefined) {
    const plan = planOf(guided.rotation(await services.session.client()), saved);
    const left = plan.filter((line) => !line.done).length;
    const goOn = await services.prompts.confirm({
      message: `Go on rotating “${guided.name}”? ${left === 1 ? "1 step is" : `${left} steps are`} left.`,
      detail: [guided.summary?.(saved), planText(plan)].filter((line) => line !== undefined).join("\n\n"),
      confirm: "Go On",
      severity: "info",
    });
    if (!goOn) {
      return;
    }
    state = saved;
    log.info(`Going on with the rotation of “${guided.name}” (${guided.key})`);
  } else {
    const started = await guided.start(await services.session.client());
    if (started === undefined) {
      return;
    }
    const plan = planOf(guided.rotation(await services.session.client()), started);
    const confirmed = await services.prompts.confirm({
      message: `Rotate “${guided.name}”? Nothing has changed yet.`,
      detail: [guided.summary?.(started), planText(plan), "Each step is logged. Should a step fail, run Rotate Certificate again: it goes on from there."].filter((line) => line !== undefined).join("\n\n"),
      confirm: "Rotate",
      severity: "info",
    });
    if (!confirmed) {
      return;
    }
    state = started;
    log.info(`Rotating “${guided.name}” (${guided.key})`);
  }
  const outcome: RotationOutcome<S> = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Rotating “${guided.name}”`, cancellable: true },
    (progress, token) =>
      services.repository.rotate(guided.changes(state), (client) =>
        runRotation(guided.rotation(client), state, {
          store: new GlobalStateStore<S>(memento, guided.key),
          prompts: rotationPrompts(services),
          signal: abortSignalOf(token),
          log: (line) => log.info(line),
          onStep: (title, index, total) => progress.report({ message: `step ${index + 1} of ${total}: ${title}` }),
        }),
      ),
  );
  if (outcome.outcome === "finished") {
    await guided.finished(outcome.state);
    return;
  }
  const details = outcome.pause.details ?? [];
  for (const line of details) {
    log.info(line);
  }
  const actions = guided.pauseActions?.(outcome.state, details) ?? [];
  const choice = await services.prompts.warning(outcome.pause.reason, ...actions.map((action) => action.label), ...(details.length > 0 ? ["Show Log"] : []));
  const action = actions.find((candidate) => candidate.label === choice);
  if (action) {
    await action.run();
  } else if (choice === "Show Log") {
    services.log.show();
  }
}
