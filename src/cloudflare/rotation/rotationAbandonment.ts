// Giving up a rotation that stopped part-way: what Cloudflare holds now, read before anything is
// said (a saved rotation may be days old, and the certificates may have been deleted elsewhere),
// and the sentences that tell the user exactly what stays as the steps left it. Abandoning never
// changes Cloudflare: nothing is deleted or moved back; only the saved state is forgotten.
//
// `readStanding` only reads; `abandonmentSummary` and `missingObjects` are pure (unit-tested per
// kind). No vscode here.
import { getAccessCertificate } from "../accessCertificates";
import type { CloudflareClient } from "../client";
import { getClientCertificate } from "../clientCertificates";
import { CloudflareApiError } from "../errors";
import { getHostnameAssociations } from "../hostnameAssociations";
import { listMtlsCertificates } from "../mtlsCertificates";
import type { AccessCaRotationState } from "./accessCaRotation";
import type { ClientCertificateRotationState } from "./clientCertificateRotation";
import type { MtlsCaRotationState } from "./mtlsCaRotation";
import { hostnameSet } from "./rotationWrites";

export type SavedRotationState = AccessCaRotationState | MtlsCaRotationState | ClientCertificateRotationState;

/** Where one hostname the rotation moves is now. */
export interface HostnameStanding {
  readonly hostname: string;
  /** The zone it is in (account mTLS CAs: hostnames are moved per zone). */
  readonly zoneName?: string;
  readonly onOld: boolean;
  readonly onNew: boolean;
}

/** What Cloudflare holds of a saved rotation, as read just now. */
export interface RotationStanding {
  /** The old certificate still exists (a client certificate: listed, whatever its status). */
  readonly oldExists: boolean;
  /** A client certificate's status ("active", "revoked", …), when it exists. */
  readonly oldStatus?: string;
  /** Whether the new certificate exists; undefined while the state knows no new id. */
  readonly newExists?: boolean;
  readonly hostnames: readonly HostnameStanding[];
}

async function orMissing<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof CloudflareApiError && error.status === 404) {
      return undefined;
    }
    throw error;
  }
}

/** Reads what the saved rotation's certificates and hostnames are now. Changes nothing. */
export async function readStanding(client: CloudflareClient, state: SavedRotationState, signal: AbortSignal): Promise<RotationStanding> {
  switch (state.kind) {
    case "accessCertificate": {
      const old = await orMissing(getAccessCertificate(client, state.scope, state.old.id, { signal }));
      const replacement = state.newId === undefined ? undefined : await orMissing(getAccessCertificate(client, state.scope, state.newId, { signal }));
      const onOld = hostnameSet(old?.associated_hostnames ?? []);
      const onNew = hostnameSet(replacement?.associated_hostnames ?? []);
      return {
        oldExists: old !== undefined,
        ...(state.newId === undefined ? {} : { newExists: replacement !== undefined }),
        hostnames: state.hostnames.map((hostname) => ({ hostname, onOld: onOld.has(hostname.toLowerCase()), onNew: onNew.has(hostname.toLowerCase()) })),
      };
    }
    case "mtlsCertificate": {
      const ids = new Set((await listMtlsCertificates(client, state.accountId, { signal })).map((certificate) => certificate.id));
      const oldExists = ids.has(state.old.id);
      const newExists = state.newId === undefined ? undefined : ids.has(state.newId);
      const hostnames: HostnameStanding[] = [];
      for (const zone of state.zones) {
        const held = async (id: string | undefined, exists: boolean | undefined): Promise<Set<string>> =>
          id === undefined || exists !== true ? new Set() : hostnameSet((await orMissing(getHostnameAssociations(client, zone.zoneId, { kind: "mtlsCertificate", mtlsCertificateId: id }, { signal })))?.hostnames ?? []);
        const onOld = await held(state.old.id, oldExists);
        const onNew = await held(state.newId, newExists);
        hostnames.push(...zone.hostnames.map((hostname) => ({ hostname, zoneName: zone.zoneName, onOld: onOld.has(hostname.toLowerCase()), onNew: onNew.has(hostname.toLowerCase()) })));
      }
      return { oldExists, ...(newExists === undefined ? {} : { newExists }), hostnames };
    }
    case "clientCertificate": {
      const old = await orMissing(getClientCertificate(client, state.zoneId, state.old.id, { signal }));
      const issued = state.newId === undefined ? undefined : await orMissing(getClientCertificate(client, state.zoneId, state.newId, { signal }));
      return {
        oldExists: old !== undefined,
        ...(old?.status === undefined ? {} : { oldStatus: old.status }),
        ...(state.newId === undefined ? {} : { newExists: issued !== undefined }),
        hostnames: [],
      };
    }
  }
}

function noun(state: SavedRotationState): { readonly old: string; readonly replacement: string } {
  return state.kind === "clientCertificate" ? { old: "old certificate", replacement: "new certificate" } : { old: "old CA", replacement: "new CA" };
}

function replacementName(state: SavedRotationState): string {
  return state.kind === "clientCertificate" ? (state.newId ?? `CN=${state.subject.commonName}`) : state.replacement.name;
}

