// Rotating an account mTLS CA: upload the new CA, move each zone's mTLS hostname associations
// from the old CA to the new one, then look at the services still using the old CA (its
// associations) and delete it, after the user says so, once nothing does.
//
// A zone's hostname checks client certificates against one CA: the sandbox refuses a hostname
// already associated with another CA, and we assume Cloudflare does too (cloudflare-api.md §5 is
// silent). So each zone's hostnames leave the old CA first and join the new one in the next
// request: a moment without a CA, which the plan says. The hostnames of each zone are recorded
// before anything changes, so a run that stops between the two requests is finished by the next.
// Workers bindings are not associations the API can move: the wrangler binding to change is shown.
import { listZones } from "../zones";
import type { CloudflareClient } from "../client";
import { getHostnameAssociations, replaceHostnameAssociations, type HostnameAssociationCa } from "../hostnameAssociations";
import { isInUseRefusal } from "../inUseRefusal";
import { getMtlsCertificate, listMtlsCertificateAssociations, listMtlsCertificates } from "../mtlsCertificates";
import { checkMtlsUpload, deleteMtlsCertificateReconciled, reconcile, uploadMtlsCertificateReconciled, writeWithReconciliation, type Check } from "../reconciliation";
import type { MtlsCertificateAssociation } from "../types";
import type { Rotation, RotationStep, StepContext, StepResult } from "./rotationSteps";
import { happened, hostnameSet, isPlainRefusal, plural, withHostnames, withoutHostnames } from "./rotationWrites";
import { bindingNameFor, tomlBindingSnippet } from "../../wrangler/bindingText";

export interface ZoneHostnames {
  readonly zoneId: string;
  readonly zoneName: string;
  readonly hostnames: readonly string[];
}

export interface MtlsCaRotationState {
  readonly kind: "mtlsCertificate";
  readonly accountId: string;
  readonly old: { readonly id: string; readonly name: string };
  readonly replacement: { readonly name: string; readonly certificates: string };
  /** Each zone's hostnames on the old CA when the rotation started. */
  readonly zones: readonly ZoneHostnames[];
  readonly knownIds: readonly string[];
  readonly uploadSent?: boolean;
  readonly newId?: string;
  readonly movedZoneIds?: readonly string[];
  /** Nothing used the old CA any more when last looked. */
  readonly unused?: boolean;
  readonly deleted?: boolean;
}

export interface MtlsCaRotationStart {
  readonly accountId: string;
  readonly old: { readonly id: string; readonly name?: string };
  readonly replacement: { readonly name: string; readonly certificates: string };
  /** The zones using the old CA, when the caller knows them all; else every zone is looked at (one request each). */
  readonly zones?: readonly ZoneHostnames[];
}

/** Reads what the rotation needs; changes nothing. */
export async function startMtlsCaRotation(client: CloudflareClient, start: MtlsCaRotationStart, signal: AbortSignal): Promise<MtlsCaRotationState> {
  const old = await getMtlsCertificate(client, start.accountId, start.old.id, { signal });
  if (!old.ca) {
    throw new Error(`“${old.name || old.id}” is a leaf certificate: only a CA is rotated here.`);
  }
  const zones = start.zones ?? (await zonesUsing(client, start.accountId, old.id, signal));
  const knownIds = (await listMtlsCertificates(client, start.accountId, { signal })).map((certificate) => certificate.id);
  return {
    kind: "mtlsCertificate",
    accountId: start.accountId,
    old: { id: old.id, name: old.name || start.old.name || old.id },
    replacement: start.replacement,
    zones: zones.filter((zone) => zone.hostnames.length > 0),
    knownIds,
  };
}

/** Every zone of the account whose hostnames use the CA, one request per zone, one at a time. */
async function zonesUsing(client: CloudflareClient, accountId: string, caId: string, signal: AbortSignal): Promise<ZoneHostnames[]> {
  const found: ZoneHostnames[] = [];
  for (const zone of await listZones(client, accountId, { signal })) {
    const { hostnames } = await getHostnameAssociations(client, zone.id, { kind: "mtlsCertificate", mtlsCertificateId: caId }, { signal });
    if (hostnames.length > 0) {
      found.push({ zoneId: zone.id, zoneName: zone.name, hostnames });
    }
  }
  return found;
}

