// What every Rotate Certificate… shares: the rotation's state in globalState (keyed by the old
// certificate, so a rerun on the same row goes on where the last one stopped), the plan shown
// before anything changes, the run under one cancellable progress notification with every step
// in the log, and the sentence the user reads at the end. A saved rotation is read against
// Cloudflare first: it can be gone on with, or abandoned (its state forgotten, Cloudflare left as
// the steps left it, and the user told exactly what that is).
import * as vscode from "vscode";
import type { CloudflareClient } from "../cloudflare/client";
import { abandonmentSummary, missingObjects, readStanding, type RotationStanding, type SavedRotationState } from "../cloudflare/rotation/rotationAbandonment";
import { planOf, runRotation, type PlanLine, type Rotation, type RotationOutcome, type RotationPrompts, type RotationStore } from "../cloudflare/rotation/rotationSteps";
import type { Services } from "../services";
import type { CertificateKind } from "../views/certificateKind";
import { abortSignalOf } from "./cancellation";

const STATE_PREFIX = "cloudflareMtls.rotation";
const GO_ON = "Go On";
const ABANDON = "Abandon Rotation…";

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

export interface GuidedRotation<S extends SavedRotationState> {
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
export async function runGuidedRotation<S extends SavedRotationState>(services: Services, guided: GuidedRotation<S>): Promise<void> {
  const log = services.log.forComponent("rotation");
  const memento = services.context.globalState;
  const saved = memento.get<S>(guided.key);
  let state: S;
  if (saved !== undefined) {
    const client = await services.session.client();
    // Read first: a certificate deleted elsewhere since the rotation stopped is told apart here,
    // not met as a 404 half-way through a step.
    const standing = await readingCloudflare(guided.name, (signal) => readStanding(client, saved, signal));
    const plan = planOf(guided.rotation(client), saved);
    const missing = missingObjects(saved, standing);
    if (missing !== undefined) {
      log.warn(`The saved rotation of “${guided.name}” (${guided.key}) cannot go on: ${missing}`);
      const choice = await services.prompts.choose({
        message: `The rotation of “${guided.name}” cannot go on. Abandon it?`,
        detail: [missing, planText(plan)].join("\n\n"),
        choices: [ABANDON],
      });
      if (choice === ABANDON) {
        await abandonRotation(services, guided, saved, standing);
      }
      return;
    }
    const left = plan.filter((line) => !line.done).length;
    const choice = await services.prompts.choose({
      message: `Go on rotating “${guided.name}”? ${left === 1 ? "1 step is" : `${left} steps are`} left.`,
      detail: [guided.summary?.(saved), planText(plan), "Or abandon the rotation: Cloudflare stays as the done steps left it, and the saved progress is forgotten."].filter((line) => line !== undefined).join("\n\n"),
      choices: [GO_ON, ABANDON],
      severity: "info",
    });
    if (choice === ABANDON) {
      await abandonRotation(services, guided, saved, standing);
      return;
    }
    if (choice !== GO_ON) {
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

/**
 * Asks, saying exactly what stays on Cloudflare, then forgets the saved rotation. Never changes
 * Cloudflare: nothing is deleted or moved back.
 */
async function abandonRotation<S extends SavedRotationState>(services: Services, guided: GuidedRotation<S>, saved: S, standing: RotationStanding): Promise<void> {
  const summary = abandonmentSummary(saved, standing);
  const confirmed = await services.prompts.confirm({
    message: `Abandon the rotation of “${guided.name}”? Cloudflare is left as it is.`,
    detail: summary.join("\n"),
    confirm: "Abandon Rotation",
  });
  if (!confirmed) {
    return;
  }
  await services.context.globalState.update(guided.key, undefined);
  const log = services.log.forComponent("rotation");
  log.info(`Abandoned the rotation of “${guided.name}” (${guided.key}); Cloudflare left as it is:`);
  for (const line of summary) {
    log.info(`  ${line}`);
  }
  if ((await services.prompts.info(`Abandoned the rotation of “${guided.name}”. ${summary.join(" ")}`, "Show Log")) === "Show Log") {
    services.log.show();
  }
}
