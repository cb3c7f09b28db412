// Rotate Certificate… end to end in the extension host, one test per kind (the Access CA both
// ways: a hostname allowed on two CAs at once, and not): the plan is shown before anything
// changes, a fault stops the run part-way, and running the command again on the same row shows
// which steps are done and finishes the job.
import assert from "node:assert/strict";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { statSync } from "node:fs";
import * as vscode from "vscode";
import type { SandboxAccount, SandboxZone } from "../support/cloudflareSandbox";
import type { CloudflareSandbox, RecordedRequest, SandboxFault } from "../support/cloudflareSandbox/types";
import { makeCa } from "../support/makeCertificates";
import { makeCsr } from "../support/makeCsrs";
import { acceptDefault, cancel, choose, confirm, openFile, pickLabel, saveFile, typeText, type ScriptedPrompts, type ScriptStep } from "../support/scriptedPrompts";
import { requestsSince, sandboxSuite } from "./support/sandboxSuite";
import { ScratchFolder } from "./support/scratchFiles";
import { nodeAt } from "./support/treeWalk";

const ACCOUNT = "Rotation Account";
const ZONE = "rotation.example";
const ROTATE = "cloudflareMtls.rotateCertificate";
/** An account of its own for the mTLS CA loop: an account holds at most 5 CAs, and the tests above leave theirs. */
const STEPS_ACCOUNT = "Rotation Steps Account";
const STEPS_ZONE = "steps.example";

/** The sandbox's fault for the nth write step: alternately a 503 before Cloudflare did anything and an answer lost after it did. */
const STEP_FAULTS: readonly (readonly [string, SandboxFault])[] = [
  ["a 503 before Cloudflare did anything", { kind: "status", status: 503 }],
  ["the connection dropped after Cloudflare did it", { kind: "drop", afterProcessing: true }],
];

interface WriteStep {
  readonly method: string;
  readonly path: string;
  /** How many writes of this method come before it in a clean run, plus one. */
  readonly occurrence: number;
}

/** The writes of a clean run, in order, each numbered among the writes of its method. */
function writeSteps(requests: readonly RecordedRequest[]): WriteStep[] {
  const seen = new Map<string, number>();
  return requests
    .filter((request) => request.method !== "GET")
    .map((request) => {
      const occurrence = (seen.get(request.method) ?? 0) + 1;
      seen.set(request.method, occurrence);
      return { method: request.method, path: request.path, occurrence };
    });
}

/**
 * Makes the step's request meet the fault: the writes of its method before it pass through a
 * no-op latency fault that takes their turn. A run's writes come in the same order every time
 * (the unit harness relies on the same), so "the 2nd PUT" is the same step in every run.
 */
function faultAtStep(sandbox: CloudflareSandbox, step: WriteStep, fault: SandboxFault): void {
  if (step.occurrence > 1) {
    sandbox.injectFault({ kind: "latency", ms: 0 }, { method: step.method, times: step.occurrence - 1 });
  }
  sandbox.injectFault(fault, { method: step.method });
}

/** The rerun's answers: go on, then yes to whatever it asks (the deletion, the one-at-a-time move, the revocation). */
const GO_ON_AND_AGREE: readonly ScriptStep[] = [choose("Go On"), confirm(true), confirm(true), confirm(true)];

const allMessages = (prompts: ScriptedPrompts): string => prompts.messages.map((message) => `${message.severity}: ${message.message}`).join("\n");

