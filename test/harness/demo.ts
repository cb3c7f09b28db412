// `npm start`: the extension, running against a local Cloudflare sandbox, in a real editor.
//
//   npx tsx test/harness/demo.ts [--check] [--code-server] [--port N]
//
// Builds the extension (npm run build), starts the sandbox on 127.0.0.1 seeded "demo", writes a
// sample workspace with a few certificates, and opens an editor with the extension loaded from
// this folder and its API base URL set to the sandbox in the user settings:
// - desktop VS Code when `code` is on the PATH (`code --extensionDevelopmentPath=…`);
// - otherwise code-server (installed on demand, see editorTools.ts), whose URL it prints.
// Ctrl-C (SIGINT/SIGTERM) stops everything it started.
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
import { startCodeServer, writeUserSettings, type RunningCodeServer } from "./codeServer";
import { ensureChromium, ensureCodeServer } from "./editorTools";
import { buildExtension } from "./extensionBuild";
import { REPO_ROOT } from "./repoPaths";
import { describeError } from "./runMain";
import { writeSampleWorkspace } from "./sampleWorkspace";

interface DemoOptions {
  readonly check: boolean;
  readonly forceCodeServer: boolean;
  readonly port: number;
}

const SIGN_IN_COMMAND = "Cloudflare mTLS: Sign In…";

async function main(): Promise<number> {
  const options = readOptions();
  const cleanup = new CleanupStack();
  cleanup.exitOnSignals((signal) => console.log(`\n${signal}: stopping the editor and the sandbox…`));
  try {
    await buildExtension();
    const sandbox = await startSandbox({ seed: "demo" });
    cleanup.defer("close the sandbox", () => sandbox.close());
    const temp = mkdtempSync(join(tmpdir(), "cfmtls-demo-"));
    cleanup.defer("remove the demo's temporary folders", () => rmSync(temp, { recursive: true, force: true }));
    const workspace = await writeSampleWorkspace(join(temp, "workspace"));
    const userDataDir = join(temp, "user-data");
    const extensionsDir = join(temp, "extensions");
    const settings = { "cloudflareMtls.apiBaseUrl": sandbox.baseUrl };

    const code = options.check || options.forceCodeServer ? undefined : findOnPath("code");
    if (code) {
      writeUserSettings(userDataDir, { "workbench.startupEditor": "none", ...settings });
      const editor = ProcessGroup.start(
        code,
        ["--new-window", "--wait", `--extensionDevelopmentPath=${REPO_ROOT}`, "--user-data-dir", userDataDir, "--extensions-dir", extensionsDir, workspace.folder],
        { stdio: ["ignore", "inherit", "inherit"] },
      );
      cleanup.defer("stop VS Code", () => editor.stop());
      printBanner({ where: "VS Code is opening a new window with the extension loaded.", sandboxUrl: sandbox.baseUrl, stop: "Close that window or press Ctrl-C to stop the sandbox." });
      await editor.whenExited();
      return 0;
    }

    const tools = await ensureCodeServer();
    const server = await startCodeServer({ tools, folder: workspace.folder, userDataDir, extensionsDir, userSettings: settings, port: options.port, allowExtensionDevelopment: true });
    cleanup.defer("stop code-server", () => server.stop());
    const url = server.workbenchUrl({ extensionDevelopmentPath: REPO_ROOT });
    if (options.check) {
      await checkDemo(server, url, sandbox.baseUrl, cleanup);
      console.log("demo check passed: the sandbox and the workbench answer, and the workbench shows the extension");
      return 0;
    }
    printBanner({ where: `Open this URL in a browser on this machine:\n    ${url}`, sandboxUrl: sandbox.baseUrl, stop: "Press Ctrl-C to stop code-server and the sandbox." });
    const exit = await server.whenExited();
    if (cleanup.isCleaningUp) {
      return 0; // stopped by Ctrl-C; the signal handler exits
    }
    console.error(`code-server stopped on its own (${JSON.stringify(exit)}):\n${server.recentOutput()}`);
    return 1;
  } finally {
    await cleanup.runAll();
  }
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

function printBanner(text: { where: string; sandboxUrl: string; stop: string }): void {
  console.log(`
Cloudflare mTLS demo
  ${text.where}
  The extension talks to a local Cloudflare sandbox at ${text.sandboxUrl}
  (set as cloudflareMtls.apiBaseUrl in this editor's user settings); nothing goes to Cloudflare.
  Sign in: run "${SIGN_IN_COMMAND}" (or click Sign In in the Cloudflare mTLS view),
           choose "API Token" and paste:  ${DEMO_API_TOKEN}
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
