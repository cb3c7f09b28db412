import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { readmePictureProblems, ScreenshotRecorder } from "../../e2e/screenshots";

/** Stands in for a Playwright page: writes a file where the screenshot would go. */
const fakePage = {
  screenshot: ({ path }: { path: string }) => {
    writeFileSync(path, "png");
    return Promise.resolve(Buffer.from("png"));
  },
} as unknown as Page;

suite("harness: e2e screenshots", () => {
  test("numbers the files in order and keeps an escaped contact sheet", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shots-test-"));
    try {
      const recorder = new ScreenshotRecorder(join(dir, "e2e"));
      const first = await recorder.take(fakePage, "Workbench loaded", "smoke loads");
      await recorder.take(fakePage, "<script>alert(1)</script> & more", "");
      assert.equal(first, join(dir, "e2e", "01-workbench-loaded.png"));
      assert.equal(existsSync(join(dir, "e2e", "02-script-alert-1-script-more.png")), true);
      const sheet = readFileSync(join(dir, "e2e", "index.html"), "utf8");
      assert.match(sheet, /<img src="01-workbench-loaded.png" alt="Workbench loaded"/);
      assert.match(sheet, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; more/);
      assert.doesNotMatch(sheet, /<script>alert/);
      assert.match(sheet, /2 screenshot\(s\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("README's pictures: each one shown and each one in the folder was taken by the run", () => {
    const readme = "# X\n![The tree](media/screenshots/tree.png)\n![Details](media/screenshots/details-dark.png)\n";
    assert.deepEqual(readmePictureProblems(readme, ["tree.png", "details-dark.png"], new Set(["tree", "details-dark"])), []);
    assert.deepEqual(readmePictureProblems(readme, ["tree.png", "old.png", "notes.txt"], new Set(["tree", "extra"])), [
      "README shows media/screenshots/details-dark.png, which no e2e test takes",
      "media/screenshots/old.png was not taken by this run: delete it or take it in a test",
    ]);
    assert.deepEqual(readmePictureProblems("no pictures", ["extra.png"], new Set(["extra"])), ["media/screenshots/extra.png is taken but README does not show it"]);
  });
});
