// Cancellation helpers. A caller's AbortSignal must stop work at once, even when the thing being
// awaited (an injected fetch or sleep) ignores the signal, so every wait is raced against it.

/** The error a cancelled call rejects with; `isAbortError` recognises it by name. */
export function createAbortError(): Error {
  return new DOMException("The Cloudflare API call was cancelled.", "AbortError");
}

/**
 * Settles like `work`, unless `signal` aborts first: then rejects at once with `onAbort()`.
 * The listener is removed either way, so long-lived signals do not accumulate listeners.
 */
export function raceWithSignal<T>(work: Promise<T>, signal: AbortSignal, onAbort: () => Error): Promise<T> {
  if (signal.aborted) {
    // Keep a late rejection of `work` from surfacing as unhandled.
    work.catch(() => undefined);
    return Promise.reject(onAbort());
  }
  let abort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    abort = () => reject(onAbort());
    signal.addEventListener("abort", abort, { once: true });
  });
  // Promise.race subscribes to `work`, so its late rejection is handled too.
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener("abort", abort));
}

/** The default `sleep`: resolves after `ms`, rejects with an AbortError as soon as `signal` aborts. */
export function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) {
    return Promise.reject(createAbortError());
  }
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(createAbortError());
    };
    signal?.addEventListener("abort", abort, { once: true });
  });
}
