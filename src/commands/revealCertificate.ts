// Finds a certificate's node by walking the tree the way a user would expand it, then reveals and
// selects it (used after an upload, and by "Show Associations").
import type { Services } from "../services";
import { AccessCertificateNode, AccessGroupNode, AccountNode, MtlsCertificateNode, MtlsGroupNode, ZoneNode, ZonesGroupNode, type TreeNode } from "../views/treeNodes";
import type { UploadDestination } from "./uploadPlan";

type Step = (node: TreeNode) => boolean;

async function walk(services: Services, steps: readonly Step[]): Promise<TreeNode | undefined> {
  let children = await services.tree.getChildren();
  let found: TreeNode | undefined;
  for (const step of steps) {
    found = children.find(step);
    if (!found) {
      return undefined;
    }
    children = await services.tree.getChildren(found);
  }
  return found;
}

export function pathToCertificate(destination: UploadDestination, certificateId: string): Step[] {
  const account: Step = (node) => node instanceof AccountNode && node.account.id === destination.accountId;
  if (destination.kind !== "accessRoot") {
    return [account, (node) => node instanceof MtlsGroupNode, (node) => node instanceof MtlsCertificateNode && node.certificate.id === certificateId];
  }
  const certificate: Step = (node) => node instanceof AccessCertificateNode && node.certificate.id === certificateId;
  if (destination.scope.kind === "accounts") {
    return [account, (node) => node instanceof AccessGroupNode, certificate];
  }
  const zoneId = destination.scope.id;
  return [
    account,
    (node) => node instanceof ZonesGroupNode,
    (node) => node instanceof ZoneNode && node.zone.id === zoneId,
    (node) => node instanceof AccessGroupNode,
    certificate,
  ];
}

/** Reveals the certificate's node; undefined when it is not (or no longer) in the tree. */
export async function revealCertificate(services: Services, destination: UploadDestination, certificateId: string): Promise<TreeNode | undefined> {
  const node = await walk(services, pathToCertificate(destination, certificateId));
  if (node && services.treeView.visible) {
    await services.treeView.reveal(node, { select: true, focus: false, expand: false });
  }
  return node;
}
