// `npm start`: the extension, running against a local Cloudflare sandbox, in a real editor.
//
//   npx tsx test/harness/demo.ts [--check] [--code-server] [--port N]
//
// Starts the sandbox on 127.0.0.1 seeded "demo", writes sample certificates into the demo
// workspace (.cache/demo-workspace/, git-ignored, kept after Ctrl-C), and opens an editor on it
// with the extension's API base URL set to the sandbox in the user settings:
// - desktop VS Code when `code` is on the PATH: builds (npm run build) and loads the extension
//   from this folder (`code --extensionDevelopmentPath=…`);
// - otherwise code-server (installed on demand, see editorTools.ts), whose URL it prints: packages
//   the extension (npm run package) and installs the VSIX, as demoEditor.ts explains.
// Ctrl-C (SIGINT/SIGTERM) stops everything it started and removes the editor's temporary
// profile; the workspace stays.
//   --check        start everything in code-server, check that the workbench answers and shows
//                  the extension, then stop and exit 0 (for CI)
//   --code-server  use code-server even when `code` is on the PATH
//   --port N       code-server's port (default: a free one)
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { parseArgs } from "node:util";
import { DEMO_API_TOKEN, startSandbox } from "../support/cloudflareSandbox";
import { launchChromium, newWorkbenchPage } from "./browser";
import { ProcessGroup } from "./childProcess";
import { CleanupStack } from "./cleanupStack";
import { writeUserSettings, type RunningCodeServer } from "./codeServer";
import { DEMO_WORKSPACE_DIR, demoUserSettings, startDemoCodeServer } from "./demoEditor";
import { ensureChromium, ensureCodeServer } from "./editorTools";
import { buildExtension, packageExtension } from "./extensionBuild";
import { REPO_ROOT } from "./repoPaths";
import { describeError } from "./runMain";
import { writeSampleWorkspace } from "./sampleWorkspace";

interface DemoOptions {
  readonly check: boolean;
  readonly forceCodeServer: boolean;
  readonly port: number;
}

const SIGN_IN_COMMAND = "Cloudflare mTLS: Sign In…";

interface DemoSetUp {
  readonly sandboxUrl: string;
  readonly workspace: string;
  /** A temporary folder for the editor's extensions and user data. */
  readonly profileDir: string;
}

async function main(): Promise<number> {
  const options = readOptions();
  const cleanup = new CleanupStack();
  cleanup.exitOnSignals((signal) => console.log(`\n${signal}: stopping the editor and the sandbox…`));
  try {
    const code = options.check || options.forceCodeServer ? undefined : findOnPath("code");
    return code ? await runInVsCode(code, cleanup) : await runInCodeServer(options, cleanup);
  } finally {
    await cleanup.runAll();
  }
}

/** The sandbox, the workspace with its sample certificates, and a temporary editor profile. */
async function setUpDemo(cleanup: CleanupStack): Promise<DemoSetUp> {
  const sandbox = await startSandbox({ seed: "demo" });
  cleanup.defer("close the sandbox", () => sandbox.close());
  const workspace = await writeSampleWorkspace(DEMO_WORKSPACE_DIR);
  const profileDir = mkdtempSync(join(tmpdir(), "cfmtls-demo-profile-"));
  cleanup.defer("remove the editor's temporary profile", () => rmSync(profileDir, { recursive: true, force: true }));
  return { sandboxUrl: sandbox.baseUrl, workspace: workspace.folder, profileDir };
}

