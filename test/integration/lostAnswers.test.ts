// Writes whose answer is lost after Cloudflare acted (the sandbox drops the connection, or answers
// 502/504, after processing), through the real commands: the server holds exactly one object (or
// none after a delete), nothing is sent twice, and the user reads what is true.
import assert from "node:assert/strict";
import * as vscode from "vscode";
import type { SandboxAccount } from "../support/cloudflareSandbox";
import { makeCa } from "../support/makeCertificates";
import { acceptDefault, confirm, pickLabel, typeText } from "../support/scriptedPrompts";
import { ScratchFolder } from "./support/scratchFiles";
import { requestsSince, sandboxSuite } from "./support/sandboxSuite";
import { nodeAt } from "./support/treeWalk";

const ACCOUNT = "Lost Answers Account";

suite("lost answers: a write is checked, never sent twice, and said as it is", () => {
  let account: SandboxAccount | undefined;
  let files: ScratchFolder | undefined;
  const ctx = sandboxSuite({
    seed: (sandbox) => {
      account = sandbox.addAccount({ name: ACCOUNT });
      sandbox.addZone(account.id, { name: "lost.example" });
    },
  });
  const accountId = (): string => account?.id ?? assert.fail("no account");
  const folder = (): ScratchFolder => files ?? assert.fail("no scratch folder");
  const mtlsPath = () => new RegExp(`^/accounts/${accountId()}/mtls_certificates$`);
  const named = (name: string) => ctx.sandbox.mtlsCertificates(accountId()).filter((certificate) => certificate.name === name);

  suiteSetup(() => {
    files = new ScratchFolder("lost-answers");
  });
  suiteTeardown(() => files?.remove());

  async function upload(name: string): Promise<number> {
    const ca = await makeCa({ commonName: name });
    const uri = folder().write(`${name}.pem`, ca.pem);
    ctx.prompts.script(pickLabel("Account mTLS: CA certificate"), acceptDefault, confirm(true));
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.uploadCertificate", uri);
    ctx.prompts.assertDone();
    return mark;
  }

  test("connection dropped after Cloudflare stored the upload: 'uploaded after all', one certificate", async () => {
    ctx.sandbox.injectFault({ kind: "drop", afterProcessing: true }, { method: "POST", path: mtlsPath() });
    const mark = await upload("Dropped After CA");
    assert.equal(requestsSince(ctx.sandbox, mark, { method: "POST", path: mtlsPath() }).length, 1, "the upload was sent once");
    assert.equal(named("Dropped After CA").length, 1, "exactly one certificate");
    assert.deepEqual(ctx.prompts.messagesOf("error"), []);
    assert.equal(ctx.prompts.messagesOf("info")[0]?.message, "Uploaded “Dropped After CA” as a CA certificate after all (Cloudflare's answer was lost; the extension checked).");
  });

  test("a 502 after processing: the same", async () => {
    ctx.sandbox.injectFault({ kind: "status", status: 502, afterProcessing: true }, { method: "POST", path: mtlsPath() });
    await upload("Bad Gateway After CA");
    assert.equal(named("Bad Gateway After CA").length, 1);
    assert.match(ctx.prompts.messagesOf("info")[0]?.message ?? "", /after all/);
  });

  test("connection dropped before Cloudflare saw it: 'it did not happen: trying again is safe', with Retry; nothing stored", async () => {
    ctx.sandbox.injectFault({ kind: "drop" }, { method: "POST", path: mtlsPath() });
    await upload("Dropped Before CA");
    assert.equal(named("Dropped Before CA").length, 0);
    const messages = [...ctx.prompts.messagesOf("warning"), ...ctx.prompts.messagesOf("error")];
    assert.equal(messages.length, 1, JSON.stringify(messages));
    assert.match(messages[0]?.message ?? "", /it did not happen: trying again is safe\.$|Could not reach the Cloudflare API/);
    assert.ok(messages[0]?.buttons.includes("Retry"));
  });

  test("the answer is lost and the check fails too: 'could not be checked', Refresh and no Retry; one certificate on the server", async () => {
    ctx.sandbox.injectFault({ kind: "drop", afterProcessing: true }, { method: "POST", path: mtlsPath() });
    ctx.sandbox.injectFault({ kind: "status", status: 500 }, { method: "GET", path: mtlsPath(), times: 20 });
    await upload("Unchecked CA");
    assert.equal(named("Unchecked CA").length, 1, "it was stored; the extension did not send it again");
    const error = ctx.prompts.messagesOf("error")[0];
    assert.match(error?.message ?? "", /whether it happened could not be checked: look at the list \(Refresh\) before trying again\.$/);
    assert.deepEqual(error?.buttons, ["Refresh", "Open Log"]);
    ctx.sandbox.clearFaults();
  });

  test("a delete whose answer is lost after Cloudflare deleted it: gone, no error, sent once", async () => {
    await vscode.commands.executeCommand("cloudflareMtls.refresh");
    const row = await nodeAt(ctx.api, ACCOUNT, "mTLS Certificates", "Dropped After CA");
    const id = named("Dropped After CA")[0]?.id ?? "";
    ctx.sandbox.injectFault({ kind: "status", status: 504, afterProcessing: true }, { method: "DELETE" });
    const mark = ctx.sandbox.requests.length;
    ctx.prompts.script(confirm(true));
    await vscode.commands.executeCommand("cloudflareMtls.deleteCertificate", row.node);
    ctx.prompts.assertDone();
    assert.equal(named("Dropped After CA").length, 0);
    assert.equal(requestsSince(ctx.sandbox, mark, { method: "DELETE" }).filter((request) => request.path.endsWith(id)).length, 1);
    assert.deepEqual([...ctx.prompts.messagesOf("error"), ...ctx.prompts.messagesOf("warning")], []);
  });

  test("an Access hostname edit whose answer is lost after it landed: the new list is there, no error", async () => {
    const ca = await makeCa({ commonName: "Lost Access CA" });
    ctx.sandbox.addAccessCertificate({ kind: "accounts", id: accountId() }, { name: "Lost Access CA", certificate: ca.pem });
    await vscode.commands.executeCommand("cloudflareMtls.refresh");
    const row = await nodeAt(ctx.api, ACCOUNT, "Access Certificates", "Lost Access CA");
    ctx.sandbox.injectFault({ kind: "drop", afterProcessing: true }, { method: "PUT" });
    ctx.prompts.script(typeText("app.lost.example"));
    await vscode.commands.executeCommand("cloudflareMtls.editHostnames", row.node);
    ctx.prompts.assertDone();
    assert.deepEqual(ctx.sandbox.accessCertificates({ kind: "accounts", id: accountId() })[0]?.associated_hostnames, ["app.lost.example"]);
    assert.deepEqual([...ctx.prompts.messagesOf("error"), ...ctx.prompts.messagesOf("warning")], []);
    assert.match(ctx.prompts.messagesOf("info")[0]?.message ?? "", /now has 1 associated hostname/);
  });
});