/** Replaces a CA's hostnames in a zone; a lost answer is checked (does the zone now hold that list?), never resent. */
async function replaceReconciled(client: CloudflareClient, zoneId: string, ca: HostnameAssociationCa, hostnames: readonly string[], what: string, context: StepContext<MtlsCaRotationState>): Promise<void> {
  const wanted = hostnameSet(hostnames);
  const check: Check = async (signal) => {
    const held = hostnameSet((await getHostnameAssociations(client, zoneId, ca, { signal })).hostnames);
    return held.size === wanted.size && [...wanted].every((hostname) => held.has(hostname)) ? { id: zoneId } : "notDone";
  };
  happened(await writeWithReconciliation((signal) => replaceHostnameAssociations(client, zoneId, ca, hostnames, { signal }), check, { ...context.reconciliation, signal: context.signal }), what);
}

function caOf(id: string): HostnameAssociationCa {
  return { kind: "mtlsCertificate", mtlsCertificateId: id };
}

/** What Workers bindings must become: shown whenever the old CA is still used by a Workers-like service. */
export function workersBindingSnippet(state: Pick<MtlsCaRotationState, "replacement" | "newId">): string {
  return tomlBindingSnippet({ binding: bindingNameFor(state.replacement.name), certificateId: state.newId ?? "<the new certificate's id>" });
}

function describeAssociation(association: MtlsCertificateAssociation): string {
  return `${association.service ?? "an unnamed service"}${association.status ? ` (${association.status})` : ""}`;
}

export function mtlsCaRotation(client: CloudflareClient): Rotation<MtlsCaRotationState> {
  const upload: RotationStep<MtlsCaRotationState> = {
    id: "upload",
    title: (state) => `Upload the new CA “${state.replacement.name}”`,
    done: (state) => state.newId !== undefined,
    run: async (state, context) => {
      const { signal } = context;
      const input = { ca: true, certificates: state.replacement.certificates, name: state.replacement.name };
      const options = { ...context.reconciliation, signal, knownIds: state.knownIds };
      if (state.uploadSent) {
        const verdict = await reconcile(checkMtlsUpload(client, state.accountId, input, options), options);
        if (verdict.outcome === "done") {
          context.log(`The new CA was uploaded in an earlier run after all: ${verdict.id}`);
          return { state: { ...state, newId: verdict.id } };
        }
        if (verdict.outcome === "unknown") {
          throw verdict.cause;
        }
      }
      await context.save({ ...state, uploadSent: true });
      const outcome = happened(await uploadMtlsCertificateReconciled(client, state.accountId, input, options), `upload of “${input.name}”`);
      const newId = outcome.result?.id ?? outcome.id ?? "";
      context.log(`Uploaded the new CA “${input.name}”: ${newId}`);
      return { state: { ...state, uploadSent: true, newId } };
    },
  };

  const moveZone = (zone: ZoneHostnames): RotationStep<MtlsCaRotationState> => ({
    id: `zone:${zone.zoneId}`,
    title: () => `Move ${plural(zone.hostnames.length, "mTLS hostname")} of zone ${zone.zoneName} to the new CA`,
    note: () => "a moment without a CA between two requests: a hostname checks one CA only",
    done: (state) => (state.movedZoneIds ?? []).includes(zone.zoneId),
    run: (state, context) => moveZoneHostnames(client, state, zone, context),
  });

  const services: RotationStep<MtlsCaRotationState> = {
    id: "services",
    title: () => "Check that no service uses the old CA any more",
    note: () => "Workers bindings cannot be moved by the API: the wrangler binding to change is shown",
    done: (state) => state.unused === true,
    run: async (state, context) => {
      const left = await listMtlsCertificateAssociations(client, state.accountId, state.old.id, { signal: context.signal });
      if (left.length === 0) {
        context.log(`No service uses the old CA “${state.old.name}” any more.`);
        return { state: { ...state, unused: true } };
      }
      const workers = left.some((association) => /worker/i.test(association.service ?? ""));
      const details = [
        ...left.map((association) => `Still using “${state.old.name}”: ${describeAssociation(association)}`),
        ...(workers ? ["", "Change the Worker's binding in wrangler.toml to the new CA, then deploy:", workersBindingSnippet(state)] : []),
      ];
      return { state, pause: { reason: `${plural(left.length, "service")} still ${left.length === 1 ? "uses" : "use"} the old CA “${state.old.name}”: move ${left.length === 1 ? "it" : "them"} to the new CA, then run Rotate Certificate again.`, details } };
    },
  };

  const deleteOld: RotationStep<MtlsCaRotationState> = {
    id: "deleteOld",
    title: (state) => `Delete the old CA “${state.old.name}” once nothing uses it`,
    note: () => "asks first",
    done: (state) => state.deleted === true,
    run: (state, context) => deleteOldCa(client, state, context),
  };

  return {
    steps: (state) => [upload, ...state.zones.map(moveZone), services, deleteOld],
  };
}

