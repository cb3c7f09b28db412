// Rotating an Access mTLS root: add the new CA to the same scope, move the old one's hostnames
// (and keep their hostname settings) to it, then delete the old one once it has no hostnames,
// after the user says so.
//
// Whether one hostname may be associated with two Access CAs at once is not documented
// (cloudflare-api.md §2 says nothing; the SDK's types do not tell). The rotation finds out:
// it first adds every hostname to the new CA while the old one keeps them (no client is ever
// refused). If Cloudflare refuses that add with a plain 4xx whose message speaks of a hostname
// already associated (isOverlapRefusal: the wording is our assumption, the code is unknown), we
// take it to mean "a hostname on one CA only", say so in the plan, ask again, and move one
// hostname at a time: off the old CA,
// onto the new, each with a moment without a CA. Should that guess be wrong (the refusal was
// about something else), the first single add is refused too: the hostname is put back on the old
// CA at once and the run stops with Cloudflare's message, so being wrong costs a moment, never a
// hostname left without its CA.
import { getAccessCertificate, getAccessHostnameSettings, hostnameSettingBody, listAccessCertificates } from "../accessCertificates";
import type { CloudflareClient } from "../client";
import { CloudflareApiError } from "../errors";
import {
  addAccessCertificateReconciled,
  checkAccessAddition,
  deleteAccessCertificateReconciled,
  reconcile,
  updateAccessCertificateReconciled,
  updateAccessHostnameSettingsReconciled,
} from "../reconciliation";
import type { AccessCertificate, AccessHostnameSetting, AccessScope } from "../types";
import type { Rotation, RotationStep, StepContext, StepResult } from "./rotationSteps";
import { happened, hostnameSet, isPlainRefusal, plural, withHostnames, withoutHostnames } from "./rotationWrites";

export interface AccessCaRotationState {
  readonly kind: "accessCertificate";
  readonly scope: AccessScope;
  readonly old: { readonly id: string; readonly name: string };
  /** The new root as the user chose it (a CA's PEM is public). */
  readonly replacement: { readonly name: string; readonly certificate: string };
  /** The old CA's hostnames when the rotation started: the ones to move. */
  readonly hostnames: readonly string[];
  /** Their settings then, to be found unchanged (or put back) once they moved. */
  readonly settings: readonly AccessHostnameSetting[];
  /** Ids in the scope before the upload: an identical certificate among them is not ours. */
  readonly knownIds: readonly string[];
  /** The upload was sent: a rerun looks for it before sending it again. */
  readonly uploadSent?: boolean;
  readonly newId?: string;
  /** Learnt from Cloudflare's answer to the first add. */
  readonly overlap?: "allowed" | "refused";
  readonly addedToNew?: boolean;
  readonly removedFromOld?: boolean;
  /** Hostnames moved one at a time (overlap refused). */
  readonly moved?: readonly string[];
  readonly settingsKept?: boolean;
  readonly deleted?: boolean;
}

export interface AccessCaRotationStart {
  readonly scope: AccessScope;
  readonly old: Pick<AccessCertificate, "id" | "name">;
  readonly replacement: { readonly name: string; readonly certificate: string };
}

/** Reads what the rotation needs (the old CA's hostnames, their settings, the scope's ids); changes nothing. */
export async function startAccessCaRotation(client: CloudflareClient, start: AccessCaRotationStart, signal: AbortSignal): Promise<AccessCaRotationState> {
  const old = await getAccessCertificate(client, start.scope, start.old.id, { signal });
  const hostnames = [...(old.associated_hostnames ?? [])];
  const listed = await listAccessCertificates(client, start.scope, { signal });
  const settings = hostnames.length === 0 ? [] : await getAccessHostnameSettings(client, start.scope, { signal });
  const ours = hostnameSet(hostnames);
  return {
    kind: "accessCertificate",
    scope: { kind: start.scope.kind, id: start.scope.id },
    old: { id: old.id, name: old.name || start.old.name || old.id },
    replacement: start.replacement,
    hostnames,
    settings: settings.filter((setting) => ours.has(setting.hostname.toLowerCase())).map(hostnameSettingBody),
    knownIds: listed.map((certificate) => certificate.id),
  };
}

