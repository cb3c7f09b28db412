// Import this first in a plain-Node unit test of a VS Code-side module: it answers
// `require("vscode")` with the stand-in (./vscodeStandIn.ts), so modules that need only events,
// disposables and settings (src/auth/*) run under mocha. Anything the stand-in lacks throws and
// names itself.
import Module from "node:module";
import { createVscodeStandIn, type StandInRecord } from "./vscodeStandIn";

type ResolveFilename = (this: unknown, request: string, ...rest: unknown[]) => string;

const STAND_IN_ID = "vscode-stand-in";

export const vscodeStandInRecord: StandInRecord = { registeredCommands: [], executedCommands: [], treeViews: [], outputChannels: [] };

const internals = Module as unknown as { _resolveFilename: ResolveFilename; _cache: Record<string, unknown> };
const resolve = internals._resolveFilename;
if (!(STAND_IN_ID in internals._cache)) {
  internals._resolveFilename = function (request, ...rest) {
    return request === "vscode" ? STAND_IN_ID : resolve.call(this, request, ...rest);
  };
  internals._cache[STAND_IN_ID] = { id: STAND_IN_ID, filename: STAND_IN_ID, loaded: true, exports: createVscodeStandIn(vscodeStandInRecord) };
}
