// Delete Certificate from the tree: one modal confirmation that names the certificate, its kind
// and what uses it; declining deletes nothing; accepting deletes it in Cloudflare and the row goes;
// Cloudflare's refusal of a certificate in use becomes an "in use" message offering Show
// Associations; a multi-selection is confirmed once.
import assert from "node:assert/strict";
import * as vscode from "vscode";
import type { SandboxAccount } from "../support/cloudflareSandbox";
import { makeCa, makeLeaf } from "../support/makeCertificates";
import { confirm } from "../support/scriptedPrompts";
import { requestsSince, sandboxSuite, waitFor } from "./support/sandboxSuite";
import { nodeAt, shownChildren } from "./support/treeWalk";

suite("delete: confirmed once, naming what breaks; refused while in use", () => {
  let account: SandboxAccount | undefined;
  const ctx = sandboxSuite({
    seed: (sandbox) => {
      account = sandbox.addAccount({ name: "Delete Account" });
    },
  });
  const accountId = (): string => account?.id ?? assert.fail("no account");
  const accessScope = () => ({ kind: "accounts" as const, id: accountId() });

  async function mtlsCertificate(name: string, options: { ca?: boolean; associations?: { service: string; status: string }[] } = {}): Promise<string> {
    const ca = await makeCa({ commonName: name });
    const pem = options.ca === false ? (await makeLeaf(ca, { commonName: name })).pem : ca.pem;
    const record = ctx.sandbox.addMtlsCertificate(accountId(), { certificates: pem, ca: options.ca ?? true, name });
    if (options.associations) {
      ctx.sandbox.setAssociations(accountId(), record.id, options.associations);
    }
    await vscode.commands.executeCommand("cloudflareMtls.refresh");
    return record.id;
  }

  const mtlsNames = (): string[] => ctx.sandbox.mtlsCertificates(accountId()).map((record) => record.name);
  const deletes = (mark: number) => requestsSince(ctx.sandbox, mark, { method: "DELETE" });

  test("declining the confirmation deletes nothing", async () => {
    await mtlsCertificate("Keep Me CA");
    const row = await nodeAt(ctx.api, "Delete Account", "mTLS Certificates", "Keep Me CA");
    ctx.prompts.script(confirm(false));
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.deleteCertificate", row.node);
    ctx.prompts.assertDone();
    const [question] = ctx.prompts.questionsOf("confirm");
    assert.equal(question?.title, "Delete the mTLS CA certificate “Keep Me CA” from account Delete Account?");
    assert.match(question?.detail ?? "", /^No Cloudflare service uses it\.\n\nThis cannot be undone/);
    assert.deepEqual(deletes(mark), []);
    assert.ok(mtlsNames().includes("Keep Me CA"));
    await nodeAt(ctx.api, "Delete Account", "mTLS Certificates", "Keep Me CA");
  });

  test("accepting deletes it in Cloudflare, the row leaves the tree and its details panel closes", async () => {
    const id = await mtlsCertificate("Delete Me Leaf", { ca: false });
    const row = await nodeAt(ctx.api, "Delete Account", "mTLS Certificates", "Delete Me Leaf");
    await vscode.commands.executeCommand("cloudflareMtls.showCertificateDetails", row.node);
    assert.ok(ctx.api.services.details.openPanels.some((panel) => panel.key === row.node.id), "the details panel did not open");
    ctx.prompts.script(confirm(true));
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.deleteCertificate", row.node);
    ctx.prompts.assertDone();
    assert.equal(ctx.prompts.questionsOf("confirm")[0]?.title, "Delete the mTLS leaf certificate “Delete Me Leaf” from account Delete Account?");
    assert.deepEqual(
      deletes(mark).map((request) => request.path),
      [`/accounts/${accountId()}/mtls_certificates/${id}`],
    );
    assert.equal(mtlsNames().includes("Delete Me Leaf"), false);
    const labels = (await shownChildren(ctx.api, (await nodeAt(ctx.api, "Delete Account", "mTLS Certificates")).node)).map((child) => child.label);
    assert.equal(labels.includes("Delete Me Leaf"), false, `still shown: ${labels.join(" | ")}`);
    assert.equal(ctx.api.services.details.openPanels.some((panel) => panel.key === row.node.id), false, "the deleted certificate's details stayed open");
    assert.deepEqual(ctx.prompts.messages.filter((message) => message.severity !== "info"), []);
  });

  test("an Access certificate's confirmation names its hostnames; they are detached, then it is deleted", async () => {
    const root = await makeCa({ commonName: "Hostnames CA" });
    const record = ctx.sandbox.addAccessCertificate(accessScope(), { certificate: root.pem, name: "Hostnames CA", associated_hostnames: ["x.delete.example", "y.delete.example"] });
    await vscode.commands.executeCommand("cloudflareMtls.refresh");
    const row = await nodeAt(ctx.api, "Delete Account", "Access Certificates", "Hostnames CA");
    ctx.prompts.script(confirm(true));
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.deleteCertificate", row.node);
    ctx.prompts.assertDone();
    const [question] = ctx.prompts.questionsOf("confirm");
    assert.equal(question?.title, "Delete the Access root certificate “Hostnames CA” from account Delete Account?");
    assert.match(question?.detail ?? "", /Access applications on x\.delete\.example, y\.delete\.example will stop accepting/);
    assert.deepEqual(
      requestsSince(ctx.sandbox, mark, { path: new RegExp(record.id) }).map((request) => `${request.method} ${JSON.stringify(request.body ?? null)}`),
      [`PUT ${JSON.stringify({ associated_hostnames: [], name: "Hostnames CA" })}`, "DELETE null"],
    );
    assert.deepEqual(ctx.sandbox.accessCertificates(accessScope()), []);
    assert.deepEqual(ctx.prompts.messages.filter((message) => message.severity !== "info"), []);
  });

  test("a certificate in use: the confirmation lists its services, and Cloudflare's refusal offers Show Associations", async () => {
    await mtlsCertificate("In Use CA", { associations: [{ service: "gateway", status: "active" }] });
    const row = await nodeAt(ctx.api, "Delete Account", "mTLS Certificates", "In Use CA");
    ctx.prompts.script(confirm(true)).pressOn(/still in use/, "Show Associations");
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.deleteCertificate", row.node);
    ctx.prompts.assertDone();
    assert.match(ctx.prompts.questionsOf("confirm")[0]?.detail ?? "", /^In use by gateway \(active\): Cloudflare will refuse to delete it until it is removed from that service\./);
    assert.equal(deletes(mark).length, 1, "the delete was asked for (the user confirmed)");
    assert.deepEqual(ctx.prompts.messages, [
      {
        severity: "warning",
        message: "Cloudflare refused to delete “In Use CA”: it is still in use by a Cloudflare service. Remove it from those services first.",
        buttons: ["Show Associations"],
      },
    ]);
    assert.ok(mtlsNames().includes("In Use CA"));
    // Show Associations reveals and selects the certificate's row in the view.
    await waitFor("the certificate's row to be selected", () => (ctx.api.services.treeView.selection.some((node) => node.id === row.node.id) ? true : undefined));
    assert.deepEqual(
      (await shownChildren(ctx.api, row.node)).map((child) => `${child.label} ${child.description ?? ""}`),
      ["gateway active"],
    );
  });

  test("deleting a multi-selection asks once, naming every certificate, and deletes them all", async () => {
    await mtlsCertificate("Batch Leaf", { ca: false });
    const root = await makeCa({ commonName: "Batch Access CA" });
    ctx.sandbox.addAccessCertificate(accessScope(), { certificate: root.pem, name: "Batch Access CA" });
    await vscode.commands.executeCommand("cloudflareMtls.refresh");
    const leaf = await nodeAt(ctx.api, "Delete Account", "mTLS Certificates", "Batch Leaf");
    const access = await nodeAt(ctx.api, "Delete Account", "Access Certificates", "Batch Access CA");
    ctx.prompts.script(confirm(true));
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.deleteCertificate", leaf.node, [leaf.node, access.node]);
    ctx.prompts.assertDone();
    const questions = ctx.prompts.questionsOf("confirm");
    assert.equal(questions.length, 1, "one confirmation for the whole selection");
    assert.equal(questions[0]?.title, "Delete 2 certificates from Cloudflare?");
    assert.match(questions[0]?.detail ?? "", /• Batch Leaf \(mTLS leaf certificate, account Delete Account\): No Cloudflare service uses it\./);
    assert.match(questions[0]?.detail ?? "", /• Batch Access CA \(Access root certificate, account Delete Account\): No hostname uses it\./);
    assert.equal(deletes(mark).length, 2);
    assert.equal(mtlsNames().includes("Batch Leaf"), false);
    assert.equal(ctx.sandbox.accessCertificates(accessScope()).some((record) => record.name === "Batch Access CA"), false);
    assert.deepEqual(ctx.prompts.messages.filter((message) => message.severity !== "info"), []);
  });
});
