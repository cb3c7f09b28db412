// Named screenshots of the workbench, saved under test-results/e2e/ with an index.html contact
// sheet, so a person can look at what the tests saw (and a failing run shows where it stopped).
// A few of them are README's pictures too (media/screenshots/), taken at README_PICTURE_SIZE, so
// every e2e run redraws them from the extension as it is.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Page } from "playwright-core";

/**
 * README's pictures: 1280×800 (16:10). The Marketplace (and GitHub) show README images scaled
 * to the page's content column, so a wider window only shrinks the text; this is the size of a
 * small laptop's editor window, where the tree, a details view and a dialog are all readable.
 */
export const README_PICTURE_SIZE = { width: 1280, height: 800 } as const;

/** Where README.md finds its pictures, as a path relative to README. */
export const README_PICTURES_PATH = "media/screenshots";

export interface Screenshot {
  readonly name: string;
  readonly file: string;
  /** The test that took it, for the contact sheet. */
  readonly test: string;
  readonly takenAt: Date;
}

export class ScreenshotRecorder {
  private readonly taken: Screenshot[] = [];
  private readonly readmePictures = new Set<string>();

  /** `readmeDirectory`: where README's pictures go (the checkout's media/screenshots/). */
  constructor(
    readonly directory: string,
    readonly readmeDirectory?: string,
  ) {
    mkdirSync(directory, { recursive: true });
  }

  /** Saves `<nn>-<name>.png` (numbered in order taken) and rewrites the contact sheet. */
  async take(page: Page, name: string, test = ""): Promise<string> {
    const path = join(this.directory, this.nextFile(name));
    await page.screenshot({ path });
    return this.record(path, name, test);
  }

  /**
   * Saves README's picture `<readmeDirectory>/<file>.png` at README_PICTURE_SIZE (the page is
   * resized for it, then given its own size back), and puts a copy on the contact sheet.
   */
  async takeReadmePicture(page: Page, file: string, name: string, test = ""): Promise<string> {
    if (!this.readmeDirectory) {
      throw new Error("this recorder was made without a README pictures directory");
    }
    if (!/^[a-z0-9-]+$/.test(file)) {
      throw new Error(`a README picture's name is lower-case letters, digits and dashes: ${file}`);
    }
    mkdirSync(this.readmeDirectory, { recursive: true });
    const picture = join(this.readmeDirectory, `${file}.png`);
    const viewport = page.viewportSize();
    await page.setViewportSize(README_PICTURE_SIZE);
    try {
      await afterLayout(page);
      await page.screenshot({ path: picture });
    } finally {
      if (viewport) {
        await page.setViewportSize(viewport);
        await afterLayout(page);
      }
    }
    this.readmePictures.add(file);
    const copy = join(this.directory, this.nextFile(`README ${file} ${name}`));
    copyFileSync(picture, copy);
    this.record(copy, `README picture ${file}.png: ${name}`, test);
    return picture;
  }

  get screenshots(): readonly Screenshot[] {
    return this.taken;
  }

  /** The README pictures taken so far, by name (without .png). */
  get readmePicturesTaken(): ReadonlySet<string> {
    return this.readmePictures;
  }

  private nextFile(name: string): string {
    return `${String(this.taken.length + 1).padStart(2, "0")}-${slug(name)}.png`;
  }

  private record(path: string, name: string, test: string): string {
    this.taken.push({ name, file: basename(path), test, takenAt: new Date() });
    this.writeContactSheet();
    return path;
  }

  writeContactSheet(): void {
    const figures = this.taken
      .map(
        (shot) =>
          `<figure><a href="${escapeHtml(shot.file)}"><img src="${escapeHtml(shot.file)}" alt="${escapeHtml(shot.name)}" loading="lazy"></a>` +
          `<figcaption><strong>${escapeHtml(shot.name)}</strong>${shot.test ? `<br><span>${escapeHtml(shot.test)}</span>` : ""}</figcaption></figure>`,
      )
      .join("\n");
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cloudflare mTLS e2e screenshots</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 24px; }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 16px; }
figure { margin: 0; border: 1px solid #ccc; padding: 8px; }
img { width: 100%; height: auto; display: block; }
figcaption span { color: #555; }
</style></head>
<body><h1>Cloudflare mTLS e2e screenshots</h1><p>${this.taken.length} screenshot(s), ${escapeHtml(new Date().toISOString())}</p>
<main>
${figures}
</main></body></html>
`;
    writeFileSync(join(this.directory, "index.html"), html);
  }
}

/**
 * What keeps README's pictures and the e2e run in step, after a full run: every picture README
 * shows and every file in the pictures directory must have been taken by this run.
 */
export function readmePictureProblems(readme: string, filesInDirectory: readonly string[], taken: ReadonlySet<string>): string[] {
  const shown = [...readme.matchAll(new RegExp(`\\(${README_PICTURES_PATH}/([^)\\s]+)\\.png\\)`, "g"))].map((match) => match[1] ?? "");
  const problems = shown.filter((file) => !taken.has(file)).map((file) => `README shows ${README_PICTURES_PATH}/${file}.png, which no e2e test takes`);
  for (const file of filesInDirectory.filter((name) => name.endsWith(".png")).map((name) => name.slice(0, -".png".length))) {
    if (!taken.has(file)) {
      problems.push(`${README_PICTURES_PATH}/${file}.png was not taken by this run: delete it or take it in a test`);
    } else if (!shown.includes(file)) {
      problems.push(`${README_PICTURES_PATH}/${file}.png is taken but README does not show it`);
    }
  }
  return problems;
}

/** Waits until the workbench has laid itself out again (after a resize, say). */
async function afterLayout(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "screenshot"
  );
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
