// Everything a runner started, undone in reverse order exactly once: at the end of a run, on an
// error, and on Ctrl-C / SIGTERM (so a cancelled CI job or an interrupted demo leaves no
// code-server, browser or sandbox behind).
export class CleanupStack {
  private readonly steps: { readonly name: string; readonly undo: () => Promise<void> | void }[] = [];
  private running: Promise<void> | undefined;

  /** Registers `undo` to run at cleanup; the last registered runs first. */
  defer(name: string, undo: () => Promise<void> | void): void {
    this.steps.push({ name, undo });
  }

  /** True once cleanup has begun (say, on Ctrl-C): what it stops is expected to stop. */
  get isCleaningUp(): boolean {
    return this.running !== undefined;
  }

  /** Runs every step even when one fails; failures are reported, not thrown. */
  runAll(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.splice(0).reverse()) {
        try {
          await step.undo();
        } catch (error) {
          console.error(`cleanup: ${step.name} failed: ${(error as Error).message}`);
        }
      }
    })();
    return this.running;
  }

  /**
   * On SIGINT/SIGTERM: clean up, then exit with 128 + the signal's number. Later signals are
   * absorbed while cleanup runs (a terminal's Ctrl-C reaches us both directly and relayed by
   * tsx), so a second one cannot kill us halfway and orphan code-server.
   */
  exitOnSignals(onSignal?: (signal: NodeJS.Signals) => void): void {
    let received = false;
    const handle = (signal: NodeJS.Signals) => {
      if (received) {
        return;
      }
      received = true;
      onSignal?.(signal);
      void this.runAll().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
    };
    process.on("SIGINT", handle);
    process.on("SIGTERM", handle);
  }
}
