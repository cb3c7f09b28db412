// Sign In and Sign Out through the real commands: a credential is verified with Cloudflare before
// it is stored, it lives only in SecretStorage (never in settings, mementos or the log), a wrong
// one is refused with a clear message and nothing stored, and Sign Out removes it and tells the
// workbench (the `cloudflareMtls.signedIn` context key) even while the view is closed.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { TestApi } from "../../src/extension";
import { cancel, confirm, pickLabel, typeText } from "../support/scriptedPrompts";
import { ContextKeySpy } from "./support/contextKeySpy";
import { newApiToken, requestsSince, sandboxSuite, signInWithToken, signOut, waitFor } from "./support/sandboxSuite";
import { shownChildren } from "./support/treeWalk";

const SECRET_KEY = "cloudflareMtls.credentials";
const LOG_NAME = "Cloudflare mTLS";

/** Every place other than SecretStorage where a credential could end up. */
function leakedInto(api: TestApi, secret: string): string[] {
  const places: string[] = [];
  const configuration = vscode.workspace.getConfiguration("cloudflareMtls");
  for (const key of ["apiBaseUrl", "expiryWarningDays"]) {
    const inspected = configuration.inspect(key);
    if (JSON.stringify(inspected ?? {}).includes(secret)) {
      places.push(`setting cloudflareMtls.${key}`);
    }
  }
  if (JSON.stringify(vscode.workspace.getConfiguration()).includes(secret)) {
    places.push("the settings");
  }
  const mementos = { globalState: api.services.context.globalState, workspaceState: api.services.context.workspaceState };
  for (const [name, memento] of Object.entries(mementos)) {
    for (const key of memento.keys()) {
      if (key.includes(secret) || JSON.stringify(memento.get(key) ?? null).includes(secret)) {
        places.push(`${name}[${key}]`);
      }
    }
  }
  return places;
}

/** The text of the extension's log file (the LogOutputChannel writes it under context.logUri). */
function logText(api: TestApi): string {
  const folder = api.services.context.logUri.fsPath;
  const file = readdirSync(folder).find((name) => name.startsWith(LOG_NAME) && name.endsWith(".log"));
  assert.ok(file, `no "${LOG_NAME}" log file in ${folder}: ${readdirSync(folder).join(", ")}`);
  return readFileSync(join(folder, file), "utf8");
}

