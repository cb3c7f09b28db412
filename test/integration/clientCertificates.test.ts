// Client certificates from a zone's Cloudflare-managed CA and the zone's mTLS hostnames, through
// the real commands in the extension host: create with each key type (the key made here, saved
// with mode 0600, never sent), from an own CSR, a .p12 that OpenSSL opens with its password,
// revoke and reactivate following Cloudflare's pending statuses, the revoked filter, mTLS hostnames
// for the managed CA and an uploaded CA, and deleting a CA that hostnames still use.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { createPrivateKey, X509Certificate } from "node:crypto";
import * as vscode from "vscode";
import type { SandboxAccount, SandboxZone } from "../support/cloudflareSandbox";
import { makeCa } from "../support/makeCertificates";
import { makeCsr, withSwappedPublicKey } from "../support/makeCsrs";
import { acceptDefault, cancel, confirm, openFile, pickLabel, saveFile, typeText, type ScriptStep } from "../support/scriptedPrompts";
import { ScratchFolder } from "./support/scratchFiles";
import { requestsSince, sandboxSuite, waitFor } from "./support/sandboxSuite";
import { nodeAt, shownChildren } from "./support/treeWalk";

const ACCOUNT = "Client Certificates Account";
const ZONE = "clients.example";

function opensslText(args: readonly string[]): string {
  return execFileSync("openssl", args, { encoding: "utf8" });
}

