// Pure: strips credentials out of text before it reaches a log line or an error message. The one
// secret scrubber: the extension's log and the Cloudflare client's error texts both use it.
// - Known secrets (the signed-in token or key) are replaced wherever they appear.
// - Credential-shaped text is caught by pattern even when the secret is not known (a pasted curl
//   command, a server echoing a header): Cloudflare's prefixed, scannable formats (cfut_ user
//   tokens, cfat_ account tokens, cfk_ Global API keys: the prefix, 40 characters and a checksum,
//   per Cloudflare's "Token formats" page), the legacy 40-character token, the bare 37-hex Global
//   API key, and header fragments, URL-encoded ones included ("Bearer%20…").

const REDACTED = "[redacted]";

/** Shorter values would blank out ordinary words; no Cloudflare credential is that short. */
export const MIN_SECRET_LENGTH = 8;

/** Separators between a header name and its value: ": ", "=", or their URL-encoded forms. */
const SEPARATOR = String.raw`["']?(?:\s*[:=]\s*|%3A(?:%20|\+)*|%3D)["']?`;
const VALUE = String.raw`[^\s"',;&]+`;

const PATTERNS: readonly RegExp[] = [
  // Header fragments first, so their whole value goes, whatever its shape.
  new RegExp(String.raw`(\bBearer(?:\s+|%20|\+)+)${VALUE}`, "gi"),
  new RegExp(String.raw`(\bX-Auth-Key${SEPARATOR})${VALUE}`, "gi"),
  new RegExp(String.raw`(\bAuthorization${SEPARATOR})(?!Bearer\b)${VALUE}`, "gi"),
  // Prefixed scannable tokens and keys: cfut_, cfat_, cfk_ (and any future cf…_ kind) + 40 + checksum.
  /()\bcf[a-z]{1,3}_[A-Za-z0-9_-]{40,}/g,
  // Legacy API tokens: 40 characters of [A-Za-z0-9_-], mixing case and digits (so a 40-hex SHA-1
  // fingerprint or commit id is left alone).
  /()(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]{0,39}[A-Z])(?=[A-Za-z0-9_-]{0,39}[a-z])(?=[A-Za-z0-9_-]{0,39}[0-9])[A-Za-z0-9_-]{40}(?![A-Za-z0-9_-])/g,
  // Legacy Global API keys: 37 lower-case hex digits.
  /()(?<![0-9A-Za-z])[0-9a-f]{37}(?![0-9A-Za-z])/g,
];

export function redactSecrets(text: string, secrets: Iterable<string> = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) {
      result = result.split(secret).join(REDACTED);
      // A secret can also travel URL-encoded (in a query or a form body).
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret) {
        result = result.split(encoded).join(REDACTED);
      }
    }
  }
  for (const pattern of PATTERNS) {
    result = result.replace(pattern, `$1${REDACTED}`);
  }
  return result;
}
