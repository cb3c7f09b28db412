// The environment variables through which a runner (runInCodeServer.ts, runTest.ts) hands values to
// the integration tests running inside the extension host, which inherits the runner's environment.
// Shared by both sides so the names cannot drift apart.

export const INTEGRATION_ENV = {
  /** Base URL of the Cloudflare sandbox the runner started (also in the user settings). */
  sandboxUrl: "CLOUDFLARE_MTLS_SANDBOX_URL",
  /** An API token the sandbox accepts (the demo seed's). */
  sandboxToken: "CLOUDFLARE_MTLS_SANDBOX_TOKEN",
  /** Folder the workbench opened, holding sample .pem files. */
  workspaceFolder: "CLOUDFLARE_MTLS_WORKSPACE",
  /** JSON-lines report the runner follows (see testReport.ts). */
  reportFile: "CLOUDFLARE_MTLS_TEST_REPORT",
  /** Optional: only run tests whose full title matches this regular expression. */
  grep: "CLOUDFLARE_MTLS_TEST_GREP",
  /** Optional: per-test timeout in ms (default 20000, as for unit tests). */
  testTimeoutMs: "CLOUDFLARE_MTLS_TEST_TIMEOUT_MS",
} as const;

/** Reads a variable the runner must have set; a test run without it is misconfigured, so say so. */
export function requiredEnvironment(name: (typeof INTEGRATION_ENV)[keyof typeof INTEGRATION_ENV]): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(`${name} is not set: run the integration tests through test/integration/runInCodeServer.ts or runTest.ts`);
  }
  return value;
}

export function sandboxUrl(): string {
  return requiredEnvironment(INTEGRATION_ENV.sandboxUrl);
}

export function sandboxToken(): string {
  return requiredEnvironment(INTEGRATION_ENV.sandboxToken);
}
