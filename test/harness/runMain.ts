// The top of every runner script: run `main`, exit with its code, and turn an error outside the
// tests (an install, a build, a server that would not start) into a readable message and a
// failed run, with the closing line CI reads.
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`\n${describeError(error)}`);
      console.log("\n0 passed, 1 failed");
      process.exit(1);
    },
  );
}

/** The message and its causes, one per line; a stack only for errors that are not ours to explain. */
export function describeError(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  while (current !== undefined) {
    if (current instanceof Error) {
      const isOurMessage = current.constructor === Error || current.name === "CommandFailedError";
      lines.push(lines.length === 0 ? (isOurMessage ? current.message : (current.stack ?? current.message)) : `caused by: ${current.message}`);
      current = current.cause;
    } else {
      lines.push(typeof current === "string" ? current : JSON.stringify(current));
      current = undefined;
    }
  }
  return lines.join("\n");
}
