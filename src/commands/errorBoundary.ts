// Every command runs inside this boundary: an error is logged in full (secrets redacted) and shown
// once, as one sentence with its next step and "Open Log"; a cancellation stays silent.
import * as vscode from "vscode";
import { CloudflareApiError } from "../cloudflare/errors";
import type { Services } from "../services";
import { SettingKeys } from "../config";
import { accountDashboardUrl } from "../views/dashboardLinks";
import { describeError, ERROR_ACTION_LABELS, type ErrorAction } from "./errorMessages";
import { signIn } from "./signIn";

export async function runInErrorBoundary(services: Services, label: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    await reportError(services, label, error, work);
  }
}

async function reportError(services: Services, label: string, error: unknown, retry: () => Promise<void>): Promise<void> {
  const described = describeError(error);
  const log = services.log.forComponent("commands");
  if (!described) {
    log.info(`${label}: cancelled`);
    return;
  }
  log.error(`${label} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  if (error instanceof CloudflareApiError && error.isAuthError) {
    // The session re-verifies the credential; a rejected one gets its single "sign in again" prompt.
    const verdict = await services.session.reportAuthFailure(error);
    if (verdict === "rejected") {
      return;
    }
  }
  const message = services.log.redact(described.message);
  const labels = described.actions.map((action) => ERROR_ACTION_LABELS[action]);
  const show = described.severity === "warning" ? services.prompts.warning.bind(services.prompts) : services.prompts.error.bind(services.prompts);
  const chosen = await show(message, ...labels);
  const action = described.actions.find((candidate) => ERROR_ACTION_LABELS[candidate] === chosen);
  if (action) {
    await runAction(services, action, error, retry, label);
  }
}

async function runAction(services: Services, action: ErrorAction, error: unknown, retry: () => Promise<void>, label: string): Promise<void> {
  switch (action) {
    case "signIn":
      await runInErrorBoundary(services, "sign in", () => signIn(services));
      return;
    case "openLog":
      services.log.show();
      return;
    case "retry":
      await runInErrorBoundary(services, label, retry);
      return;
    case "refresh":
      services.repository.invalidateAll();
      return;
    case "openSettings":
      await vscode.commands.executeCommand("workbench.action.openSettings", SettingKeys.apiBaseUrl);
      return;
    case "manageTrust":
      await vscode.commands.executeCommand("workbench.trust.manage");
      return;
    case "openDashboard": {
      const accountId = error instanceof CloudflareApiError ? /^\/accounts\/([^/]+)/.exec(error.path)?.[1] : undefined;
      await vscode.env.openExternal(vscode.Uri.parse(accountId ? accountDashboardUrl(decodeURIComponent(accountId)) : "https://dash.cloudflare.com"));
      return;
    }
  }
}
