// `npm start` and `npm test` run this first (as prestart/pretest), so on a fresh clone either
// command is the whole set-up: it runs `npm ci` when node_modules is missing or older than
// package-lock.json. Plain Node and no dependencies, since it runs before any are installed.
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

function modifiedAt(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

const installed = modifiedAt(join(root, "node_modules", ".package-lock.json"));
const locked = modifiedAt(join(root, "package-lock.json"));
if (installed === undefined || (locked !== undefined && locked > installed)) {
  console.log(installed === undefined ? "[setup] node_modules is missing: npm ci" : "[setup] package-lock.json changed: npm ci");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`[setup] npm ci failed (exit ${result.status ?? result.signal}); fix the error above and run the command again.`);
    process.exit(result.status ?? 1);
  }
}
