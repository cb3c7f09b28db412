// Reveals and selects a certificate's row (after an upload).
import type { Services } from "../services";
import { findCertificateNode, type CertificateLocation } from "../views/certificateLocation";
import type { CertificateNode } from "../views/treeNodes";

/** Reveals the certificate's node; undefined when it is not (or no longer) in the tree. */
export async function revealCertificate(services: Services, location: CertificateLocation): Promise<CertificateNode | undefined> {
  const node = await findCertificateNode((parent) => services.tree.getChildren(parent), location);
  if (node && services.treeView.visible) {
    await services.treeView.reveal(node, { select: true, focus: false, expand: false });
  }
  return node;
}
