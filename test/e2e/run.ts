// Runs the end-to-end suites (test/e2e/**/*.e2e.ts): real clicks in VS Code's web workbench,
// served by code-server with the packaged extension installed, exactly as a user installs it.
//
//   npx tsx test/e2e/run.ts
//
// It packages the extension (npm run package → dist/cloudflare-mtls.vsix), installs it into a
// fresh extensions dir with code-server --install-extension, starts the sandbox seeded "demo"
// (the user settings point the extension at it), starts code-server on a temporary folder holding
// a few certificates, opens the workbench in Chromium, and runs the suites with mocha (tdd) in
// this process, handing them an E2eContext (e2eContext.ts). Screenshots and the contact sheet go
// to test-results/e2e/ (plus one for every failed test). Prints each result, then
// "N passed, N failed"; exit code 1 if a test failed, if none ran, or if the run outlived
// CLOUDFLARE_MTLS_E2E_TIMEOUT_MS (default 10 minutes).
//
// While developing, run a subset: `npx tsx test/e2e/run.ts --grep upload` (or
// `npm run test:e2e -- --grep upload`, or CLOUDFLARE_MTLS_E2E_GREP=upload) runs only the tests
// whose full title matches the regular expression (case-insensitive). Every test starts from the
// state it needs (signed in or out, the certificate it deletes), so any one test also runs alone.
//
// A full run (no --grep) also redraws README's pictures (media/screenshots/*.png) and fails
// unless it took every picture README shows and every file in that folder.
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Mocha from "mocha";
import { startSandbox } from "../support/cloudflareSandbox";
import { launchChromium, newWorkbenchPage } from "../harness/browser";
import { CleanupStack } from "../harness/cleanupStack";
import { installExtension, QUIET_WORKBENCH_SETTINGS, startCodeServer, userSettingsFile } from "../harness/codeServer";
import { demoUserSettings, EXPIRY_WATCH_SETTINGS } from "../harness/demoEditor";
import { ensureEditorTools } from "../harness/editorTools";
import { packageExtension } from "../harness/extensionBuild";
import { REPO_ROOT, TEST_RESULTS_DIR } from "../harness/repoPaths";
import { runMain } from "../harness/runMain";
import { writeSampleWorkspace } from "../harness/sampleWorkspace";
import { emitReportEvent, recordMochaRun, summaryLine, type TestCounts } from "../harness/testReport";
import { setE2eContext } from "./e2eContext";
import { README_PICTURES_PATH, readmePictureProblems, ScreenshotRecorder } from "./screenshots";
import { openWorkbench } from "./workbench";

const SUITES_DIR = join(REPO_ROOT, "test", "e2e");
const RESULTS_DIR = join(TEST_RESULTS_DIR, "e2e");
const README_PICTURES_DIR = join(REPO_ROOT, README_PICTURES_PATH);
const RUN_TIMEOUT_MS = Number(process.env.CLOUDFLARE_MTLS_E2E_TIMEOUT_MS ?? 10 * 60_000);
const TEST_TIMEOUT_MS = Number(process.env.CLOUDFLARE_MTLS_E2E_TEST_TIMEOUT_MS ?? 60_000);
const GREP = grepArgument(process.argv.slice(2)) ?? process.env.CLOUDFLARE_MTLS_E2E_GREP;

/**
 * The e2e suite's own settings, on top of the demo's (demoEditor.ts) and the quiet defaults:
 * nothing but our UI in the screenshots.
 */
const E2E_SETTINGS = {
  "window.commandCenter": false,
  // No sliding toasts or dialogs: a screenshot taken when an element is visible shows it in place.
  "workbench.reduceMotion": "on",
  // The demo's background expiry scan would add requests (and use up injected faults), a status
  // bar item and toasts in every scenario; 08-expiry turns it on for itself.
  ...Object.fromEntries(EXPIRY_WATCH_SETTINGS.map((key) => [key, QUIET_WORKBENCH_SETTINGS[key]])),
};

