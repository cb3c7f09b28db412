// The rough edges a newcomer found in their first hour (issue 13), through the commands users run:
// the title bar's Upload always asks where; a PEM in an untitled editor can be uploaded and
// inspected (and the editor menus know it holds one); the safe answer is the default of a risky
// upload and a plain summary is an information dialog; refusals name the file; Sign Out closes
// remote details panels; selecting a certificate arms the Delete key; Restricted Mode refuses
// every command that changes Cloudflare and reads no workspace file unasked; requests are logged
// at Info.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { mutatingCommandIds } from "../../src/commands/index";
import { CommandIds } from "../../src/identifiers";
import type { SandboxAccount } from "../support/cloudflareSandbox";
import { days, makeCa, makeLeaf, type MadeCertificate } from "../support/makeCertificates";
import { acceptDefault, confirm, openFile, pickLabel, type ScriptStep } from "../support/scriptedPrompts";
import { extensionUnderTest } from "../harness/extensionUnderTest";
import { ContextKeySpy } from "./support/contextKeySpy";
import { requestsSince, sandboxSuite, signInWithToken, waitFor } from "./support/sandboxSuite";
import { openInEditor, ScratchFolder } from "./support/scratchFiles";
import { nodeAt } from "./support/treeWalk";

const ACCOUNT = "Newcomer Account";

/** Answers a pick after recording what it offered. */
function pickRecording(choose: string, seen: { labels: string[]; details: (string | undefined)[] }): ScriptStep {
  return {
    kind: "pick",
    answer: (items) => {
      seen.labels.push(...items.map((item) => item.label));
      seen.details.push(...items.map((item) => item.detail));
      const item = items.find((candidate) => candidate.label.includes(choose));
      assert.ok(item, `no ${choose} in ${items.map((candidate) => candidate.label).join(" | ")}`);
      return item;
    },
  };
}

interface Manifest {
  contributes: {
    menus: Record<string, { command: string; when?: string }[]>;
    keybindings?: { command: string; key: string; mac?: string; when?: string }[];
  };
  capabilities: { untrustedWorkspaces: { description: string } };
}

