// The smaller actions on a certificate row, through the commands the context menu runs: edit an
// Access certificate's hostnames (and a hostname's settings), copy its ID, fingerprint or PEM to
// the real clipboard, and save an mTLS certificate's PEM to a file.
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import * as vscode from "vscode";
import type { AccessScope, SandboxAccount } from "../support/cloudflareSandbox";
import { makeCa } from "../support/makeCertificates";
import { pickLabel, pickManyLabels, saveFile, type ScriptStep } from "../support/scriptedPrompts";
import { requestsSince, sandboxSuite } from "./support/sandboxSuite";
import { ScratchFolder } from "./support/scratchFiles";
import { nodeAt, shownChildren } from "./support/treeWalk";

/** Answers an input box after checking what it proposed and that it refuses `invalid`. */
function editInput(expected: { value: string; invalid: string; problem: string }, answer: string): ScriptStep {
  return {
    kind: "input",
    answer: (options) => {
      assert.equal(options.value, expected.value, "the box proposes the current value");
      assert.equal(options.validate?.(expected.invalid), expected.problem);
      assert.equal(options.validate?.(answer), undefined, `${answer} is accepted`);
      return answer;
    },
  };
}

suite("certificate actions: edit hostnames and their settings, copy, save PEM as", () => {
  let account: SandboxAccount | undefined;
  let files: ScratchFolder | undefined;
  let pem = "";
  let accessFingerprint = "";
  const ctx = sandboxSuite({
    seed: async (sandbox) => {
      account = sandbox.addAccount({ name: "Actions Account" });
      // Access hostnames must belong to one of the account's zones (Cloudflare's 12036).
      sandbox.addZone(account.id, { name: "actions.example" });
      const ca = await makeCa({ subject: "CN=Actions CA, O=Actions" });
      pem = ca.pem;
      sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true, name: "Actions CA" });
      const access = sandbox.addAccessCertificate({ kind: "accounts", id: account.id }, { certificate: ca.pem, name: "Actions Access CA", associated_hostnames: ["old.actions.example"] });
      accessFingerprint = access.fingerprint;
      sandbox.setHostnameSettings({ kind: "accounts", id: account.id }, [{ hostname: "old.actions.example", china_network: false, client_certificate_forwarding: false }]);
    },
  });
  const scope = (): AccessScope => ({ kind: "accounts", id: account?.id ?? assert.fail("no account") });

  suiteSetup(() => {
    files = new ScratchFolder("actions");
  });

  suiteTeardown(() => files?.remove());

  setup(async () => {
    await vscode.commands.executeCommand("cloudflareMtls.refresh");
  });

  test("Edit Associated Hostnames replaces the list in Cloudflare and the tree shows the new one", async () => {
    const row = await nodeAt(ctx.api, "Actions Account", "Access Certificates", "Actions Access CA");
    ctx.prompts.script(editInput({ value: "old.actions.example", invalid: "not_a host!", problem: "Not hostnames: “not_a”, “host!”. Separate hostnames with commas or spaces, e.g. app.example.com, admin.example.com." }, "new.actions.example, Second.Actions.Example"));
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.editHostnames", row.node);
    ctx.prompts.assertDone();
    const puts = requestsSince(ctx.sandbox, mark, { method: "PUT" });
    assert.deepEqual(
      puts.map((request) => request.body),
      [{ associated_hostnames: ["new.actions.example", "second.actions.example"], name: "Actions Access CA" }],
    );
    assert.deepEqual(ctx.sandbox.accessCertificates(scope())[0]?.associated_hostnames, ["new.actions.example", "second.actions.example"]);
    assert.deepEqual(ctx.prompts.messages, [{ severity: "info", message: "“Actions Access CA” now has 2 associated hostnames.", buttons: [] }]);
    const updated = await nodeAt(ctx.api, "Actions Account", "Access Certificates", "Actions Access CA");
    assert.match(updated.description ?? "", /^2 hostnames · /);
    assert.deepEqual(
      (await shownChildren(ctx.api, updated.node)).map((child) => child.label),
      ["new.actions.example", "second.actions.example"],
    );
  });

  test("Edit Hostname Settings sends every hostname's settings with the chosen one changed", async () => {
    ctx.sandbox.setHostnameSettings(scope(), [
      { hostname: "a.actions.example", china_network: false, client_certificate_forwarding: false },
      { hostname: "b.actions.example", china_network: true, client_certificate_forwarding: false },
    ]);
    const group = await nodeAt(ctx.api, "Actions Account", "Access Certificates");
    ctx.prompts.script(pickLabel("a.actions.example"), pickManyLabels("Forward the client certificate"));
    await vscode.commands.executeCommand("cloudflareMtls.editHostnameSettings", group.node);
    ctx.prompts.assertDone();
    assert.deepEqual(ctx.sandbox.hostnameSettings(scope()), [
      // Hostnames associated with an Access certificate but without a setting yet get Cloudflare's defaults.
      { hostname: "new.actions.example", china_network: false, client_certificate_forwarding: false },
      { hostname: "second.actions.example", china_network: false, client_certificate_forwarding: false },
      { hostname: "a.actions.example", china_network: false, client_certificate_forwarding: true },
      { hostname: "b.actions.example", china_network: true, client_certificate_forwarding: false },
    ]);
    assert.deepEqual(
      ctx.prompts.messages.map((message) => message.message),
      ["Saved the Access mTLS settings of a.actions.example."],
    );
  });

  test("Edit Hostname Settings offers an associated hostname that has no setting yet, and can set one", async () => {
    ctx.sandbox.setHostnameSettings(scope(), []);
    const group = await nodeAt(ctx.api, "Actions Account", "Access Certificates");
    ctx.prompts.script(pickLabel("new.actions.example"), pickManyLabels("Forward the client certificate"));
    await vscode.commands.executeCommand("cloudflareMtls.editHostnameSettings", group.node);
    ctx.prompts.assertDone();
    assert.deepEqual(ctx.sandbox.hostnameSettings(scope()), [
      { hostname: "new.actions.example", china_network: false, client_certificate_forwarding: true },
      { hostname: "second.actions.example", china_network: false, client_certificate_forwarding: false },
    ]);
  });

  test("Copy ID, Copy Fingerprint and Copy PEM put the value on the clipboard", async () => {
    const mtls = await nodeAt(ctx.api, "Actions Account", "mTLS Certificates", "Actions CA");
    const access = await nodeAt(ctx.api, "Actions Account", "Access Certificates", "Actions Access CA");
    const mtlsId = ctx.sandbox.mtlsCertificates(scope().id)[0]?.id;
    await vscode.env.clipboard.writeText("before");

    await vscode.commands.executeCommand("cloudflareMtls.copyId", mtls.node);
    assert.equal(await vscode.env.clipboard.readText(), mtlsId);

    await vscode.commands.executeCommand("cloudflareMtls.copyId", access.node);
    assert.equal(await vscode.env.clipboard.readText(), ctx.sandbox.accessCertificates(scope())[0]?.id);

    await vscode.commands.executeCommand("cloudflareMtls.copyFingerprint", access.node);
    assert.match(accessFingerprint, /^MD5 Fingerprint=/, "Cloudflare's spelling");
    assert.equal(await vscode.env.clipboard.readText(), accessFingerprint.slice("MD5 Fingerprint=".length), "the hex alone is copied: an Access certificate's MD5");

    await vscode.commands.executeCommand("cloudflareMtls.copyFingerprint", mtls.node);
    assert.equal(await vscode.env.clipboard.readText(), new X509Certificate(pem).fingerprint256, "an mTLS certificate's SHA-256 fingerprint");

    await vscode.commands.executeCommand("cloudflareMtls.copyPem", mtls.node);
    assert.equal(await vscode.env.clipboard.readText(), pem);
    assert.deepEqual(ctx.prompts.messages, []);
  });

  test("Save PEM As writes the certificate's PEM to the chosen file", async () => {
    const row = await nodeAt(ctx.api, "Actions Account", "mTLS Certificates", "Actions CA");
    const target = files?.uri("saved-actions-ca.pem") ?? assert.fail("no scratch folder");
    ctx.prompts.script(saveFile(target));
    await vscode.commands.executeCommand("cloudflareMtls.savePemAs", row.node);
    ctx.prompts.assertDone();
    assert.equal(ctx.prompts.questionsOf("saveFile")[0]?.title, "Save the PEM of “Actions CA”");
    const saved = readFileSync(target.fsPath, "utf8");
    assert.equal(saved, pem.endsWith("\n") ? pem : `${pem}\n`);
    assert.equal(saved.replace(/\n$/, ""), pem.replace(/\n$/, ""), "exactly the PEM Cloudflare holds");
    assert.deepEqual(ctx.prompts.messages, [{ severity: "info", message: `Saved ${vscode.workspace.asRelativePath(target, false)}.`, buttons: ["Open"] }]);
  });
});
