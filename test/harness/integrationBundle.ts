// Bundles the integration tests to CommonJS under out/integration/ for the extension host, which
// cannot run TypeScript: index.js (the mocha entry) plus one <name>.test.js per suite, keeping
// test/integration's folder layout. Packages stay external and load from node_modules at run
// time; `vscode` is the host's own module.
import { readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { build } from "esbuild";
import { INTEGRATION_BUNDLE_DIR, REPO_ROOT } from "./repoPaths";

const SOURCE_DIR = join(REPO_ROOT, "test", "integration");

/** Returns the bundled entry (index.js) to pass as extensionTestsPath. */
export async function bundleIntegrationTests(): Promise<string> {
  const suites = readdirSync(SOURCE_DIR, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.test\.ts$/.test(file))
    .map((file) => join(SOURCE_DIR, file));
  if (suites.length === 0) {
    throw new Error(`no integration suites (*.test.ts) under ${relative(REPO_ROOT, SOURCE_DIR)}`);
  }
  rmSync(INTEGRATION_BUNDLE_DIR, { recursive: true, force: true });
  const result = await build({
    entryPoints: [join(SOURCE_DIR, "index.ts"), ...suites],
    outbase: SOURCE_DIR,
    outdir: INTEGRATION_BUNDLE_DIR,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    packages: "external",
    external: ["vscode"],
    // mocha 12's package entry is an ES module; its CommonJS build loads in every extension host.
    alias: { mocha: "mocha/lib/mocha.cjs" },
    sourcemap: "inline",
    logLevel: "silent",
    logOverride: { "import-is-undefined": "error" },
  });
  if (result.errors.length > 0) {
    throw new Error(`bundling the integration tests failed:\n${result.errors.map((error) => error.text).join("\n")}`);
  }
  return join(INTEGRATION_BUNDLE_DIR, "index.js");
}