suite("a newcomer's first hour: the rough edges, smoothed", () => {
  let account: SandboxAccount | undefined;
  let files: ScratchFolder | undefined;
  let accessCa: MadeCertificate | undefined;
  const ctx = sandboxSuite({
    seed: async (sandbox) => {
      account = sandbox.addAccount({ name: ACCOUNT });
      sandbox.addAccount({ name: "Second Account" });
      const mtls = await makeCa({ commonName: "Newcomer mTLS CA" });
      sandbox.addMtlsCertificate(account.id, { certificates: mtls.pem, ca: true, name: "Newcomer mTLS CA" });
      accessCa = await makeCa({ commonName: "Newcomer Access CA" });
      sandbox.addAccessCertificate({ kind: "accounts", id: account.id }, { certificate: accessCa.pem, name: "Newcomer Access CA", associated_hostnames: ["app.newcomer.example"] });
    },
  });
  const accountId = (): string => account?.id ?? assert.fail("no account");
  const folder = (): ScratchFolder => files ?? assert.fail("no scratch folder");
  const mtlsPosts = (mark: number) => requestsSince(ctx.sandbox, mark, { method: "POST", path: new RegExp(`^/accounts/${accountId()}/mtls_certificates$`) });
  const manifest = (): Manifest => extensionUnderTest().packageJSON as Manifest;

  suiteSetup(() => {
    files = new ScratchFolder("newcomer");
  });

  suiteTeardown(() => {
    ctx.api.setWorkspaceTrusted(undefined);
    files?.remove();
  });

  setup(async () => {
    await vscode.commands.executeCommand(CommandIds.refresh);
  });

  test("the title bar's Upload asks Destination and Account even when VS Code hands it the focused row; a plain summary is an information dialog", async () => {
    const ca = await makeCa({ commonName: "Title Bar CA" });
    await openInEditor(folder().write("title-bar-ca.pem", ca.pem));
    const focused = await nodeAt(ctx.api, ACCOUNT, "mTLS Certificates");
    const destinations = { labels: [] as string[], details: [] as (string | undefined)[] };
    ctx.prompts.script(pickRecording("Account mTLS: CA certificate", destinations), pickLabel(ACCOUNT), acceptDefault, confirm(true));
    const mark = ctx.sandbox.requests.length;
    // What VS Code does for a view/title button: the focused row comes as the argument.
    await vscode.commands.executeCommand(CommandIds.uploadCertificateFromViewTitle, focused.node);
    ctx.prompts.assertDone();
    assert.deepEqual(
      ctx.prompts.questionsOf("pick").map((question) => question.title),
      ["Upload Certificate: Destination", "Upload Certificate: Account"],
    );
    assert.equal(destinations.labels.length, 4, `every destination is offered, not only the focused group's: ${destinations.labels.join(" | ")}`);
    const [question] = ctx.prompts.questionsOf("confirm");
    assert.deepEqual(question?.confirm, { label: "Upload", severity: "info", cancelByDefault: false }, "no warning: an information dialog whose action is Upload");
    assert.equal(mtlsPosts(mark).length, 1);
  });

  test("a leaf about to be uploaded as a CA is asked about with Cancel as the default; Cancel sends nothing", async () => {
    const issuer = await makeCa({ commonName: "Issuer Of A Leaf" });
    const leaf = await makeLeaf(issuer, { commonName: "leaf-as-ca.newcomer.example" });
    await openInEditor(folder().write("leaf-as-ca.pem", leaf.pem));
    ctx.prompts.script(pickLabel("Account mTLS: CA certificate"), pickLabel(ACCOUNT), acceptDefault, confirm(false));
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand(CommandIds.uploadCertificate);
    ctx.prompts.assertDone();
    const [question] = ctx.prompts.questionsOf("confirm");
    assert.deepEqual(question?.confirm, { label: "Upload Anyway", severity: "warning", cancelByDefault: true });
    assert.equal(question?.detail, "Cloudflare will refuse it: a leaf certificate (CA:FALSE) is not a CA.");
    assert.deepEqual(mtlsPosts(mark), [], "Cancel sends nothing");
  });

  test("an expiring CA gets a warning dialog whose action says Upload Anyway (Cloudflare takes it: not a refusal)", async () => {
    const soon = await makeCa({ commonName: "Expiring Soon CA", notAfter: new Date(Date.now() + days(5)) });
    await openInEditor(folder().write("expiring-ca.pem", soon.pem));
    ctx.prompts.script(pickLabel("Account mTLS: CA certificate"), pickLabel(ACCOUNT), acceptDefault, confirm(false));
    await vscode.commands.executeCommand(CommandIds.uploadCertificate);
    ctx.prompts.assertDone();
    assert.deepEqual(ctx.prompts.questionsOf("confirm")[0]?.confirm, { label: "Upload Anyway", severity: "warning", cancelByDefault: false });
  });

  test("a PEM pasted into an untitled editor: the context key says so (debounced), and Upload and Inspect take the editor's text", async () => {
    const ca = await makeCa({ commonName: "Pasted CA" });
    const spy = new ContextKeySpy();
    try {
      const document = await vscode.workspace.openTextDocument({ content: "" });
      const editor = await vscode.window.showTextDocument(document);
      assert.notEqual(spy.last("cloudflareMtls.activeEditorHasPem"), true, "an empty editor holds no PEM");
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), ca.pem));
      await waitFor("activeEditorHasPem true once the paste settles", () => (spy.last("cloudflareMtls.activeEditorHasPem") === true ? true : undefined));

      // The editor menus hand the command the editor's (untitled) Uri.
      ctx.prompts.script(pickLabel("Account mTLS: CA certificate"), pickLabel(ACCOUNT), acceptDefault, confirm(true));
      const mark = ctx.sandbox.requests.length;
      await vscode.commands.executeCommand(CommandIds.uploadCertificate, document.uri);
      ctx.prompts.assertDone();
      assert.deepEqual(ctx.prompts.messages.filter((message) => message.severity !== "info"), []);
      const body = mtlsPosts(mark)[0]?.body as Record<string, unknown> | undefined;
      assert.equal(typeof body?.["certificates"] === "string" && body["certificates"].trim(), ca.pem.trim(), "the editor's text was sent");

      await vscode.commands.executeCommand(CommandIds.inspectCertificate, document.uri);
      const panel = ctx.api.services.details.openPanels.find((open) => open.key === `local:${document.uri.toString()}` || open.key.startsWith("local:Untitled"));
      assert.ok(panel, `no local details panel: ${ctx.api.services.details.openPanels.map((open) => open.key).join(", ")}`);
      assert.ok(panel.panel.webview.html.includes("Pasted CA"));

      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
      await waitFor("activeEditorHasPem false once the editor is gone", () => (spy.last("cloudflareMtls.activeEditorHasPem") === false ? true : undefined));
    } finally {
      spy.dispose();
    }
  });

  test("refusals name the file; the key found beside a leaf is offered in a sentence; the confirmation names where the key comes from", async () => {
    const issuer = await makeCa({ commonName: "Key Issuer" });
    const leaf = await makeLeaf(issuer, { commonName: "with-key.newcomer.example" });
    const keyOnly = folder().write("only.key", leaf.privateKeyPem);
    ctx.prompts.script();
    await vscode.commands.executeCommand(CommandIds.uploadCertificate, keyOnly);
    const refusal = ctx.prompts.messagesOf("error")[0]?.message ?? "";
    assert.match(refusal, /^it-newcomer-\d+\/only\.key: Block 1 \(line 1\) is a private key/, "the refusal names the file");

    const prompts = ctx.freshPrompts();
    const both = folder().write("with-key.pem", `${leaf.pem}${leaf.privateKeyPem}`);
    const keyItems = { labels: [] as string[], details: [] as (string | undefined)[] };
    prompts.script(pickLabel("Account mTLS: leaf certificate"), pickLabel(ACCOUNT), acceptDefault, pickRecording("Send the private key in this file", keyItems), confirm(false));
    await vscode.commands.executeCommand(CommandIds.uploadCertificate, both);
    prompts.assertDone();
    assert.match(keyItems.details[0] ?? "", /^A private key \(PKCS#8\) at line \d+, matching the certificate\./, "the detail is a sentence");
    assert.match(prompts.questionsOf("confirm")[0]?.detail ?? "", /^Private key: it-newcomer-\d+\/with-key\.pem \(line \d+\), uploaded with the certificate$/m);
  });

  test("selecting a certificate in the tree arms the Delete key (cloudflareMtls.certificateSelected), which package.json binds to Delete", async () => {
    const binding = manifest().contributes.keybindings?.find((candidate) => candidate.command === CommandIds.deleteCertificate);
    assert.equal(binding?.key, "delete");
    assert.match(binding?.when ?? "", /focusedView == cloudflareMtls\.certificates/);
    assert.match(binding?.when ?? "", /cloudflareMtls\.certificateSelected/);
    assert.match(binding?.when ?? "", /!inputFocus/);
    const spy = new ContextKeySpy();
    try {
      await vscode.commands.executeCommand("workbench.view.extension.cloudflareMtls");
      const certificate = await nodeAt(ctx.api, ACCOUNT, "mTLS Certificates", "Newcomer mTLS CA");
      await ctx.api.services.treeView.reveal(certificate.node, { select: true, focus: true });
      await waitFor("certificateSelected true", () => (spy.last("cloudflareMtls.certificateSelected") === true ? true : undefined));
      const group = await nodeAt(ctx.api, ACCOUNT, "mTLS Certificates");
      await ctx.api.services.treeView.reveal(group.node, { select: true, focus: true });
      await waitFor("certificateSelected false for a group", () => (spy.last("cloudflareMtls.certificateSelected") === false ? true : undefined));
    } finally {
      spy.dispose();
    }
  });

  test("Restricted Mode: every command that changes Cloudflare is refused, naming it, and sends nothing", async () => {
    const mtls = await nodeAt(ctx.api, ACCOUNT, "mTLS Certificates", "Newcomer mTLS CA");
    const access = await nodeAt(ctx.api, ACCOUNT, "Access Certificates", "Newcomer Access CA");
    const group = await nodeAt(ctx.api, ACCOUNT, "Access Certificates");
    const ca = await makeCa({ commonName: "Restricted CA" });
    const file = folder().write("restricted-ca.pem", ca.pem);
    ctx.api.setWorkspaceTrusted(false);
    try {
      const attempts: [string, unknown][] = [
        [CommandIds.uploadCertificate, file],
        [CommandIds.uploadCertificateFromViewTitle, undefined],
        [CommandIds.deleteCertificate, mtls.node],
        [CommandIds.editHostnames, access.node],
        [CommandIds.editHostnameSettings, group.node],
        [CommandIds.rotateCertificate, access.node],
      ];
      const mark = ctx.sandbox.requests.length;
      for (const [command, argument] of attempts) {
        const prompts = ctx.freshPrompts();
        await vscode.commands.executeCommand(command, argument);
        assert.deepEqual(prompts.questions, [], `${command} asked a question in Restricted Mode`);
        const [message] = prompts.messages;
        assert.equal(prompts.messages.length, 1, `${command}: ${JSON.stringify(prompts.messages)}`);
        assert.equal(message?.severity, "warning");
        assert.match(message?.message ?? "", /^Restricted Mode: this workspace is not trusted, so Cloudflare mTLS does not (upload certificates|delete certificates|edit associated hostnames|edit hostname settings|rotate certificates) here\./);
        assert.deepEqual(message?.buttons, ["Manage Workspace Trust"]);
      }
      assert.deepEqual(
        requestsSince(ctx.sandbox, mark).filter((request) => request.method !== "GET"),
        [],
        "nothing was sent (the tree may still read)",
      );
      assert.ok(ctx.sandbox.mtlsCertificates(accountId()).some((record) => record.name === "Newcomer mTLS CA"));
    } finally {
      ctx.api.setWorkspaceTrusted(undefined);
    }
  });

  test("Restricted Mode: an Access certificate's details do not search the workspace; a file picked by hand is read", async () => {
    assert.ok(accessCa);
    const local = folder().write("newcomer-access-ca.pem", accessCa.pem);
    const access = await nodeAt(ctx.api, ACCOUNT, "Access Certificates", "Newcomer Access CA");
    ctx.api.setWorkspaceTrusted(false);
    try {
      await vscode.commands.executeCommand(CommandIds.showCertificateDetails, access.node);
      const panel = ctx.api.services.details.openPanels.find((open) => open.key === access.node.id);
      assert.ok(panel);
      assert.doesNotMatch(panel.panel.webview.html, /newcomer-access-ca\.pem/, "the matching workspace file was not looked for");
      assert.match(panel.panel.webview.html, /Pick Matching Local File/);

      // The page's "Pick Matching Local File…" button, as the webview sends it.
      ctx.prompts.script(openFile(local));
      (panel as unknown as { receive(message: unknown): void }).receive({ type: "action", action: "pickLocalFile" });
      await waitFor("the picked file in the details", () => (panel.panel.webview.html.includes("newcomer-access-ca.pem") ? true : undefined));
      ctx.prompts.assertDone();
    } finally {
      ctx.api.setWorkspaceTrusted(undefined);
    }
  });

  test("the menus hide the commands that change Cloudflare in Restricted Mode, and the manifest says what works there", () => {
    const mutating = new Set(mutatingCommandIds());
    assert.deepEqual(
      [...mutating].sort(),
      [
        CommandIds.deleteCertificate,
        CommandIds.editHostnameSettings,
        CommandIds.editHostnames,
        CommandIds.uploadCertificate,
        CommandIds.uploadCertificateFromViewTitle,
        CommandIds.createClientCertificate,
        CommandIds.createClientCertificateFromCsr,
        CommandIds.revokeClientCertificate,
        CommandIds.reactivateClientCertificate,
        CommandIds.editMtlsHostnames,
        CommandIds.rotateCertificate,
      ].sort(),
    );
    const { menus, keybindings } = manifest().contributes;
    const entries = [...Object.entries(menus).flatMap(([menu, list]) => list.map((entry) => ({ menu, ...entry }))), ...(keybindings ?? []).map((entry) => ({ menu: "keybindings", ...entry }))];
    for (const entry of entries.filter((candidate) => mutating.has(candidate.command) && candidate.when !== "false")) {
      assert.match(entry.when ?? "", /\bisWorkspaceTrusted\b/, `${entry.menu}: ${entry.command} shows in Restricted Mode`);
    }
    assert.match(manifest().capabilities.untrustedWorkspaces.description, /^In Restricted Mode you can sign in, browse and inspect certificates; uploading, deleting and editing hostnames need a trusted workspace/);
  });

  test("each request is one line in the log at Info, the default level, without the token", async () => {
    assert.equal(ctx.api.services.log.channel.logLevel, vscode.LogLevel.Info, "the log is at its default level");
    await nodeAt(ctx.api, ACCOUNT, "mTLS Certificates", "Newcomer mTLS CA");
    const folderPath = ctx.api.services.context.logUri.fsPath;
    const text = await waitFor("a request line in the log file", () => {
      const file = readdirSync(folderPath).find((name) => name.startsWith("Cloudflare mTLS") && name.endsWith(".log"));
      const content = file ? readFileSync(join(folderPath, file), "utf8") : "";
      return /\[info\] \[client\] GET \/accounts\/[^/\s]+\/mtls_certificates\S* 200 \d+ ms/.test(content) ? content : undefined;
    });
    assert.equal(text.includes(ctx.token), false);
  });

  test("Sign Out closes the details panels of remote certificates; a local file's stays open", async () => {
    const mtls = await nodeAt(ctx.api, ACCOUNT, "mTLS Certificates", "Newcomer mTLS CA");
    await vscode.commands.executeCommand(CommandIds.showCertificateDetails, mtls.node);
    const localCa = await makeCa({ commonName: "Local Only CA" });
    const local = folder().write("local-only.pem", localCa.pem);
    await vscode.commands.executeCommand(CommandIds.inspectCertificate, local);
    assert.ok(ctx.api.services.details.openPanels.some((panel) => panel.key === mtls.node.id));
    await vscode.commands.executeCommand(CommandIds.signOut);
    await waitFor("the remote panel to close", () => (ctx.api.services.details.openPanels.some((panel) => panel.source === "cloudflare") ? undefined : true));
    assert.deepEqual(
      ctx.api.services.details.openPanels.map((panel) => panel.key),
      [`local:${local.toString()}`],
      "only the local file's panel stays",
    );
    await signInWithToken(ctx.api, ctx.token);
  });
});
