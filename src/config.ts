// Typed getters for the cloudflareMtls.* settings, read when used (never cached), so a change in
// Settings takes effect on the next request.
import * as vscode from "vscode";
import { checkApiBaseUrl } from "./apiBaseUrlPolicy";
import { ApiBaseUrlError } from "./errors";

const SECTION = "cloudflareMtls";

export const SettingKeys = {
  apiBaseUrl: `${SECTION}.apiBaseUrl`,
  expiryWarningDays: `${SECTION}.expiryWarningDays`,
  expiryScanIntervalHours: `${SECTION}.expiryScan.intervalHours`,
  expiryScanZoneLimit: `${SECTION}.expiryScan.zoneLimit`,
  expiryNotifications: `${SECTION}.expiryNotifications`,
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

/** Hours between background expiry scans; 0 turns the background scan off. */
export function expiryScanIntervalHours(): number {
  const value = vscode.workspace.getConfiguration(SECTION).get<number>("expiryScan.intervalHours", 6);
  return Number.isFinite(value) && value > 0 ? Math.min(value, 24 * 7) : 0;
}

/** Accounts with at most this many zones have every zone checked; beyond, only expanded or pinned zones. */
export function expiryScanZoneLimit(): number {
  const value = vscode.workspace.getConfiguration(SECTION).get<number>("expiryScan.zoneLimit", 50);
  return Number.isFinite(value) && value >= 0 ? Math.min(Math.floor(value), 10_000) : 50;
}

export function expiryNotifications(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>("expiryNotifications", true) !== false;
}

export function affectsExpiryWatch(event: vscode.ConfigurationChangeEvent): boolean {
  return [SettingKeys.expiryWarningDays, SettingKeys.expiryScanIntervalHours, SettingKeys.expiryScanZoneLimit].some((key) => event.affectsConfiguration(key));
}
