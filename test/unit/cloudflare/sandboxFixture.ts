// Shared set-up for the suites that run the client over real HTTP: a fresh sandbox per test, a
// token and an account in it, and clients that use node-fetch (what the extension ships) with a
// recording sleep, so retries never wait for real.
import fetch from "node-fetch";
import { CloudflareClient, type CloudflareClientOptions } from "../../../src/cloudflare/client";
import type { Fetch } from "../../../src/cloudflare/http";
import { startSandbox, type CloudflareSandbox, type SandboxAccount, type SandboxOptions } from "../../support/cloudflareSandbox";

/** node-fetch, typed as the client's narrow Fetch: this assignment is the compatibility check. */
export const nodeFetch: Fetch = fetch;

/** A distinctive token, so a leak is found by a plain substring search. */
export const SANDBOX_TOKEN = "sbx-T0KEN-4c1d8e2f6a9b3057";

export interface SandboxFixture {
  readonly sandbox: CloudflareSandbox;
  readonly account: SandboxAccount;
  /** Delays the clients' sleep was asked for, in order. */
  readonly sleeps: number[];
  readonly client: (options?: Partial<CloudflareClientOptions>) => CloudflareClient;
}

/** Registers setup/teardown in the calling suite and returns an accessor for the current fixture. */
export function useSandbox(options: SandboxOptions = {}): () => SandboxFixture {
  let current: SandboxFixture | undefined;
  setup(async () => {
    const sandbox = await startSandbox(options);
    sandbox.addApiToken(SANDBOX_TOKEN);
    const account = sandbox.addAccount({ name: "Example Account" });
    const sleeps: number[] = [];
    current = {
      sandbox,
      account,
      sleeps,
      client: (clientOptions = {}) =>
        new CloudflareClient({
          fetch: nodeFetch,
          credentials: { kind: "apiToken", token: SANDBOX_TOKEN },
          baseUrl: sandbox.baseUrl,
          sleep: (ms) => {
            sleeps.push(ms);
            return Promise.resolve();
          },
          ...clientOptions,
        }),
    };
  });
  teardown(async () => {
    await current?.sandbox.close();
    current = undefined;
  });
  return () => {
    if (!current) {
      throw new Error("the sandbox fixture is only available inside a test");
    }
    return current;
  };
}
