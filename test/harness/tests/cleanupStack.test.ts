import assert from "node:assert/strict";
import { CleanupStack } from "../cleanupStack";
import { describeError } from "../runMain";

suite("harness: cleanup", () => {
  test("undoes in reverse order, once, and goes on past a failing step", async () => {
    const cleanup = new CleanupStack();
    const done: string[] = [];
    cleanup.defer("sandbox", () => {
      done.push("sandbox");
    });
    cleanup.defer("server", () => {
      throw new Error("already gone");
    });
    cleanup.defer("browser", async () => {
      await Promise.resolve();
      done.push("browser");
    });
    const originalError = console.error;
    const reported: string[] = [];
    console.error = (message: string) => reported.push(message);
    try {
      assert.equal(cleanup.isCleaningUp, false);
      await Promise.all([cleanup.runAll(), cleanup.runAll()]);
      await cleanup.runAll();
    } finally {
      console.error = originalError;
    }
    assert.equal(cleanup.isCleaningUp, true);
    assert.deepEqual(done, ["browser", "sandbox"]);
    assert.deepEqual(reported, ["cleanup: server failed: already gone"]);
  });

  test("errors are described with their causes", () => {
    const error = new Error("installing code-server failed", { cause: new Error("npm install exited 1") });
    assert.equal(describeError(error), "installing code-server failed\ncaused by: npm install exited 1");
  });
});