suite("Rotation: guided, resumable after a fault, for each kind", () => {
  let account: SandboxAccount | undefined;
  let zone: SandboxZone | undefined;
  let files: ScratchFolder | undefined;
  let stepsAccount: SandboxAccount | undefined;
  let stepsZone: SandboxZone | undefined;
  const ctx = sandboxSuite({
    seed: (sandbox) => {
      account = sandbox.addAccount({ name: ACCOUNT });
      zone = sandbox.addZone(account.id, { name: ZONE });
      sandbox.setClientCertificateTransitionDelay(0);
      stepsAccount = sandbox.addAccount({ name: STEPS_ACCOUNT });
      stepsZone = sandbox.addZone(stepsAccount.id, { name: STEPS_ZONE });
    },
  });
  const accountId = (): string => account?.id ?? assert.fail("no account");
  const zoneId = (): string => zone?.id ?? assert.fail("no zone");
  const stepsAccountId = (): string => stepsAccount?.id ?? assert.fail("no steps account");
  const stepsZoneId = (): string => stepsZone?.id ?? assert.fail("no steps zone");
  const folder = (): ScratchFolder => files ?? assert.fail("no scratch folder");
  const accessScope = () => ({ kind: "accounts" as const, id: accountId() });

  suiteSetup(() => {
    files = new ScratchFolder("rotation");
  });
  suiteTeardown(() => files?.remove());

  for (const overlap of ["allowed", "refused"] as const) {
    test(`Access CA (a hostname on two CAs ${overlap}): plan, a fault part-way, and the rerun finishes`, async () => {
      ctx.sandbox.setAccessHostnameOverlap(overlap);
      const oldName = `Access Root ${overlap}`;
      const hostnames = [`app-${overlap}.${ZONE}`, `admin-${overlap}.${ZONE}`];
      const old = ctx.sandbox.addAccessCertificate(accessScope(), { name: oldName, certificate: (await makeCa({ commonName: oldName })).pem, associated_hostnames: hostnames });
      const settings = [
        { hostname: hostnames[0] ?? "", china_network: false, client_certificate_forwarding: true },
        { hostname: hostnames[1] ?? "", china_network: true, client_certificate_forwarding: false },
      ];
      ctx.sandbox.setHostnameSettings(accessScope(), [...ctx.sandbox.hostnameSettings(accessScope()), ...settings]);
      const newFile = folder().write(`new-access-${overlap}.pem`, (await makeCa({ commonName: `New Root ${overlap}` })).pem);
      await vscode.commands.executeCommand("cloudflareMtls.refresh");
      const row = await nodeAt(ctx.api, ACCOUNT, "Access Certificates", oldName);

      // The deletion of the old CA fails (before Cloudflare did anything): the run stops there.
      ctx.sandbox.injectFault({ kind: "status", status: 503 }, { method: "DELETE", path: new RegExp(old.id) });
      ctx.prompts.script(openFile(newFile), acceptDefault, confirm(true), ...(overlap === "refused" ? [confirm(true)] : []), confirm(true));
      const mark = ctx.sandbox.requests.length;
      await vscode.commands.executeCommand(ROTATE, row.node);
      ctx.prompts.assertDone();
      const [plan, ...later] = ctx.prompts.questionsOf("confirm");
      assert.equal(plan?.title, `Rotate “${oldName}”? Nothing has changed yet.`);
      assert.match(plan?.detail ?? "", new RegExp(`1\\. Add the new CA “New Root ${overlap}” to the same account`));
      assert.match(plan?.detail ?? "", /Add the 2 hostnames to .* while .* keeps them/);
      assert.match(plan?.detail ?? "", /Delete the old CA .* once it has no hostnames — asks first/);
      if (overlap === "refused") {
        assert.match(later[0]?.title ?? "", /Cloudflare refused a hostname on two Access CAs at once .*moment without a CA/);
        assert.match(later[0]?.detail ?? "", new RegExp(`Move ${hostnames[0]} to the new CA — a moment without a CA`));
      }
      assert.match(ctx.prompts.messages.map((message) => message.message).join("\n"), /answer to the deletion of .* was lost, and it did not happen/);
      assert.ok(ctx.sandbox.accessCertificates(accessScope()).some((certificate) => certificate.id === old.id), "the old CA is still there");
      const putsToOld = requestsSince(ctx.sandbox, mark, { method: "PUT", path: new RegExp(old.id) }).length;
      assert.equal(putsToOld, overlap === "allowed" ? 1 : 2, overlap === "allowed" ? "every hostname left in one update, after the new CA had them" : "one hostname at a time");

      // The rerun on the same row: what is done is shown done, and it finishes.
      const prompts = ctx.freshPrompts();
      prompts.script(choose("Go On"), confirm(true));
      await vscode.commands.executeCommand(ROTATE, row.node);
      prompts.assertDone();
      const [goOn] = prompts.questionsOf("choose");
      assert.deepEqual(goOn?.choices, ["Go On", "Abandon Rotation…"]);
      assert.equal(goOn?.title, `Go on rotating “${oldName}”? 1 step is left.`);
      assert.match(goOn?.detail ?? "", /✓ Add the new CA .* \(done\)/);
      assert.match(goOn?.detail ?? "", /\d\. Delete the old CA/);
      const listed = ctx.sandbox.accessCertificates(accessScope());
      assert.equal(listed.some((certificate) => certificate.id === old.id), false, "the old CA is deleted");
      const added = listed.filter((certificate) => certificate.name === `New Root ${overlap}`);
      assert.equal(added.length, 1, "one new CA");
      assert.deepEqual([...(added[0]?.associated_hostnames ?? [])].sort(), [...hostnames].sort());
      for (const setting of settings) {
        assert.deepEqual(ctx.sandbox.hostnameSettings(accessScope()).find((kept) => kept.hostname === setting.hostname), setting);
      }
      assert.match(prompts.messagesOf("info").at(-1)?.message ?? "", new RegExp(`Rotated “${oldName}” to “New Root ${overlap}”`));
      await nodeAt(ctx.api, ACCOUNT, "Access Certificates", `New Root ${overlap}`);
    });
  }

  test("account mTLS CA: zones move, a fault part-way, a Worker still bound shows its wrangler binding, and the rerun deletes", async () => {
    const old = ctx.sandbox.addMtlsCertificate(accountId(), { certificates: (await makeCa({ commonName: "API Root Old" })).pem, ca: true, name: "API Root Old" });
    ctx.sandbox.setHostnameAssociations(zoneId(), [`api.${ZONE}`, `mtls.${ZONE}`], old.id);
    ctx.sandbox.setAssociations(accountId(), old.id, [...(ctx.sandbox.mtlsCertificates(accountId()).find((certificate) => certificate.id === old.id)?.associations ?? []), { service: "workers", status: "active" }]);
    const newFile = folder().write("new-mtls.pem", (await makeCa({ commonName: "API Root New" })).pem);
    await vscode.commands.executeCommand("cloudflareMtls.refresh");
    const row = await nodeAt(ctx.api, ACCOUNT, "mTLS Certificates", "API Root Old");

    // The zone's hostnames left the old CA; the add to the new one fails before Cloudflare did it.
    ctx.sandbox.injectFault({ kind: "latency", ms: 0 }, { method: "PUT", path: /hostname_associations/ });
    ctx.sandbox.injectFault({ kind: "status", status: 503 }, { method: "PUT", path: /hostname_associations/ });
    ctx.prompts.script(openFile(newFile), typeText("API Root New"), confirm(true));
    await vscode.commands.executeCommand(ROTATE, row.node);
    ctx.prompts.assertDone();
    const [plan] = ctx.prompts.questionsOf("confirm");
    assert.match(plan?.detail ?? "", new RegExp(`Zones whose mTLS hostnames move: ${ZONE.replace(".", "\\.")} \\(api\\.${ZONE.replace(".", "\\.")}, mtls`));
    assert.match(plan?.detail ?? "", new RegExp(`2\\. Move 2 mTLS hostnames of zone ${ZONE.replace(".", "\\.")} to the new CA — a moment without a CA`));
    assert.match(ctx.prompts.messages.map((message) => message.message).join("\n"), /was lost, and it did not happen/);
    const newId = ctx.sandbox.mtlsCertificates(accountId()).find((certificate) => certificate.name === "API Root New")?.id ?? assert.fail("the new CA was not uploaded");
    assert.deepEqual(ctx.sandbox.hostnameAssociations(zoneId(), old.id), [], "the hostnames left the old CA before the fault");

    // Rerun: the hostnames reach the new CA; the Worker still uses the old one, so the run pauses.
    let prompts = ctx.freshPrompts();
    prompts.script(choose("Go On")).pressOn(/still uses the old CA/, "Copy Wrangler Binding");
    await vscode.commands.executeCommand(ROTATE, row.node);
    prompts.assertDone();
    assert.deepEqual([...ctx.sandbox.hostnameAssociations(zoneId(), newId)].sort(), [`api.${ZONE}`, `mtls.${ZONE}`]);
    assert.match(prompts.messagesOf("warning")[0]?.message ?? "", /1 service still uses the old CA “API Root Old”/);
    assert.equal(await vscode.env.clipboard.readText(), `[[mtls_certificates]]\nbinding = "API_ROOT_NEW"\ncertificate_id = "${newId}"`);

    // The Worker moved: the rerun deletes the old CA after asking.
    ctx.sandbox.setAssociations(accountId(), old.id, []);
    prompts = ctx.freshPrompts();
    prompts.script(choose("Go On"), confirm(true));
    await vscode.commands.executeCommand(ROTATE, row.node);
    prompts.assertDone();
    assert.match(prompts.questionsOf("choose")[0]?.detail ?? "", /✓ Move 2 mTLS hostnames .* \(done\)/);
    assert.equal(prompts.questionsOf("confirm")[0]?.title, "Delete the old CA “API Root Old”?");
    assert.equal(ctx.sandbox.mtlsCertificates(accountId()).some((certificate) => certificate.id === old.id), false);
    assert.equal(ctx.sandbox.mtlsCertificates(accountId()).filter((certificate) => certificate.name === "API Root New").length, 1);
    assert.match(prompts.messagesOf("info").at(-1)?.message ?? "", /Rotated “API Root Old” to “API Root New”/);
  });

  test("client certificate: same subject, fresh key saved first, a lost create found after all, revoked once the clients have it", async () => {
    const csr = await makeCsr({ subject: "CN=rotate-agent, O=Example Inc., C=PT", keyLabel: "rotation" });
    const old = ctx.sandbox.addClientCertificate(zoneId(), { csr: csr.pem, validityDays: 30 });
    await vscode.commands.executeCommand("cloudflareMtls.refresh");
    const row = await nodeAt(ctx.api, ACCOUNT, "Zones", ZONE, "Client Certificates", "rotate-agent");
    const keyUri = folder().uri("rotate-agent-new.key");
    const certificateUri = folder().uri("rotate-agent-new.pem");

    // The create is done but its answer lost: the extension looks, finds it, and goes on. The
    // user is not ready to revoke: the run pauses there.
    ctx.sandbox.injectFault({ kind: "drop", afterProcessing: true }, { method: "POST", path: /client_certificates$/ });
    ctx.prompts.script(pickLabel("ECDSA"), typeText("60"), saveFile(keyUri), saveFile(certificateUri), confirm(true), confirm(false));
    await vscode.commands.executeCommand(ROTATE, row.node);
    ctx.prompts.assertDone();
    const [plan, revokeQuestion] = ctx.prompts.questionsOf("confirm");
    assert.match(plan?.detail ?? "", /Ask the zone's managed CA for a certificate with the same subject \(CN=rotate-agent, 60 days\)/);
    assert.match(revokeQuestion?.title ?? "", /Do the clients have the new certificate\? Revoke the old one, “rotate-agent”\?/);
    assert.match(ctx.prompts.messagesOf("warning")[0]?.message ?? "", /stays active/);
    const issued = ctx.sandbox.clientCertificates(zoneId()).filter((certificate) => certificate.id !== old.id);
    assert.equal(issued.length, 1, "one new certificate, though the create's answer was lost");
    assert.equal(ctx.sandbox.clientCertificates(zoneId()).find((certificate) => certificate.id === old.id)?.status, "active");
    const saved = new X509Certificate(folder().bytes("rotate-agent-new.pem"));
    assert.match(saved.subject, /CN=rotate-agent/);
    assert.ok(saved.checkPrivateKey(createPrivateKey(folder().bytes("rotate-agent-new.key"))), "the saved certificate is the saved key's");
    assert.equal(statSync(keyUri.fsPath).mode & 0o777, 0o600, "only the user can read the key");

    // The clients have it: the rerun revokes the old one.
    const prompts = ctx.freshPrompts();
    prompts.script(choose("Go On"), confirm(true));
    await vscode.commands.executeCommand(ROTATE, row.node);
    prompts.assertDone();
    assert.match(prompts.questionsOf("choose")[0]?.detail ?? "", /✓ Save the new certificate .* \(done\)/);
    assert.ok(["revoked", "pending_revocation"].includes(ctx.sandbox.clientCertificates(zoneId()).find((certificate) => certificate.id === old.id)?.status ?? ""));
    assert.match(prompts.messagesOf("info").at(-1)?.message ?? "", /Rotated “rotate-agent”: the new certificate is in .*rotate-agent-new\.pem/);
  });
  test("a rotation stopped by a fault, then abandoned: its state is forgotten, Cloudflare is left as it was, and the message names what stays", async () => {
    const old = ctx.sandbox.addMtlsCertificate(accountId(), { certificates: (await makeCa({ commonName: "Abandon Root Old" })).pem, ca: true, name: "Abandon Root Old" });
    const hostnames = [`pay.${ZONE}`, `shop.${ZONE}`];
    ctx.sandbox.setHostnameAssociations(zoneId(), hostnames, old.id);
    const newFile = folder().write("abandon-new.pem", (await makeCa({ commonName: "Abandon Root New" })).pem);
    await vscode.commands.executeCommand("cloudflareMtls.refresh");
    const row = await nodeAt(ctx.api, ACCOUNT, "mTLS Certificates", "Abandon Root Old");

    // The hostnames left the old CA; the add to the new one fails: the run stops between the two.
    ctx.sandbox.injectFault({ kind: "latency", ms: 0 }, { method: "PUT", path: /hostname_associations/ });
    ctx.sandbox.injectFault({ kind: "status", status: 503 }, { method: "PUT", path: /hostname_associations/ });
    ctx.prompts.script(openFile(newFile), typeText("Abandon Root New"), confirm(true));
    await vscode.commands.executeCommand(ROTATE, row.node);
    ctx.prompts.assertDone();
    const newId = ctx.sandbox.mtlsCertificates(accountId()).find((certificate) => certificate.name === "Abandon Root New")?.id ?? assert.fail("the new CA was not uploaded");
    const certificatesBefore = ctx.sandbox.mtlsCertificates(accountId());
    const onOldBefore = ctx.sandbox.hostnameAssociations(zoneId(), old.id);
    const onNewBefore = ctx.sandbox.hostnameAssociations(zoneId(), newId);
    assert.deepEqual(onOldBefore, [], "the fault left the hostnames on neither CA");

    // The rerun offers to go on or to abandon; abandoning asks first, saying what stays.
    let prompts = ctx.freshPrompts();
    prompts.script(choose("Abandon Rotation…"), confirm(true));
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand(ROTATE, row.node);
    prompts.assertDone();
    assert.deepEqual(prompts.questionsOf("choose")[0]?.choices, ["Go On", "Abandon Rotation…"]);
    const question = prompts.questionsOf("confirm")[0];
    assert.equal(question?.title, "Abandon the rotation of “Abandon Root Old”? Cloudflare is left as it is.");
    assert.equal(question?.confirm?.severity, "warning");
    const said = question?.detail ?? "";
    assert.match(said, new RegExp(`The new CA “Abandon Root New” stays uploaded to the account \\(${newId}\\)\\.`));
    assert.match(said, new RegExp(`'pay\\.${ZONE.replace(".", "\\.")}', 'shop\\.${ZONE.replace(".", "\\.")}' \\(zone ${ZONE.replace(".", "\\.")}\\) are on neither CA`));
    assert.match(said, /The old CA “Abandon Root Old” stays, with the services still using it\./);
    assert.match(said, /Nothing is deleted or moved back/);
    assert.match(prompts.messagesOf("info").at(-1)?.message ?? "", /^Abandoned the rotation of “Abandon Root Old”\. The new CA “Abandon Root New” stays uploaded/);

    // Cloudflare unchanged: only reads were sent, and everything is where the fault left it.
    const writes = requestsSince(ctx.sandbox, mark).filter((request) => request.method !== "GET");
    assert.deepEqual(writes, [], "abandoning sends no write");
    assert.deepEqual(ctx.sandbox.mtlsCertificates(accountId()), certificatesBefore);
    assert.deepEqual(ctx.sandbox.hostnameAssociations(zoneId(), old.id), onOldBefore);
    assert.deepEqual(ctx.sandbox.hostnameAssociations(zoneId(), newId), onNewBefore);

    // The state is gone: the next Rotate Certificate… on the row starts afresh (asks for a new CA).
    prompts = ctx.freshPrompts();
    prompts.script(cancel("openFile"));
    await vscode.commands.executeCommand(ROTATE, row.node);
    prompts.assertDone();
    assert.equal(prompts.questionsOf("choose").length, 0, "no saved rotation is offered any more");
  });
  test("a stopped rotation whose new CA was deleted elsewhere is told apart on the rerun and offered only to be abandoned", async () => {
    const old = ctx.sandbox.addMtlsCertificate(accountId(), { certificates: (await makeCa({ commonName: "Orphan Root Old" })).pem, ca: true, name: "Orphan Root Old" });
    ctx.sandbox.setHostnameAssociations(zoneId(), [`orphan.${ZONE}`], old.id);
    const newFile = folder().write("orphan-new.pem", (await makeCa({ commonName: "Orphan Root New" })).pem);
    await vscode.commands.executeCommand("cloudflareMtls.refresh");
    const row = await nodeAt(ctx.api, ACCOUNT, "mTLS Certificates", "Orphan Root Old");
    // The first write of the move (its hostnames off the old CA) fails before Cloudflare did it.
    ctx.sandbox.injectFault({ kind: "status", status: 503 }, { method: "PUT", path: /hostname_associations/ });
    ctx.prompts.script(openFile(newFile), typeText("Orphan Root New"), confirm(true));
    await vscode.commands.executeCommand(ROTATE, row.node);
    ctx.prompts.assertDone();
    const newId = ctx.sandbox.mtlsCertificates(accountId()).find((certificate) => certificate.name === "Orphan Root New")?.id ?? assert.fail("the new CA was not uploaded");

    // Someone deletes the new CA in the dashboard (here: over the API, as any other client would).
    const deleted = await fetch(`${ctx.sandbox.baseUrl}/accounts/${accountId()}/mtls_certificates/${newId}`, { method: "DELETE", headers: { Authorization: `Bearer ${ctx.token}` } });
    assert.equal(deleted.status, 200);

    const prompts = ctx.freshPrompts();
    prompts.script(choose("Abandon Rotation…"), confirm(true));
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand(ROTATE, row.node);
    prompts.assertDone();
    const [offer] = prompts.questionsOf("choose");
    assert.equal(offer?.title, "The rotation of “Orphan Root Old” cannot go on. Abandon it?");
    assert.deepEqual(offer?.choices, ["Abandon Rotation…"], "going on would fail on a missing CA: it is not offered");
    assert.match(offer?.detail ?? "", /^The new CA “Orphan Root New” no longer exists on Cloudflare \(deleted elsewhere since the rotation stopped\), so the rotation cannot go on\./);
    const said = prompts.questionsOf("confirm")[0]?.detail ?? "";
    assert.match(said, /The new CA “Orphan Root New” was deleted elsewhere\./);
    assert.match(said, new RegExp(`'orphan\\.${ZONE.replace(".", "\\.")}' \\(zone ${ZONE.replace(".", "\\.")}\\) still uses the old CA “Orphan Root Old”`));
    assert.deepEqual(requestsSince(ctx.sandbox, mark).filter((request) => request.method !== "GET"), [], "abandoning sends no write");
    assert.deepEqual(ctx.sandbox.hostnameAssociations(zoneId(), old.id), [`orphan.${ZONE}`]);
  });
  /**
   * One kind's rotation, a fault at each write step: a clean probe run names the steps, then for
   * each step a fresh old certificate meets the fault there; the first run stops with a message
   * (or, where a lost answer is found done, finishes), and the rerun on the same row finishes.
   */
  async function faultEachStep(kind: string, leastWrites: number, arrange: (label: string) => Promise<{ run: (prompts: ScriptedPrompts) => Promise<void>; firstAnswers: readonly ScriptStep[]; assertRotated: (what: string) => void | Promise<void> }>): Promise<void> {
    const probe = await arrange(`${kind} probe`);
    const mark = ctx.sandbox.requests.length;
    const probePrompts = ctx.freshPrompts().script(...probe.firstAnswers);
    await probe.run(probePrompts);
    assert.ok(probePrompts.messagesOf("info").some((message) => /^Rotated /.test(message.message)), `${kind}: the clean run finishes\n${allMessages(probePrompts)}\n${probePrompts.questions.map((question) => question.title).join("\n")}`);
    probePrompts.assertDone();
    const steps = writeSteps(requestsSince(ctx.sandbox, mark));
    await probe.assertRotated(`${kind}: the clean run`);
    assert.ok(steps.length >= leastWrites, `${kind}: a clean run writes at least ${leastWrites} times, got ${steps.map((step) => `${step.method} ${step.path}`).join(", ")}`);
    for (const [index, step] of steps.entries()) {
      const [faultName, fault] = STEP_FAULTS[index % STEP_FAULTS.length] ?? assert.fail("no fault");
      const what = `${kind}: ${faultName} at ${step.method} ${step.path} (#${step.occurrence})`;
      const arranged = await arrange(`${kind} ${index}`);
      faultAtStep(ctx.sandbox, step, fault);
      const first = ctx.freshPrompts().script(...arranged.firstAnswers);
      await arranged.run(first);
      ctx.sandbox.clearFaults();
      const finished = first.messagesOf("info").some((message) => /^Rotated /.test(message.message));
      if (!finished) {
        const said = allMessages(first);
        if (fault.kind === "status") {
          assert.match(said, /did not happen/, `${what}: the stop says the write did not happen\n${said}`);
        } else {
          assert.match(said, /^(error|warning): /m, `${what}: the stop is told\n${said}`);
        }
        const rerun = ctx.freshPrompts().script(...GO_ON_AND_AGREE);
        await arranged.run(rerun);
        assert.equal(rerun.questionsOf("choose")[0]?.choices?.[0], "Go On", `${what}: the rerun goes on from the saved state\n${allMessages(rerun)}`);
        assert.ok(rerun.messagesOf("info").some((message) => /^Rotated /.test(message.message)), `${what}: the rerun finishes\n${allMessages(rerun)}`);
      } else {
        assert.equal(fault.kind, "drop", `${what}: only a lost answer may be found done and the run go on`);
      }
      await arranged.assertRotated(what);
    }
  }

  for (const overlap of ["allowed", "refused"] as const) {
    test(`Access CA (a hostname on two CAs ${overlap}): a fault at each write step, and the rerun finishes`, async function () {
      this.timeout(60_000);
      ctx.sandbox.setAccessHostnameOverlap(overlap);
      await faultEachStep(`Access CA ${overlap}`, 4, async (label) => {
        const slug = label.replace(/\W+/g, "-").toLowerCase();
        const oldName = `Steps Old ${label}`;
        const newName = `Steps New ${label}`;
        const hostnames = [`app-${slug}.${ZONE}`, `admin-${slug}.${ZONE}`];
        const old = ctx.sandbox.addAccessCertificate(accessScope(), { name: oldName, certificate: (await makeCa({ commonName: oldName })).pem, associated_hostnames: hostnames });
        const settings = [{ hostname: hostnames[0] ?? "", china_network: true, client_certificate_forwarding: false }];
        ctx.sandbox.setHostnameSettings(accessScope(), [...ctx.sandbox.hostnameSettings(accessScope()), ...settings]);
        const newFile = folder().write(`${slug}.pem`, (await makeCa({ commonName: newName })).pem);
        await vscode.commands.executeCommand("cloudflareMtls.refresh");
        const row = await nodeAt(ctx.api, ACCOUNT, "Access Certificates", oldName);
        return {
          firstAnswers: [openFile(newFile), acceptDefault, confirm(true), ...(overlap === "refused" ? [confirm(true)] : []), confirm(true)],
          run: async () => {
            await vscode.commands.executeCommand(ROTATE, row.node);
          },
          assertRotated: (what) => {
            const listed = ctx.sandbox.accessCertificates(accessScope());
            assert.equal(listed.some((certificate) => certificate.id === old.id), false, `${what}: the old CA is deleted`);
            const added = listed.filter((certificate) => certificate.name === newName);
            assert.equal(added.length, 1, `${what}: one new CA`);
            assert.deepEqual([...(added[0]?.associated_hostnames ?? [])].sort(), [...hostnames].sort(), `${what}: the hostnames moved`);
            for (const setting of settings) {
              assert.deepEqual(ctx.sandbox.hostnameSettings(accessScope()).find((kept) => kept.hostname === setting.hostname), setting, `${what}: the hostname's settings kept`);
            }
          },
        };
      });
    });
  }

  test("account mTLS CA: a fault at each write step, and the rerun finishes", async function () {
    this.timeout(60_000);
    await faultEachStep("mTLS CA", 4, async (label) => {
      const slug = label.replace(/\W+/g, "-").toLowerCase();
      const oldName = `Steps Old ${label}`;
      const newName = `Steps New ${label}`;
      const hostnames = [`api-${slug}.${STEPS_ZONE}`, `mtls-${slug}.${STEPS_ZONE}`];
      const old = ctx.sandbox.addMtlsCertificate(stepsAccountId(), { certificates: (await makeCa({ commonName: oldName })).pem, ca: true, name: oldName });
      ctx.sandbox.setHostnameAssociations(stepsZoneId(), hostnames, old.id);
      const newFile = folder().write(`${slug}.pem`, (await makeCa({ commonName: newName })).pem);
      await vscode.commands.executeCommand("cloudflareMtls.refresh");
      const row = await nodeAt(ctx.api, STEPS_ACCOUNT, "mTLS Certificates", oldName);
      return {
        firstAnswers: [openFile(newFile), typeText(newName), confirm(true), confirm(true)],
        run: async () => {
          await vscode.commands.executeCommand(ROTATE, row.node);
        },
        assertRotated: async (what) => {
          const listed = ctx.sandbox.mtlsCertificates(stepsAccountId());
          assert.equal(listed.some((certificate) => certificate.id === old.id), false, `${what}: the old CA is deleted`);
          const added = listed.filter((certificate) => certificate.name === newName);
          assert.equal(added.length, 1, `${what}: one new CA`);
          const newId = added[0]?.id ?? "";
          assert.deepEqual([...ctx.sandbox.hostnameAssociations(stepsZoneId(), newId)].sort(), [...hostnames].sort(), `${what}: the hostnames moved`);
          // Make room for the next step's CA (5 per account), as a user would over the API.
          ctx.sandbox.setHostnameAssociations(stepsZoneId(), [], newId);
          const deleted = await fetch(`${ctx.sandbox.baseUrl}/accounts/${stepsAccountId()}/mtls_certificates/${newId}`, { method: "DELETE", headers: { Authorization: `Bearer ${ctx.token}` } });
          assert.equal(deleted.status, 200, `${what}: the new CA is deleted to make room`);
        },
      };
    });
  });

  test("client certificate: a fault at each write step, and the rerun finishes", async function () {
    this.timeout(60_000);
    await faultEachStep("client certificate", 2, async (label) => {
      const slug = label.replace(/\W+/g, "-").toLowerCase();
      const csr = await makeCsr({ subject: `CN=${slug}, O=Example Inc., C=PT`, keyLabel: slug });
      const old = ctx.sandbox.addClientCertificate(zoneId(), { csr: csr.pem, validityDays: 30 });
      const before = new Set(ctx.sandbox.clientCertificates(zoneId()).map((certificate) => certificate.id));
      await vscode.commands.executeCommand("cloudflareMtls.refresh");
      const row = await nodeAt(ctx.api, ACCOUNT, "Zones", ZONE, "Client Certificates", slug);
      return {
        firstAnswers: [pickLabel("ECDSA"), typeText("60"), saveFile(folder().uri(`${slug}.key`)), saveFile(folder().uri(`${slug}.pem`)), confirm(true), confirm(true)],
        run: async () => {
          await vscode.commands.executeCommand(ROTATE, row.node);
        },
        assertRotated: (what) => {
          const certificates = ctx.sandbox.clientCertificates(zoneId());
          const issued = certificates.filter((certificate) => !before.has(certificate.id));
          assert.equal(issued.length, 1, `${what}: one new certificate`);
          assert.ok(["revoked", "pending_revocation"].includes(certificates.find((certificate) => certificate.id === old.id)?.status ?? ""), `${what}: the old one is revoked`);
          assert.match(new X509Certificate(folder().bytes(`${slug}.pem`)).subject, new RegExp(`CN=${slug}`), `${what}: the new one is saved`);
        },
      };
    });
  });
});
