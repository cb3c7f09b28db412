// One start-up measurement, in a fresh Node process: require dist/extension.js with `vscode`
// answered by the stand-in, then activate() with a signed-out context. startup.ts bundles this
// file with esbuild and runs it with plain `node` (no tsx hooks in the measured require), then
// reads the one JSON line it prints.
//
//   node startupChild.cjs <path to dist/extension.js> <extension folder>
import Module, { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createExtensionContext, createVscodeStandIn, type StandInRecord } from "../support/vscodeStandIn";

export interface StartupSample {
  /** performance.now() when the bundle's require began: Node's own boot plus this script. */
  readonly processReadyMs: number;
  readonly requireMs: number;
  readonly activateMs: number;
  /** The decoder bundle, required after activation the way the first decode requires it. */
  readonly decoderRequireMs: number;
  readonly subscriptions: number;
  readonly record: StandInRecord;
}

type ResolveFilename = (this: unknown, request: string, ...rest: unknown[]) => string;

const STAND_IN_ID = "vscode-stand-in";

async function main(): Promise<void> {
  const [bundlePath, extensionPath] = process.argv.slice(2);
  if (!bundlePath || !extensionPath) {
    throw new Error("usage: startupChild <bundle> <extension folder>");
  }
  const failures: unknown[] = [];
  process.on("unhandledRejection", (reason) => failures.push(reason));
  process.on("uncaughtException", (error) => failures.push(error));

  const record: StandInRecord = { registeredCommands: [], executedCommands: [], treeViews: [], outputChannels: [] };
  const standIn = createVscodeStandIn(record);
  const load = createRequire(bundlePath);
  const internals = Module as unknown as { _resolveFilename: ResolveFilename };
  const resolve = internals._resolveFilename;
  internals._resolveFilename = function (request, ...rest) {
    return request === "vscode" ? STAND_IN_ID : resolve.call(this, request, ...rest);
  };
  load.cache[STAND_IN_ID] = { id: STAND_IN_ID, filename: STAND_IN_ID, loaded: true, exports: standIn } as unknown as NodeJS.Module;
  const context = createExtensionContext(extensionPath, standIn);

  const processReadyMs = performance.now();
  const extension = load(bundlePath) as { activate?: (context: unknown) => unknown };
  const loaded = performance.now();
  if (typeof extension.activate !== "function") {
    throw new Error(`${bundlePath} exports no activate()`);
  }
  extension.activate(context);
  const activated = performance.now();

  // Let what activate() started settle (secret reads, setContext): a crash there fails the run.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const decoderStart = performance.now();
  load(join(dirname(bundlePath), "certificates.js"));
  const decoderRequireMs = performance.now() - decoderStart;
  if (failures.length > 0) {
    throw new Error(`activate() left failures behind: ${failures.map(String).join("; ")}`);
  }
  const sample: StartupSample = {
    processReadyMs,
    requireMs: loaded - processReadyMs,
    activateMs: activated - loaded,
    decoderRequireMs,
    subscriptions: context.subscriptions.length,
    record,
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
