// How Cloudflare's failures reach the user: a credential revoked mid-session gives exactly one
// "sign in again" prompt however many calls fail at once; a 429 with Retry-After on a GET is
// waited out and retried without the user noticing; a 500 that outlasts the retries is one clear
// message with Retry.
import assert from "node:assert/strict";
import * as vscode from "vscode";
import type { SandboxAccount } from "../support/cloudflareSandbox";
import { makeCa } from "../support/makeCertificates";
import { cancel, pickLabel, typeText } from "../support/scriptedPrompts";
import { newApiToken, requestsSince, sandboxSuite, signInWithToken, waitFor } from "./support/sandboxSuite";
import { nodeAt, shownChildren } from "./support/treeWalk";

suite("API failures: one sign-in prompt for a revoked token, 429 retried, 500 explained", () => {
  let account: SandboxAccount | undefined;
  const ctx = sandboxSuite({
    seed: async (sandbox) => {
      account = sandbox.addAccount({ name: "Failure Account" });
      sandbox.addAccount({ name: "Failure Second Account" });
      const zone = sandbox.addZone(account.id, { name: "failure.example" });
      const ca = await makeCa({ commonName: "Failure CA" });
      sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true, name: "Failure CA" });
      sandbox.addAccessCertificate({ kind: "accounts", id: account.id }, { certificate: ca.pem, name: "Failure Access CA", associated_hostnames: ["a.failure.example"] });
      sandbox.addAccessCertificate({ kind: "zones", id: zone.id }, { certificate: ca.pem, name: "Failure Zone CA" });
    },
  });
  const accountId = (): string => account?.id ?? assert.fail("no account");
  let currentToken = ctx.token;

  setup(async () => {
    await vscode.commands.executeCommand("cloudflareMtls.refresh");
  });

  test("a token revoked mid-session: many failing calls, exactly one “sign in again” prompt", async () => {
    const mtls = await nodeAt(ctx.api, "Failure Account", "mTLS Certificates");
    const access = await nodeAt(ctx.api, "Failure Account", "Access Certificates");
    const zones = await nodeAt(ctx.api, "Failure Account", "Zones");
    const other = await nodeAt(ctx.api, "Failure Second Account", "mTLS Certificates");
    const label = (await ctx.api.services.credentials.get())?.label ?? assert.fail("not signed in");
    assert.match(label, /^API token \(id [0-9a-f]{8}…\)$/);
    const mark = ctx.sandbox.requests.length;
    ctx.sandbox.revokeToken(ctx.token);
    await vscode.commands.executeCommand("cloudflareMtls.refresh");

    const [mtlsRows, accessRows, zoneRows, otherRows] = await Promise.all([
      shownChildren(ctx.api, mtls.node),
      shownChildren(ctx.api, access.node),
      shownChildren(ctx.api, zones.node),
      shownChildren(ctx.api, other.node),
      vscode.commands.executeCommand("cloudflareMtls.chooseAccounts"),
      vscode.commands.executeCommand("cloudflareMtls.editHostnameSettings", access.node),
    ]);
    assert.ok(requestsSince(ctx.sandbox, mark).filter((request) => request.path !== "/user/tokens/verify").length >= 6, "every call went out and failed");
    assert.equal(requestsSince(ctx.sandbox, mark, { path: /^\/user\/tokens\/verify$/ }).length, 1, "the credential was re-verified once");
    assert.deepEqual(ctx.prompts.messages, [
      {
        severity: "warning",
        message: `Cloudflare no longer accepts the stored ${label}: it may have been revoked or have expired. Sign in again to keep managing certificates.`,
        buttons: ["Sign In Again"],
      },
    ]);
    for (const rows of [mtlsRows, accessRows, zoneRows, otherRows]) {
      assert.deepEqual(
        rows.map((row) => [row.label, row.item.contextValue, row.item.command?.command]),
        [["Cloudflare rejected the credentials. Sign in again.", "error", "cloudflareMtls.signIn"]],
      );
    }
    const roots = await shownChildren(ctx.api);
    assert.deepEqual(
      roots.map((row) => [row.label, row.item.command?.command]),
      [["Cloudflare rejected the credentials. Sign in again.", "cloudflareMtls.signIn"]],
    );

    // Later failures stay quiet: the one prompt (and the tree's row) already said what to do.
    await vscode.commands.executeCommand("cloudflareMtls.chooseAccounts");
    assert.equal(ctx.prompts.messages.length, 1);

    // Signing in again with a working token clears it.
    currentToken = newApiToken("replacement");
    ctx.sandbox.addApiToken(currentToken);
    await signInWithToken(ctx.api, currentToken);
    assert.equal(ctx.api.services.session.isRejected, false);
    assert.deepEqual(
      (await shownChildren(ctx.api)).map((row) => row.label),
      ["Failure Account", "Failure Second Account"],
    );
  });

  test("the prompt's Sign In Again runs Sign In; a working token brings the tree back", async () => {
    const replacement = newApiToken("again");
    ctx.sandbox.addApiToken(replacement);
    ctx.prompts.pressOn(/no longer accepts/, "Sign In Again").script(pickLabel("API Token"), typeText(replacement));
    ctx.sandbox.revokeToken(currentToken);
    await vscode.commands.executeCommand("cloudflareMtls.refresh");
    await vscode.commands.executeCommand("cloudflareMtls.chooseAccounts");
    await waitFor("the new token to be stored", async () => {
      const stored = await ctx.api.services.credentials.get();
      return stored?.credentials.kind === "apiToken" && stored.credentials.token === replacement ? true : undefined;
    });
    currentToken = replacement;
    await waitFor("Sign In to finish", () => (ctx.prompts.messagesOf("info").some((message) => message.message.startsWith("Signed in to Cloudflare")) ? true : undefined));
    ctx.prompts.assertDone();
    const warnings = ctx.prompts.messages.filter((message) => message.severity !== "info");
    assert.equal(warnings.length, 1, JSON.stringify(ctx.prompts.messages));
    assert.match(warnings[0]?.message ?? "", /^Cloudflare no longer accepts the stored API token/);
    assert.equal(ctx.api.services.session.isRejected, false);
    assert.deepEqual(
      (await shownChildren(ctx.api)).map((row) => row.label),
      ["Failure Account", "Failure Second Account"],
    );
  });

  test("a 429 with Retry-After on a GET is waited out and retried, without a message", async () => {
    const path = new RegExp(`^/accounts/${accountId()}/mtls_certificates$`);
    ctx.sandbox.injectFault({ kind: "status", status: 429, retryAfterSeconds: 1 }, { method: "GET", path });
    const group = await nodeAt(ctx.api, "Failure Account", "mTLS Certificates");
    const mark = ctx.sandbox.requests.length;
    const rows = await shownChildren(ctx.api, group.node);
    assert.deepEqual(
      rows.map((row) => row.label),
      ["Failure CA"],
    );
    const tries = requestsSince(ctx.sandbox, mark, { method: "GET", path });
    assert.equal(tries.length, 2, "one 429, then one retry");
    const waited = (tries[1]?.startedAt ?? 0) - (tries[0]?.finishedAt ?? Infinity);
    assert.ok(waited >= 900, `the retry waited for Retry-After (1 s), not ${Math.round(waited)} ms`);
    assert.deepEqual(ctx.prompts.messages, []);
  });

  test("a 500 on a GET that outlasts the retries is one clear message with Retry, and Retry works", async () => {
    ctx.sandbox.injectFault({ kind: "status", status: 500 }, { method: "GET", path: /^\/accounts$/, times: 3 });
    await vscode.commands.executeCommand("cloudflareMtls.refresh"); // the account list is loaded again, and fails
    // Retry runs Choose Accounts again: this time the list loads and the picker opens (dismissed here).
    ctx.prompts.pressOn(/problem answering/, "Retry").script(cancel("pickMany"));
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.chooseAccounts");
    ctx.prompts.assertDone();
    assert.deepEqual(ctx.prompts.messages, [
      {
        severity: "error",
        message: "Cloudflare had a problem answering (HTTP 500): An unknown error has occurred (code 10002). Try again in a moment.",
        buttons: ["Retry", "Open Log"],
      },
    ]);
    assert.equal(requestsSince(ctx.sandbox, mark, { method: "GET", path: /^\/accounts$/ }).length, 4, "three tries, then the user's Retry");
    assert.equal(ctx.prompts.questionsOf("pickMany")[0]?.title, "Choose Accounts to Show");
  });
});