function requireNewId(state: AccessCaRotationState): string {
  if (state.newId === undefined) {
    throw new Error("rotation: the new Access CA has no id yet");
  }
  return state.newId;
}

async function hostnamesOf(client: CloudflareClient, scope: AccessScope, id: string, signal: AbortSignal): Promise<AccessCertificate | undefined> {
  try {
    return await getAccessCertificate(client, scope, id, { signal });
  } catch (error) {
    if (error instanceof CloudflareApiError && error.status === 404) {
      return undefined;
    }
    throw error;
  }
}

async function setHostnames(
  client: CloudflareClient,
  state: AccessCaRotationState,
  certificate: AccessCertificate,
  hostnames: readonly string[],
  what: string,
  context: StepContext<AccessCaRotationState>,
): Promise<void> {
  happened(await updateAccessCertificateReconciled(client, state.scope, certificate.id, { associated_hostnames: [...hostnames], name: certificate.name }, { ...context.reconciliation, signal: context.signal }), what);
}

export function accessCaRotation(client: CloudflareClient): Rotation<AccessCaRotationState> {
  const upload: RotationStep<AccessCaRotationState> = {
    id: "upload",
    title: (state) => `Add the new CA “${state.replacement.name}” to the same ${state.scope.kind === "accounts" ? "account" : "zone"}`,
    done: (state) => state.newId !== undefined,
    run: async (state, context) => {
      const { signal } = context;
      const input = { name: state.replacement.name, certificate: state.replacement.certificate };
      const options = { ...context.reconciliation, signal, knownIds: state.knownIds };
      if (state.uploadSent) {
        // The last run sent it and never heard back: look before sending it again.
        const verdict = await reconcile(checkAccessAddition(client, state.scope, input, options), options);
        if (verdict.outcome === "done") {
          context.log(`The new CA was added in an earlier run after all: ${verdict.id}`);
          return { state: { ...state, newId: verdict.id } };
        }
        if (verdict.outcome === "unknown") {
          throw verdict.cause;
        }
      }
      await context.save({ ...state, uploadSent: true });
      const outcome = happened(await addAccessCertificateReconciled(client, state.scope, input, options), `addition of “${input.name}”`);
      const newId = outcome.result?.id ?? outcome.id ?? "";
      context.log(`Added the new CA “${input.name}”: ${newId}`);
      return { state: { ...state, uploadSent: true, newId } };
    },
  };

  const addToNew: RotationStep<AccessCaRotationState> = {
    id: "addToNew",
    title: (state) => `Add the ${plural(state.hostnames.length, "hostname")} to “${state.replacement.name}” while “${state.old.name}” keeps ${state.hostnames.length === 1 ? "it" : "them"}`,
    note: (state) =>
      state.overlap === "allowed" ? "no moment without a CA" : "if Cloudflare refuses a hostname on two CAs, each is moved one at a time instead, with a moment without a CA (you are asked again)",
    done: (state) => state.addedToNew === true,
    run: async (state, context) => addEveryHostname(client, state, context),
  };

  const removeFromOld: RotationStep<AccessCaRotationState> = {
    id: "removeFromOld",
    title: (state) => `Remove the ${plural(state.hostnames.length, "hostname")} from “${state.old.name}”`,
    done: (state) => state.removedFromOld === true,
    run: async (state, context) => {
      const old = await hostnamesOf(client, state.scope, state.old.id, context.signal);
      const current = old?.associated_hostnames ?? [];
      const left = withoutHostnames(current, state.hostnames);
      if (old && left.length !== current.length) {
        await setHostnames(client, state, old, left, `hostname change of “${state.old.name}”`, context);
      }
      context.log(`Removed ${plural(state.hostnames.length, "hostname")} from the old CA “${state.old.name}”.`);
      return { state: { ...state, removedFromOld: true } };
    },
  };

  const moveOne = (hostname: string): RotationStep<AccessCaRotationState> => ({
    id: `move:${hostname}`,
    title: () => `Move ${hostname} to the new CA`,
    note: () => "a moment without a CA: Cloudflare keeps a hostname on one Access CA only",
    done: (state) => hostnameSet(state.moved ?? []).has(hostname.toLowerCase()),
    run: async (state, context) => moveHostname(client, state, hostname, context),
  });

  const keepSettings: RotationStep<AccessCaRotationState> = {
    id: "settings",
    title: (state) => `Keep the hostname settings of the ${plural(state.settings.length, "hostname")}`,
    done: (state) => state.settingsKept === true,
    run: async (state, context) => {
      const current = new Map((await getAccessHostnameSettings(client, state.scope, { signal: context.signal })).map((setting) => [setting.hostname.toLowerCase(), setting]));
      const changed = state.settings.filter((kept) => {
        const now = current.get(kept.hostname.toLowerCase());
        return now === undefined || now.china_network !== kept.china_network || now.client_certificate_forwarding !== kept.client_certificate_forwarding;
      });
      if (changed.length > 0) {
        // The PUT replaces the scope's whole list: every other hostname's setting goes back as it is.
        const keptHostnames = hostnameSet(state.settings.map((setting) => setting.hostname));
        const others = [...current.values()].filter((setting) => !keptHostnames.has(setting.hostname.toLowerCase())).map(hostnameSettingBody);
        happened(await updateAccessHostnameSettingsReconciled(client, state.scope, [...state.settings.map(hostnameSettingBody), ...others], { ...context.reconciliation, signal: context.signal }), "hostname settings change");
        context.log(`Put back the settings of ${changed.map((setting) => setting.hostname).join(", ")}.`);
      } else {
        context.log(`The settings of ${plural(state.settings.length, "hostname")} are unchanged.`);
      }
      return { state: { ...state, settingsKept: true } };
    },
  };

  const deleteOld: RotationStep<AccessCaRotationState> = {
    id: "deleteOld",
    title: (state) => `Delete the old CA “${state.old.name}” once it has no hostnames`,
    note: () => "asks first",
    done: (state) => state.deleted === true,
    run: async (state, context) => deleteOldCa(client, state, context),
  };

  return {
    steps: (state) => [
      upload,
      ...(state.hostnames.length === 0 ? [] : state.overlap === "refused" ? state.hostnames.map(moveOne) : [addToNew, removeFromOld]),
      ...(state.settings.length === 0 ? [] : [keepSettings]),
      deleteOld,
    ],
  };
}

