// Show Associations: expands the certificate's row so its associations (loaded fresh) are in view.
import * as vscode from "vscode";
import type { Services } from "../services";
import { cacheKeys } from "../views/certificateRepository";
import { MtlsCertificateNode } from "../views/treeNodes";

export async function showAssociations(services: Services, node?: unknown): Promise<void> {
  const target = node instanceof MtlsCertificateNode ? node : services.treeView.selection.find((item): item is MtlsCertificateNode => item instanceof MtlsCertificateNode);
  if (!target) {
    return;
  }
  services.repository.invalidate(cacheKeys.associations(target.account.id, target.certificate.id));
  await vscode.commands.executeCommand("cloudflareMtls.certificates.focus");
  await services.treeView.reveal(target, { select: true, focus: true, expand: true });
}
