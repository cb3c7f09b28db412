// Pure: the one place that decides how an error reads to a user and which next step it offers.
// The command boundary shows the result once; tests check the wording in plain Node.
import { CloudflareApiError, isAbortError, isAnswerLost } from "../cloudflare/errors";
import { CertificateInputError } from "../certificates/errors";
import { ApiBaseUrlError, LostAnswerError, NotSignedInError, RestrictedModeError } from "../errors";

export type ErrorAction = "signIn" | "openLog" | "retry" | "refresh" | "openSettings" | "openDashboard" | "manageTrust";

export interface UserFacingError {
  readonly severity: "error" | "warning";
  readonly message: string;
  /** Buttons, in order; "openLog", when offered, is last. */
  readonly actions: readonly ErrorAction[];
}

function withLog(actions: readonly ErrorAction[]): ErrorAction[] {
  return [...actions.filter((action) => action !== "openLog"), "openLog"];
}

function cloudflareDetail(error: CloudflareApiError): string {
  const parts = error.errors.map((item) => `${item.message} (code ${item.code})`);
  return parts.length > 0 ? parts.join("; ") : error.status ? `HTTP ${error.status}` : error.message;
}

function describeCloudflareError(error: CloudflareApiError): UserFacingError {
  if (error.kind === "rateLimited" || error.status === 429) {
    const wait = error.retryAfterSeconds !== undefined ? ` Try again in ${Math.ceil(error.retryAfterSeconds)} seconds.` : " Wait a minute and try again.";
    return { severity: "warning", message: `Cloudflare is limiting how fast this account can make requests.${wait}`, actions: withLog(["retry"]) };
  }
  if (error.isAuthError) {
    return {
      severity: "error",
      message: `Cloudflare rejected the credentials: ${cloudflareDetail(error)}. Sign in again, or check that the token has the permissions this needs.`,
      actions: withLog(["signIn"]),
    };
  }
  if (error.hasCode(1489)) {
    return {
      severity: "error",
      message: `This account already has the most CA certificates Cloudflare allows (code 1489). Delete one you no longer use, or ask Cloudflare for a higher limit.`,
      actions: withLog(["openDashboard"]),
    };
  }
  if (error.method !== "GET" && isAnswerLost(error)) {
    // A write whose answer was lost may have happened: never offer to send it again blindly.
    return {
      severity: "error",
      message: `Cloudflare did not answer (${error.method} ${error.path}${error.status ? `, HTTP ${error.status}` : ""}): the change may have been made. Refresh and look before trying again.`,
      actions: withLog(["refresh"]),
    };
  }
  switch (error.kind) {
    case "network":
      return { severity: "error", message: `Could not reach the Cloudflare API: ${error.message}. Check your connection and try again.`, actions: withLog(["retry"]) };
    case "timeout":
      return { severity: "error", message: `The Cloudflare API did not answer in time (${error.method} ${error.path}). Try again in a moment.`, actions: withLog(["retry"]) };
    case "invalidResponse":
      return { severity: "error", message: `The Cloudflare API sent an answer that could not be read (${error.method} ${error.path}${error.status ? `, HTTP ${error.status}` : ""}). Try again in a moment.`, actions: withLog(["retry"]) };
    case "http":
    case "envelope":
    case "auth":
      break;
  }
  if (error.status !== undefined && error.status >= 500) {
    return { severity: "error", message: `Cloudflare had a problem answering (HTTP ${error.status}): ${cloudflareDetail(error)}. Try again in a moment.`, actions: withLog(["retry"]) };
  }
  return { severity: "error", message: `Cloudflare refused the request: ${cloudflareDetail(error)}.`, actions: withLog([]) };
}

/** Returns undefined for a cancellation, which stays silent. */
export function describeError(error: unknown): UserFacingError | undefined {
  if (isAbortError(error)) {
    return undefined;
  }
  if (error instanceof CloudflareApiError) {
    return describeCloudflareError(error);
  }
  if (error instanceof CertificateInputError) {
    return { severity: "error", message: error.message, actions: withLog([]) };
  }
  if (error instanceof LostAnswerError) {
    return { severity: error.verdict === "notDone" ? "warning" : "error", message: error.message, actions: withLog(error.verdict === "notDone" ? ["retry"] : ["refresh"]) };
  }
  if (error instanceof NotSignedInError) {
    return { severity: "warning", message: error.message, actions: withLog(["signIn"]) };
  }
  if (error instanceof RestrictedModeError) {
    // Not a failure: nothing to look up in the log.
    return { severity: "warning", message: error.message, actions: ["manageTrust"] };
  }
  if (error instanceof ApiBaseUrlError) {
    return { severity: "error", message: error.message, actions: withLog(["openSettings"]) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { severity: "error", message: `Something went wrong: ${message}`, actions: withLog([]) };
}

export const ERROR_ACTION_LABELS: Record<ErrorAction, string> = {
  signIn: "Sign In Again",
  openLog: "Open Log",
  retry: "Retry",
  refresh: "Refresh",
  openSettings: "Open Settings",
  openDashboard: "Open Dashboard",
  manageTrust: "Manage Workspace Trust",
};

/** The one sentence a row or log line shows for an error ("cancelled" for a cancellation). */
export function describeErrorText(error: unknown): string {
  return describeError(error)?.message ?? "cancelled";
}
