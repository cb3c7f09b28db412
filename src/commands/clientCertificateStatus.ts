// Revoke and Reactivate a client certificate, and the filter that hides revoked ones. Cloudflare
// moves a certificate through pending_revocation / pending_reactivation on its own time: after
// either command the list is read again, paced, until the status settles, so the row changes as
// Cloudflare does.
import * as vscode from "vscode";
import { isPendingStatus, type ClientCertificate } from "../cloudflare/clientCertificates";
import type { Services } from "../services";
import { cacheKeys } from "../views/certificateRepository";
import { clientCertificateRecordOf } from "../views/kinds/clientCertificates";
import type { CertificateNode } from "../views/treeNodes";
import { abortSignalOf } from "./cancellation";
import { certificateTarget } from "./certificateTargets";

/** How often, and how many times, a pending status is read again. */
const SETTLE_INTERVAL_MS = 3_000;
const SETTLE_ATTEMPTS = 20;

function target(services: Services, node: unknown): { node: CertificateNode; certificate: ClientCertificate } | undefined {
  const found = certificateTarget(services, node);
  const certificate = clientCertificateRecordOf(found);
  return found && certificate ? { node: found, certificate } : undefined;
}

/** Reads the zone's list again until the certificate leaves its pending status (or the attempts run out). */
function followUntilSettled(services: Services, zoneId: string, certificateId: string): void {
  const log = services.log.forComponent("clientCertificates");
  let attempts = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Stopped with the extension; taken out of the subscriptions once settled, so none pile up.
  const stop = { dispose: () => clearTimeout(timer) };
  const finish = (): void => {
    const index = services.context.subscriptions.indexOf(stop);
    if (index >= 0) {
      services.context.subscriptions.splice(index, 1);
    }
  };
  const check = (): void => {
    attempts += 1;
    // Forgetting the list redraws the tree, which reads it again; this reads the same answer.
    services.repository.invalidate(cacheKeys.clientCertificates(zoneId));
    void services.repository
      .clientCertificates(zoneId)
      .then((certificates) => {
        const current = certificates.find((certificate) => certificate.id === certificateId);
        if (current && isPendingStatus(current.status) && attempts < SETTLE_ATTEMPTS) {
          timer = setTimeout(check, SETTLE_INTERVAL_MS);
          return;
        }
        finish();
        log.info(`Client certificate ${certificateId} is ${current?.status ?? "gone"}`);
      })
      .catch((error: unknown) => {
        finish();
        log.warn(`Could not follow client certificate ${certificateId}: ${error instanceof Error ? error.message : String(error)}`);
      });
  };
  services.context.subscriptions.push(stop);
  timer = setTimeout(check, SETTLE_INTERVAL_MS);
}

export async function revokeClientCertificate(services: Services, node?: unknown): Promise<void> {
  const chosen = target(services, node);
  if (!chosen) {
    await services.prompts.info("Select a client certificate in the Cloudflare mTLS view first.");
    return;
  }
  const { node: row, certificate } = chosen;
  const zone = row.scope.zone?.name ?? row.scope.id;
  const confirmed = await services.prompts.confirm({
    message: `Revoke the client certificate “${row.name}” of zone ${zone}?`,
    detail: `Clients presenting it will be refused on the zone's mTLS hostnames once Cloudflare has revoked it (it shows "pending revocation" until then). You can reactivate it later.`,
    confirm: "Revoke",
  });
  if (!confirmed) {
    return;
  }
  const updated = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Revoking “${row.name}”…`, cancellable: true }, (_progress, token) =>
    services.repository.revokeClientCertificate(row.scope.id, certificate.id, abortSignalOf(token)),
  );
  services.log.forComponent("clientCertificates").info(`Revoked ${certificate.id} in zone ${row.scope.id}: ${updated.status ?? "unknown status"}`);
  if (isPendingStatus(updated.status)) {
    followUntilSettled(services, row.scope.id, certificate.id);
  }
  await services.prompts.info(`“${row.name}” is ${(updated.status ?? "revoked").replace(/_/g, " ")}.`);
}

export async function reactivateClientCertificate(services: Services, node?: unknown): Promise<void> {
  const chosen = target(services, node);
  if (!chosen) {
    await services.prompts.info("Select a revoked client certificate in the Cloudflare mTLS view first.");
    return;
  }
  const { node: row, certificate } = chosen;
  const updated = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reactivating “${row.name}”…`, cancellable: true }, (_progress, token) =>
    services.repository.reactivateClientCertificate(row.scope.id, certificate.id, abortSignalOf(token)),
  );
  services.log.forComponent("clientCertificates").info(`Reactivated ${certificate.id} in zone ${row.scope.id}: ${updated.status ?? "unknown status"}`);
  if (isPendingStatus(updated.status)) {
    followUntilSettled(services, row.scope.id, certificate.id);
  }
  await services.prompts.info(`“${row.name}” is ${(updated.status ?? "active").replace(/_/g, " ")}.`);
}

export async function toggleRevokedClientCertificates(services: Services): Promise<void> {
  await services.repository.setShowRevokedClientCertificates(!services.repository.showRevokedClientCertificates);
}
