// The process warnings (MaxListenersExceededWarning and the like) emitted while some work runs.

/** Collects the warnings emitted while `work` runs, and the turn after, when Node emits them. */
export async function warningsDuring(work: () => Promise<unknown>): Promise<Error[]> {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on("warning", onWarning);
  try {
    await work();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off("warning", onWarning);
  }
  return warnings;
}
