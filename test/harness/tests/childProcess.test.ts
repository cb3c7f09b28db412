import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommandFailedError, ProcessGroup, runCommand } from "../childProcess";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

suite("harness: child processes", () => {
  let dir: string;
  setup(() => {
    dir = mkdtempSync(join(tmpdir(), "child-test-"));
  });
  teardown(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test("a command's output is returned and logged", async () => {
    const logFile = join(dir, "log", "run.log");
    const output = await runCommand("sh", ["-c", "echo out; echo err >&2"], { logFile });
    assert.match(output, /out/);
    assert.match(readFileSync(logFile, "utf8"), /\$ sh -c .*\nout\nerr|\$ sh -c .*\nerr\nout/);
  });

  test("a failing command throws with its exit code and last output", async () => {
    await assert.rejects(runCommand("sh", ["-c", "echo what went wrong; exit 3"]), (error: unknown) => {
      assert.ok(error instanceof CommandFailedError);
      assert.equal(error.exitCode, 3);
      assert.match(error.message, /failed with exit code 3[\s\S]*what went wrong/);
      return true;
    });
  });

  test("a command that cannot start says so", async () => {
    await assert.rejects(runCommand(join(dir, "no-such-program"), []), /could not start/);
  });

  test("a command past its timeout is killed and reported", async () => {
    await assert.rejects(runCommand("sh", ["-c", "echo started; exec sleep 30"], { timeoutMs: 300 }), /did not finish within 300 ms[\s\S]*started/);
  });

  test("stopping a process group also stops what it forked", async () => {
    // The leader starts a grandchild that ignores SIGTERM, prints its pid, and waits.
    const group = ProcessGroup.start("sh", ["-c", "sh -c 'trap \"\" TERM; echo $$; exec sleep 30' & wait"]);
    const deadline = Date.now() + 5000;
    while (!/^\d+$/m.test(group.output.toString())) {
      assert.ok(Date.now() < deadline, "the grandchild never reported its pid");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const grandchild = Number(/^(\d+)$/m.exec(group.output.toString())?.[1]);
    assert.equal(isAlive(grandchild), true);
    await group.stop(500);
    assert.equal(group.hasExited, true);
    const gone = Date.now() + 5000;
    while (isAlive(grandchild)) {
      assert.ok(Date.now() < gone, `grandchild ${grandchild} outlived stop()`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
});