async function addEveryHostname(client: CloudflareClient, state: AccessCaRotationState, context: StepContext<AccessCaRotationState>): Promise<StepResult<AccessCaRotationState>> {
  const { signal } = context;
  const replacement = await getAccessCertificate(client, state.scope, requireNewId(state), { signal });
  const current = replacement.associated_hostnames ?? [];
  const wanted = withHostnames(current, state.hostnames);
  if (wanted.length === current.length) {
    return { state: { ...state, addedToNew: true, overlap: state.overlap ?? "allowed" } };
  }
  try {
    await setHostnames(client, state, replacement, wanted, `hostname change of “${state.replacement.name}”`, context);
  } catch (error) {
    if (state.overlap === undefined && isOverlapRefusal(error)) {
      return askToMoveOneAtATime(state, error, context);
    }
    throw error;
  }
  context.log(`Added ${plural(state.hostnames.length, "hostname")} to the new CA while the old one keeps them: no client is refused.`);
  return { state: { ...state, addedToNew: true, overlap: "allowed" } };
}

/** A refusal that reads like "this hostname already belongs to another certificate". */
function isOverlapRefusal(error: unknown): error is CloudflareApiError {
  return isPlainRefusal(error) && error.errors.some((entry) => /already|associat|another|in use|taken|exists/i.test(entry.message));
}

