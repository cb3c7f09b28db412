// Refresh: the whole tree from the title bar, or one branch (the Retry of an error row).
import type { Services } from "../services";
import { isRetryBranch } from "../views/treeNodes";

/**
 * `argument` is an error row's RetryBranch, or whatever VS Code passes a view title command: the
 * focused row, which is no reason to reload only that row's branch.
 */
export function refresh(services: Services, argument?: unknown): Promise<void> {
  const key = isRetryBranch(argument) ? argument.retryBranch?.childrenCacheKey() : undefined;
  if (key) {
    services.repository.invalidate(key);
  } else {
    services.repository.invalidateAll();
  }
  return Promise.resolve();
}
