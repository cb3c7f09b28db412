// One report format for every host our mocha suites run in (the VS Code extension host behind
// code-server or test-electron, and plain Node for e2e): a JSON-lines file of test events that
// the runner follows while the tests run and summarises at the end. The host may be a process we
// cannot read the stdout of, so a file is the one channel that works everywhere.
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import type * as Mocha from "mocha";

export type ReportEvent =
  | { readonly type: "begin"; readonly total: number }
  | { readonly type: "testStart"; readonly title: string }
  | { readonly type: "pass"; readonly title: string; readonly durationMs: number }
  | { readonly type: "fail"; readonly title: string; readonly message: string; readonly stack?: string }
  | { readonly type: "skip"; readonly title: string }
  | { readonly type: "end"; readonly passed: number; readonly failed: number; readonly skipped: number };

export interface TestCounts {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** The closing line CI reads: exactly "N passed, N failed" (", N skipped" only when some were). */
export function summaryLine(counts: TestCounts): string {
  const line = `${counts.passed} passed, ${counts.failed} failed`;
  return counts.skipped > 0 ? `${line}, ${counts.skipped} skipped` : line;
}

export function formatEvent(event: ReportEvent): string | undefined {
  switch (event.type) {
    case "pass":
      return `  ✔ ${event.title} (${event.durationMs} ms)`;
    case "fail":
      return `  ✘ ${event.title}\n${indent(event.stack ?? event.message)}`;
    case "skip":
      return `  - ${event.title} (skipped)`;
    case "begin":
    case "testStart":
    case "end":
      return undefined;
  }
}

export function countEvents(events: readonly ReportEvent[]): TestCounts {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const event of events) {
    if (event.type === "pass") {
      passed += 1;
    } else if (event.type === "fail") {
      failed += 1;
    } else if (event.type === "skip") {
      skipped += 1;
    }
  }
  return { passed, failed, skipped };
}

/** Appends one event to a report file (when there is one) and prints it with `print`. */
export function emitReportEvent(event: ReportEvent, reportFile: string | undefined, print: (line: string) => void): void {
  if (reportFile !== undefined) {
    appendFileSync(reportFile, `${JSON.stringify(event)}\n`);
  }
  const line = formatEvent(event);
  if (line !== undefined) {
    print(line);
  }
}

/**
 * Records a mocha run's events: appends each to `reportFile` (when given) and prints it with
 * `print`; resolves with the counts when the run ends. A failing hook counts as a failed test,
 * so a broken `suiteSetup` cannot pass quietly.
 */
export function recordMochaRun(runner: Mocha.Runner, reportFile: string | undefined, print: (line: string) => void): Promise<TestCounts> {
  const emit = (event: ReportEvent) => emitReportEvent(event, reportFile, print);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  runner.once("start", () => emit({ type: "begin", total: runner.total }));
  runner.on("test", (test) => emit({ type: "testStart", title: test.fullTitle() }));
  runner.on("pass", (test) => {
    passed += 1;
    emit({ type: "pass", title: test.fullTitle(), durationMs: test.duration ?? 0 });
  });
  runner.on("fail", (runnable, error: unknown) => {
    failed += 1;
    const err = error instanceof Error ? error : new Error(String(error));
    emit({ type: "fail", title: runnable.fullTitle(), message: err.message, stack: err.stack });
  });
  runner.on("pending", (test) => {
    skipped += 1;
    emit({ type: "skip", title: test.fullTitle() });
  });
  return new Promise((resolve) => {
    runner.once("end", () => {
      emit({ type: "end", passed, failed, skipped });
      resolve({ passed, failed, skipped });
    });
  });
}

/** Parses a report file; a half-written last line (the host died mid-write) is ignored. */
export function readReport(reportFile: string): ReportEvent[] {
  if (!existsSync(reportFile)) {
    return [];
  }
  const events: ReportEvent[] = [];
  for (const line of readFileSync(reportFile, "utf8").split("\n")) {
    if (line.trim() === "") {
      continue;
    }
    try {
      events.push(JSON.parse(line) as ReportEvent);
    } catch {
      // only the last line can be partial; nothing after it to read
    }
  }
  return events;
}

/** Prints report events as they are appended, by polling the file: `poll()` prints what is new. */
export class ReportFollower {
  private printed = 0;

  constructor(
    private readonly reportFile: string,
    private readonly print: (line: string) => void,
  ) {}

  poll(): ReportEvent[] {
    const events = readReport(this.reportFile);
    for (const event of events.slice(this.printed)) {
      const line = formatEvent(event);
      if (line !== undefined) {
        this.print(line);
      }
    }
    this.printed = events.length;
    return events;
  }
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `      ${line}`)
    .join("\n");
}

/** The test that started and never finished, if any: what a hung run was doing. */
export function unfinishedTest(events: readonly ReportEvent[]): string | undefined {
  let running: string | undefined;
  for (const event of events) {
    if (event.type === "testStart") {
      running = event.title;
    } else if ((event.type === "pass" || event.type === "fail" || event.type === "skip") && event.title === running) {
      running = undefined;
    }
  }
  return running;
}
