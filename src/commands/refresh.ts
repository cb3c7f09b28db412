// Refresh: the whole tree from the title bar, or one branch (the Retry of an error row).
import { cacheKeys } from "../views/certificateRepository";
import { AccessGroupNode, isRetryBranch, MtlsCertificateNode, MtlsGroupNode, ZonesGroupNode, type TreeNode } from "../views/treeNodes";
import type { Services } from "../services";

function cacheKeyOf(node: TreeNode): string | undefined {
  if (node instanceof MtlsGroupNode) {
    return cacheKeys.mtls(node.account.id);
  }
  if (node instanceof AccessGroupNode) {
    return cacheKeys.access(node.scope);
  }
  if (node instanceof ZonesGroupNode) {
    return cacheKeys.zones(node.account.id);
  }
  if (node instanceof MtlsCertificateNode) {
    return cacheKeys.associations(node.account.id, node.certificate.id);
  }
  return undefined;
}

/**
 * `argument` is an error row's RetryBranch, or whatever VS Code passes a view title command: the
 * focused row, which is no reason to reload only that row's branch.
 */
export function refresh(services: Services, argument?: unknown): Promise<void> {
  const node = isRetryBranch(argument) ? argument.retryBranch : undefined;
  const key = node ? cacheKeyOf(node) : undefined;
  if (key) {
    services.repository.invalidate(key);
  } else {
    services.repository.invalidateAll();
  }
  return Promise.resolve();
}
