// Where a certificate sits in the tree, and how to find its node by walking the tree the way a
// user would expand it (after an upload, to reveal what was created).
import type { CertificateKind, ScopeKind } from "./certificateKind";
import { AccountNode, CertificateGroupNode, CertificateNode, ZoneNode, ZonesGroupNode, type TreeNode } from "./treeNodes";

export interface CertificateLocation {
  readonly kind: CertificateKind;
  readonly accountId: string;
  readonly scope: { readonly kind: ScopeKind; readonly id: string };
  readonly certificateId: string;
}

type Step = (node: TreeNode) => boolean;

function pathToCertificate(location: CertificateLocation): Step[] {
  const account: Step = (node) => node instanceof AccountNode && node.account.id === location.accountId;
  const group: Step = (node) => node instanceof CertificateGroupNode && node.certificateKind === location.kind;
  const certificate: Step = (node) => node instanceof CertificateNode && node.certificateId === location.certificateId;
  if (location.scope.kind === "accounts") {
    return [account, group, certificate];
  }
  const zoneId = location.scope.id;
  return [account, (node) => node instanceof ZonesGroupNode, (node) => node instanceof ZoneNode && node.zone.id === zoneId, group, certificate];
}

/** The certificate's node, loading each branch on the way; undefined when it is not (or no longer) in the tree. */
export async function findCertificateNode(getChildren: (node?: TreeNode) => Promise<TreeNode[]>, location: CertificateLocation): Promise<CertificateNode | undefined> {
  let children = await getChildren();
  let found: TreeNode | undefined;
  for (const step of pathToCertificate(location)) {
    found = children.find(step);
    if (!found) {
      return undefined;
    }
    children = await getChildren(found);
  }
  return found instanceof CertificateNode ? found : undefined;
}
