// 3. Start-up cost: the size of the production bundle (and what fills it), the time to require it
// and run activate() in fresh Node processes with a `vscode` stand-in, and the activation events
// (no "*": the extension loads after the workbench has started, never inside its start-up).
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import type { StartupSample } from "./startupChild";
import { formatKb, formatMs, median } from "./stats";
import type { BenchSection } from "./table";

const ROOT = join(__dirname, "..", "..");
const BUNDLE = join(ROOT, "dist", "extension.js");
const DECODER_BUNDLE = join(ROOT, "dist", "certificates.js");
/** house-style.md §5.13: dist/extension.js is budgeted at 400 KB. */
export const BUNDLE_BUDGET_BYTES = 400 * 1024;

export interface StartupResult {
  readonly rebuilt: boolean;
  readonly bundleBytes: number;
  readonly gzipBytes: number;
  readonly largestInputs: readonly { readonly name: string; readonly bytes: number }[];
  readonly decoderBytes: number;
  readonly decoderLargestInputs: readonly { readonly name: string; readonly bytes: number }[];
  readonly decoderRequireMs: number;
  readonly requireMs: number;
  readonly activateMs: number;
  readonly processReadyMs: number;
  readonly runs: number;
  readonly registeredCommands: number;
  readonly contributedCommands: number;
  readonly subscriptions: number;
  readonly activationEvents: readonly string[];
  readonly implicitActivationEvents: readonly string[];
  readonly eagerActivationEvents: readonly string[];
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

/** Missing, older than its inputs, or a development build (maps with sources): build it. */
function bundleIsStale(): boolean {
  if (!existsSync(BUNDLE) || !existsSync(DECODER_BUNDLE)) {
    return true;
  }
  const inputs = ["src", "esbuild.js", "package.json", "package-lock.json", "tsconfig.json"].map((path) => join(ROOT, path)).filter((path) => existsSync(path));
  if (Math.max(...inputs.map(newestMtime)) > statSync(BUNDLE).mtimeMs) {
    return true;
  }
  const map = `${BUNDLE}.map`;
  return existsSync(map) && readFileSync(map, "utf8").includes('"sourcesContent"');
}

interface NodeBundleOptions {
  readonly entryPoints: string[];
  readonly outfile: string;
  readonly format: "cjs";
  readonly platform: "node";
  readonly target: string;
  readonly external?: string[];
  readonly supported?: Record<string, boolean>;
  readonly plugins: esbuild.Plugin[];
}

/** esbuild.js's own settings for the two Node bundles, so what is measured is what ships. */
function nodeBundles(): { extension: NodeBundleOptions; decoder: NodeBundleOptions } {
  return (createRequire(__filename)(join(ROOT, "esbuild.js")) as { nodeBundles: { extension: NodeBundleOptions; decoder: NodeBundleOptions } }).nodeBundles;
}

/** What fills a bundle: esbuild.js's production settings, built in memory. */
async function largestInputs(options: NodeBundleOptions): Promise<{ total: number; inputs: { name: string; bytes: number }[] }> {
  const result = await esbuild.build({
    ...options,
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith(".js"))?.[1];
  const byPackage = new Map<string, number>();
  for (const [file, input] of Object.entries(output?.inputs ?? {})) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? (file.startsWith("src/") ? "src/ (ours)" : file);
    byPackage.set(name, (byPackage.get(name) ?? 0) + input.bytesInOutput);
  }
  const inputs = [...byPackage].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
  return { total: output?.bytes ?? 0, inputs };
}

/** Bundles startupChild.ts (with the stand-in) into one CommonJS file that plain `node` runs. */
async function buildChild(folder: string): Promise<string> {
  const outfile = join(folder, "startupChild.cjs");
  await esbuild.build({ entryPoints: [join(__dirname, "startupChild.ts")], outfile, bundle: true, format: "cjs", platform: "node", target: "node20", logLevel: "silent" });
  return outfile;
}

interface Manifest {
  activationEvents?: string[];
  contributes?: { commands?: { command: string }[]; views?: Record<string, { id: string }[]> };
}

export async function benchStartup(runs: number, progress: (line: string) => void): Promise<StartupResult> {
  const rebuilt = bundleIsStale();
  if (rebuilt) {
    progress("startup: dist/extension.js is missing or stale, running npm run build");
    execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  }
  const bundleBytes = statSync(BUNDLE).size;
  const gzipBytes = gzipSync(readFileSync(BUNDLE)).length;
  const bundles = nodeBundles();
  const { inputs } = await largestInputs(bundles.extension);
  const decoder = await largestInputs(bundles.decoder);

  const folder = mkdtempSync(join(tmpdir(), "cloudflare-mtls-bench-"));
  const samples: StartupSample[] = [];
  try {
    const child = await buildChild(folder);
    const run = promisify(execFile);
    for (let index = 0; index < runs; index++) {
      const { stdout } = await run(process.execPath, [child, BUNDLE, ROOT], { cwd: ROOT, timeout: 30_000 });
      samples.push(JSON.parse(stdout.trim()) as StartupSample);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }

  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Manifest;
  const activationEvents = manifest.activationEvents ?? [];
  const contributedCommands = (manifest.contributes?.commands ?? []).map((command) => command.command);
  const views = Object.values(manifest.contributes?.views ?? {}).flatMap((list) => list.map((view) => view.id));
  // Since VS Code 1.74 contributed views and commands activate the extension by themselves.
  const implicitActivationEvents = [...views.map((id) => `onView:${id}`), ...contributedCommands.map((id) => `onCommand:${id}`)];
  // onStartupFinished waits for the workbench to have started (the expiry watch needs it); `*`
  // would put our activation inside the editor's start-up.
  const eagerActivationEvents = activationEvents.filter((event) => event === "*");

  const last = samples[samples.length - 1];
  const result: StartupResult = {
    rebuilt,
    bundleBytes,
    gzipBytes,
    largestInputs: inputs.slice(0, 6),
    decoderBytes: statSync(DECODER_BUNDLE).size,
    decoderLargestInputs: decoder.inputs.slice(0, 4),
    decoderRequireMs: median(samples.map((sample) => sample.decoderRequireMs)),
    requireMs: median(samples.map((sample) => sample.requireMs)),
    activateMs: median(samples.map((sample) => sample.activateMs)),
    processReadyMs: median(samples.map((sample) => sample.processReadyMs)),
    runs,
    registeredCommands: last?.record.registeredCommands.length ?? 0,
    contributedCommands: contributedCommands.length,
    subscriptions: last?.subscriptions ?? 0,
    activationEvents,
    implicitActivationEvents,
    eagerActivationEvents,
  };
  progress(`startup: require ${formatMs(result.requireMs)}, activate ${formatMs(result.activateMs)}`);
  return result;
}

export function startupSection(result: StartupResult): BenchSection {
  const overBudget = result.bundleBytes > BUNDLE_BUDGET_BYTES;
  const eager = result.eagerActivationEvents.length > 0;
  const declared = result.activationEvents.length === 0 ? "[] declared" : result.activationEvents.join(", ");
  const implicitViews = result.implicitActivationEvents.filter((event) => event.startsWith("onView:"));
  const implicitCommands = result.implicitActivationEvents.length - implicitViews.length;
  return {
    title: `Start-up (${result.runs} fresh Node processes, \`vscode\` stand-in, signed out)`,
    rows: [
      {
        measurement: "dist/extension.js size",
        ours: `${formatKb(result.bundleBytes)} (gzip ${formatKb(result.gzipBytes)})`,
        reference: `budget ${formatKb(BUNDLE_BUDGET_BYTES)}`,
        ratio: overBudget ? `${((result.bundleBytes / BUNDLE_BUDGET_BYTES) * 100).toFixed(0)}% of budget, OVER` : `${((result.bundleBytes / BUNDLE_BUDGET_BYTES) * 100).toFixed(0)}% of budget`,
        note: `largest: ${result.largestInputs.map((input) => `${input.name} ${formatKb(input.bytes)}`).join(", ")}${result.rebuilt ? " (rebuilt for this run)" : ""}`,
      },
      {
        measurement: "require(dist/extension.js)",
        ours: formatMs(result.requireMs),
        reference: "",
        ratio: "",
        note: `median; before it, Node and the harness took ${formatMs(result.processReadyMs)} to start`,
      },
      {
        measurement: "dist/certificates.js size",
        ours: formatKb(result.decoderBytes),
        reference: "",
        ratio: "",
        note: `the decoder, loaded on first decode, never at activation; largest: ${result.decoderLargestInputs.map((input) => `${input.name} ${formatKb(input.bytes)}`).join(", ")}`,
      },
      {
        measurement: "require(dist/certificates.js)",
        ours: formatMs(result.decoderRequireMs),
        reference: "",
        ratio: "",
        note: "median; paid once, by the first upload, inspect or details",
      },
      {
        measurement: "activate(context)",
        ours: formatMs(result.activateMs),
        reference: "",
        ratio: "",
        note: `${result.registeredCommands}/${result.contributedCommands} commands registered, ${result.subscriptions} subscriptions, no crash`,
      },
      {
        measurement: "activation events",
        ours: eager ? `FAIL: ${result.eagerActivationEvents.join(", ")}` : "after start-up only (no *) ✓",
        reference: "",
        ratio: "",
        note: `${declared}; implicit: ${implicitViews.join(", ")} + ${implicitCommands} onCommand`,
      },
    ],
  };
}
