// Runs the integration suites in desktop VS Code through @vscode/test-electron, for machines that
// can download VS Code (ours cannot: use runInCodeServer.ts there). Same suites, same bundle, same
// sandbox and report as the code-server runner; only the host differs.
//
//   npx tsx test/integration/runTest.ts
//
// VSCODE_EXECUTABLE_PATH picks an installed VS Code instead of downloading one into .vscode-test/;
// VSCODE_TEST_VERSION picks the version to download (default "stable"). On Linux without a
// display it runs VS Code under xvfb-run. Prints "N passed, N failed"; exit code 1 if a test
// failed, no test ran, or the run outlived CLOUDFLARE_MTLS_INTEGRATION_TIMEOUT_MS.
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { downloadAndUnzipVSCode } from "@vscode/test-electron";
import { ProcessGroup } from "../harness/childProcess";
import { CleanupStack } from "../harness/cleanupStack";
import { writeUserSettings } from "../harness/codeServer";
import { exitCodeFor, followRun, judgeRun, prepareIntegrationRun } from "../harness/integrationRun";
import { REPO_ROOT } from "../harness/repoPaths";
import { runMain } from "../harness/runMain";
import { ReportFollower, summaryLine } from "../harness/testReport";

async function main(): Promise<number> {
  const cleanup = new CleanupStack();
  cleanup.exitOnSignals((signal) => console.error(`\n${signal}: stopping VS Code and the sandbox`));
  try {
    const executable =
      process.env.VSCODE_EXECUTABLE_PATH ??
      (await downloadAndUnzipVSCode({ version: process.env.VSCODE_TEST_VERSION ?? "stable", cachePath: join(REPO_ROOT, ".vscode-test") }));
    const run = await prepareIntegrationRun(cleanup, "integration-electron");
    const userDataDir = join(run.tempDir, "user-data");
    writeUserSettings(userDataDir, { "workbench.startupEditor": "none", "update.mode": "none", ...run.userSettings });

    // The flags @vscode/test-electron's runTests passes, plus our own profile folders. We spawn
    // VS Code ourselves (rather than through runTests) to own its process group: the deadline
    // below must be able to stop a hung VS Code.
    const args = [
      run.workspace.folder,
      "--no-sandbox",
      "--disable-gpu-sandbox",
      "--disable-updates",
      "--skip-welcome",
      "--skip-release-notes",
      "--no-cached-data",
      "--disable-workspace-trust",
      "--disable-extensions",
      `--user-data-dir=${userDataDir}`,
      `--extensions-dir=${join(run.tempDir, "extensions")}`,
      `--extensionDevelopmentPath=${REPO_ROOT}`,
      `--extensionTestsPath=${run.testsEntry}`,
    ];
    const [command, commandArgs] = withDisplay(executable, args);
    const env: NodeJS.ProcessEnv = { ...process.env, ...run.hostEnvironment };
    delete env.ELECTRON_RUN_AS_NODE; // set, it would turn VS Code into a plain Node
    const vscode = ProcessGroup.start(command, commandArgs, { env, echo: true, logFile: join(run.resultsDir, "vscode.log") });
    cleanup.defer("stop VS Code", () => vscode.stop());

    let exit: number | undefined;
    void vscode.whenExited().then((result) => (exit = result.code ?? 1));
    // VS Code prints the spec reporter's lines itself; the report is read only for the summary.
    const follower = new ReportFollower(run.reportFile, () => undefined);
    const outcome = await followRun(follower, () => (exit === undefined ? undefined : { kind: "exited", code: exit }));
    const verdict = judgeRun(outcome, follower.poll(), run.reportFile);
    console.log(`\n${summaryLine(verdict.counts)}`);
    return exitCodeFor(verdict.counts);
  } finally {
    await cleanup.runAll();
  }
}

/** On Linux without a display, VS Code needs a virtual one. */
function withDisplay(executable: string, args: string[]): [string, string[]] {
  if (process.platform !== "linux" || process.env.DISPLAY) {
    return [executable, args];
  }
  const xvfbRun = (process.env.PATH ?? "")
    .split(delimiter)
    .map((dir) => join(dir, "xvfb-run"))
    .find((candidate) => existsSync(candidate));
  if (!xvfbRun) {
    throw new Error("no DISPLAY and no xvfb-run: install it (apt-get install xvfb) or set DISPLAY");
  }
  return [xvfbRun, ["--auto-servernum", executable, ...args]];
}

runMain(main);
