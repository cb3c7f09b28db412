// What every e2e suite gets from test/e2e/run.ts: the workbench page (code-server with the
// packaged extension installed), the sandbox behind it, the workspace folder, and screenshots.
// Suites call `e2eContext()` inside their hooks or tests, never at load time.
import type { Browser, Page } from "playwright-core";
import type { CloudflareSandbox } from "../support/cloudflareSandbox";
import type { EditorTools } from "../harness/editorTools";
import type { SampleWorkspace } from "../harness/sampleWorkspace";

export interface E2eContext {
  readonly browser: Browser;
  /** The workbench, already loaded; shared by all suites in the run, in order. */
  readonly page: Page;
  /** The URL the page was opened with (to reload or open a second window). */
  readonly workbenchUrl: string;
  /** Seeded "demo": sign in with DEMO_API_TOKEN. */
  readonly sandbox: CloudflareSandbox;
  readonly workspace: SampleWorkspace;
  /** Node 24, code-server and Chromium, for a suite that starts an editor of its own. */
  readonly tools: EditorTools;
  /** The workbench's user settings.json on disk (what the extension host reads). */
  readonly userSettingsFile: string;
  /** The packaged extension the workbench has installed (dist/cloudflare-mtls.vsix). */
  readonly vsix: string;
  /** Saves a named screenshot of the page (or of `page`) into test-results/e2e/ and returns its path. */
  readonly screenshot: (name: string, page?: Page) => Promise<string>;
  /**
   * Saves README's picture media/screenshots/<file>.png (1280×800) of the page, and a copy
   * into test-results/e2e/. A full run fails unless it took every picture README shows.
   */
  readonly readmePicture: (file: string, name: string) => Promise<string>;
}

let current: E2eContext | undefined;

export function setE2eContext(context: E2eContext | undefined): void {
  current = context;
}

export function e2eContext(): E2eContext {
  if (!current) {
    throw new Error("no e2e context: run the e2e suites through test/e2e/run.ts");
  }
  return current;
}
