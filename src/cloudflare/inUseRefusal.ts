// Pure: tells Cloudflare's refusal to delete a certificate that a service still uses from other
// failures. The API reference gives no error code for it (the sandbox uses 1490), so the message
// is read: an assumption, kept in this one place.
import { CloudflareApiError } from "./errors";

export function isInUseRefusal(error: unknown): error is CloudflareApiError {
  if (!(error instanceof CloudflareApiError) || error.status === undefined || error.status >= 500 || error.isAuthError) {
    return false;
  }
  return error.errors.some((item) => /in use|associat|being used|still used/i.test(item.message));
}
