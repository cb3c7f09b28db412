import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const srcRoot = join(__dirname, "..", "..", "..", "src");

function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? typeScriptFiles(path) : entry.name.endsWith(".ts") ? [path] : [];
  });
}

suite("sandbox: stays out of the shipped code", () => {
  test("no file under src/ imports the sandbox or anything else from test/", () => {
    const offenders = typeScriptFiles(srcRoot).filter((file) => /from\s+["'][^"']*(cloudflareSandbox|\/test\/)[^"']*["']|require\(\s*["'][^"']*cloudflareSandbox/.test(readFileSync(file, "utf8")));
    assert.deepEqual(offenders, []);
  });
});
