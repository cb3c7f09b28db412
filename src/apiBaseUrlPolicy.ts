// Pure: decides whether credentials may be sent to an API base URL, and holds its one default.
// https everywhere; plain http only to this machine (the local sandbox), because anything else
// would put the token on the wire in clear text. The setting and the Cloudflare client both use it.

export const DEFAULT_API_BASE_URL = "https://api.cloudflare.com/client/v4";

export type ApiBaseUrlCheck = { readonly ok: true; readonly url: string; readonly isDefault: boolean } | { readonly ok: false; readonly reason: string };

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** `subject` starts each refusal: the setting by default, or e.g. the client's own option. */
export function checkApiBaseUrl(value: string | undefined, subject = "The setting cloudflareMtls.apiBaseUrl"): ApiBaseUrlCheck {
  const raw = (value ?? "").trim() || DEFAULT_API_BASE_URL;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return { ok: false, reason: `${subject} is not a URL ("${raw}").` };
  }
  if (parsed.username || parsed.password) {
    return { ok: false, reason: `${subject} must not contain a user name or password.` };
  }
  if (parsed.search || parsed.hash) {
    return { ok: false, reason: `${subject} must not contain a query or fragment.` };
  }
  if (parsed.protocol === "http:" && !isLoopbackHost(parsed.hostname)) {
    return { ok: false, reason: `${subject} uses http:// for ${parsed.hostname}: credentials are only sent over https, except to this machine (127.0.0.1, ::1, localhost).` };
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    return { ok: false, reason: `${subject} must be an https:// URL, not ${parsed.protocol}.` };
  }
  const url = parsed.toString().replace(/\/+$/, "");
  return { ok: true, url, isDefault: url === DEFAULT_API_BASE_URL };
}

/** The host (and port, when not the default) a credential is sent to, as the user reads it. */
export function credentialHost(url: string): string {
  return new URL(url).host;
}

/** True for Cloudflare's own API host: no question before sending it a credential. */
export function isCloudflareApiHost(url: string): boolean {
  return credentialHost(url) === credentialHost(DEFAULT_API_BASE_URL);
}
