// Runs the integration suites inside a real VS Code extension host on machines that cannot
// download VS Code: code-server (VS Code 1.139's server) plus Debian's chromium, both installed on
// demand by test/harness/editorTools.ts.
//
//   npx tsx test/integration/runInCodeServer.ts
//
// It builds the extension (npm run build) and bundles the suites (out/integration/), starts the
// Cloudflare sandbox seeded "demo" with the user settings pointing at it, starts code-server, and
// opens the workbench in Chromium with this folder loaded in ExtensionMode.Test
// (extensionDevelopmentPath + extensionTestsPath travel in the workbench URL's payload). The
// extension host inherits code-server's environment, which carries the sandbox URL and the report
// file (test/harness/integrationEnvironment.ts). Each result is printed as it arrives, then
// "N passed, N failed". Exit code 1 if a test failed, if no test ran, or if the run outlived its
// deadline (CLOUDFLARE_MTLS_INTEGRATION_TIMEOUT_MS, default 10 minutes).
// Logs: test-results/integration/ (code-server.log, workbench.log, report.jsonl, and
// failure.png when something went wrong).
import { join } from "node:path";
import { launchChromium, newWorkbenchPage } from "../harness/browser";
import { CleanupStack } from "../harness/cleanupStack";
import { startCodeServer } from "../harness/codeServer";
import { ensureEditorTools } from "../harness/editorTools";
import { exitCodeFor, followRun, judgeRun, prepareIntegrationRun } from "../harness/integrationRun";
import { REPO_ROOT } from "../harness/repoPaths";
import { runMain } from "../harness/runMain";
import { ReportFollower, summaryLine } from "../harness/testReport";
import { WorkbenchSession } from "../harness/workbenchSession";

async function main(): Promise<number> {
  const cleanup = new CleanupStack();
  cleanup.exitOnSignals((signal) => console.error(`\n${signal}: stopping code-server, Chromium and the sandbox`));
  try {
    const tools = await ensureEditorTools();
    const run = await prepareIntegrationRun(cleanup, "integration");
    const server = await startCodeServer({
      tools,
      folder: run.workspace.folder,
      userDataDir: join(run.tempDir, "user-data"),
      extensionsDir: join(run.tempDir, "extensions"),
      userSettings: run.userSettings,
      env: run.hostEnvironment,
      allowExtensionDevelopment: true,
      logFile: join(run.resultsDir, "code-server.log"),
    });
    cleanup.defer("stop code-server", () => server.stop());
    console.error(`[harness] code-server ${server.origin}, sandbox ${run.sandboxUrl}`);

    const browser = await launchChromium({ executablePath: tools.chromiumExecutable });
    cleanup.defer("close Chromium", () => browser.close());
    const { page } = await newWorkbenchPage(browser, server.origin);
    const session = await WorkbenchSession.attach(page, join(run.resultsDir, "workbench.log"));
    cleanup.defer("close the workbench log", () => session.close());
    let serverExited = false;
    void server.whenExited().then(() => (serverExited = true));
    await page.goto(server.workbenchUrl({ extensionDevelopmentPath: REPO_ROOT, extensionTestsPath: run.testsEntry }));

    const follower = new ReportFollower(run.reportFile, (line) => console.log(line));
    const outcome = await followRun(follower, () => {
      if (session.extensionHostExitCode !== undefined) {
        return { kind: "exited", code: session.extensionHostExitCode };
      }
      if (session.failure !== undefined) {
        return { kind: "stopped", reason: session.failure };
      }
      return serverExited ? { kind: "stopped", reason: "code-server exited during the run" } : undefined;
    });
    const verdict = judgeRun(outcome, follower.poll(), run.reportFile);
    if (verdict.problem !== undefined) {
      await page.screenshot({ path: join(run.resultsDir, "failure.png") }).catch(() => undefined);
      console.log(`\nworkbench log, last lines (all logs: ${run.resultsDir}):\n${lastLines(session.logTail.toString(), 40)}`);
    }
    console.log(`\n${summaryLine(verdict.counts)}`);
    return exitCodeFor(verdict.counts);
  } finally {
    await cleanup.runAll();
  }
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split("\n").slice(-count).join("\n");
}

runMain(main);
