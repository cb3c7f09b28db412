// Upload Certificate through the paths users take: the active editor, a file from the Explorer (a
// Uri argument) and the tree's group buttons. CA and leaf (with a private key picked from a file)
// to account mTLS, Access roots for the account and for a zone with hostnames. Each checks what
// reached the sandbox, that the tree shows the new row, and that the user's files are never
// written, not even when Cloudflare refuses the upload.
import assert from "node:assert/strict";
import * as vscode from "vscode";
import type { SandboxAccount, SandboxZone } from "../support/cloudflareSandbox";
import { makeCa, makeLeaf, type MadeCertificate } from "../support/makeCertificates";
import { acceptDefault, confirm, openFile, pickLabel, typeText, type ScriptStep } from "../support/scriptedPrompts";
import { requestsSince, sandboxSuite, waitFor } from "./support/sandboxSuite";
import { openInEditor, ScratchFolder } from "./support/scratchFiles";
import { nodeAt, shownChildren } from "./support/treeWalk";

/** PEM text compared without line-ending and trailing-space differences. */
function samePem(actual: unknown, expected: string): boolean {
  const normal = (text: string) => text.replace(/\r\n/g, "\n").trim();
  return typeof actual === "string" && normal(actual) === normal(expected);
}

/** Answers a pick after checking which destinations it offered. */
function pickOffering(expectedLabels: readonly string[], choose: string): ScriptStep {
  return {
    kind: "pick",
    answer: (items) => {
      assert.deepEqual(
        items.map((item) => item.label),
        expectedLabels,
      );
      const item = items.find((candidate) => candidate.label === choose);
      assert.ok(item, `no ${choose}`);
      return item;
    },
  };
}

