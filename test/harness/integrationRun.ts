// What both integration runners share (code-server here, test-electron where VS Code can be
// downloaded): build and bundle, a sample workspace, the sandbox and the settings that point the
// extension at it, the environment the extension host inherits, and how a run is judged. One set
// of suites, two hosts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_API_TOKEN, startSandbox } from "../support/cloudflareSandbox";
import { makeTlsIdentity } from "../support/cloudflareSandbox/tlsServer";
import type { CleanupStack } from "./cleanupStack";
import { buildExtension } from "./extensionBuild";
import { bundleIntegrationTests } from "./integrationBundle";
import { INTEGRATION_ENV, TLS_SANDBOX_HOSTS } from "./integrationEnvironment";
import { TEST_RESULTS_DIR } from "./repoPaths";
import { writeSampleWorkspace, type SampleWorkspace } from "./sampleWorkspace";
import { countEvents, emitReportEvent, unfinishedTest, type ReportEvent, type ReportFollower, type TestCounts } from "./testReport";

/** Overall deadline for a run once the editor starts: a hung suite must not hang CI. */
export const RUN_TIMEOUT_MS = Number(process.env.CLOUDFLARE_MTLS_INTEGRATION_TIMEOUT_MS ?? 10 * 60_000);
/** The first test must start within this long, or the editor or its extension host is stuck. */
export const FIRST_TEST_TIMEOUT_MS = Number(process.env.CLOUDFLARE_MTLS_FIRST_TEST_TIMEOUT_MS ?? 3 * 60_000);

export interface PreparedIntegrationRun {
  /** The bundled mocha entry, for extensionTestsPath. */
  readonly testsEntry: string;
  readonly resultsDir: string;
  readonly reportFile: string;
  /** A fresh temporary folder for user data and extensions, removed at cleanup. */
  readonly tempDir: string;
  readonly workspace: SampleWorkspace;
  readonly sandboxUrl: string;
  /** User settings.json for the editor: the extension talks to the sandbox. */
  readonly userSettings: Readonly<Record<string, unknown>>;
  /** For the editor's environment, which the extension host inherits. */
  readonly hostEnvironment: Readonly<Record<string, string>>;
}

export async function prepareIntegrationRun(cleanup: CleanupStack, resultsName: string): Promise<PreparedIntegrationRun> {
  await buildExtension();
  const testsEntry = await bundleIntegrationTests();
  const resultsDir = join(TEST_RESULTS_DIR, resultsName);
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const reportFile = join(resultsDir, "report.jsonl");

  const tempDir = mkdtempSync(join(tmpdir(), "cfmtls-it-"));
  cleanup.defer("remove the temporary folders", () => rmSync(tempDir, { recursive: true, force: true }));
  const workspace = await writeSampleWorkspace(join(tempDir, "workspace"));
  const sandbox = await startSandbox({ seed: "demo" });
  cleanup.defer("close the sandbox", () => sandbox.close());
  // The proxy suite serves the sandbox over https with a certificate from a test CA, which only
  // this editor's extension host trusts (NODE_EXTRA_CA_CERTS is read when a Node process starts).
  const tls = await makeTlsIdentity(Object.values(TLS_SANDBOX_HOSTS));
  const tlsFiles = { ca: join(tempDir, "test-ca.pem"), certificate: join(tempDir, "tls-sandbox.pem"), privateKey: join(tempDir, "tls-sandbox.key") };
  writeFileSync(tlsFiles.ca, tls.caPem);
  writeFileSync(tlsFiles.certificate, tls.certificatePem);
  writeFileSync(tlsFiles.privateKey, tls.privateKeyPem, { mode: 0o600 });
  return {
    testsEntry,
    resultsDir,
    reportFile,
    tempDir,
    workspace,
    sandboxUrl: sandbox.baseUrl,
    userSettings: { "cloudflareMtls.apiBaseUrl": sandbox.baseUrl },
    hostEnvironment: {
      [INTEGRATION_ENV.sandboxUrl]: sandbox.baseUrl,
      [INTEGRATION_ENV.sandboxToken]: DEMO_API_TOKEN,
      [INTEGRATION_ENV.workspaceFolder]: workspace.folder,
      [INTEGRATION_ENV.reportFile]: reportFile,
      [INTEGRATION_ENV.tlsCertificateFile]: tlsFiles.certificate,
      [INTEGRATION_ENV.tlsPrivateKeyFile]: tlsFiles.privateKey,
      NODE_EXTRA_CA_CERTS: tlsFiles.ca,
      // The tests talk to this machine only: a proxy of the developer's must not catch them. VS
      // Code's proxy resolver reads these once, when the extension host starts.
      ...Object.fromEntries(["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"].map((name) => [name, ""])),
      NO_PROXY: TLS_SANDBOX_HOSTS.noProxy,
      no_proxy: TLS_SANDBOX_HOSTS.noProxy,
    },
  };
}

export type RunOutcome = { readonly kind: "exited"; readonly code: number } | { readonly kind: "stopped"; readonly reason: string };

/**
 * Polls the report (printing results as they arrive) and `probe` until the host says it is done,
 * or something is wrong, or a deadline passes. `probe` returns an outcome once there is one.
 */
export async function followRun(follower: ReportFollower, probe: () => RunOutcome | undefined, pollMs = 250): Promise<RunOutcome> {
  const startedAt = Date.now();
  for (;;) {
    const events = follower.poll();
    const outcome = probe();
    if (outcome !== undefined) {
      return outcome;
    }
    const elapsed = Date.now() - startedAt;
    if (!events.some((event) => event.type === "begin") && elapsed > FIRST_TEST_TIMEOUT_MS) {
      return { kind: "stopped", reason: `no test started within ${FIRST_TEST_TIMEOUT_MS / 1000} s: the editor or its extension host did not come up` };
    }
    if (elapsed > RUN_TIMEOUT_MS) {
      const running = unfinishedTest(events);
      return { kind: "stopped", reason: `the run exceeded ${RUN_TIMEOUT_MS / 1000} s${running ? ` while running "${running}"` : ""}` };
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

export interface RunVerdict {
  readonly counts: TestCounts;
  /** Set when the run went wrong outside the tests (counted as one more failure). */
  readonly problem?: string;
}

/** Anything but a clean finish with at least one test and no failure counts as failed. */
export function judgeRun(outcome: RunOutcome, events: readonly ReportEvent[], reportFile: string): RunVerdict {
  const counts = countEvents(events);
  let problem: string | undefined;
  if (outcome.kind === "stopped") {
    problem = outcome.reason;
  } else if (outcome.code !== 0 && counts.failed === 0) {
    problem = `the extension host exited with code ${outcome.code} outside any test`;
  } else if (!events.some((event) => event.type === "end") && counts.failed === 0) {
    problem = "the extension host finished without reporting the end of the run";
  } else if (counts.passed === 0 && counts.failed === 0) {
    problem = "no test ran";
  }
  if (problem === undefined) {
    return { counts };
  }
  emitReportEvent({ type: "fail", title: "integration run", message: problem }, reportFile, (line) => console.log(line));
  return { counts: { ...counts, failed: counts.failed + 1 }, problem };
}

export function exitCodeFor(counts: TestCounts): number {
  return counts.failed > 0 || counts.passed === 0 ? 1 : 0;
}