async function askToMoveOneAtATime(state: AccessCaRotationState, refusal: CloudflareApiError, context: StepContext<AccessCaRotationState>): Promise<StepResult<AccessCaRotationState>> {
  const next: AccessCaRotationState = { ...state, overlap: "refused" };
  await context.save(next);
  const said = refusal.errors.map((entry) => `${entry.code}: ${entry.message}`).join("; ") || refusal.message;
  context.log(`Cloudflare refused the hostnames on both CAs (${said}): each is moved one at a time.`);
  const why = `Cloudflare refused a hostname on two Access CAs at once (${said}). Each hostname is moved one at a time instead, and has a moment without a CA.`;
  if (!(await context.prompts.confirmPlan(context.plan(next), why))) {
    return { state: next, pause: { reason: "Each hostname would have a moment without a CA, and you chose to wait. Run Rotate Certificate again to go on." } };
  }
  return { state: next };
}

async function moveHostname(client: CloudflareClient, state: AccessCaRotationState, hostname: string, context: StepContext<AccessCaRotationState>): Promise<StepResult<AccessCaRotationState>> {
  const { signal } = context;
  const done = { state: { ...state, moved: [...(state.moved ?? []), hostname] } };
  const replacement = await getAccessCertificate(client, state.scope, requireNewId(state), { signal });
  if (hostnameSet(replacement.associated_hostnames ?? []).has(hostname.toLowerCase())) {
    return done;
  }
  const old = await hostnamesOf(client, state.scope, state.old.id, signal);
  const onOld = old !== undefined && hostnameSet(old.associated_hostnames ?? []).has(hostname.toLowerCase());
  if (old && onOld) {
    await setHostnames(client, state, old, withoutHostnames(old.associated_hostnames ?? [], [hostname]), `removal of ${hostname} from “${state.old.name}”`, context);
  }
  try {
    await setHostnames(client, state, replacement, withHostnames(replacement.associated_hostnames ?? [], [hostname]), `addition of ${hostname} to “${state.replacement.name}”`, context);
  } catch (error) {
    if (old && onOld && isPlainRefusal(error)) {
      // Refused: nothing changed on the new CA, so the hostname goes straight back to the old one.
      const back = await getAccessCertificate(client, state.scope, old.id, { signal });
      await setHostnames(client, state, back, withHostnames(back.associated_hostnames ?? [], [hostname]), `return of ${hostname} to “${state.old.name}”`, context);
      context.log(`Cloudflare refused ${hostname} on the new CA too; it is back on the old CA.`);
    }
    throw error;
  }
  context.log(`Moved ${hostname} to the new CA.`);
  return done;
}

async function deleteOldCa(client: CloudflareClient, state: AccessCaRotationState, context: StepContext<AccessCaRotationState>): Promise<StepResult<AccessCaRotationState>> {
  const { signal } = context;
  const old = await hostnamesOf(client, state.scope, state.old.id, signal);
  if (!old) {
    context.log(`The old CA “${state.old.name}” is already gone.`);
    return { state: { ...state, deleted: true } };
  }
  const left = old.associated_hostnames ?? [];
  if (left.length > 0) {
    return { state, pause: { reason: `The old CA “${state.old.name}” still has ${plural(left.length, "hostname")} (${left.join(", ")}): move or remove them, then run Rotate Certificate again.` } };
  }
  const confirmed = await context.prompts.confirm({
    message: `Delete the old CA “${state.old.name}”?`,
    detail: `Its hostnames now use “${state.replacement.name}”. Clients whose certificates only the old CA signed will be refused.`,
    confirm: "Delete",
  });
  if (!confirmed) {
    return { state, pause: { reason: `The old CA “${state.old.name}” is kept. Run Rotate Certificate on it again to delete it.` } };
  }
  happened(await deleteAccessCertificateReconciled(client, state.scope, { id: old.id, name: old.name, associated_hostnames: [] }, { ...context.reconciliation, signal }), `deletion of “${state.old.name}”`);
  context.log(`Deleted the old CA “${state.old.name}”.`);
  return { state: { ...state, deleted: true } };
}