suite("client certificates and mTLS hostnames", () => {
  let account: SandboxAccount | undefined;
  let zone: SandboxZone | undefined;
  let files: ScratchFolder | undefined;
  const ctx = sandboxSuite({
    seed: (sandbox) => {
      account = sandbox.addAccount({ name: ACCOUNT });
      zone = sandbox.addZone(account.id, { name: ZONE });
      sandbox.setClientCertificateTransitionDelay(300);
    },
  });
  const zoneId = (): string => zone?.id ?? assert.fail("no zone");
  const accountId = (): string => account?.id ?? assert.fail("no account");
  const folder = (): ScratchFolder => files ?? assert.fail("no scratch folder");

  suiteSetup(() => {
    files = new ScratchFolder("client-certificates");
  });
  suiteTeardown(() => files?.remove());

  function createSteps(keyLabel: string, commonName: string, keyFile: string, certificateFile: string): ScriptStep[] {
    return [
      pickLabel(keyLabel),
      typeText(commonName),
      typeText("Example Inc."),
      typeText(""),
      typeText(""),
      typeText(""),
      typeText("pt"),
      typeText("30"),
      confirm(true),
      saveFile(folder().uri(keyFile)),
      saveFile(folder().uri(certificateFile)),
    ];
  }

  for (const [label, algorithm, expectedKey] of [
    ["ECDSA P-256", "ECDSA-P256", "id-ecPublicKey"],
    ["RSA 2048", "RSA-2048", "rsaEncryption"],
  ] as const) {
    test(`Create Client Certificate with ${label}: the key stays here (mode 0600), the certificate carries it`, async () => {
      const group = await nodeAt(ctx.api, ACCOUNT, "Zones", ZONE, "Client Certificates");
      const name = `device-${algorithm.toLowerCase()}`;
      const mark = ctx.sandbox.requests.length;
      ctx.prompts.script(...createSteps(label, name, `${name}.key`, `${name}.pem`));
      await vscode.commands.executeCommand("cloudflareMtls.createClientCertificate", group.node);
      ctx.prompts.assertDone();

      const keyPath = folder().uri(`${name}.key`).fsPath;
      assert.equal(statSync(keyPath).mode & 0o777, 0o600, "only the user can read the key");
      const certificate = new X509Certificate(folder().bytes(`${name}.pem`));
      assert.match(certificate.subject, new RegExp(`CN=${name}`));
      assert.match(certificate.subject, /O=Example Inc\./);
      assert.match(certificate.subject, /C=PT/);
      assert.equal(certificate.checkPrivateKey(createPrivateKey(folder().bytes(`${name}.key`))), true, "the saved key belongs to the certificate");
      assert.match(opensslText(["x509", "-noout", "-text", "-in", folder().uri(`${name}.pem`).fsPath]), new RegExp(expectedKey));

      const sent = requestsSince(ctx.sandbox, mark, { method: "POST" });
      assert.equal(sent.length, 1);
      assert.doesNotMatch(JSON.stringify(sent[0]?.body), /PRIVATE KEY/, "no private key was sent");
      assert.deepEqual(Object.keys(sent[0]?.body as object).sort(), ["csr", "validity_days"]);
      assert.equal((sent[0]?.body as { validity_days: number }).validity_days, 30);

      const rows = await shownChildren(ctx.api, group.node);
      assert.ok(rows.some((row) => row.label === name), `the new certificate is in the tree: ${rows.map((row) => row.label).join(", ")}`);
      assert.match(ctx.prompts.messagesOf("info")[0]?.message ?? "", /only you can read it/);
    });
  }

  test("the subject fields are remembered for the next certificate", async () => {
    const group = await nodeAt(ctx.api, ACCOUNT, "Zones", ZONE, "Client Certificates");
    const proposed: (string | undefined)[] = [];
    const remember: ScriptStep = { kind: "input", answer: (prompt) => (proposed.push(prompt.value), prompt.value ?? "") };
    ctx.prompts.script(pickLabel("ECDSA"), typeText("remembered"), remember, remember, remember, remember, remember, cancel("input"));
    await vscode.commands.executeCommand("cloudflareMtls.createClientCertificate", group.node);
    ctx.prompts.assertDone();
    assert.deepEqual(proposed, ["Example Inc.", "", "", "", "PT"]);
  });

  test("a validity of 0 days or less is refused before anything is sent", async () => {
    const group = await nodeAt(ctx.api, ACCOUNT, "Zones", ZONE, "Client Certificates");
    const mark = ctx.sandbox.requests.length;
    const problems: (string | undefined)[] = [];
    const validity: ScriptStep = {
      kind: "input",
      answer: (prompt) => {
        problems.push(prompt.validate?.("0"), prompt.validate?.("-3"), prompt.validate?.("1.5"), prompt.validate?.("30"));
        return undefined;
      },
    };
    ctx.prompts.script(pickLabel("ECDSA"), typeText("zero"), acceptDefault, acceptDefault, acceptDefault, acceptDefault, acceptDefault, validity);
    await vscode.commands.executeCommand("cloudflareMtls.createClientCertificate", group.node);
    ctx.prompts.assertDone();
    assert.deepEqual(problems, ["The validity must be at least 1 day.", "The validity must be at least 1 day.", "Enter a whole number of days, e.g. 365.", undefined]);
    assert.equal(requestsSince(ctx.sandbox, mark, { method: "POST" }).length, 0);
  });

  test("a .p12 of the new certificate opens with its password in OpenSSL", async () => {
    const group = await nodeAt(ctx.api, ACCOUNT, "Zones", ZONE, "Client Certificates");
    const password = "correct horse ✓";
    ctx.prompts.pressOn(/^Created “p12-user”/, "Save .p12 Bundle…");
    ctx.prompts.script(
      ...createSteps("ECDSA", "p12-user", "p12-user.key", "p12-user.pem"),
      typeText(password),
      typeText(password),
      saveFile(folder().uri("p12-user.p12")),
    );
    await vscode.commands.executeCommand("cloudflareMtls.createClientCertificate", group.node);
    ctx.prompts.assertDone();
    const p12 = folder().uri("p12-user.p12").fsPath;
    assert.equal(statSync(p12).mode & 0o777, 0o600);
    const opened = opensslText(["pkcs12", "-in", p12, "-passin", `pass:${password}`, "-nodes"]);
    assert.match(opened, /BEGIN CERTIFICATE/);
    assert.match(opened, /BEGIN PRIVATE KEY/);
    assert.throws(() => opensslText(["pkcs12", "-in", p12, "-passin", "pass:wrong", "-nodes"]), "a wrong password does not open it");
  });

  test("Create from My CSR: the CSR is checked first; a bad signature is refused and nothing sent", async () => {
    const csr = await makeCsr({ subject: "CN=own-key-client, O=Example Inc." });
    const csrUri = folder().write("own.csr", csr.pem);
    const tampered = folder().write("tampered.csr", await withSwappedPublicKey(csr));
    const group = await nodeAt(ctx.api, ACCOUNT, "Zones", ZONE, "Client Certificates");

    const mark = ctx.sandbox.requests.length;
    ctx.prompts.script(openFile(tampered));
    await vscode.commands.executeCommand("cloudflareMtls.createClientCertificateFromCsr", group.node);
    assert.match(ctx.prompts.messagesOf("error")[0]?.message ?? "", /signature/i);
    assert.equal(requestsSince(ctx.sandbox, mark, { method: "POST" }).length, 0);

    const prompts = ctx.freshPrompts();
    prompts.script(openFile(csrUri), typeText("90"), confirm(true), saveFile(folder().uri("own.pem")));
    await vscode.commands.executeCommand("cloudflareMtls.createClientCertificateFromCsr", group.node);
    prompts.assertDone();
    const issued = new X509Certificate(folder().bytes("own.pem"));
    assert.match(issued.subject, /CN=own-key-client/);
    assert.equal(issued.checkPrivateKey(createPrivateKey(csr.privateKeyPem)), true, "the certificate carries the CSR's key");
  });

  test("Inspect Certificate on a .csr shows its subject, key and signature check", async () => {
    const csr = await makeCsr({ subject: "CN=inspected-request, O=Example Inc." });
    const good = folder().write("inspected.csr", csr.pem);
    const bad = folder().write("inspected-bad.csr", await withSwappedPublicKey(csr));
    await vscode.commands.executeCommand("cloudflareMtls.inspectCertificate", good);
    const panel = await waitFor("the CSR's details", () => ctx.api.services.details.openPanels.find((open) => open.key === `local:${good.toString()}`));
    const html = panel.panel.webview.html;
    assert.match(html, /CN=inspected-request/);
    assert.match(html, /EC P-256/);
    assert.match(html, /valid: signed by the key it carries/);
    await vscode.commands.executeCommand("cloudflareMtls.inspectCertificate", bad);
    const badPanel = await waitFor("the tampered CSR's details", () => ctx.api.services.details.openPanels.find((open) => open.key === `local:${bad.toString()}`));
    assert.match(badPanel.panel.webview.html, /INVALID: the request was not signed by the key it carries/);
  });

  test("revoke (confirmed), the pending status settles, the revoked filter, reactivate", async () => {
    const row = await nodeAt(ctx.api, ACCOUNT, "Zones", ZONE, "Client Certificates", "device-ecdsa-p256");
    const id = row.node.id.split("/").pop() ?? "";
    ctx.prompts.script(confirm(false));
    await vscode.commands.executeCommand("cloudflareMtls.revokeClientCertificate", row.node);
    assert.equal(ctx.sandbox.clientCertificates(zoneId()).find((certificate) => certificate.id === id)?.status, "active", "declining revokes nothing");
    const question = ctx.prompts.questionsOf("confirm")[0];
    assert.equal(question?.title, `Revoke the client certificate “device-ecdsa-p256” of zone ${ZONE}?`);
    assert.match(question?.detail ?? "", /Clients presenting it will be refused/);

    const prompts = ctx.freshPrompts();
    prompts.script(confirm(true));
    await vscode.commands.executeCommand("cloudflareMtls.revokeClientCertificate", row.node);
    assert.match(prompts.messagesOf("info")[0]?.message ?? "", /pending revocation/);
    // Cloudflare settles it later; the tree follows without a click (hidden once revoked).
    await waitFor("the revoked certificate to leave the list", async () => {
      const rows = await shownChildren(ctx.api, (await nodeAt(ctx.api, ACCOUNT, "Zones", ZONE, "Client Certificates")).node);
      return rows.some((shown) => shown.label === "device-ecdsa-p256") ? undefined : rows;
    }, 15_000);
    const hidden = await shownChildren(ctx.api, (await nodeAt(ctx.api, ACCOUNT, "Zones", ZONE, "Client Certificates")).node);
    assert.ok(hidden.some((shown) => /1 revoked certificate hidden/.test(shown.label)), hidden.map((shown) => shown.label).join(", "));

    await vscode.commands.executeCommand("cloudflareMtls.toggleRevokedClientCertificates");
    const revoked = await nodeAt(ctx.api, ACCOUNT, "Zones", ZONE, "Client Certificates", "device-ecdsa-p256");
    assert.match(revoked.item.contextValue ?? "", /^clientCertificate\.revoked\b/);
    assert.match(revoked.description ?? "", /revoked/);

    ctx.freshPrompts();
    await vscode.commands.executeCommand("cloudflareMtls.reactivateClientCertificate", revoked.node);
    await waitFor("the certificate to be active again", () => (ctx.sandbox.clientCertificates(zoneId()).find((certificate) => certificate.id === id)?.status === "active" ? true : undefined), 15_000);
    await waitFor("the tree to show it active", async () => {
      const shown = await nodeAt(ctx.api, ACCOUNT, "Zones", ZONE, "Client Certificates", "device-ecdsa-p256");
      return /^clientCertificate\.active\b/.test(shown.item.contextValue ?? "") ? shown : undefined;
    }, 15_000);
    await vscode.commands.executeCommand("cloudflareMtls.toggleRevokedClientCertificates");
  });

  test("mTLS hostnames: the managed CA and an uploaded CA, edited, checked to belong to the zone", async () => {
    const uploaded = await makeCa({ commonName: "Partner Devices CA" });
    ctx.sandbox.addMtlsCertificate(accountId(), { certificates: uploaded.pem, ca: true, name: "partner-devices-ca" });
    await vscode.commands.executeCommand("cloudflareMtls.refresh");
    const group = await nodeAt(ctx.api, ACCOUNT, "Zones", ZONE, "mTLS Hostnames");
    assert.deepEqual((await shownChildren(ctx.api, group.node)).map((row) => row.label), ["Cloudflare-managed CA", "partner-devices-ca"]);

    const managed = await nodeAt(ctx.api, ACCOUNT, "Zones", ZONE, "mTLS Hostnames", "Cloudflare-managed CA");
    ctx.prompts.script(
      {
        kind: "input",
        answer: (prompt) => {
          assert.match(prompt.validate?.("api.other.example") ?? "", /not in the zone clients\.example/);
          return `api.${ZONE}, admin.${ZONE}`;
        },
      },
      confirm(true),
    );
    await vscode.commands.executeCommand("cloudflareMtls.editMtlsHostnames", managed.node);
    ctx.prompts.assertDone();
    assert.match(ctx.prompts.questionsOf("confirm")[0]?.detail ?? "", /will be asked for a certificate issued by Cloudflare-managed CA/);
    assert.deepEqual([...ctx.sandbox.hostnameAssociations(zoneId())].sort(), [`admin.${ZONE}`, `api.${ZONE}`]);

    const partner = await nodeAt(ctx.api, ACCOUNT, "Zones", ZONE, "mTLS Hostnames", "partner-devices-ca");
    const prompts = ctx.freshPrompts();
    prompts.script(typeText(`partners.${ZONE}`), confirm(true));
    await vscode.commands.executeCommand("cloudflareMtls.editMtlsHostnames", partner.node);
    prompts.assertDone();
    const partnerId = ctx.sandbox.mtlsCertificates(accountId()).find((certificate) => certificate.name === "partner-devices-ca")?.id ?? "";
    assert.deepEqual(ctx.sandbox.hostnameAssociations(zoneId(), partnerId), [`partners.${ZONE}`]);
    const shownUnder = await shownChildren(ctx.api, (await nodeAt(ctx.api, ACCOUNT, "Zones", ZONE, "mTLS Hostnames", "partner-devices-ca")).node);
    assert.deepEqual(shownUnder.map((row) => row.label), [`partners.${ZONE}`]);

    // Under the account's mTLS CA, the zones whose hostnames use it.
    const caRow = await nodeAt(ctx.api, ACCOUNT, "mTLS Certificates", "partner-devices-ca");
    const children = await shownChildren(ctx.api, caRow.node);
    assert.ok(children.some((row) => row.label === `partners.${ZONE}` && row.description === `mTLS hostnames of ${ZONE}`), children.map((row) => `${row.label} ${row.description ?? ""}`).join(" | "));
  });

  test("deleting a CA that hostnames use: the confirmation names them, they are cleared first, then it is deleted", async () => {
    const caRow = await nodeAt(ctx.api, ACCOUNT, "mTLS Certificates", "partner-devices-ca");
    ctx.prompts.script(confirm(true));
    await vscode.commands.executeCommand("cloudflareMtls.deleteCertificate", caRow.node);
    ctx.prompts.assertDone();
    assert.match(ctx.prompts.questionsOf("confirm")[0]?.detail ?? "", new RegExp(`partners\\.clients\\.example \\(zone ${ZONE.replace(".", "\\.")}\\)\\. They are cleared first`));
    assert.equal(ctx.sandbox.mtlsCertificates(accountId()).some((certificate) => certificate.name === "partner-devices-ca"), false, "the CA is gone");
    assert.deepEqual(ctx.prompts.messagesOf("error"), []);
    assert.deepEqual(ctx.prompts.messagesOf("warning"), []);
  });
});
