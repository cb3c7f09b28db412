// Watches a workbench page in Chromium for the two hooks VS Code's web client calls when it runs
// extension tests (the same ones VS Code's own browser integration tests use):
// `codeAutomationLog(type, args)` for the workbench's log lines, and `codeAutomationExit(code)`
// when the extension host has finished running `extensionTestsPath`. Both must be exposed before
// the page loads.
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import { format } from "node:util";
import type { Page } from "playwright-core";
import { OutputTail } from "./childProcess";

export class WorkbenchSession {
  readonly logTail = new OutputTail(30000);
  private readonly log: WriteStream;
  private exitCode: number | undefined;
  private crash: string | undefined;

  private constructor(
    readonly page: Page,
    logFile: string,
  ) {
    mkdirSync(dirname(logFile), { recursive: true });
    this.log = createWriteStream(logFile, { flags: "w" });
  }

  /** Hooks the page; call before navigating to the workbench. */
  static async attach(page: Page, logFile: string): Promise<WorkbenchSession> {
    const session = new WorkbenchSession(page, logFile);
    await page.exposeFunction("codeAutomationExit", (code: unknown) => {
      session.exitCode = typeof code === "number" ? code : Number(code);
    });
    await page.exposeFunction("codeAutomationLog", (type: unknown, args: unknown) => {
      // The workbench logs console-style: a format string followed by its arguments.
      session.write(`[${String(type)}] ${Array.isArray(args) ? format(...(args as unknown[])) : String(args)}`);
    });
    page.on("pageerror", (error) => session.write(`[pageerror] ${error.stack ?? error.message}`));
    page.on("crash", () => {
      session.crash = "the workbench page crashed";
      session.write("[crash] the workbench page crashed");
    });
    page.on("close", () => {
      session.crash ??= "the workbench page closed";
    });
    return session;
  }

  /** The extension host's exit code once the tests finished, else undefined. */
  get extensionHostExitCode(): number | undefined {
    return this.exitCode;
  }

  /** Why the page can no longer report, if it cannot. */
  get failure(): string | undefined {
    return this.crash;
  }

  write(line: string): void {
    this.log.write(`${line}\n`);
    this.logTail.append(`${line}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.log.end(() => resolve()));
  }
}
