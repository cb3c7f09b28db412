// Cancellation helpers. A caller's AbortSignal must stop work at once, even when the thing being
// awaited (an injected fetch or sleep) ignores the signal, so every wait is raced against it.
//
// One listener per signal: a caller may hand the same signal to hundreds of calls at once (the
// Access certificates of 200 zones under one refresh). Each call subscribes through onAbort, which
// adds a single "abort" listener to the signal and fans out to every subscriber, so Node never
// sees more than one of ours on a signal and never warns MaxListenersExceededWarning, however many
// calls share it. Every subscription is removed when its call settles.

type AbortCallback = () => void;

interface Subscription {
  readonly callbacks: Set<AbortCallback>;
  readonly listener: () => void;
}

/** The callbacks subscribed to each signal, and the signal's one listener that calls them all. */
const subscriptions = new WeakMap<AbortSignal, Subscription>();

/**
 * Calls `callback` once when `signal` aborts (at once if it already has). Returns the unsubscribe;
 * call it when the work settles. Adds at most one listener to `signal`, for all subscribers, and
 * removes it when the last one unsubscribes.
 */
export function onAbort(signal: AbortSignal, callback: AbortCallback): () => void {
  if (signal.aborted) {
    callback();
    return () => undefined;
  }
  let subscription = subscriptions.get(signal);
  if (!subscription) {
    const callbacks = new Set<AbortCallback>();
    const listener = () => {
      subscriptions.delete(signal);
      for (const subscribed of [...callbacks]) {
        subscribed();
      }
    };
    subscription = { callbacks, listener };
    subscriptions.set(signal, subscription);
    signal.addEventListener("abort", listener, { once: true });
  }
  const { callbacks, listener } = subscription;
  const entry: AbortCallback = () => callback();
  callbacks.add(entry);
  return () => {
    callbacks.delete(entry);
    if (callbacks.size === 0 && subscriptions.get(signal)?.callbacks === callbacks) {
      subscriptions.delete(signal);
      signal.removeEventListener("abort", listener);
    }
  };
}

/** The error a cancelled call rejects with; `isAbortError` recognises it by name. */
export function createAbortError(): Error {
  return new DOMException("The Cloudflare API call was cancelled.", "AbortError");
}

/**
 * Settles like `work`, unless `signal` aborts first: then rejects at once with `onAbort()`.
 * The listener is removed either way, so long-lived signals do not accumulate listeners.
 */
export function raceWithSignal<T>(work: Promise<T>, signal: AbortSignal, abortError: () => Error): Promise<T> {
  if (signal.aborted) {
    // Keep a late rejection of `work` from surfacing as unhandled.
    work.catch(() => undefined);
    return Promise.reject(abortError());
  }
  let unsubscribe = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    unsubscribe = onAbort(signal, () => reject(abortError()));
  });
  // Promise.race subscribes to `work`, so its late rejection is handled too.
  return Promise.race([work, aborted]).finally(() => unsubscribe());
}

/** The default `sleep`: resolves after `ms`, rejects with an AbortError as soon as `signal` aborts. */
export function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) {
    return Promise.reject(createAbortError());
  }
  return new Promise<void>((resolve, reject) => {
    let unsubscribe = (): void => undefined;
    const timer = setTimeout(() => {
      unsubscribe();
      resolve();
    }, ms);
    if (signal) {
      unsubscribe = onAbort(signal, () => {
        clearTimeout(timer);
        reject(createAbortError());
      });
    }
  });
}
