// The environment variables through which a runner (runInCodeServer.ts, runTest.ts) hands values to
// the integration tests running inside the extension host, which inherits the runner's environment.
// Shared by both sides so the names cannot drift apart.
import { readFileSync } from "node:fs";

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
  /** PEM file: a server certificate for the TLS sandbox hosts below, issued by the test CA. */
  tlsCertificateFile: "CLOUDFLARE_MTLS_TLS_CERTIFICATE_FILE",
  /** PEM file: its private key. */
  tlsPrivateKeyFile: "CLOUDFLARE_MTLS_TLS_PRIVATE_KEY_FILE",
} as const;

/**
 * Where the proxy suite serves the sandbox over TLS (the runner's certificate names both).
 * `proxied` is a name only the suite's proxy resolves, as a corporate proxy resolves names its
 * clients cannot: a request that went around the proxy fails. (VS Code never proxies localhost
 * or 127.0.0.1, so those would prove nothing.) `noProxy` is in the extension host's NO_PROXY,
 * which the runner sets, as VS Code reads it once, when the host starts.
 */
export const TLS_SANDBOX_HOSTS = { proxied: "cloudflare-sandbox.test", noProxy: "127.0.0.3" } as const;

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

/** The TLS sandbox's certificate and key, issued by the CA the extension host trusts. */
export function tlsServerIdentity(): { certificatePem: string; privateKeyPem: string } {
  return {
    certificatePem: readFileSync(requiredEnvironment(INTEGRATION_ENV.tlsCertificateFile), "utf8"),
    privateKeyPem: readFileSync(requiredEnvironment(INTEGRATION_ENV.tlsPrivateKeyFile), "utf8"),
  };
}
