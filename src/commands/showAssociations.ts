// Show Associations: expands an mTLS certificate's row so its associations (loaded fresh) are in view.
import * as vscode from "vscode";
import { focusViewCommand, ViewIds } from "../identifiers";
import type { Services } from "../services";
import { mtlsCertificateRecordOf } from "../views/kinds/mtlsCertificates";
import { certificateTarget } from "./certificateTargets";

export async function showAssociations(services: Services, node?: unknown): Promise<void> {
  const target = certificateTarget(services, node);
  if (!target || !mtlsCertificateRecordOf(target)) {
    return;
  }
  const key = target.childrenCacheKey();
  if (key) {
    services.repository.invalidate(key);
  }
  await vscode.commands.executeCommand(focusViewCommand(ViewIds.certificates));
  await services.treeView.reveal(target, { select: true, focus: true, expand: true });
}