async function moveZoneHostnames(client: CloudflareClient, state: MtlsCaRotationState, zone: ZoneHostnames, context: StepContext<MtlsCaRotationState>): Promise<StepResult<MtlsCaRotationState>> {
  const { signal } = context;
  if (state.newId === undefined) {
    throw new Error("rotation: the new CA has no id yet");
  }
  const newCa = caOf(state.newId);
  const oldCa = caOf(state.old.id);
  const done = { state: { ...state, movedZoneIds: [...(state.movedZoneIds ?? []), zone.zoneId] } };
  const onNew = (await getHostnameAssociations(client, zone.zoneId, newCa, { signal })).hostnames;
  const missing = withoutHostnames(zone.hostnames, onNew);
  if (missing.length === 0) {
    return done;
  }
  // Read before each write, so a rerun sends only what is still missing (never a blind retry).
  const onOld = (await getHostnameAssociations(client, zone.zoneId, oldCa, { signal })).hostnames;
  const leaving = hostnameSet(missing);
  const stillOnOld = onOld.filter((hostname) => leaving.has(hostname.toLowerCase()));
  if (stillOnOld.length > 0) {
    await replaceReconciled(client, zone.zoneId, oldCa, withoutHostnames(onOld, stillOnOld), `removal of the hostnames of ${zone.zoneName} from “${state.old.name}”`, context);
  }
  try {
    await replaceReconciled(client, zone.zoneId, newCa, withHostnames(onNew, missing), `addition of the hostnames of ${zone.zoneName} to “${state.replacement.name}”`, context);
  } catch (error) {
    if (stillOnOld.length > 0 && isPlainRefusal(error)) {
      // Refused (nothing changed on the new CA): the hostnames go straight back to the old CA.
      await replaceReconciled(client, zone.zoneId, oldCa, onOld, `return of the hostnames of ${zone.zoneName} to “${state.old.name}”`, context);
      context.log(`Cloudflare refused the hostnames of ${zone.zoneName} on the new CA; they are back on the old CA.`);
    }
    throw error;
  }
  context.log(`Moved ${missing.join(", ")} of zone ${zone.zoneName} to the new CA.`);
  return done;
}

async function deleteOldCa(client: CloudflareClient, state: MtlsCaRotationState, context: StepContext<MtlsCaRotationState>): Promise<StepResult<MtlsCaRotationState>> {
  const { signal } = context;
  const gone = { state: { ...state, deleted: true } };
  if (!(await listMtlsCertificates(client, state.accountId, { signal })).some((certificate) => certificate.id === state.old.id)) {
    context.log(`The old CA “${state.old.name}” is already gone.`);
    return gone;
  }
  const confirmed = await context.prompts.confirm({ message: `Delete the old CA “${state.old.name}”?`, detail: `Nothing uses it any more; its hostnames now check “${state.replacement.name}”.`, confirm: "Delete" });
  if (!confirmed) {
    return { state, pause: { reason: `The old CA “${state.old.name}” is kept. Run Rotate Certificate on it again to delete it.` } };
  }
  try {
    happened(await deleteMtlsCertificateReconciled(client, state.accountId, state.old.id, { ...context.reconciliation, signal }), `deletion of “${state.old.name}”`);
  } catch (error) {
    if (isInUseRefusal(error)) {
      // Something took it into use since the last look: look again on the next run.
      return { state: { ...state, unused: false }, pause: { reason: `Cloudflare says the old CA “${state.old.name}” is in use again: run Rotate Certificate again to see by what.` } };
    }
    throw error;
  }
  context.log(`Deleted the old CA “${state.old.name}”.`);
  return gone;
}
