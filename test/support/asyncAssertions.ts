// Small async helpers shared by unit suites: what a promise rejected with, and waiting for a
// condition that another part of the program makes true.
import assert from "node:assert/strict";

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail("expected a rejection");
}

/**
 * Polls `probe` until it returns a value (anything but undefined or false), and resolves to it;
 * fails naming `what` after `timeoutMs`. The one way every suite waits for something another part
 * of the program (a server, the extension host) makes true.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
