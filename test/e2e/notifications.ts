// Notification toasts (window.showInformation/Warning/ErrorMessage without `modal`) and modal
// dialogs (with `modal: true`), which the web workbench draws itself as `.monaco-dialog-box`.
import type { Locator, Page } from "playwright-core";
import { exactText } from "./workbench";

export interface NotificationText {
  readonly message: string;
  readonly source: string;
  readonly buttons: string[];
}

const TOAST = ".notifications-toasts .notification-toast";

/** The visible toast whose message contains `text` (a string or a pattern). */
export function notificationToast(page: Page, text: string | RegExp): Locator {
  return page.locator(TOAST).filter({ has: page.locator(".notification-list-item-message").filter({ hasText: text }) });
}

/** Waits for a toast containing `text` and reads its message, source and button labels. */
export async function readNotification(page: Page, text: string | RegExp): Promise<NotificationText> {
  const toast = notificationToast(page, text).first();
  await toast.waitFor({ state: "visible" });
  return describeToast(toast);
}

/** Every visible toast, newest first. */
export async function visibleNotifications(page: Page): Promise<NotificationText[]> {
  const toasts = await page.locator(TOAST).all();
  const described: NotificationText[] = [];
  for (const toast of toasts) {
    if (await toast.isVisible()) {
      described.push(await describeToast(toast));
    }
  }
  return described;
}

/** Clicks a button (e.g. "Open Log") on the toast containing `text`. */
export async function clickNotificationButton(page: Page, text: string | RegExp, button: string): Promise<void> {
  const toast = notificationToast(page, text).first();
  await toast.waitFor({ state: "visible" });
  await toast.locator(".notification-list-item-buttons-container .monaco-button").filter({ hasText: exactText(button) }).click();
}

/**
 * Closes every visible toast (so the next screenshot or assertion sees only new ones). A progress
 * toast ("Deleting the certificate…") has no close button while it runs: it is waited out.
 */
export async function clearNotifications(page: Page): Promise<void> {
  for (const toast of await page.locator(TOAST).all()) {
    if (!(await toast.isVisible())) {
      continue;
    }
    const close = toast.locator(".codicon-notifications-clear");
    try {
      await toast.hover({ timeout: 2000 });
      if (await close.isVisible()) {
        await close.click({ timeout: 2000 });
      }
    } catch {
      // The toast went away on its own meanwhile; the wait below confirms it.
    }
    await toast.waitFor({ state: "hidden" });
  }
}

async function describeToast(toast: Locator): Promise<NotificationText> {
  const message = ((await toast.locator(".notification-list-item-message").innerText()) ?? "").trim();
  const sourceLocator = toast.locator(".notification-list-item-source");
  const source = (await sourceLocator.count()) > 0 ? ((await sourceLocator.first().innerText()) ?? "").trim() : "";
  const buttons = (await toast.locator(".notification-list-item-buttons-container .monaco-button").allInnerTexts()).map((label) => label.trim());
  return { message, source, buttons };
}

const DIALOG = ".monaco-dialog-box";

export interface DialogText {
  readonly message: string;
  readonly detail: string;
  readonly buttons: string[];
}

/** Waits for a modal dialog and reads it. */
export async function readModalDialog(page: Page): Promise<DialogText> {
  const dialog = page.locator(DIALOG);
  await dialog.waitFor({ state: "visible" });
  const detail = dialog.locator(".dialog-message-detail");
  return {
    message: ((await dialog.locator(".dialog-message-text").innerText()) ?? "").trim(),
    detail: (await detail.count()) > 0 && (await detail.isVisible()) ? ((await detail.innerText()) ?? "").trim() : "",
    buttons: (await dialog.locator(".dialog-buttons .monaco-button").allInnerTexts()).map((label) => label.trim()),
  };
}

/** Answers the modal dialog by clicking the button labelled `button` (e.g. "Delete" or "Cancel"). */
export async function answerModalDialog(page: Page, button: string): Promise<void> {
  const dialog = page.locator(DIALOG);
  await dialog.waitFor({ state: "visible" });
  await dialog.locator(".dialog-buttons .monaco-button").filter({ hasText: exactText(button) }).click();
  await dialog.waitFor({ state: "hidden" });
}
