// Typed getters for the cloudflareMtls.* settings, read when used (never cached), so a change in
// Settings takes effect on the next request.
import * as vscode from "vscode";
import { checkApiBaseUrl } from "./apiBaseUrlPolicy";
import { ApiBaseUrlError } from "./errors";

const SECTION = "cloudflareMtls";

export const SettingKeys = {
  apiBaseUrl: `${SECTION}.apiBaseUrl`,
  expiryWarningDays: `${SECTION}.expiryWarningDays`,
} as const;

/**
 * The API base URL from the user's settings. The setting has application scope, and we read the
 * global value explicitly, so a workspace (or a folder a user just cloned) can never redirect the
 * credentials. Throws ApiBaseUrlError for a value we refuse to send credentials to.
 */
export function apiBaseUrl(): string {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<string>("apiBaseUrl");
  const check = checkApiBaseUrl(inspected?.globalValue ?? inspected?.defaultValue);
  if (!check.ok) {
    throw new ApiBaseUrlError(check.reason);
  }
  return check.url;
}

export function expiryWarningDays(): number {
  const value = vscode.workspace.getConfiguration(SECTION).get<number>("expiryWarningDays", 30);
  return Number.isFinite(value) && value >= 1 ? Math.min(Math.floor(value), 365) : 30;
}

export function affectsApiBaseUrl(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SettingKeys.apiBaseUrl);
}

export function affectsTreeDisplay(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SettingKeys.expiryWarningDays);
}
