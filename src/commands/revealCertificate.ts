// Reveals and selects a certificate's row: after an upload or a create (only when the view is
// shown), and from the expiry watch (which opens the view first).
//
// VS Code drops a reveal that meets a redraw of the tree: the promise resolves and nothing is
// selected (its main thread looks the row up in what it has loaded, finds nothing mid-refresh, and
// says nothing). A redraw follows every change to the repository, and a view just opened loads
// all of its rows, so this happens in real use. A reveal only moves the selection, so one that
// left the row unselected is tried again, with the row found afresh.
import type { Services } from "../services";
import { findCertificateNode, type CertificateLocation } from "../views/certificateLocation";
import type { CertificateNode } from "../views/treeNodes";

/** Reveals tried before giving up; the selection is waited for this long after each. */
const REVEAL_ATTEMPTS = 4;
const SELECTION_WAIT_MS = 300;

/** Reveals the certificate's node when the view is shown; undefined when it is not (or no longer) in the tree. */
export async function revealCertificate(services: Services, location: CertificateLocation): Promise<CertificateNode | undefined> {
  const node = await findCertificateNode((parent) => services.tree.getChildren(parent), location);
  if (node && services.treeView.visible) {
    await selectCertificateRow(services, location, node, { focus: false });
  }
  return node;
}

/**
 * Reveals `node` (the row of `location`) and selects it, trying again while VS Code leaves it
 * unselected. False when it never was (the row went away, or every reveal met a redraw): a log line
 * says so, for the view is on screen anyway.
 */
export async function selectCertificateRow(services: Services, location: CertificateLocation, node: CertificateNode, options: { readonly focus: boolean }): Promise<boolean> {
  let row: CertificateNode | undefined = node;
  for (let attempt = 1; row; attempt++) {
    await services.treeView.reveal(row, { select: true, focus: options.focus, expand: false });
    if (await selectionHolds(services, row.id)) {
      return true;
    }
    if (attempt === REVEAL_ATTEMPTS) {
      break;
    }
    row = await findCertificateNode((parent) => services.tree.getChildren(parent), location);
  }
  services.log.forComponent("tree").warn(`Could not select the row of ${location.kind} ${location.certificateId}: ${row ? `the tree was redrawn during each of ${REVEAL_ATTEMPTS} reveals` : "it is no longer in the tree"}`);
  return false;
}

/** Whether the view's selection holds the row `id` now or within SELECTION_WAIT_MS (it arrives from the workbench after the reveal). */
function selectionHolds(services: Services, id: string): Promise<boolean> {
  const holds = () => services.treeView.selection.some((selected) => selected.id === id);
  if (holds()) {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolve(holds());
    }, SELECTION_WAIT_MS);
    const listener = services.treeView.onDidChangeSelection(() => {
      if (holds()) {
        clearTimeout(timer);
        listener.dispose();
        resolve(true);
      }
    });
  });
}
