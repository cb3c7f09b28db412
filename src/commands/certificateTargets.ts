// What a tree command acts on: the node VS Code passed (a row's inline button or context menu),
// else the tree's selection. Multi-select passes the clicked node and the whole selection.
import type { Services } from "../services";
import { isCertificateNode, type CertificateNode } from "../views/treeNodes";

/** The certificate a command was invoked on, or the first selected one. */
export function certificateTarget(services: Services, node: unknown): CertificateNode | undefined {
  return isCertificateNode(node) ? node : services.treeView.selection.find(isCertificateNode);
}

/** Every distinct certificate a multi-select command acts on (the selection, else the clicked node, else the tree's selection). */
export function certificateTargets(services: Services, node: unknown, selection: unknown): CertificateNode[] {
  const candidates = Array.isArray(selection) && selection.length > 0 ? (selection as unknown[]) : node !== undefined ? [node] : services.treeView.selection;
  const unique = new Map<string, CertificateNode>();
  for (const candidate of candidates) {
    if (isCertificateNode(candidate)) {
      unique.set(candidate.id, candidate);
    }
  }
  return [...unique.values()];
}
