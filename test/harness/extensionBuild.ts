// Builds the extension the way its package.json scripts do, so the tests load what users get.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "./childProcess";
import { PACKAGED_VSIX, REPO_ROOT } from "./repoPaths";

/** `npm run bundle` → dist/extension.js (and the webview script); `npm test` has type-checked and linted already. */
export async function buildExtension(): Promise<void> {
  await runNpmScript("bundle");
  const bundle = join(REPO_ROOT, "dist", "extension.js");
  if (!existsSync(bundle)) {
    throw new Error(`npm run bundle finished but ${bundle} does not exist`);
  }
}

/** `npm run package` → dist/cloudflare-mtls.vsix; returns its path. */
export async function packageExtension(): Promise<string> {
  const startedAt = Date.now();
  await runNpmScript("package");
  if (!existsSync(PACKAGED_VSIX) || statSync(PACKAGED_VSIX).mtimeMs < startedAt - 1000) {
    throw new Error(`npm run package finished but did not write ${PACKAGED_VSIX}`);
  }
  return PACKAGED_VSIX;
}

async function runNpmScript(script: string): Promise<void> {
  console.error(`[harness] npm run ${script}`);
  await runCommand("npm", ["run", script], { cwd: REPO_ROOT, timeoutMs: 5 * 60_000 });
}