/**
 * Why the saved rotation cannot go on, when a certificate it works on is gone (deleted elsewhere,
 * or, for the old one, by a step whose answer was lost); undefined when both are there.
 */
export function missingObjects(state: SavedRotationState, standing: RotationStanding): string | undefined {
  const names = noun(state);
  const gone: string[] = [];
  if (!standing.oldExists) {
    gone.push(`the ${names.old} “${state.old.name}” no longer exists`);
  }
  if (standing.newExists === false) {
    gone.push(`the ${names.replacement} “${replacementName(state)}” no longer exists`);
  }
  if (gone.length === 0) {
    return undefined;
  }
  const sentence = gone.join(" and ");
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)} on Cloudflare (deleted elsewhere since the rotation stopped), so the rotation cannot go on.`;
}

function hostnameList(hostnames: readonly HostnameStanding[]): string {
  const byZone = new Map<string | undefined, string[]>();
  for (const entry of hostnames) {
    byZone.set(entry.zoneName, [...(byZone.get(entry.zoneName) ?? []), entry.hostname]);
  }
  return [...byZone.entries()].map(([zone, names]) => `${names.map((name) => `'${name}'`).join(", ")}${zone === undefined ? "" : ` (zone ${zone})`}`).join("; ");
}

function hostnameLines(state: AccessCaRotationState | MtlsCaRotationState, standing: RotationStanding): string[] {
  const oldName = state.old.name;
  const newName = state.replacement.name;
  const groups: { readonly test: (entry: HostnameStanding) => boolean; readonly says: (many: boolean) => string }[] = [
    { test: (entry) => entry.onNew && !entry.onOld, says: (many) => `now ${many ? "use" : "uses"} the new CA “${newName}”` },
    { test: (entry) => entry.onNew && entry.onOld, says: (many) => `${many ? "are" : "is"} on both “${oldName}” and “${newName}”` },
    { test: (entry) => !entry.onNew && entry.onOld, says: (many) => `still ${many ? "use" : "uses"} the old CA “${oldName}”` },
    {
      test: (entry) => !entry.onNew && !entry.onOld,
      says: (many) => `${many ? "are" : "is"} on neither CA: ${many ? "they ask" : "it asks"} for no client certificate from either until you add ${many ? "them" : "it"} to one`,
    },
  ];
  return groups.flatMap((group) => {
    const members = standing.hostnames.filter(group.test);
    return members.length === 0 ? [] : [`${hostnameList(members)} ${group.says(members.length > 1)}.`];
  });
}

/**
 * What stays on Cloudflare (and on disk) when the rotation is abandoned now, one sentence a line,
 * ending with what abandoning does: nothing on Cloudflare changes, the saved progress is forgotten.
 */
export function abandonmentSummary(state: SavedRotationState, standing: RotationStanding): string[] {
  const lines: string[] = [];
  const names = noun(state);
  const place = state.kind === "accessCertificate" ? (state.scope.kind === "accounts" ? "account" : "zone") : state.kind === "mtlsCertificate" ? "account" : `zone ${state.zoneName}`;
  // The new certificate.
  if (state.newId !== undefined) {
    if (standing.newExists === false) {
      lines.push(`The ${names.replacement} “${replacementName(state)}” was deleted elsewhere.`);
    } else if (state.kind === "clientCertificate") {
      lines.push(`The new certificate ${state.newId} (CN=${state.subject.commonName}) stays issued in ${place}${state.saved ? `, saved in ${state.certificateLabel}` : ""}.`);
    } else {
      lines.push(`The new CA “${state.replacement.name}” stays ${state.kind === "accessCertificate" ? "added to" : "uploaded to"} the ${place} (${state.newId}).`);
    }
  } else if (state.kind === "clientCertificate" ? state.createSent : state.uploadSent) {
    lines.push(
      state.kind === "clientCertificate"
        ? `A new certificate for CN=${state.subject.commonName} may have been issued (the answer to its request was lost): look for it in ${place} before making another.`
        : `The new CA “${state.replacement.name}” may have been ${state.kind === "accessCertificate" ? "added" : "uploaded"} (the answer was lost): look for it in the ${place} before adding it again.`,
    );
  }
  if (state.kind === "clientCertificate" && state.csr !== undefined) {
    lines.push(`The new private key stays in ${state.keyLabel}.`);
  }
  // The hostnames.
  if (state.kind !== "clientCertificate") {
    lines.push(...hostnameLines(state, standing));
  }
  // The old certificate.
  if (!standing.oldExists) {
    lines.push(`The ${names.old} “${state.old.name}” no longer exists.`);
  } else if (state.kind === "clientCertificate") {
    lines.push(`The old certificate “${state.old.name}” stays ${(standing.oldStatus ?? "as it is").replace(/_/g, " ")}.`);
  } else {
    lines.push(`The old CA “${state.old.name}” stays${state.kind === "mtlsCertificate" ? ", with the services still using it" : ""}.`);
  }
  const changedNothing = state.newId === undefined && !(state.kind === "clientCertificate" ? state.createSent || state.csr !== undefined : state.uploadSent);
  lines.push(changedNothing ? "The rotation had changed nothing yet; only its saved progress is forgotten." : "Nothing is deleted or moved back: only the rotation's saved progress is forgotten.");
  return lines;
}