async function main(): Promise<number> {
  const cleanup = new CleanupStack();
  cleanup.exitOnSignals((signal) => console.error(`\n${signal}: stopping code-server, Chromium and the sandbox`));
  const deadline = setTimeout(() => {
    console.log(`  ✘ e2e run\n      the run exceeded ${RUN_TIMEOUT_MS / 1000} s`);
    void cleanup.runAll().finally(() => {
      console.log("\n0 passed, 1 failed");
      process.exit(1);
    });
  }, RUN_TIMEOUT_MS);
  deadline.unref();
  try {
    const suites = findSuites();
    const tools = await ensureEditorTools();
    const vsix = await packageExtension();
    rmSync(RESULTS_DIR, { recursive: true, force: true });
    mkdirSync(RESULTS_DIR, { recursive: true });

    const temp = mkdtempSync(join(tmpdir(), "cfmtls-e2e-"));
    cleanup.defer("remove the temporary folders", () => rmSync(temp, { recursive: true, force: true }));
    const dirs = { extensionsDir: join(temp, "extensions"), userDataDir: join(temp, "user-data") };
    await installExtension(tools, vsix, dirs);
    const workspace = await writeSampleWorkspace(join(temp, "workspace"));
    const sandbox = await startSandbox({ seed: "demo" });
    cleanup.defer("close the sandbox", () => sandbox.close());

    const server = await startCodeServer({
      tools,
      folder: workspace.folder,
      ...dirs,
      userSettings: { ...demoUserSettings(sandbox.baseUrl), ...E2E_SETTINGS },
      logFile: join(RESULTS_DIR, "code-server.log"),
    });
    cleanup.defer("stop code-server", () => server.stop());
    console.error(`[harness] code-server ${server.origin}, sandbox ${sandbox.baseUrl}`);

    const browser = await launchChromium({ executablePath: tools.chromiumExecutable });
    cleanup.defer("close Chromium", () => browser.close());
    const { page } = await newWorkbenchPage(browser, server.origin);
    const consoleLog = createWriteStream(join(RESULTS_DIR, "workbench.log"));
    cleanup.defer("close the workbench log", () => new Promise<void>((resolve) => consoleLog.end(() => resolve())));
    page.on("console", (message) => consoleLog.write(`[${message.type()}] ${message.text()}\n`));
    page.on("pageerror", (error) => consoleLog.write(`[pageerror] ${error.stack ?? error.message}\n`));

    const workbenchUrl = server.workbenchUrl();
    await openWorkbench(page, workbenchUrl);
    const screenshots = new ScreenshotRecorder(RESULTS_DIR, README_PICTURES_DIR);
    let currentTest = "";
    setE2eContext({
      browser,
      page,
      workbenchUrl,
      sandbox,
      workspace,
      tools,
      userSettingsFile: userSettingsFile(dirs.userDataDir),
      vsix,
      screenshot: (name, of = page) => screenshots.take(of, name, currentTest),
      readmePicture: (file, name) => screenshots.takeReadmePicture(page, file, name, currentTest),
    });
    cleanup.defer("forget the e2e context", () => setE2eContext(undefined));

    const mocha = new Mocha({ ui: "tdd", color: false, reporter: Mocha.reporters.Base, timeout: TEST_TIMEOUT_MS, forbidOnly: process.env.CI === "true" });
    mocha.suite.afterEach(async function screenshotFailure(this: Mocha.Context) {
      if (this.currentTest?.state === "failed") {
        await screenshots.take(page, `FAILED ${this.currentTest.title}`, this.currentTest.fullTitle()).catch(() => undefined);
      }
    });
    if (GREP) {
      mocha.grep(new RegExp(GREP, "i"));
      console.error(`[harness] only tests matching /${GREP}/i`);
    }
    for (const suite of suites) {
      mocha.addFile(suite);
    }
    const reportFile = join(RESULTS_DIR, "report.jsonl");
    const runner = mocha.run();
    runner.on("test", (test) => (currentTest = test.fullTitle()));
    let counts = await recordMochaRun(runner, reportFile, (line) => console.log(line));
    if (!GREP) {
      counts = checkReadmePictures(counts, screenshots.readmePicturesTaken, reportFile);
    }
    console.log(`\nscreenshots: ${join(RESULTS_DIR, "index.html")}`);
    console.log(`README pictures: ${[...screenshots.readmePicturesTaken].map((file) => `${file}.png`).join(", ") || "none"} in ${README_PICTURES_DIR}`);
    return finish(counts, reportFile);
  } finally {
    clearTimeout(deadline);
    await cleanup.runAll();
  }
}

function findSuites(): string[] {
  const suites = readdirSync(SUITES_DIR, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.e2e\.ts$/.test(file))
    .sort()
    .map((file) => join(SUITES_DIR, file));
  if (suites.length === 0) {
    throw new Error(`no e2e suites (*.e2e.ts) under ${SUITES_DIR}`);
  }
  return suites;
}

/** `--grep PATTERN` or `--grep=PATTERN`. */
function grepArgument(args: readonly string[]): string | undefined {
  for (const [index, arg] of args.entries()) {
    if (arg === "--grep") {
      const value = args[index + 1];
      if (!value) {
        throw new Error("--grep needs a pattern");
      }
      return value;
    }
    if (arg.startsWith("--grep=")) {
      return arg.slice("--grep=".length);
    }
  }
  return undefined;
}

/** After a full run, README's pictures are exactly the ones this run took (so none is stale). */
function checkReadmePictures(counts: TestCounts, taken: ReadonlySet<string>, reportFile: string): TestCounts {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const inDirectory = existsSync(README_PICTURES_DIR) ? readdirSync(README_PICTURES_DIR) : [];
  const problems = readmePictureProblems(readme, inDirectory, taken);
  if (problems.length === 0) {
    return counts;
  }
  emitReportEvent({ type: "fail", title: "README pictures", message: problems.join("\n") }, reportFile, (line) => console.log(line));
  return { ...counts, failed: counts.failed + 1 };
}

function finish(counts: TestCounts, reportFile: string): number {
  let final = counts;
  if (counts.passed === 0 && counts.failed === 0) {
    emitReportEvent({ type: "fail", title: "e2e run", message: "no test ran" }, reportFile, (line) => console.log(line));
    final = { ...counts, failed: 1 };
  }
  console.log(`\n${summaryLine(final)}`);
  return final.failed > 0 || final.passed === 0 ? 1 : 0;
}

runMain(main);
