// Delete Certificate: one modal confirmation for everything selected, naming each certificate,
// its kind and what uses it. Nothing is deleted without it. A refusal because Cloudflare services
// still use a certificate is said plainly, with "Show Associations".
import * as vscode from "vscode";
import { deleteAccessCertificate, updateAccessCertificate } from "../cloudflare/accessCertificates";
import type { CloudflareClient } from "../cloudflare/client";
import { CloudflareApiError } from "../cloudflare/errors";
import { deleteMtlsCertificate } from "../cloudflare/mtlsCertificates";
import type { MtlsCertificateAssociation } from "../cloudflare/types";
import type { Services } from "../services";
import { cacheKeys } from "../views/certificateRepository";
import { AccessCertificateNode, isCertificateNode, MtlsCertificateNode, type CertificateNode } from "../views/treeNodes";
import { isInUseRefusal } from "./errorMessages";
import { deletionSummary, type DeletionItem } from "./deletionSummary";

function selectedCertificates(node: unknown, selection: unknown): CertificateNode[] {
  const all = Array.isArray(selection) && selection.length > 0 ? selection : [node];
  const unique = new Map<string, CertificateNode>();
  for (const candidate of all) {
    if (isCertificateNode(candidate)) {
      unique.set(candidate.id, candidate);
    }
  }
  return [...unique.values()];
}

async function pickCertificate(services: Services): Promise<CertificateNode[]> {
  const selected = services.treeView.selection.filter(isCertificateNode);
  if (selected.length > 0) {
    return selected;
  }
  await services.prompts.info("Select the certificates to delete in the Cloudflare mTLS view, then use Delete from their context menu.");
  await vscode.commands.executeCommand("cloudflareMtls.certificates.focus");
  return [];
}

async function describe(services: Services, node: CertificateNode): Promise<DeletionItem> {
  if (node instanceof MtlsCertificateNode) {
    let associations: MtlsCertificateAssociation[] | undefined;
    try {
      associations = await services.repository.associations(node.account.id, node.certificate.id);
    } catch {
      associations = undefined; // still confirmable: the summary says they could not be checked
    }
    return { kind: node.certificate.ca ? "mtlsCa" : "mtlsLeaf", name: node.certificate.name || node.certificate.id, where: node.account.name, associations };
  }
  return {
    kind: "access",
    name: node.certificate.name || node.certificate.id,
    where: node.parent.zone ? `zone ${node.parent.zone.name}` : `account ${node.account.name}`,
    hostnames: node.certificate.associated_hostnames ?? [],
  };
}

async function deleteAccess(client: CloudflareClient, node: AccessCertificateNode, signal: AbortSignal): Promise<void> {
  if ((node.certificate.associated_hostnames ?? []).length > 0) {
    // Cloudflare refuses to delete an Access certificate that still has hostnames: detach them first.
    await updateAccessCertificate(client, node.scope, node.certificate.id, { associated_hostnames: [], name: node.certificate.name }, { signal });
  }
  try {
    await deleteAccessCertificate(client, node.scope, node.certificate.id, { signal });
  } catch (error) {
    // Right after the hostname update the API can still see them (a known race): one more try.
    if (error instanceof CloudflareApiError && error.status !== undefined && error.status < 500 && !error.isAuthError && (node.certificate.associated_hostnames ?? []).length > 0) {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await deleteAccessCertificate(client, node.scope, node.certificate.id, { signal });
      return;
    }
    throw error;
  }
}

export async function deleteCertificate(services: Services, node?: unknown, selection?: unknown): Promise<void> {
  const nodes = node === undefined ? await pickCertificate(services) : selectedCertificates(node, selection);
  if (nodes.length === 0) {
    return;
  }
  const items = await vscode.window.withProgress({ location: { viewId: "cloudflareMtls.certificates" } }, () => Promise.all(nodes.map((item) => describe(services, item))));
  const summary = deletionSummary(items);
  if (!(await services.prompts.confirm({ message: summary.message, detail: summary.detail, confirm: summary.confirm }))) {
    return;
  }
  const refused: MtlsCertificateNode[] = [];
  const failures: unknown[] = [];
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: nodes.length === 1 ? "Deleting the certificate…" : `Deleting ${nodes.length} certificates…`, cancellable: true },
    async (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const client = await services.session.client();
      for (const item of nodes) {
        if (abort.signal.aborted) {
          break;
        }
        try {
          if (item instanceof MtlsCertificateNode) {
            await deleteMtlsCertificate(client, item.account.id, item.certificate.id, { signal: abort.signal });
            services.repository.invalidate(cacheKeys.mtls(item.account.id));
          } else {
            await deleteAccess(client, item, abort.signal);
            services.repository.invalidate(cacheKeys.access(item.scope));
          }
          services.details.close(item.id);
          services.log.forComponent("delete").info(`Deleted ${item.id}`);
        } catch (error) {
          if (item instanceof MtlsCertificateNode && isInUseRefusal(error)) {
            refused.push(item);
          } else {
            failures.push(error);
          }
        }
      }
    },
  );
  for (const item of refused) {
    services.repository.invalidate(cacheKeys.associations(item.account.id, item.certificate.id));
    const choice = await services.prompts.warning(
      `Cloudflare refused to delete “${item.certificate.name || item.certificate.id}”: it is still in use by a Cloudflare service. Remove it from those services first.`,
      "Show Associations",
    );
    if (choice === "Show Associations") {
      await vscode.commands.executeCommand("cloudflareMtls.showAssociations", item);
    }
  }
  if (failures.length > 0) {
    throw failures[0];
  }
}
