// Pure: strips credentials out of text before it reaches a log line or an error message.
// Known secrets (the signed-in token or key) are replaced wherever they appear; header-shaped
// fragments are caught by pattern even when the secret is not known (e.g. a pasted curl command).

const REDACTED = "[redacted]";

const HEADER_PATTERNS: readonly RegExp[] = [
  /(\bBearer\s+)[^\s"',;]+/gi,
  /(\bX-Auth-Key["']?\s*[:=]\s*["']?)[^\s"',;]+/gi,
  /(\bAuthorization["']?\s*[:=]\s*["']?)(?!Bearer\b)[^\s"',;]+/gi,
];

export function redactSecrets(text: string, secrets: Iterable<string> = []): string {
  let result = text;
  for (const secret of secrets) {
    // Very short values would blank out ordinary words; credentials are never that short.
    if (secret.length >= 8) {
      result = result.split(secret).join(REDACTED);
    }
  }
  for (const pattern of HEADER_PATTERNS) {
    result = result.replace(pattern, `$1${REDACTED}`);
  }
  return result;
}
