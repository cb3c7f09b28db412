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

/** Resolves once `condition()` is true, yielding to the event loop between checks. */
export async function waitFor(condition: () => boolean, deadlineMs = 5000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error("condition not met before the deadline");
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}
