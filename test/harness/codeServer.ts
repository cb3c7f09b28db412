// Starts and stops code-server (VS Code 1.139's server and web workbench) for tests and the demo:
// its own extensions dir, user-data dir (with a pre-seeded User/settings.json), folder, port and
// environment, bound to 127.0.0.1 only, with no auth, telemetry, update check or extension
// gallery (nothing here may reach the internet). The extension host it forks inherits its
// environment, so tests can be handed values (the sandbox URL) through `env`.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCommand, ProcessGroup } from "./childProcess";
import { codeServerCliEnvironment, type CodeServerTools } from "./editorTools";

export interface CodeServerOptions {
  readonly tools: CodeServerTools;
  /** The folder the workbench opens by default. */
  readonly folder: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** 0 (the default) lets code-server pick a free port, which it then reports. */
  readonly port?: number;
  /** Added to our own environment for code-server and the extension host it forks. */
  readonly env?: Readonly<Record<string, string>>;
  /** Written to <userDataDir>/User/settings.json over the quiet-workbench defaults below. */
  readonly userSettings?: Readonly<Record<string, unknown>>;
  /**
   * Lets the workbench URL carry `extensionDevelopmentPath` / `extensionTestsPath` (see
   * `workbenchUrl`). A built VS Code web client honours that payload only when the server runs
   * with --enable-smoke-test-driver; code-server passes it through with --vscode-option. Under
   * that option the workbench draws no notification toasts, so only the integration runner uses
   * it; the demo and the e2e suite install the VSIX instead.
   */
  readonly allowExtensionDevelopment?: boolean;
  /** code-server's own output goes here as well as to `recentOutput()`. */
  readonly logFile?: string;
  readonly startTimeoutMs?: number;
}

export interface WorkbenchUrlOptions {
  /** Defaults to the folder code-server was started with. */
  readonly folder?: string;
  /** Loads this extension folder in development mode (ExtensionMode.Development, or Test with tests). */
  readonly extensionDevelopmentPath?: string;
  /** A JS module exporting `run(): Promise<void>`, run in the extension host; its end closes the host. */
  readonly extensionTestsPath?: string;
}

export interface RunningCodeServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  readonly port: number;
  readonly userDataDir: string;
  workbenchUrl(options?: WorkbenchUrlOptions): string;
  /** The last ~20 KB code-server printed, for error messages. */
  recentOutput(): string;
  /** Resolves when code-server exits on its own (a crash, say). */
  whenExited(): Promise<unknown>;
  /** Stops code-server and everything it forked (the whole process group). */
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet and offline, so tests and screenshots see only our UI. */
export const QUIET_WORKBENCH_SETTINGS: Readonly<Record<string, unknown>> = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "security.workspace.trust.enabled": false,
  "chat.disableAIFeatures": true,
  "git.enabled": false,
  // The expiry watch's background scan would add requests, a status bar item and notifications to
  // every other test and screenshot; its own integration suite and e2e scenario turn it on.
  "cloudflareMtls.expiryScan.intervalHours": 0,
  "cloudflareMtls.expiryNotifications": false,
};

