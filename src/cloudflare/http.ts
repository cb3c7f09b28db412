// The narrow fetch shape the client is given. The extension passes node-fetch; tests pass node-fetch
// against the sandbox or a scripted fake. Keeping it this small means anything fetch-shaped fits
// and the core never depends on a particular HTTP library.

export interface FetchRequestInit {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly signal: AbortSignal;
  /**
   * Always "manual": a redirect would carry X-Auth-Key to another host (node-fetch strips only
   * Authorization across hosts), and the Cloudflare API never redirects.
   */
  readonly redirect: "manual";
}

export interface FetchResponseHeaders {
  get(name: string): string | null;
}

export interface FetchResponse {
  readonly status: number;
  readonly statusText?: string;
  readonly headers: FetchResponseHeaders;
  /**
   * The decoded body as a stream (node-fetch's Readable), read chunk by chunk so an oversized
   * answer is given up early. Without it the client falls back to text().
   */
  readonly body?: AsyncIterable<Uint8Array | string> | null;
  text(): Promise<string>;
}

export type Fetch = (url: string, init: FetchRequestInit) => Promise<FetchResponse>;
