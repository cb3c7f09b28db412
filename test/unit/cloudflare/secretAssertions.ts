// Asserts that an error shows no credential, however it is displayed or serialised.
import assert from "node:assert/strict";
import { inspect } from "node:util";

/** Every way the error could be shown or serialised. */
export function renderings(error: unknown): Record<string, string> {
  const asError = error as Error;
  return {
    message: asError.message,
    stack: asError.stack ?? "",
    toString: String(error),
    json: JSON.stringify(error),
    inspect: inspect(error, { depth: Infinity, showHidden: true }),
    cause: inspect((error as { cause?: unknown }).cause, { depth: Infinity, showHidden: true }),
  };
}

export function assertNoSecret(error: unknown, secrets: readonly string[]): void {
  for (const [how, text] of Object.entries(renderings(error))) {
    for (const secret of secrets) {
      assert.ok(!text.includes(secret), `the secret appears in the error's ${how}: ${text}`);
    }
    assert.ok(!/Bearer\s/.test(text), `a Bearer header appears in the error's ${how}`);
    assert.ok(!/x-auth-key\s*[:=]/i.test(text), `an X-Auth-Key header appears in the error's ${how}`);
  }
}
