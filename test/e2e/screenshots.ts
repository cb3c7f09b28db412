// Named screenshots of the workbench, saved under test-results/e2e/ with an index.html contact
// sheet, so a person can look at what the tests saw (and a failing run shows where it stopped).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";

export interface Screenshot {
  readonly name: string;
  readonly file: string;
  /** The test that took it, for the contact sheet. */
  readonly test: string;
  readonly takenAt: Date;
}

export class ScreenshotRecorder {
  private readonly taken: Screenshot[] = [];

  constructor(readonly directory: string) {
    mkdirSync(directory, { recursive: true });
  }

  /** Saves `<nn>-<name>.png` (numbered in order taken) and rewrites the contact sheet. */
  async take(page: Page, name: string, test = ""): Promise<string> {
    const file = `${String(this.taken.length + 1).padStart(2, "0")}-${slug(name)}.png`;
    await page.screenshot({ path: join(this.directory, file) });
    this.taken.push({ name, file, test, takenAt: new Date() });
    this.writeContactSheet();
    return join(this.directory, file);
  }

  get screenshots(): readonly Screenshot[] {
    return this.taken;
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