const LISTENING = /HTTP server listening on (http:\/\/[^\s/]+)/;

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  writeUserSettings(options.userDataDir, { ...QUIET_WORKBENCH_SETTINGS, ...options.userSettings });
  mkdirSync(options.extensionsDir, { recursive: true });
  const configFile = join(options.userDataDir, "code-server-config.yaml");
  writeFileSync(configFile, "auth: none\n");
  const args = [
    options.tools.codeServerEntry,
    "--auth",
    "none",
    "--bind-addr",
    `127.0.0.1:${options.port ?? 0}`,
    "--config",
    configFile,
    "--user-data-dir",
    options.userDataDir,
    "--extensions-dir",
    options.extensionsDir,
    "--disable-workspace-trust",
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-getting-started-override",
    "--ignore-last-opened",
    ...(options.allowExtensionDevelopment ? ["--vscode-option", "enable-smoke-test-driver"] : []),
    options.folder,
  ];
  const server = ProcessGroup.start(options.tools.nodeExecutable, args, {
    env: codeServerEnvironment(options),
    logFile: options.logFile,
  });
  try {
    const origin = await waitForListening(server, options.startTimeoutMs ?? 60_000);
    await waitForHealthy(server, origin, options.startTimeoutMs ?? 60_000);
    const port = Number(new URL(origin).port);
    return {
      origin,
      port,
      userDataDir: options.userDataDir,
      workbenchUrl: (urlOptions = {}) => workbenchUrl(origin, urlOptions.folder ?? options.folder, urlOptions),
      recentOutput: () => server.output.toString(),
      whenExited: () => server.whenExited(),
      stop: () => server.stop(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Installs a VSIX into an extensions dir with code-server's own CLI (no gallery involved). */
export async function installExtension(tools: CodeServerTools, vsix: string, dirs: { extensionsDir: string; userDataDir: string }): Promise<void> {
  mkdirSync(dirs.extensionsDir, { recursive: true });
  const output = await runCommand(
    tools.nodeExecutable,
    [tools.codeServerEntry, "--install-extension", vsix, "--force", "--extensions-dir", dirs.extensionsDir, "--user-data-dir", dirs.userDataDir],
    { env: { ...codeServerCliEnvironment(), EXTENSIONS_GALLERY: "{}" }, timeoutMs: 120_000 },
  );
  if (!/was successfully installed/.test(output)) {
    throw new Error(`code-server --install-extension ${vsix} did not report success:\n${output}`);
  }
}

/** Where code-server keeps the user's settings.json under `userDataDir`. */
export function userSettingsFile(userDataDir: string): string {
  return join(userDataDir, "User", "settings.json");
}

export function writeUserSettings(userDataDir: string, settings: Readonly<Record<string, unknown>>): void {
  mkdirSync(join(userDataDir, "User"), { recursive: true });
  writeFileSync(userSettingsFile(userDataDir), `${JSON.stringify(settings, null, 2)}\n`);
}

/**
 * The workbench URL. Folder and extension paths are `vscode-remote://` URIs on this server; the
 * `payload` query parameter is how VS Code's web client receives development options (VS Code's
 * own browser integration tests use it the same way).
 */
export function workbenchUrl(origin: string, folder: string, options: WorkbenchUrlOptions = {}): string {
  const authority = new URL(origin).host;
  const remote = (path: string) => `vscode-remote://${authority}${encodeURI(path)}`;
  const payload: [string, string][] = [];
  if (options.extensionDevelopmentPath !== undefined) {
    payload.push(["extensionDevelopmentPath", remote(options.extensionDevelopmentPath)]);
  }
  if (options.extensionTestsPath !== undefined) {
    payload.push(["extensionTestsPath", remote(options.extensionTestsPath)]);
  }
  const query = new URLSearchParams({ folder });
  if (payload.length > 0) {
    payload.push(["skipWelcome", "true"]);
    query.set("payload", JSON.stringify(payload));
  }
  return `${origin}/?${query.toString()}`;
}

function codeServerEnvironment(options: CodeServerOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // An enclosing `npm run` or tsx must not shape the extension host's Node.
    if (!/^npm_/i.test(key) && key !== "NODE_OPTIONS") {
      env[key] = value;
    }
  }
  return {
    ...env,
    PATH: `${join(options.tools.nodeDirectory, "bin")}:${process.env.PATH ?? ""}`,
    // An empty gallery turns the marketplace off: no update checks or lookups leave the machine.
    EXTENSIONS_GALLERY: "{}",
    ...options.env,
  };
}

async function waitForListening(server: ProcessGroup, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = LISTENING.exec(server.output.toString());
    if (match?.[1]) {
      return match[1];
    }
    if (server.hasExited) {
      throw new Error(`code-server exited before listening:\n${server.output.toString()}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`code-server did not start listening within ${timeoutMs} ms:\n${server.output.toString()}`);
    }
    const output = nextOutput(server);
    await Promise.race([output.arrived, server.whenExited(), pause(250)]);
    output.stopWaiting();
  }
}

async function waitForHealthy(server: ProcessGroup, origin: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = "";
  while (Date.now() < deadline) {
    if (server.hasExited) {
      throw new Error(`code-server exited while starting:\n${server.output.toString()}`);
    }
    try {
      const response = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(5000) });
      if (response.ok) {
        return;
      }
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await pause(200);
  }
  throw new Error(`code-server at ${origin} did not answer /healthz within ${timeoutMs} ms (${lastProblem}):\n${server.output.toString()}`);
}

/** Resolves when code-server prints something; `stopWaiting` removes its listeners (if it has not). */
function nextOutput(server: ProcessGroup): { arrived: Promise<void>; stopWaiting: () => void } {
  const streams = [server.child.stdout, server.child.stderr].filter((stream) => stream !== null);
  let done = () => undefined as void;
  const arrived = new Promise<void>((resolve) => {
    done = () => {
      for (const stream of streams) {
        stream.off("data", done);
      }
      resolve();
    };
    for (const stream of streams) {
      stream.once("data", done);
    }
  });
  return { arrived, stopWaiting: () => done() };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
