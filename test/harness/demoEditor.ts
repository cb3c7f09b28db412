// How `npm start` sets up its editor, in one place, so the e2e suite can check the demo exactly as
// a user gets it (demo.e2e.ts): the same user settings, the same code-server flags, the same way
// of loading the extension.
//
// In code-server the extension is the packaged VSIX installed into the demo's own extensions dir,
// as the e2e suite installs it. It is NOT loaded through the workbench URL's
// `extensionDevelopmentPath`: a built web client honours that only under
// --enable-smoke-test-driver, and under that option the workbench never draws a notification
// toast (every message would land silently in the notification centre).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { installExtension, startCodeServer, type RunningCodeServer } from "./codeServer";
import type { CodeServerTools } from "./editorTools";
import { REPO_ROOT } from "./repoPaths";

/**
 * The demo's workspace: a folder of this checkout that git ignores (under .cache/) and Ctrl-C
 * keeps, so a file saved there (Save PEM As… defaults to it) is still there after the demo.
 * Each start rewrites only the sample certificates (sampleWorkspace.ts).
 */
export const DEMO_WORKSPACE_DIR = join(REPO_ROOT, ".cache", "demo-workspace");

/** The demo's user settings (over codeServer.ts's quiet defaults in code-server). */
export function demoUserSettings(sandboxUrl: string): Record<string, unknown> {
  return {
    // No chat or other view lives in the secondary side bar here: shown, it would open empty
    // beside the editor and take 290 px of the window.
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "cloudflareMtls.apiBaseUrl": sandboxUrl,
    // `npm start` is the extension as a user gets it: the quiet test settings turn the expiry
    // watch's background scan and notifications off, so the manifest's defaults are put back.
    ...Object.fromEntries(EXPIRY_WATCH_SETTINGS.map((key) => [key, manifestDefault(key)])),
  };
}

/** The settings codeServer.ts's quiet defaults change for tests and the demo puts back. */
export const EXPIRY_WATCH_SETTINGS = ["cloudflareMtls.expiryScan.intervalHours", "cloudflareMtls.expiryNotifications"] as const;

function manifestDefault(key: string): unknown {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { contributes: { configuration: { properties: Record<string, { default?: unknown }> } } };
  const property = manifest.contributes.configuration.properties[key];
  if (property?.default === undefined) {
    throw new Error(`package.json contributes no default for ${key}`);
  }
  return property.default;
}

export interface DemoCodeServerOptions {
  readonly tools: CodeServerTools;
  /** The packaged extension (extensionBuild.ts's packageExtension). */
  readonly vsix: string;
  readonly workspaceFolder: string;
  /** Holds the editor's extensions dir and user-data dir; a temporary folder. */
  readonly profileDir: string;
  readonly sandboxUrl: string;
  readonly port?: number;
  readonly logFile?: string;
}

/** Installs the VSIX into a fresh profile and starts code-server on the workspace, as `npm start` does. */
export async function startDemoCodeServer(options: DemoCodeServerOptions): Promise<RunningCodeServer> {
  const dirs = { extensionsDir: join(options.profileDir, "extensions"), userDataDir: join(options.profileDir, "user-data") };
  await installExtension(options.tools, options.vsix, dirs);
  return startCodeServer({
    tools: options.tools,
    folder: options.workspaceFolder,
    ...dirs,
    userSettings: demoUserSettings(options.sandboxUrl),
    port: options.port,
    logFile: options.logFile,
  });
}
