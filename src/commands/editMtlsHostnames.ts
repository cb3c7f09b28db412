// Edit mTLS Hostnames…: which hostnames of a zone ask clients for a certificate issued by a CA
// (the zone's Cloudflare-managed CA, or a CA uploaded to the account). Each hostname must belong
// to the zone; the confirmation says what clients of those hostnames will be asked for.
import * as vscode from "vscode";
import type { Services } from "../services";
import { caHostnamesOf } from "../views/kinds/hostnameAssociations";
import { mtlsCertificateRecordOf } from "../views/kinds/mtlsCertificates";
import { abortSignalOf } from "./cancellation";
import { certificateTarget } from "./certificateTargets";
import { splitHostnameList } from "./uploadPlan";
import { pickZone } from "./zonePick";
import { hostnameProblem, normalizeHostname } from "../cloudflare/hostnameAssociations";

/** The hostnames typed (commas, spaces or new lines between them), normalized and once each. */
function typedHostnames(text: string): string[] {
  const hostnames: string[] = [];
  for (const part of splitHostnameList(text)) {
    const hostname = normalizeHostname(part) ?? part;
    if (!hostnames.includes(hostname)) {
      hostnames.push(hostname);
    }
  }
  return hostnames;
}

/** The first typed hostname that cannot be associated with a CA of the zone, said plainly. */
function validateZoneHostnames(text: string, zoneName: string): string | undefined {
  for (const part of splitHostnameList(text)) {
    const problem = hostnameProblem(part, zoneName);
    if (problem) {
      return problem;
    }
  }
  return undefined;
}

export async function editMtlsHostnames(services: Services, node?: unknown): Promise<void> {
  const row = certificateTarget(services, node);
  const entry = caHostnamesOf(row);
  const zone = row?.scope.zone;
  if (!row || !entry || !zone) {
    await services.prompts.info("Select a CA under a zone's mTLS Hostnames in the Cloudflare mTLS view first.");
    return;
  }
  // The CA's row may not have been expanded: its hostnames then cost one request, else none (cached).
  const current = await services.repository.hostnameAssociations(zone.id, entry.ca);
  const text = await services.prompts.input({
    title: `mTLS Hostnames of ${zone.name}: ${entry.caName}`,
    prompt: `Hostnames of ${zone.name} that ask clients for a certificate issued by ${entry.caName} (comma-separated; empty removes them all).`,
    value: current.join(", "),
    placeHolder: `app.${zone.name}, api.${zone.name}`,
    validate: (value) => validateZoneHostnames(value, zone.name),
  });
  if (text === undefined) {
    return;
  }
  const hostnames = typedHostnames(text);
  if (hostnames.length === current.length && hostnames.every((hostname) => current.includes(hostname))) {
    return;
  }
  const added = hostnames.filter((hostname) => !current.includes(hostname));
  const removed = current.filter((hostname) => !hostnames.includes(hostname));
  const confirmed = await services.prompts.confirm({
    message: `Change which hostnames of ${zone.name} check client certificates against ${entry.caName}?`,
    detail: [
      added.length > 0 ? `Clients of ${added.join(", ")} will be asked for a certificate issued by ${entry.caName}.` : undefined,
      removed.length > 0 ? `${removed.join(", ")} will no longer check certificates against ${entry.caName}.` : undefined,
    ]
      .filter((line): line is string => line !== undefined)
      .join("\n"),
    confirm: "Save",
  });
  if (!confirmed) {
    return;
  }
  const stored = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: "Saving mTLS hostnames…", cancellable: true }, (_progress, token) =>
    services.repository.setHostnameAssociations(row.account.id, zone.id, entry.ca, hostnames, abortSignalOf(token)),
  );
  await services.prompts.info(`${entry.caName} now has ${stored.length === 1 ? "1 mTLS hostname" : `${stored.length} mTLS hostnames`} in ${zone.name}.`);
}

/**
 * Find mTLS Hostnames in a Zone (from an uploaded CA in an account with many zones): which
 * hostnames of one chosen zone check client certificates against the CA. One request.
 */
export async function findCaHostnamesInZone(services: Services, node?: unknown): Promise<void> {
  const row = certificateTarget(services, node);
  const certificate = mtlsCertificateRecordOf(row);
  if (!row || !certificate?.ca) {
    await services.prompts.info("Select an uploaded CA under an account's mTLS Certificates first.");
    return;
  }
  const zone = await pickZone(services, row.account, {
    title: `mTLS Hostnames of “${row.name}”: Zone`,
    placeHolder: "Which zone? (one request of your rate budget)",
    noZones: `Account ${row.account.name} has no zones.`,
  });
  if (!zone) {
    return;
  }
  const hostnames = await services.repository.hostnameAssociations(zone.id, { kind: "mtlsCertificate", mtlsCertificateId: certificate.id });
  await services.prompts.info(
    hostnames.length === 0
      ? `No hostname of ${zone.name} checks client certificates against “${row.name}”.`
      : `Hostnames of ${zone.name} that check client certificates against “${row.name}”: ${hostnames.join(", ")}.`,
  );
}
