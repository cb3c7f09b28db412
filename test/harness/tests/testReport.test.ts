import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Mocha from "mocha";
import { countEvents, readReport, recordMochaRun, ReportFollower, summaryLine, unfinishedTest, type ReportEvent } from "../testReport";

/** Runs a real mocha suite built in memory, recording it the way the hosts do. */
async function runSuite(build: (suite: Mocha.Suite) => void, reportFile: string): Promise<{ counts: Awaited<ReturnType<typeof recordMochaRun>>; printed: string[] }> {
  const mocha = new Mocha({ reporter: Mocha.reporters.Base, timeout: 2000 });
  const suite = Mocha.Suite.create(mocha.suite, "outer");
  build(suite);
  const printed: string[] = [];
  const counts = await recordMochaRun(mocha.run(), reportFile, (line) => printed.push(line));
  return { counts, printed };
}

suite("harness: test report", () => {
  let dir: string;
  setup(() => {
    dir = mkdtempSync(join(tmpdir(), "report-test-"));
  });
  teardown(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test("the summary line is exactly what CI reads", () => {
    assert.equal(summaryLine({ passed: 3, failed: 0, skipped: 0 }), "3 passed, 0 failed");
    assert.equal(summaryLine({ passed: 0, failed: 2, skipped: 1 }), "0 passed, 2 failed, 1 skipped");
  });

  test("a mocha run is recorded: passes, failures with their stack, skips, and the end", async () => {
    const reportFile = join(dir, "report.jsonl");
    const { counts, printed } = await runSuite((suite) => {
      suite.addTest(new Mocha.Test("passes", () => undefined));
      suite.addTest(
        new Mocha.Test("fails", () => {
          assert.equal(1, 2);
        }),
      );
      suite.addTest(new Mocha.Test("is skipped"));
    }, reportFile);

    assert.deepEqual(counts, { passed: 1, failed: 1, skipped: 1 });
    const events = readReport(reportFile);
    assert.deepEqual(
      events.map((event) => event.type),
      ["begin", "testStart", "pass", "testStart", "fail", "skip", "end"],
    );
    assert.deepEqual(countEvents(events), counts);
    const failure = events.find((event) => event.type === "fail");
    assert.ok(failure?.type === "fail" && failure.title === "outer fails" && /Expected values to be strictly equal/.test(failure.message));
    assert.match(printed.join("\n"), /✔ outer passes[\s\S]*✘ outer fails[\s\S]*- outer is skipped \(skipped\)/);
  });

  test("a failing suiteSetup counts as a failure, so a broken suite cannot pass quietly", async () => {
    const { counts } = await runSuite((suite) => {
      suite.beforeAll(() => {
        throw new Error("setup broke");
      });
      suite.addTest(new Mocha.Test("never runs", () => undefined));
    }, join(dir, "report.jsonl"));
    assert.equal(counts.failed, 1);
    assert.equal(counts.passed, 0);
  });

  test("a half-written last line (the host died mid-write) is ignored, not fatal", () => {
    const reportFile = join(dir, "report.jsonl");
    writeFileSync(reportFile, `${JSON.stringify({ type: "pass", title: "a", durationMs: 1 })}\n{"type":"fa`);
    assert.deepEqual(readReport(reportFile), [{ type: "pass", title: "a", durationMs: 1 }]);
    assert.deepEqual(readReport(join(dir, "missing.jsonl")), []);
  });

  test("the follower prints each event once, as it is appended", () => {
    const reportFile = join(dir, "report.jsonl");
    const printed: string[] = [];
    const follower = new ReportFollower(reportFile, (line) => printed.push(line));
    assert.deepEqual(follower.poll(), []);
    const append = (event: ReportEvent) => appendFileSync(reportFile, `${JSON.stringify(event)}\n`);
    append({ type: "begin", total: 2 });
    append({ type: "pass", title: "one", durationMs: 5 });
    follower.poll();
    append({ type: "fail", title: "two", message: "boom" });
    follower.poll();
    follower.poll();
    assert.deepEqual(printed, ["  ✔ one (5 ms)", "  ✘ two\n      boom"]);
    assert.equal(readFileSync(reportFile, "utf8").split("\n").length, 4);
  });

  test("the unfinished test names what a hung run was doing", () => {
    assert.equal(
      unfinishedTest([
        { type: "testStart", title: "a" },
        { type: "pass", title: "a", durationMs: 1 },
        { type: "testStart", title: "b" },
      ]),
      "b",
    );
    assert.equal(unfinishedTest([{ type: "testStart", title: "a" }, { type: "fail", title: "a", message: "x" }]), undefined);
  });
});
