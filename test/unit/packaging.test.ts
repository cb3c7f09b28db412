// What the VSIX ships, as `vsce ls` computes it from .vscodeignore: only the bundle, media/, the
// manifest, the three documents and the walkthrough's pages. Build outputs (dist/extension.js, media/details.js,
// media/codicons) exist only after `npm run build`, so they are allowed but not required here;
// the e2e suite installs the real .vsix.
import assert from "node:assert/strict";
import { listFiles, PackageManager } from "@vscode/vsce";
import { REPO_ROOT } from "../harness/repoPaths";

const WALKTHROUGH_MEDIA = ["media/walkthrough/sign-in.md", "media/walkthrough/browse.md", "media/walkthrough/upload-ca.md", "media/walkthrough/inspect.md"];
const ALWAYS_SHIPPED = ["package.json", "README.md", "CHANGELOG.md", "LICENSE", "media/icon.png", "media/cloudflare-mtls.svg", "media/details.css", ...WALKTHROUGH_MEDIA];
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^CHANGELOG\.md$/, /^LICENSE$/, /^dist\/(?:extension|certificates|wranglerParsing)\.js$/, /^media\/[^/]+\.(?:css|js|png|svg)$/, /^media\/codicons\/codicon\.(?:css|ttf)$/, /^media\/walkthrough\/[a-z-]+\.md$/];

suite("packaging: the .vsix file list", () => {
  let files: string[];

  suiteSetup(async function () {
    this.timeout(60_000);
    files = (await listFiles({ cwd: REPO_ROOT, packageManager: PackageManager.None })).map((file) => file.replace(/\\/g, "/")).sort();
  });

  test("holds nothing but the bundle, media, the manifest and the documents", () => {
    const unexpected = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
    assert.deepEqual(unexpected, [], `.vscodeignore lets these into the VSIX: ${unexpected.join(", ")}`);
  });

  test("holds the manifest, the documents and the icons", () => {
    const missing = ALWAYS_SHIPPED.filter((file) => !files.includes(file));
    assert.deepEqual(missing, []);
  });

  test("ships no source map, TypeScript or test file", () => {
    assert.deepEqual(files.filter((file) => /\.(?:map|ts)$|^test\/|^src\//.test(file)), []);
  });
});
