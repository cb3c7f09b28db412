// A scripted, in-memory `Fetch` for the client's pure logic (retries, backoff, timeouts, aborts,
// page walking) where a server cannot easily misbehave on cue. It records every call and answers
// from a handler; it is a fake with behaviour, not a mock with expectations.
import type { Fetch, FetchRequestInit, FetchResponse } from "../../../src/cloudflare/http";
import type { ResultInfo } from "../../../src/cloudflare/types";

export interface ScriptedCall {
  readonly url: URL;
  readonly init: FetchRequestInit;
  /** Path after the base URL's "/client/v4", without the query. */
  readonly path: string;
  readonly query: Record<string, string>;
}

export type ScriptedReply =
  | {
      readonly status: number;
      readonly json?: unknown;
      readonly text?: string;
      readonly statusText?: string;
      readonly headers?: Readonly<Record<string, string>>;
      /** text() rejects with this: a body cut off mid-way. */
      readonly bodyError?: Error;
      /** text() never settles, ignoring the signal: a server that stalls mid-body. */
      readonly bodyHangs?: boolean;
    }
  /** fetch() rejects with this: no answer at all. */
  | { readonly throws: unknown }
  /** fetch() never settles and ignores its signal, so only the client's own race can end it. */
  | { readonly hangs: true };

export type ScriptedHandler = (call: ScriptedCall, index: number) => ScriptedReply | Promise<ScriptedReply>;

export const SCRIPTED_BASE_URL = "https://api.test.invalid/client/v4";

function response(reply: Extract<ScriptedReply, { status: number }>): FetchResponse {
  const headers = new Map(Object.entries(reply.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  return {
    status: reply.status,
    ...(reply.statusText !== undefined ? { statusText: reply.statusText } : {}),
    headers: { get: (name) => headers.get(name.toLowerCase()) ?? null },
    text: () => {
      if (reply.bodyHangs) {
        return new Promise<string>(() => undefined);
      }
      if (reply.bodyError !== undefined) {
        return Promise.reject(reply.bodyError);
      }
      return Promise.resolve(reply.text ?? (reply.json === undefined ? "" : JSON.stringify(reply.json)));
    },
  };
}

export class ScriptedFetch {
  readonly calls: ScriptedCall[] = [];
  private inFlightNow = 0;
  /** Most calls that were in flight at once (until their body was read). */
  maxInFlight = 0;

  constructor(private readonly handler: ScriptedHandler) {}

  /** Answers the calls with `replies` in order; a call past the end fails the test. */
  static sequence(...replies: ScriptedReply[]): ScriptedFetch {
    return new ScriptedFetch((_call, index) => {
      const reply = replies[index];
      if (!reply) {
        throw new Error(`ScriptedFetch: unexpected call #${index + 1}`);
      }
      return reply;
    });
  }

  readonly fetch: Fetch = async (url, init) => {
    const parsed = new URL(url);
    const call: ScriptedCall = {
      url: parsed,
      init,
      path: parsed.pathname.replace(/^\/client\/v4/, ""),
      query: Object.fromEntries(parsed.searchParams),
    };
    const index = this.calls.push(call) - 1;
    this.inFlightNow++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlightNow);
    try {
      const reply = await this.handler(call, index);
      if ("hangs" in reply) {
        return await new Promise<FetchResponse>(() => undefined);
      }
      if ("throws" in reply) {
        throw reply.throws;
      }
      return response(reply);
    } finally {
      this.inFlightNow--;
    }
  };
}

export function ok(result: unknown, resultInfo?: Partial<Record<keyof ResultInfo, number | null>>, headers?: Record<string, string>): ScriptedReply {
  return { status: 200, json: { success: true, errors: [], messages: [], result, ...(resultInfo ? { result_info: resultInfo } : {}) }, ...(headers ? { headers } : {}) };
}

export function failure(status: number, errors: readonly { code: number; message: string }[], headers?: Record<string, string>): ScriptedReply {
  return { status, json: { success: false, errors, messages: [], result: null }, ...(headers ? { headers } : {}) };
}

/** What node-fetch throws when nothing answers: a FetchError-like object with a system code. */
export function systemError(code: string, detail = ""): Error {
  return Object.assign(new Error(`request failed, reason: ${code} ${detail}`), { code, type: "system" });
}

/** A sleep that records the delays asked for and returns at once: no test waits for real. */
export function recordingSleep(): { sleep: (ms: number, signal?: AbortSignal) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
  };
}

/** A promise resolved from outside, to order events without timers. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}
