// onAbort (src/cloudflare/abort.ts): however many calls share one AbortSignal, the signal carries
// one listener of ours, each subscriber is called once on abort, and an unsubscribed one never is.
import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { onAbort, raceWithSignal, sleepUnlessAborted } from "../../../src/cloudflare/abort";

suite("onAbort: one listener per signal", () => {
  test("500 subscribers add one listener; abort calls each once; the unsubscribed are not called", () => {
    const controller = new AbortController();
    const calls: number[] = [];
    const unsubscribes = Array.from({ length: 500 }, (_, index) => onAbort(controller.signal, () => calls.push(index)));
    assert.equal(getEventListeners(controller.signal, "abort").length, 1);
    for (const unsubscribe of unsubscribes.slice(0, 100)) {
      unsubscribe();
    }
    controller.abort();
    controller.abort();
    assert.deepEqual(
      calls,
      Array.from({ length: 400 }, (_, index) => index + 100),
    );
    assert.equal(getEventListeners(controller.signal, "abort").length, 0);
  });

  test("a signal already aborted calls the subscriber at once", () => {
    let called = 0;
    onAbort(AbortSignal.abort(), () => called++);
    assert.equal(called, 1);
  });

  test("waits raced against one signal share one listener, removed once they all settle", async () => {
    const controller = new AbortController();
    const waits = Array.from({ length: 50 }, () => raceWithSignal(sleepUnlessAborted(1, controller.signal), controller.signal, () => new Error("aborted")));
    assert.equal(getEventListeners(controller.signal, "abort").length, 1);
    await Promise.all(waits);
    assert.equal(getEventListeners(controller.signal, "abort").length, 0);
    let called = 0;
    onAbort(controller.signal, () => called++);
    controller.abort();
    assert.equal(called, 1);
  });
});
