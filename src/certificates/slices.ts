// Long CPU-bound work written as a generator that yields between steps, run either at once or
// in slices that give the event loop a turn every SLICE_MS, so a big input never holds the
// extension host for long. No I/O, no worker: the steps are each small (one PEM block, one
// certificate), so slicing bounds the longest task by the slowest single step.

/** Longest stretch of work between two turns of the event loop. */
export const SLICE_MS = 15;

/** Runs `steps` to the end synchronously. */
export function runNow<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) {
      return step.value;
    }
  }
}

/** Runs `steps` to the end, giving the event loop a turn whenever SLICE_MS have passed. */
export async function runInSlices<T>(steps: Generator<void, T>): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) {
      return step.value;
    }
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}