/** Desktop VS Code, loading the extension from this folder. */
async function runInVsCode(code: string, cleanup: CleanupStack): Promise<number> {
  await buildExtension();
  const setUp = await setUpDemo(cleanup);
  const userDataDir = join(setUp.profileDir, "user-data");
  writeUserSettings(userDataDir, { "workbench.startupEditor": "none", ...demoUserSettings(setUp.sandboxUrl) });
  const editor = ProcessGroup.start(
    code,
    ["--new-window", "--wait", `--extensionDevelopmentPath=${REPO_ROOT}`, "--user-data-dir", userDataDir, "--extensions-dir", join(setUp.profileDir, "extensions"), setUp.workspace],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  cleanup.defer("stop VS Code", () => editor.stop());
  printBanner(setUp, { where: "VS Code is opening a new window with the extension loaded.", stop: "Close that window or press Ctrl-C to stop the sandbox." });
  await editor.whenExited();
  return 0;
}

/** code-server with the packaged VSIX installed (demoEditor.ts), its URL printed. */
async function runInCodeServer(options: DemoOptions, cleanup: CleanupStack): Promise<number> {
  const vsix = await packageExtension();
  const tools = await ensureCodeServer();
  const setUp = await setUpDemo(cleanup);
  const server = await startDemoCodeServer({ tools, vsix, workspaceFolder: setUp.workspace, profileDir: setUp.profileDir, sandboxUrl: setUp.sandboxUrl, port: options.port });
  cleanup.defer("stop code-server", () => server.stop());
  const url = server.workbenchUrl();
  if (options.check) {
    await checkDemo(server, url, setUp.sandboxUrl, cleanup);
    console.log("demo check passed: the sandbox and the workbench answer, and the workbench shows the extension");
    return 0;
  }
  printBanner(setUp, { where: `Open this URL in a browser on this machine:\n    ${url}`, stop: "Press Ctrl-C to stop code-server and the sandbox." });
  const exit = await server.whenExited();
  if (cleanup.isCleaningUp) {
    return 0; // stopped by Ctrl-C; the signal handler exits
  }
  console.error(`code-server stopped on its own (${JSON.stringify(exit)}):\n${server.recentOutput()}`);
  return 1;
}

/** The sandbox and the workbench answer over HTTP, and a real browser sees our view container. */
async function checkDemo(server: RunningCodeServer, url: string, sandboxUrl: string, cleanup: CleanupStack): Promise<void> {
  const sandboxResponse = await fetch(`${sandboxUrl}/user/tokens/verify`, { headers: { Authorization: `Bearer ${DEMO_API_TOKEN}` } });
  if (!sandboxResponse.ok) {
    throw new Error(`the sandbox did not accept the demo token: HTTP ${sandboxResponse.status}`);
  }
  const page = await fetch(url);
  if (!page.ok || !(await page.text()).includes("<html")) {
    throw new Error(`the workbench URL answered HTTP ${page.status}, not a page`);
  }
  const browser = await launchChromium({ executablePath: await ensureChromium() });
  cleanup.defer("close Chromium", () => browser.close());
  const { page: workbench } = await newWorkbenchPage(browser, server.origin);
  await workbench.goto(url);
  await workbench.locator('.part.activitybar a.action-label[aria-label^="Cloudflare mTLS"]').waitFor({ state: "visible", timeout: 90_000 });
}

function printBanner(setUp: DemoSetUp, text: { where: string; stop: string }): void {
  console.log(`
Cloudflare mTLS demo
  ${text.where}
  The extension talks to a local Cloudflare sandbox at ${setUp.sandboxUrl}
  (set as cloudflareMtls.apiBaseUrl in this editor's user settings); nothing goes to Cloudflare.
  The sandbox keeps its data in memory: each start begins again from the demo accounts.
  Sign in: run "${SIGN_IN_COMMAND}" (or click Sign In in the Cloudflare mTLS view),
           choose "API Token" and paste:  ${DEMO_API_TOKEN}
  Workspace: ${setUp.workspace}
           (git-ignored; kept after Ctrl-C, so what you save there stays; each start rewrites
           its example-*.pem files)
  ${text.stop}
`);
}

function readOptions(): DemoOptions {
  const { values } = parseArgs({
    options: {
      check: { type: "boolean", default: false },
      "no-open": { type: "boolean", default: false },
      "code-server": { type: "boolean", default: false },
      port: { type: "string", default: "0" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a port number, got ${values.port}`);
  }
  return { check: values.check || values["no-open"], forceCodeServer: values["code-server"], port };
}

function findOnPath(command: string): string | undefined {
  return (process.env.PATH ?? "")
    .split(delimiter)
    .filter((dir) => dir !== "")
    .map((dir) => join(dir, command))
    .find((candidate) => existsSync(candidate));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`\nthe demo could not start:\n${describeError(error)}`);
    process.exit(1);
  },
);
