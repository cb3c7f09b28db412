import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withDirectoryLock } from "../directoryLock";

suite("harness: directory lock", () => {
  let dir: string;
  setup(() => {
    dir = mkdtempSync(join(tmpdir(), "lock-test-"));
  });
  teardown(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test("two holders never overlap, and the lock is gone afterwards", async () => {
    const lock = join(dir, ".lock");
    const events: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const firstMayFinish = new Promise<void>((resolve) => (releaseFirst = resolve));
    const originalError = console.error;
    console.error = () => undefined; // the "waiting for pid" notice
    try {
      const first = withDirectoryLock(lock, async () => {
        events.push("first in");
        await firstMayFinish;
        events.push("first out");
      });
      const second = withDirectoryLock(lock, () => {
        events.push("second in");
        return Promise.resolve();
      });
      // Same process, so the owner is alive: the second must wait for the first.
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(events, ["first in"]);
      releaseFirst();
      await Promise.all([first, second]);
    } finally {
      console.error = originalError;
    }
    assert.deepEqual(events, ["first in", "first out", "second in"]);
    assert.equal(existsSync(lock), false);
  });

  test("a lock left by a process that is gone is taken over", async () => {
    const lock = join(dir, ".lock");
    const finished = spawnSync("sh", ["-c", "echo $$"], { encoding: "utf8" });
    const deadPid = Number(finished.stdout.trim());
    mkdirSync(lock);
    writeFileSync(join(lock, "owner"), String(deadPid));
    assert.equal(await withDirectoryLock(lock, () => Promise.resolve("ran"), 2000), "ran");
  });

  test("the lock is released when the work fails", async () => {
    const lock = join(dir, ".lock");
    await assert.rejects(
      withDirectoryLock(lock, () => Promise.reject(new Error("install failed"))),
      /install failed/,
    );
    assert.equal(existsSync(lock), false);
  });
});
