// The mocha entry the extension host runs (its `extensionTestsPath`), under code-server
// (runInCodeServer.ts) and under @vscode/test-electron (runTest.ts) alike. It runs every
// `*.test.js` bundled beside it (from test/integration/**/*.test.ts), records each result in the
// runner's report file, and rejects, which makes the extension host exit non-zero, when any test
// failed or when no test ran at all.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import Mocha from "mocha";
import { INTEGRATION_ENV } from "../harness/integrationEnvironment";
import { emitReportEvent, recordMochaRun, summaryLine } from "../harness/testReport";

const DEFAULT_TEST_TIMEOUT_MS = 20_000;

export async function run(): Promise<void> {
  const reportFile = process.env[INTEGRATION_ENV.reportFile];
  const testFiles = findTestFiles(__dirname);
  if (testFiles.length === 0) {
    throw new Error(`no integration test files (*.test.js) under ${__dirname}`);
  }
  const mocha = new Mocha({
    ui: "tdd",
    color: false,
    reporter: "spec",
    timeout: Number(process.env[INTEGRATION_ENV.testTimeoutMs] ?? DEFAULT_TEST_TIMEOUT_MS),
    forbidOnly: process.env.CI === "true",
  });
  const grep = process.env[INTEGRATION_ENV.grep];
  if (grep) {
    mocha.grep(new RegExp(grep));
  }
  for (const file of testFiles) {
    mocha.addFile(file);
  }
  let runner: Mocha.Runner;
  try {
    runner = mocha.run(); // loads the files: a suite that throws at load time fails here
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    emitReportEvent({ type: "fail", title: "loading the integration test files", message: failure.message, stack: failure.stack }, reportFile, () => undefined);
    throw failure;
  }
  // The spec reporter already prints to the host's console; the report file is for the runner.
  const counts = await recordMochaRun(runner, reportFile, () => undefined);
  console.log(summaryLine(counts));
  if (counts.failed > 0) {
    throw new Error(`${counts.failed} integration test(s) failed`);
  }
  if (counts.passed === 0) {
    throw new Error(`no integration test ran (${testFiles.length} file(s) loaded${grep ? `, grep /${grep}/` : ""})`);
  }
}

function findTestFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.test\.c?js$/.test(file))
    .sort()
    .map((file) => join(root, file));
}
