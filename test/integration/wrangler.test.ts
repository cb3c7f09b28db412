// Wrangler files in the extension host: the hover on a binding's certificate_id, the Problems
// panel (appearing, following edits and the certificates shown), the code action and completion
// that insert a binding, and the copy commands of certificate rows, against the sandbox.
import assert from "node:assert/strict";
import * as vscode from "vscode";
import type { SandboxAccount, SandboxZone } from "../support/cloudflareSandbox";
import { days, makeCa, makeLeaf } from "../support/makeCertificates";
import { makeCsr } from "../support/makeCsrs";
import { acceptDefault, pickLabel } from "../support/scriptedPrompts";
import { parseMtlsBindings } from "../../src/wrangler/mtlsBindings";
import { sandboxSuite, waitFor } from "./support/sandboxSuite";
import { openInEditor, ScratchFolder } from "./support/scratchFiles";
import { nodeAt } from "./support/treeWalk";

const ACCOUNT = "Wrangler Account";
const ZONE = "wrangler.example";
const UNKNOWN_ID = "00000000000000000000000000000000";

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === "Cloudflare mTLS");
}

/** The hovers' text as a reader sees it: MarkdownString.appendText escapes punctuation and writes spaces as &nbsp;. */
function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === "string" ? content : content.value))
    .join("\n")
    .replace(/&nbsp;/g, " ")
    .replace(/\\([\\`*_{}[\]()#+\-.!<>|])/g, "$1");
}

suite("Wrangler: mTLS bindings in wrangler files, and copying bindings and Terraform imports", () => {
  let account: SandboxAccount | undefined;
  let zone: SandboxZone | undefined;
  const folders: ScratchFolder[] = [];
  const ids = { origin: "", expiring: "", expired: "", ca: "", access: "", client: "" };
  const ctx = sandboxSuite({
    seed: async (sandbox) => {
      account = sandbox.addAccount({ name: ACCOUNT });
      zone = sandbox.addZone(account.id, { name: ZONE });
      const ca = await makeCa({ subject: "CN=Wrangler CA" });
      const now = Date.now();
      const origin = await makeLeaf(ca, { commonName: "origin.wrangler.example", notAfter: new Date(now + days(300)) });
      const expiring = await makeLeaf(ca, { commonName: "expiring.wrangler.example", notAfter: new Date(now + days(10)) });
      const expired = await makeLeaf(ca, { commonName: "expired.wrangler.example", notBefore: new Date(now - days(400)), notAfter: new Date(now - days(2)) });
      ids.origin = sandbox.addMtlsCertificate(account.id, { certificates: origin.pem, ca: false, name: "Origin Client" }).id;
      ids.expiring = sandbox.addMtlsCertificate(account.id, { certificates: expiring.pem, ca: false, name: "Expiring Client" }).id;
      ids.expired = sandbox.addMtlsCertificate(account.id, { certificates: expired.pem, ca: false, name: "Expired Client" }).id;
      ids.ca = sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true, name: "Wrangler CA" }).id;
      ids.access = sandbox.addAccessCertificate({ kind: "accounts", id: account.id }, { certificate: ca.pem, name: "Wrangler Access CA", associated_hostnames: [] }).id;
      const csr = await makeCsr({ subject: "CN=device.wrangler.example" });
      ids.client = sandbox.addClientCertificate(zone.id, { csr: csr.pem, validityDays: 365 }).id;
    },
  });
  const accountId = (): string => account?.id ?? assert.fail("no account");
  const zoneId = (): string => zone?.id ?? assert.fail("no zone");
  /** A folder of its own for each test's wrangler file (a workspace holds one wrangler.toml per folder). */
  const folder = (name: string): ScratchFolder => {
    const made = new ScratchFolder(`wrangler-${name}`);
    folders.push(made);
    return made;
  };
  suiteTeardown(() => folders.forEach((made) => made.remove()));

  test("the hover on certificate_id names the certificate, leaf or CA, its expiry and account (CRLF, multibyte text before)", async () => {
    const text = ['name = "wörker ☃ 😀"', "", "[[mtls_certificates]]", 'binding = "ORIGIN"', `certificate_id = "${ids.origin}"`, "", "[env.staging]", "[[env.staging.mtls_certificates]]", 'binding = "ROOT"', `certificate_id = "${ids.ca}"`, ""].join("\r\n");
    const uri = folder("hover").write("wrangler.toml", text);
    const editor = await openInEditor(uri);
    const at = (id: string) => editor.document.positionAt(text.indexOf(id) + 4);

    const leaf = await waitFor("a hover on the leaf's id", async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", uri, at(ids.origin));
      return hoverText(hovers).includes("Origin Client") ? hovers : undefined;
    });
    const leafText = hoverText(leaf);
    assert.match(leafText, /Kind: Leaf certificate/);
    assert.match(leafText, /Expires: \d{4}-\d{2}-\d{2} \(expires in (299|300) days\)/);
    assert.match(leafText, new RegExp(`Account: ${ACCOUNT}`));
    const ourHover = leaf.find((hover) => hoverText([hover]).includes("Origin Client"));
    assert.equal(editor.document.getText(ourHover?.range), ids.origin, "the hover covers exactly the id");

    const root = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", uri, at(ids.ca)));
    assert.match(root, /Wrangler CA/);
    assert.match(root, /Kind: CA certificate/);
  });

  test("the Problems panel flags unknown, expired, expiring and CA ids, follows edits and the accounts shown", async () => {
    const text = [
      "{",
      '  // wörker 😀',
      '  "name": "w",',
      '  "mtls_certificates": [',
      `    { "binding": "GONE", "certificate_id": "${UNKNOWN_ID}" },`,
      `    { "binding": "OLD", "certificate_id": "${ids.expired}" },`,
      "  ],",
      '  "env": {',
      '    "production": {',
      '      "mtls_certificates": [',
      `        { "binding": "SOON", "certificate_id": "${ids.expiring}" },`,
      `        { "binding": "ROOT", "certificate_id": "${ids.ca}" },`,
      `        { "binding": "FINE", "certificate_id": "${ids.origin}" }`,
      "      ]",
      "    }",
      "  }",
      "}",
      "",
    ].join("\n");
    const uri = folder("problems").write("wrangler.jsonc", text);
    const editor = await openInEditor(uri);
    const summary = () =>
      ours(uri)
        .map((diagnostic) => `${vscode.DiagnosticSeverity[diagnostic.severity]} ${typeof diagnostic.code === "string" ? diagnostic.code : "?"} ${editor.document.getText(diagnostic.range)}`)
        .sort();
    const expected = [
      `Error expiredCertificate ${ids.expired}`,
      `Error unknownCertificate ${UNKNOWN_ID}`,
      `Warning caCertificate ${ids.ca}`,
      `Warning expiringCertificate ${ids.expiring}`,
    ].sort();
    await waitFor("the four problems", () => summary().length === 4);
    assert.deepEqual(summary(), expected);
    assert.match(ours(uri).find((diagnostic) => diagnostic.code === "unknownCertificate")?.message ?? "", new RegExp(`in the shown accounts \\(${ACCOUNT}\\)`));

    // An edit: the unknown id becomes the good one, and its problem goes.
    const start = editor.document.positionAt(text.indexOf(UNKNOWN_ID));
    await editor.edit((builder) => builder.replace(new vscode.Range(start, start.translate(0, UNKNOWN_ID.length)), ids.origin));
    await waitFor("the unknown id's problem to clear after the edit", () => summary().length === 3);
    assert.deepEqual(summary(), expected.filter((line) => !line.includes(UNKNOWN_ID)));

    // The certificates shown change (the account hidden, then shown): the problems follow, with no edit.
    const mark = ctx.sandbox.requests.length;
    await ctx.api.services.repository.setHiddenAccountIds([accountId()]);
    await waitFor("no problems while no account is shown", () => summary().length === 0);
    await ctx.api.services.repository.setHiddenAccountIds([]);
    await waitFor("the problems back once the account is shown", () => summary().length === 3);
    assert.ok(ctx.sandbox.requests.length - mark <= 4, "re-checking reads the lists once, not per document or keystroke");
  });

  test("the code action inserts a binding from the picker into the cursor's environment", async () => {
    const text = ['name = "w"', "", "[env.staging]", 'route = "staging.example.com/*"', "", "[vars]", 'A = "b"', ""].join("\n");
    const uri = folder("insert").write("wrangler.toml", text);
    const editor = await openInEditor(uri);
    const cursor = editor.document.positionAt(text.indexOf("route"));
    editor.selection = new vscode.Selection(cursor, cursor);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", uri, new vscode.Range(cursor, cursor));
    const insert = actions.find((action) => action.title === "Insert mTLS certificate binding…");
    assert.ok(insert?.command, "the code action is offered");

    ctx.prompts.script(
      {
        kind: "pick",
        answer: (items) => {
          assert.deepEqual(items.map((item) => item.label).sort(), ["Expired Client", "Expiring Client", "Origin Client"], "leaf certificates only");
          return items.find((item) => item.label === "Origin Client");
        },
      },
      {
        kind: "input",
        answer: (options) => {
          assert.equal(options.value, "ORIGIN_CLIENT");
          assert.match(options.validate?.("1BAD") ?? "", /JavaScript identifier/);
          return "STAGING_ORIGIN";
        },
      },
    );
    await vscode.commands.executeCommand(insert.command.command, ...((insert.command.arguments ?? []) as unknown[]));
    ctx.prompts.assertDone();
    const parsed = parseMtlsBindings(editor.document.getText(), "toml");
    assert.equal(parsed.problem, undefined, editor.document.getText());
    assert.deepEqual(
      parsed.bindings.map((binding) => [binding.environment, binding.binding?.value, binding.certificateId?.value]),
      [["staging", "STAGING_ORIGIN", ids.origin]],
    );
    assert.match(editor.document.getText(), /\[vars\]\nA = "b"\n$/, "the tables after it keep their keys");
    assert.ok(editor.document.isDirty, "the file is edited, not saved behind the user's back");
  });

  test("completion offers the insert item, and certificate ids inside certificate_id", async () => {
    const text = `{\n  "mtls_certificates": [{ "binding": "X", "certificate_id": "" }]\n}\n`;
    const uri = folder("complete").write("wrangler.json", text);
    const editor = await openInEditor(uri);
    const labelOf = (item: vscode.CompletionItem) => (typeof item.label === "string" ? item.label : item.label.label);
    const inside = await vscode.commands.executeCommand<vscode.CompletionList>("vscode.executeCompletionItemProvider", uri, editor.document.positionAt(text.indexOf('""') + 1));
    const origin = inside.items.find((item) => labelOf(item) === "Origin Client");
    assert.equal(origin?.insertText, ids.origin);
    assert.ok(!inside.items.some((item) => labelOf(item) === "Wrangler CA"), "a CA is not offered for a binding");

    ctx.prompts.script(pickLabel("Expiring Client"), acceptDefault);
    const top = await vscode.commands.executeCommand<vscode.CompletionList>("vscode.executeCompletionItemProvider", uri, editor.document.positionAt(2));
    const item = top.items.find((candidate) => labelOf(candidate) === "Insert mTLS certificate binding…");
    assert.ok(item?.command, "the insert item is offered");
    editor.selection = new vscode.Selection(editor.document.positionAt(2), editor.document.positionAt(2));
    await vscode.commands.executeCommand(item.command.command, ...((item.command.arguments ?? []) as unknown[]));
    ctx.prompts.assertDone();
    assert.deepEqual(
      parseMtlsBindings(editor.document.getText(), "json").bindings.map((binding) => [binding.binding?.value, binding.certificateId?.value]),
      [
        ["X", ""],
        ["EXPIRING_CLIENT", ids.expiring],
      ],
    );
  });

  test("Copy as Wrangler Binding puts the TOML or JSON binding of a leaf on the clipboard", async () => {
    const row = await nodeAt(ctx.api, ACCOUNT, "mTLS Certificates", "Origin Client");
    ctx.prompts.script(pickLabel("wrangler.toml"));
    await vscode.commands.executeCommand("cloudflareMtls.copyWranglerBinding", row.node);
    assert.equal(await vscode.env.clipboard.readText(), `[[mtls_certificates]]\nbinding = "ORIGIN_CLIENT"\ncertificate_id = "${ids.origin}"\n`);
    ctx.prompts.script(pickLabel("wrangler.json / wrangler.jsonc"));
    await vscode.commands.executeCommand("cloudflareMtls.copyWranglerBinding", row.node);
    assert.equal(await vscode.env.clipboard.readText(), `"mtls_certificates": [\n  {\n    "binding": "ORIGIN_CLIENT",\n    "certificate_id": "${ids.origin}"\n  }\n]\n`);
    ctx.prompts.assertDone();

    await vscode.env.clipboard.writeText("before");
    const ca = await nodeAt(ctx.api, ACCOUNT, "mTLS Certificates", "Wrangler CA");
    await vscode.commands.executeCommand("cloudflareMtls.copyWranglerBinding", ca.node);
    assert.equal(await vscode.env.clipboard.readText(), "before", "a CA has no binding to copy");
    assert.match(ctx.prompts.messagesOf("info")[0]?.message ?? "", /is a CA certificate/);
  });

  test("the details view's Copy as Wrangler Binding… and Copy Terraform Import… buttons copy the same text", async () => {
    const row = await nodeAt(ctx.api, ACCOUNT, "mTLS Certificates", "Origin Client");
    await vscode.commands.executeCommand("cloudflareMtls.showCertificateDetails", row.node);
    const panel = ctx.api.services.details.openPanels.find((open) => open.key === row.node.id);
    assert.ok(panel, "the details view opened");
    assert.match(panel.panel.webview.html, /data-action="copyWranglerBinding"/);
    assert.match(panel.panel.webview.html, /data-action="copyTerraformImport"/);
    // The page's buttons, as the webview sends them.
    const press = (action: string) => (panel as unknown as { receive(message: unknown): void }).receive({ type: "action", action });
    ctx.prompts.script(pickLabel("wrangler.toml"));
    await vscode.env.clipboard.writeText("before");
    press("copyWranglerBinding");
    await waitFor("the binding on the clipboard", async () => ((await vscode.env.clipboard.readText()).includes(ids.origin) ? true : undefined));
    assert.equal(await vscode.env.clipboard.readText(), `[[mtls_certificates]]\nbinding = "ORIGIN_CLIENT"\ncertificate_id = "${ids.origin}"\n`);
    ctx.prompts.script(pickLabel("terraform import command"));
    press("copyTerraformImport");
    await waitFor("the import command on the clipboard", async () => ((await vscode.env.clipboard.readText()).startsWith("terraform import") ? true : undefined));
    assert.equal(await vscode.env.clipboard.readText(), `terraform import cloudflare_mtls_certificate.origin_client ${accountId()}/${ids.origin}`);
    ctx.prompts.assertDone();

    const ca = await nodeAt(ctx.api, ACCOUNT, "mTLS Certificates", "Wrangler CA");
    await vscode.commands.executeCommand("cloudflareMtls.showCertificateDetails", ca.node);
    const caPanel = ctx.api.services.details.openPanels.find((open) => open.key === ca.node.id);
    assert.doesNotMatch(caPanel?.panel.webview.html ?? "", /copyWranglerBinding/, "a CA's details offer no binding");
  });

  test("Copy Terraform Import gives the provider's import id for each kind, as a block or a command", async () => {
    const mtls = await nodeAt(ctx.api, ACCOUNT, "mTLS Certificates", "Wrangler CA");
    ctx.prompts.script(pickLabel("import block"));
    await vscode.commands.executeCommand("cloudflareMtls.copyTerraformImport", mtls.node);
    assert.equal(await vscode.env.clipboard.readText(), `import {\n  to = cloudflare_mtls_certificate.wrangler_ca\n  id = "${accountId()}/${ids.ca}"\n}\n`);

    const access = await nodeAt(ctx.api, ACCOUNT, "Access Certificates", "Wrangler Access CA");
    ctx.prompts.script(pickLabel("terraform import command"));
    await vscode.commands.executeCommand("cloudflareMtls.copyTerraformImport", access.node);
    assert.equal(await vscode.env.clipboard.readText(), `terraform import cloudflare_zero_trust_access_mtls_certificate.wrangler_access_ca accounts/${accountId()}/${ids.access}`);

    const client = await nodeAt(ctx.api, ACCOUNT, "Zones", ZONE, "Client Certificates", /device\.wrangler\.example/);
    ctx.prompts.script(pickLabel("terraform import command"));
    await vscode.commands.executeCommand("cloudflareMtls.copyTerraformImport", client.node);
    assert.equal(await vscode.env.clipboard.readText(), `terraform import cloudflare_client_certificate.device_wrangler_example ${zoneId()}/${ids.client}`);
    ctx.prompts.assertDone();
  });
});
