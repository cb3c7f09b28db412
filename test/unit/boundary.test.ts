// The pure core never imports vscode, not even as a type: it must stay usable (and testable)
// outside the editor. Lint enforces the same; this cannot be switched off by accident.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const PURE = ["src/cloudflare", "src/certificates", "src/views/treeModel.ts", "src/views/detailsHtml.ts", "src/views/detailsModel.ts", "src/views/detailsProtocol.ts", "src/commands/errorMessages.ts", "src/commands/uploadPlan.ts", "src/commands/deletionSummary.ts", "src/commands/credentialInput.ts", "src/commands/dashboardLinks.ts", "src/redaction.ts", "src/apiBaseUrlPolicy.ts"];

function files(path: string): string[] {
  const full = join(root, path);
  if (statSync(full).isFile()) {
    return [full];
  }
  return readdirSync(full).flatMap((entry) => files(join(path, entry)));
}

suite("pure modules", () => {
  for (const path of PURE) {
    test(`${path} never imports vscode`, () => {
      const sources = files(path).filter((file) => file.endsWith(".ts"));
      assert.ok(sources.length > 0, `${path} exists`);
      for (const file of sources) {
        const text = readFileSync(file, "utf8");
        assert.doesNotMatch(text, /from\s+["']vscode["']|require\(\s*["']vscode["']\s*\)|import\(\s*["']vscode["']\s*\)/, file);
      }
    });
  }
});