suite("sign in: verified with Cloudflare first, kept only in SecretStorage", () => {
  let account = { id: "", name: "" };
  const ctx = sandboxSuite({
    signIn: false,
    seed: (sandbox) => {
      account = sandbox.addAccount({ name: "Sign-in Account" });
    },
  });

  teardown(async () => {
    await signOut(ctx.api);
  });

  test("an API token is verified against Cloudflare before anything is stored", async () => {
    const stored: number[] = [];
    const watch = ctx.api.services.context.secrets.onDidChange((event) => {
      if (event.key === SECRET_KEY) {
        stored.push(performance.now());
      }
    });
    const mark = ctx.sandbox.requests.length;
    try {
      await signInWithToken(ctx.api, ctx.token);
    } finally {
      watch.dispose();
    }
    const verify = requestsSince(ctx.sandbox, mark, { path: /^\/user\/tokens\/verify$/ });
    assert.equal(verify.length, 1, "one verification request");
    assert.equal(verify[0]?.headers["authorization"], `Bearer ${ctx.token}`);
    const firstStore = stored[0];
    assert.ok(firstStore !== undefined, "the secret was stored");
    assert.ok((verify[0]?.finishedAt ?? Infinity) < firstStore, "the credential was stored only after Cloudflare answered the verification");
    assert.equal(requestsSince(ctx.sandbox, mark).findIndex((request) => request.path === "/user/tokens/verify"), 0, "verification is the first request");
    const roots = await shownChildren(ctx.api);
    assert.deepEqual(
      roots.map((root) => root.label),
      [account.name],
    );
  });

  test("the token ends up in SecretStorage and nowhere else: not in settings, mementos or the log", async () => {
    // Request lines are logged at debug level: log everything while signing in and listing.
    const previousLevel = await vscode.commands.executeCommand<string | undefined>("_extensionTests.getLogLevel");
    await vscode.commands.executeCommand("_extensionTests.setLogLevel", "trace");
    try {
      await waitFor("the log channel to log at trace level", () => (ctx.api.services.log.channel.logLevel === vscode.LogLevel.Trace ? true : undefined));
      await signInWithToken(ctx.api, ctx.token);
      await shownChildren(ctx.api);
    } finally {
      await vscode.commands.executeCommand("_extensionTests.setLogLevel", previousLevel ?? "info");
    }
    const secret = await ctx.api.services.context.secrets.get(SECRET_KEY);
    assert.ok(secret?.includes(ctx.token), "SecretStorage holds the token");
    assert.deepEqual(leakedInto(ctx.api, ctx.token), []);
    const log = await waitFor("the sign-in line in the log file", () => {
      const text = logText(ctx.api);
      return text.includes("[auth] Signed in with") && text.includes("[client] GET /accounts") ? text : undefined;
    });
    assert.equal(log.includes(ctx.token), false, "the log file contains the token");
    assert.equal(log.includes(ctx.token.slice(0, 20)), false, "the log file contains part of the token");
  });

  test("a mistyped token is refused at once, without a question, and nothing is stored", async () => {
    const wrong = newApiToken("wrong");
    const prompts = ctx.freshPrompts().script(pickLabel("API Token"), typeText(wrong));
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.signIn");
    prompts.assertDone();
    assert.deepEqual(
      prompts.questionsOf("input").map((question) => question.title),
      ["Sign In to Cloudflare: API Token"],
      "no “Account-Owned Token?” question: Cloudflare's answers already say the token is unknown",
    );
    const errors = prompts.messages.filter((message) => message.severity !== "info");
    assert.equal(errors.length, 1, `one error message, got: ${JSON.stringify(prompts.messages)}`);
    assert.equal(errors[0]?.message, "Cloudflare did not accept this API token: Invalid API Token (code 1000). Nothing was stored: check it and sign in again.");
    assert.ok(errors[0]?.buttons.includes("Sign In Again"));
    assert.equal(await ctx.api.services.credentials.get(), undefined);
    assert.equal(await ctx.api.services.context.secrets.get(SECRET_KEY), undefined);
    assert.deepEqual(leakedInto(ctx.api, wrong), []);
    assert.deepEqual(
      requestsSince(ctx.sandbox, mark).map((request) => `${request.method} ${request.path}`),
      ["GET /user/tokens/verify", "GET /accounts"],
      "the user-token check, then the accounts the token reaches (none: Cloudflare refuses it)",
    );
  });

  test("an account-owned token signs in without a question: it verifies under the account it lists", async () => {
    const accountToken = newApiToken("acct");
    ctx.sandbox.addApiToken(accountToken, { owner: "account", accountIds: [account.id] });
    const prompts = ctx.freshPrompts().script(pickLabel("API Token"), typeText(accountToken));
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.signIn");
    prompts.assertDone();
    assert.deepEqual(prompts.messages.filter((message) => message.severity !== "info"), []);
    assert.equal(prompts.questionsOf("input").length, 1, "only the token was asked for");
    assert.deepEqual(
      requestsSince(ctx.sandbox, mark)
        .slice(0, 3)
        .map((request) => `${request.method} ${request.path}`),
      ["GET /user/tokens/verify", "GET /accounts", `GET /accounts/${account.id}/tokens/verify`],
    );
    const stored = await ctx.api.services.credentials.get();
    assert.deepEqual(stored?.credentials, { kind: "apiToken", token: accountToken });
  });

  test("an account-owned token whose account Cloudflare does not list: only then is the account asked for", async () => {
    const hidden = newApiToken("hidden");
    ctx.sandbox.addApiToken(hidden, { owner: "account", accountIds: [] });
    const prompts = ctx.freshPrompts().script(pickLabel("API Token"), typeText(hidden), cancel("input"));
    await vscode.commands.executeCommand("cloudflareMtls.signIn");
    prompts.assertDone();
    assert.equal(prompts.questionsOf("input")[1]?.title, "Sign In to Cloudflare: Account-Owned Token?");
    assert.equal(prompts.messages.filter((message) => message.severity !== "info").length, 1);
    assert.equal(await ctx.api.services.credentials.get(), undefined);
  });

  test("a wrong Global API key while signed in is refused; the stored token stays and is not doubted", async () => {
    await signInWithToken(ctx.api, ctx.token);
    const before = await ctx.api.services.context.secrets.get(SECRET_KEY);
    const wrongKey = "0123456789abcdef0123456789abcdef-wrong";
    const prompts = ctx.freshPrompts().script(pickLabel("Email and Global API Key"), typeText("nobody@example.com"), typeText(wrongKey));
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.signIn");
    prompts.assertDone();
    assert.deepEqual(prompts.messages, [
      {
        severity: "warning",
        message: "Cloudflare did not accept this email and Global API key: Unknown X-Auth-Key or X-Auth-Email (code 9103). Nothing was stored: check it and sign in again.",
        buttons: ["Sign In Again", "Open Log"],
      },
    ]);
    assert.equal(await ctx.api.services.context.secrets.get(SECRET_KEY), before, "the stored token is untouched");
    assert.equal(ctx.api.services.session.isRejected, false);
    assert.equal(requestsSince(ctx.sandbox, mark, { path: /^\/user$/ }).length, 1, "the key was checked once");
    assert.deepEqual(requestsSince(ctx.sandbox, mark, { path: /tokens\/verify$/ }), [], "the stored token was not re-verified: it was not the one refused");
    assert.deepEqual(leakedInto(ctx.api, wrongKey), []);
  });

  test("email and Global API key: verified with GET /user, then stored in SecretStorage only", async () => {
    const email = "owner@example.com";
    const key = `it${Date.now().toString(16)}0123456789abcdef0123`;
    ctx.sandbox.addGlobalApiKey(email, key);
    const prompts = ctx.freshPrompts().script(pickLabel("Email and Global API Key"), typeText(email), typeText(key));
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.signIn");
    prompts.assertDone();
    assert.deepEqual(prompts.messagesOf("error"), []);
    const first = requestsSince(ctx.sandbox, mark)[0];
    assert.equal(`${first?.method} ${first?.path}`, "GET /user");
    assert.equal(first?.headers["x-auth-email"], email);
    assert.equal(first?.headers["x-auth-key"], key);
    const stored = await ctx.api.services.credentials.get();
    assert.deepEqual(stored?.credentials, { kind: "globalApiKey", email, key });
    assert.match(stored?.label ?? "", new RegExp(email.replace(".", "\\.")));
    assert.ok((await ctx.api.services.context.secrets.get(SECRET_KEY))?.includes(key));
    assert.deepEqual(leakedInto(ctx.api, key), []);
    assert.match(prompts.messagesOf("info").at(-1)?.message ?? "", /^Signed in to Cloudflare: 1 account \(Sign-in Account\)\.$/);
  });

  test("sign out deletes the secret and sets cloudflareMtls.signedIn back, even with the view closed", async () => {
    await signInWithToken(ctx.api, ctx.token);
    await shownChildren(ctx.api);
    await vscode.commands.executeCommand("workbench.action.closeSidebar");
    const spy = new ContextKeySpy();
    try {
      const prompts = ctx.freshPrompts();
      await vscode.commands.executeCommand("cloudflareMtls.signOut");
      assert.equal(await ctx.api.services.context.secrets.get(SECRET_KEY), undefined);
      assert.equal(await ctx.api.services.credentials.get(), undefined);
      assert.match(prompts.messagesOf("info")[0]?.message ?? "", /removed from VS Code's secret storage/);
      await waitFor("setContext(cloudflareMtls.signedIn, false)", () => (spy.last("cloudflareMtls.signedIn") === false ? true : undefined));
    } finally {
      spy.dispose();
    }
    assert.deepEqual(await shownChildren(ctx.api), [], "the tree is empty once signed out");
  });
});

suite("sign in: a credential for a host other than Cloudflare's", () => {
  const ctx = sandboxSuite({ signIn: false });

  test("the host is shown and asked about once; declining sends nothing; the answer is remembered", async () => {
    const previous = vscode.workspace.getConfiguration("cloudflareMtls").inspect<string>("apiBaseUrl")?.globalValue;
    const elsewhere = "https://api.gateway.example.test/client/v4";
    await vscode.workspace.getConfiguration("cloudflareMtls").update("apiBaseUrl", elsewhere, vscode.ConfigurationTarget.Global);
    try {
      const mark = ctx.sandbox.requests.length;
      ctx.prompts.script(confirm(false));
      await vscode.commands.executeCommand("cloudflareMtls.signIn");
      ctx.prompts.assertDone();
      const question = ctx.prompts.questionsOf("confirm")[0];
      assert.equal(question?.title, "Send your Cloudflare credential to api.gateway.example.test?");
      assert.match(question?.detail ?? "", /not at Cloudflare's API \(api\.cloudflare\.com\)/);
      assert.equal(ctx.prompts.questionsOf("pick").length, 0, "declining asks for no credential");

      const accepted = ctx.freshPrompts().script(confirm(true), cancel("pick"));
      await vscode.commands.executeCommand("cloudflareMtls.signIn");
      accepted.assertDone();

      const again = ctx.freshPrompts().script(cancel("pick"));
      await vscode.commands.executeCommand("cloudflareMtls.signIn");
      again.assertDone();
      assert.equal(again.questionsOf("confirm").length, 0, "an approved host is not asked about again");
      assert.equal(ctx.sandbox.requests.length, mark, "nothing was sent anywhere");
    } finally {
      await vscode.workspace.getConfiguration("cloudflareMtls").update("apiBaseUrl", previous, vscode.ConfigurationTarget.Global);
    }
  });
});
