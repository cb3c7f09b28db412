// VS Code's CancellationToken as the AbortSignal the pure core takes.
import type * as vscode from "vscode";

export function abortSignalOf(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) {
    controller.abort();
  } else {
    const subscription = token.onCancellationRequested(() => {
      subscription.dispose();
      controller.abort();
    });
  }
  return controller.signal;
}
