// One Cloudflare sandbox per suite, started inside the extension host, with the extension pointed
// at it (user settings) and signed in through the real Sign In command. Call `sandboxSuite()` at
// the top of a `suite()` body: it registers the hooks that start and stop everything, restore the
// API base URL, and give every test fresh scripted prompts, a clean fault queue and no open editor.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { TestApi } from "../../../src/extension";
import { activateExtensionUnderTest } from "../../harness/extensionUnderTest";
import { startSandbox, type CloudflareSandbox } from "../../support/cloudflareSandbox";
import { isLoopbackHost } from "../../../src/apiBaseUrlPolicy";
import { APPROVED_HOSTS_KEY } from "../../../src/commands/credentialDestination";
import { confirm, pickLabel, ScriptedPrompts, typeText } from "../../support/scriptedPrompts";

export interface SandboxSuiteOptions {
  /** Fills the sandbox before signing in (accounts, zones, certificates). */
  readonly seed?: (sandbox: CloudflareSandbox) => void | Promise<void>;
  /** Default true: sign in with the suite's API token in suiteSetup. */
  readonly signIn?: boolean;
}

export interface SandboxSuite {
  readonly sandbox: CloudflareSandbox;
  readonly api: TestApi;
  /** A fresh API token the sandbox accepts (user-owned, may edit, reaches every account). */
  readonly token: string;
  /** This test's prompts: nothing answered unless scripted. */
  readonly prompts: ScriptedPrompts;
  /** Replaces this test's prompts (e.g. between two commands) and returns the new ones. */
  freshPrompts(): ScriptedPrompts;
}

const SECTION = "cloudflareMtls";

/** A token shaped like Cloudflare's (40 characters), unique to the suite so a leak is findable. */
export function newApiToken(label: string): string {
  return `it-${label}-${randomBytes(24).toString("hex")}`.slice(0, 40);
}

export async function pointExtensionAt(url: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update("apiBaseUrl", url, vscode.ConfigurationTarget.Global);
}

/** Runs the real Sign In command with the token typed into the scripted password box. */
export async function signInWithToken(api: TestApi, token: string): Promise<ScriptedPrompts> {
  const prompts = new ScriptedPrompts();
  const baseUrl = vscode.workspace.getConfiguration(SECTION).inspect<string>("apiBaseUrl")?.globalValue;
  const host = baseUrl ? new URL(baseUrl).host : undefined;
  const hostname = baseUrl ? new URL(baseUrl).hostname : undefined;
  // A host other than Cloudflare's and this machine's is asked about once (the proxy suite's sandbox).
  if (host && hostname && hostname !== "api.cloudflare.com" && !isLoopbackHost(hostname) && !api.services.context.globalState.get<string[]>(APPROVED_HOSTS_KEY, []).includes(host)) {
    prompts.script(confirm(true));
  }
  prompts.script(pickLabel("API Token"), typeText(token));
  api.setPrompts(prompts);
  await vscode.commands.executeCommand("cloudflareMtls.signIn");
  prompts.assertDone();
  assert.deepEqual(prompts.messagesOf("error"), [], "signing in showed an error");
  assert.ok(await api.services.credentials.get(), "Sign In stored no credential");
  return prompts;
}

export async function signOut(api: TestApi): Promise<void> {
  api.setPrompts(new ScriptedPrompts());
  await vscode.commands.executeCommand("cloudflareMtls.signOut");
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand("workbench.action.closeAllEditors");
}

export function sandboxSuite(options: SandboxSuiteOptions = {}): SandboxSuite {
  let sandbox: CloudflareSandbox | undefined;
  let api: TestApi | undefined;
  let prompts = new ScriptedPrompts();
  let previousUrl: string | undefined;
  const token = newApiToken("suite");

  suiteSetup(async () => {
    api = await activateExtensionUnderTest();
    previousUrl = vscode.workspace.getConfiguration(SECTION).inspect<string>("apiBaseUrl")?.globalValue;
    sandbox = await startSandbox();
    sandbox.addApiToken(token, { owner: "user", permissions: "edit" });
    await options.seed?.(sandbox);
    await signOut(api);
    await pointExtensionAt(sandbox.baseUrl);
    if (options.signIn ?? true) {
      await signInWithToken(api, token);
    }
  });

  setup(() => {
    prompts = new ScriptedPrompts();
    api?.setPrompts(prompts);
  });

  teardown(async () => {
    sandbox?.clearFaults();
    await closeAllEditors();
  });

  suiteTeardown(async () => {
    if (api) {
      await signOut(api);
    }
    await pointExtensionAt(previousUrl);
    await sandbox?.close();
  });

  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) {
      throw new Error(`${what} is not ready: use it inside a test or hook of the suite`);
    }
    return value;
  };
  return {
    get sandbox() {
      return required(sandbox, "the sandbox");
    },
    get api() {
      return required(api, "the extension's test API");
    },
    token,
    get prompts() {
      return prompts;
    },
    freshPrompts() {
      prompts = new ScriptedPrompts();
      required(api, "the extension's test API").setPrompts(prompts);
      return prompts;
    },
  };
}

/** Requests the sandbox received since `mark` (an index into sandbox.requests). */
export function requestsSince(sandbox: CloudflareSandbox, mark: number, filter: { method?: string; path?: RegExp } = {}): CloudflareSandbox["requests"] {
  return sandbox.requests.slice(mark).filter((request) => (filter.method === undefined || request.method === filter.method) && (filter.path === undefined || filter.path.test(request.path)));
}

export { waitFor } from "../../support/asyncAssertions";