suite("upload: from the editor, the Explorer and the tree, to account mTLS and Access", () => {
  let account: SandboxAccount | undefined;
  let zone: SandboxZone | undefined;
  let files: ScratchFolder | undefined;
  let issuer: MadeCertificate | undefined;
  const ctx = sandboxSuite({
    seed: (sandbox) => {
      account = sandbox.addAccount({ name: "Upload Account" });
      zone = sandbox.addZone(account.id, { name: "upload.example" });
    },
  });
  const accountId = (): string => account?.id ?? assert.fail("no account");
  const folder = (): ScratchFolder => files ?? assert.fail("no scratch folder");
  const posts = (mark: number, path: RegExp) => requestsSince(ctx.sandbox, mark, { method: "POST", path });

  suiteSetup(async () => {
    files = new ScratchFolder("upload");
    issuer = await makeCa({ commonName: "Upload Issuing CA" });
  });

  suiteTeardown(() => files?.remove());

  test("a CA in the active editor goes to account mTLS as ca: true and appears in the tree", async () => {
    const ca = await makeCa({ subject: "CN=Editor Upload CA, O=Upload" });
    const uri = folder().write("editor-ca.pem", ca.pem);
    const before = folder().bytes("editor-ca.pem");
    await openInEditor(uri);
    ctx.prompts.script(pickLabel("Account mTLS: CA certificate"), acceptDefault, confirm(true));
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.uploadCertificate");
    ctx.prompts.assertDone();
    assert.deepEqual(ctx.prompts.messages.filter((message) => message.severity !== "info"), []);
    assert.equal(ctx.prompts.questionsOf("confirm")[0]?.title, "Upload “Editor Upload CA” as a CA certificate of account Upload Account?");

    const sent = posts(mark, new RegExp(`^/accounts/${accountId()}/mtls_certificates$`));
    assert.equal(sent.length, 1);
    const body = sent[0]?.body as Record<string, unknown>;
    assert.equal(body["ca"], true);
    assert.equal(body["name"], "Editor Upload CA");
    assert.ok(samePem(body["certificates"], ca.pem), "the PEM sent is the editor's");
    assert.equal("private_key" in body, false);

    const stored = ctx.sandbox.mtlsCertificates(accountId()).find((record) => record.name === "Editor Upload CA");
    assert.equal(stored?.ca, true);
    assert.deepEqual(ctx.prompts.messagesOf("info").at(-1), { severity: "info", message: "Uploaded “Editor Upload CA” as a CA certificate.", buttons: ["Show Details"] });
    const row = await nodeAt(ctx.api, "Upload Account", "mTLS Certificates", "Editor Upload CA");
    assert.equal(row.item.contextValue, "mtlsCertificate.ca certificate hasPem deletable rotatable");
    assert.equal(row.item.id, `accounts/${accountId()}/mtlsCertificate/${stored?.id ?? ""}`);
    assert.ok(folder().bytes("editor-ca.pem").equals(before), "the file is unchanged");
  });

  test("a leaf from the Explorer goes with the private key picked from a file; both files stay byte-identical", async () => {
    assert.ok(issuer);
    const leaf = await makeLeaf(issuer, { commonName: "explorer-client.upload.example" });
    const certificateUri = folder().write("explorer-client.pem", leaf.pem);
    const keyUri = folder().write("explorer-client.key", leaf.privateKeyPem);
    const certificateBytes = folder().bytes("explorer-client.pem");
    const keyBytes = folder().bytes("explorer-client.key");
    ctx.prompts.script(pickLabel("Account mTLS: leaf certificate"), acceptDefault, pickLabel("Choose a private key file"), openFile(keyUri), confirm(true));
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.uploadCertificate", certificateUri);
    ctx.prompts.assertDone();
    assert.deepEqual(ctx.prompts.messages.filter((message) => message.severity !== "info"), []);
    assert.match(ctx.prompts.questionsOf("confirm")[0]?.detail ?? "", /^Private key: it-upload-\d+\/explorer-client\.key, uploaded with the certificate$/m, "the confirmation names the key file");

    const sent = posts(mark, new RegExp(`^/accounts/${accountId()}/mtls_certificates$`));
    assert.equal(sent.length, 1);
    const body = sent[0]?.body as Record<string, unknown>;
    assert.equal(body["ca"], false);
    assert.ok(samePem(body["certificates"], leaf.pem));
    assert.ok(samePem(body["private_key"], leaf.privateKeyPem), "the chosen key was sent");
    const stored = ctx.sandbox.mtlsCertificates(accountId()).find((record) => record.name === "explorer-client.upload.example");
    assert.equal(stored?.hasPrivateKey, true);
    assert.equal(stored?.ca, false);
    const row = await nodeAt(ctx.api, "Upload Account", "mTLS Certificates", "explorer-client.upload.example");
    assert.equal(row.item.contextValue, "mtlsCertificate.leaf certificate hasPem deletable");
    assert.ok(folder().bytes("explorer-client.pem").equals(certificateBytes), "the certificate file is unchanged");
    assert.ok(folder().bytes("explorer-client.key").equals(keyBytes), "the key file is unchanged");
  });

  test("a key file that does not belong to the leaf: the key question comes back at once, saying why", async () => {
    assert.ok(issuer);
    const leaf = await makeLeaf(issuer, { commonName: "wrong-key.upload.example" });
    const stranger = await makeCa({ commonName: "Stranger", keyAlgorithm: "P-384" });
    const certificateUri = folder().write("wrong-key.pem", leaf.pem);
    const keyUri = folder().write("stranger.key", stranger.privateKeyPem);
    let retried: { label: string; detail?: string } | undefined;
    ctx.prompts.script(
      pickLabel("Account mTLS: leaf certificate"),
      acceptDefault,
      pickLabel("Choose a private key file"),
      openFile(keyUri),
      {
        kind: "pick",
        answer: (items) => {
          retried = items.find((item) => item.label.includes("Choose another private key file"));
          return items.find((item) => item.label.includes("Upload without a private key"));
        },
      },
      confirm(true),
    );
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.uploadCertificate", certificateUri);
    ctx.prompts.assertDone();
    const reason = /^it-upload-\d+\/stranger\.key: Block 1 \(line 1\) is a private key for another certificate: its public key is not the one in “CN=wrong-key\.upload\.example”\.$/;
    // The reason is beside the question that came back (its file item), and in a notification
    // that nobody has to close before the question returns.
    assert.match(retried?.detail ?? "", reason, "the retried question's file item says why");
    const errors = ctx.prompts.messagesOf("error");
    assert.equal(errors.length, 1, JSON.stringify(ctx.prompts.messages));
    assert.match(errors[0]?.message ?? "", reason);
    const keyQuestions = ctx.prompts.questionsOf("pick").filter((question) => question.title === "Upload Certificate: Private Key");
    assert.equal(keyQuestions.length, 2, "the key question was asked again");
    assert.match(keyQuestions[1]?.placeHolder ?? "", /^That file was not this certificate's key/);
    assert.match(ctx.prompts.questionsOf("confirm")[0]?.detail ?? "", /Private key: not uploaded/);
    const body = posts(mark, new RegExp(`^/accounts/${accountId()}/mtls_certificates$`))[0]?.body as Record<string, unknown> | undefined;
    assert.ok(body, "the leaf was uploaded");
    assert.equal("private_key" in body, false, "no key was sent");
    assert.equal(ctx.sandbox.mtlsCertificates(accountId()).find((record) => record.name === "wrong-key.upload.example")?.hasPrivateKey, false);
  });

  test("an Access root for the account from the Explorer, with hostnames; Show Details finds the local file", async () => {
    const root = await makeCa({ commonName: "Explorer Access CA" });
    const uri = folder().write("explorer-access-ca.crt", root.pem);
    ctx.prompts
      .script(pickLabel("Access: root CA for the account"), acceptDefault, typeText("app.upload.example, admin.upload.example"), confirm(true))
      .pressOn(/^Uploaded/, "Show Details");
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.uploadCertificate", uri);
    ctx.prompts.assertDone();
    assert.deepEqual(ctx.prompts.messages.filter((message) => message.severity !== "info"), []);
    const sent = posts(mark, new RegExp(`^/accounts/${accountId()}/access/certificates$`));
    assert.equal(sent.length, 1);
    assert.deepEqual((sent[0]?.body as Record<string, unknown>)["associated_hostnames"], ["app.upload.example", "admin.upload.example"]);

    const stored = ctx.sandbox.accessCertificates({ kind: "accounts", id: accountId() }).find((record) => record.name === "Explorer Access CA");
    assert.deepEqual(stored?.associated_hostnames, ["app.upload.example", "admin.upload.example"]);
    const row = await nodeAt(ctx.api, "Upload Account", "Access Certificates", "Explorer Access CA");
    assert.equal(row.description?.startsWith("2 hostnames · "), true);
    assert.deepEqual(
      (await shownChildren(ctx.api, row.node)).map((child) => child.label),
      ["app.upload.example", "admin.upload.example"],
    );
    const panel = await waitFor("the details panel of the new certificate", () => ctx.api.services.details.openPanels.find((open) => open.key === row.node.id));
    assert.match(panel.panel.webview.html, /explorer-access-ca\.crt/, "the details found the uploaded file in the workspace by its fingerprint");
  });

  test("an Access root for a zone, with hostnames, from the active editor", async () => {
    const root = await makeCa({ commonName: "Zone Access CA" });
    await openInEditor(folder().write("zone-access-ca.pem", root.pem));
    ctx.prompts.script(pickLabel("Access: root CA for a zone"), pickLabel("upload.example"), acceptDefault, typeText("vpn.upload.example"), confirm(true));
    const zoneId = zone?.id ?? assert.fail("no zone");
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.uploadCertificate");
    ctx.prompts.assertDone();
    assert.deepEqual(ctx.prompts.messages.filter((message) => message.severity !== "info"), []);
    assert.equal(ctx.prompts.questionsOf("confirm")[0]?.title, "Upload “Zone Access CA” as an Access root certificate of zone upload.example?");
    assert.equal(posts(mark, new RegExp(`^/zones/${zoneId}/access/certificates$`)).length, 1);
    const stored = ctx.sandbox.accessCertificates({ kind: "zones", id: zoneId }).find((record) => record.name === "Zone Access CA");
    assert.deepEqual(stored?.associated_hostnames, ["vpn.upload.example"]);
    assert.deepEqual(ctx.sandbox.accessCertificates({ kind: "accounts", id: accountId() }).filter((record) => record.name === "Zone Access CA"), []);
    const row = await nodeAt(ctx.api, "Upload Account", "Zones", "upload.example", "Access Certificates", "Zone Access CA");
    assert.equal(row.item.contextValue, "accessCertificate certificate deletable rotatable");
  });

  test("from the mTLS group's button: only mTLS destinations are offered and the account is preset", async () => {
    const ca = await makeCa({ commonName: "Group Button CA" });
    await openInEditor(folder().write("group-button-ca.pem", ca.pem));
    const group = await nodeAt(ctx.api, "Upload Account", "mTLS Certificates");
    ctx.prompts.script(pickOffering(["Account mTLS: CA certificate", "Account mTLS: leaf certificate"], "Account mTLS: CA certificate"), acceptDefault, confirm(true));
    await vscode.commands.executeCommand("cloudflareMtls.uploadCertificate", group.node);
    ctx.prompts.assertDone();
    assert.ok(ctx.sandbox.mtlsCertificates(accountId()).some((record) => record.name === "Group Button CA" && record.ca));
  });

  test("from a zone's Access group button with no editor open: the file is picked in a dialog, the zone is preset", async () => {
    const root = await makeCa({ commonName: "Dialog Zone CA" });
    const uri = folder().write("dialog-zone-ca.pem", root.pem);
    const group = await nodeAt(ctx.api, "Upload Account", "Zones", "upload.example", "Access Certificates");
    ctx.prompts.script(openFile(uri), acceptDefault, typeText(""), confirm(true));
    await vscode.commands.executeCommand("cloudflareMtls.uploadCertificate", group.node);
    ctx.prompts.assertDone();
    assert.deepEqual(
      ctx.prompts.questions.map((question) => question.kind),
      ["openFile", "input", "input", "confirm"],
      "no destination, account or zone question",
    );
    const zoneId = zone?.id ?? assert.fail("no zone");
    const stored = ctx.sandbox.accessCertificates({ kind: "zones", id: zoneId }).find((record) => record.name === "Dialog Zone CA");
    assert.deepEqual(stored?.associated_hostnames, []);
  });

  test("a failed upload (HTTP 500, then 400) is checked, not retried, says what is true, and leaves the file byte-identical", async () => {
    const ca = await makeCa({ commonName: "Refused Upload CA" });
    const uri = folder().write("refused-ca.pem", `${ca.pem}\r\n`);
    const before = folder().bytes("refused-ca.pem");
    const path = new RegExp(`^/accounts/${accountId()}/mtls_certificates$`);
    const countBefore = ctx.sandbox.mtlsCertificates(accountId()).length;

    ctx.sandbox.injectFault({ kind: "status", status: 500 }, { method: "POST", path });
    ctx.prompts.script(pickLabel("Account mTLS: CA certificate"), acceptDefault, confirm(true));
    let mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.uploadCertificate", uri);
    ctx.prompts.assertDone();
    assert.equal(posts(mark, path).length, 1, "a POST is never retried");
    // A 500 may come after Cloudflare stored it: the list is checked (twice) before saying it did not happen.
    assert.ok(requestsSince(ctx.sandbox, mark, { method: "GET", path }).length >= 2, "the list was checked");
    assert.deepEqual(ctx.prompts.messagesOf("warning"), [
      {
        severity: "warning",
        message: "Cloudflare's answer to the upload of “Refused Upload CA” was lost, and it did not happen: trying again is safe.",
        buttons: ["Retry", "Open Log"],
      },
    ]);
    assert.ok(folder().bytes("refused-ca.pem").equals(before), "the file is unchanged after a 500");

    const prompts = ctx.freshPrompts();
    ctx.sandbox.injectFault({ kind: "errorEnvelope", httpStatus: 400, code: 1406, message: "unable to parse certificate" }, { method: "POST", path });
    prompts.script(pickLabel("Account mTLS: CA certificate"), acceptDefault, confirm(true));
    mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.uploadCertificate", uri);
    prompts.assertDone();
    assert.equal(posts(mark, path).length, 1);
    assert.deepEqual(
      prompts.messagesOf("error").map((message) => message.message),
      ["Cloudflare refused the request: unable to parse certificate (code 1406)."],
    );
    assert.ok(folder().bytes("refused-ca.pem").equals(before), "the file is unchanged after a 400");
    assert.equal(ctx.sandbox.mtlsCertificates(accountId()).length, countBefore, "nothing was created");
  });
});
