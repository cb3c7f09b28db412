// Delete Certificate: one modal confirmation for everything selected, naming each certificate,
// its kind and what uses it. Nothing is deleted without it. A refusal because Cloudflare services
// still use a certificate is said plainly, with "Show Associations".
import * as vscode from "vscode";
import { focusViewCommand, ViewIds } from "../identifiers";
import type { Services } from "../services";
import type { CertificateNode } from "../views/treeNodes";
import { abortSignalOf } from "./cancellation";
import { certificateTargets } from "./certificateTargets";
import { deletionSummary } from "./deletionSummary";
import { showAssociations } from "./showAssociations";

export async function deleteCertificate(services: Services, node?: unknown, selection?: unknown): Promise<void> {
  const nodes = certificateTargets(services, node, selection).filter((target) => target.deletable);
  if (nodes.length === 0) {
    await services.prompts.info("Select the certificates to delete in the Cloudflare mTLS view, then use Delete from their context menu.");
    await vscode.commands.executeCommand(focusViewCommand(ViewIds.certificates));
    return;
  }
  const items = await vscode.window.withProgress({ location: { viewId: ViewIds.certificates } }, () =>
    Promise.all(nodes.map((item) => item.describeDeletion() ?? Promise.reject(new Error(`${item.name} cannot be deleted`)))),
  );
  const summary = deletionSummary(items);
  if (!(await services.prompts.confirm({ message: summary.message, detail: summary.detail, confirm: summary.confirm }))) {
    return;
  }
  const refused: { node: CertificateNode; message: string }[] = [];
  const failures: unknown[] = [];
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: nodes.length === 1 ? "Deleting the certificate…" : `Deleting ${nodes.length} certificates…`, cancellable: true },
    async (_progress, token) => {
      const signal = abortSignalOf(token);
      for (const item of nodes) {
        if (signal.aborted) {
          break;
        }
        try {
          const result = await item.delete(signal);
          if (result.outcome === "inUse") {
            refused.push({ node: item, message: result.message });
            continue;
          }
          services.details.close(item.id);
          services.log.forComponent("delete").info(`Deleted ${item.id}`);
        } catch (error) {
          failures.push(error);
        }
      }
    },
  );
  for (const { node: item, message } of refused) {
    const choice = await services.prompts.warning(message, "Show Associations");
    if (choice === "Show Associations") {
      await showAssociations(services, item);
    }
  }
  if (failures.length > 0) {
    throw failures[0];
  }
}
