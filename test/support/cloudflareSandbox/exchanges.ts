// Every finished exchange of every sandbox, for observers that watch all the traffic of a test
// run (the contract test checks each one against Cloudflare's schema). Observers are called
// when a request's answer has been sent, or its connection cut.
import type { RecordedRequest } from "./types";

export type ExchangeObserver = (exchange: Readonly<RecordedRequest>) => void;

const observers = new Set<ExchangeObserver>();

/** Calls `observer` for every exchange of every sandbox from now on; returns the way to stop. */
export function observeEveryExchange(observer: ExchangeObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export function reportExchange(exchange: Readonly<RecordedRequest>): void {
  for (const observer of observers) {
    observer(exchange);
  }
}
