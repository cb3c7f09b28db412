// The pure core never imports vscode, not even as a type: it must stay usable (and testable)
// outside the editor. Lint enforces the same; this cannot be switched off by accident.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
/** The one list of pure modules; eslint.config.mjs reads it too. */
const PURE = (JSON.parse(readFileSync(join(root, "pure-modules.json"), "utf8")) as { paths: string[] }).paths.map((path) => path.replace(/\/$/, ""));

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

/** Parts of src/certificates that need no ASN.1 library, so the extension may load them eagerly. */
const LIGHT_CERTIFICATE_MODULES = new Set(["errors", "expiry", "fingerprints", "md5Match", "pem", "derLength", "pemMarker", "slices"]);

suite("the decoder loads on first use", () => {
  test("outside src/certificates, only light modules are imported for their values; the rest goes through loadCertificateDecoder", () => {
    const outside = files("src").filter((file) => file.endsWith(".ts") && !file.includes(join("src", "certificates")));
    const eager: string[] = [];
    for (const file of outside) {
      for (const match of readFileSync(file, "utf8").matchAll(/^import\s+(type\s+)?[^;]*?from\s+["'](?:\.\.?\/)+certificates\/([\w]+)["'];/gms)) {
        const [, typeOnly, module] = match;
        if (!typeOnly && module !== undefined && !LIGHT_CERTIFICATE_MODULES.has(module)) {
          eager.push(`${file.slice(root.length + 1)} imports certificates/${module}`);
        }
      }
    }
    assert.deepEqual(eager, [], "these would put the ASN.1 stack back into dist/extension.js");
  });

  test("light modules import nothing heavy", () => {
    for (const module of LIGHT_CERTIFICATE_MODULES) {
      const text = readFileSync(join(root, "src", "certificates", `${module}.ts`), "utf8");
      const imports = [...text.matchAll(/from\s+["']([^"']+)["']/g)].map((match) => match[1]);
      // node:crypto, or another light module of src/certificates.
      assert.deepEqual(imports.filter((source) => source !== "node:crypto" && !(source?.startsWith("./") && LIGHT_CERTIFICATE_MODULES.has(source.slice(2)))), [], `${module}.ts`);
    }
  });
});
