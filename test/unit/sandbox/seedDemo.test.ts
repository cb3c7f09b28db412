import assert from "node:assert/strict";
import { DEMO_API_TOKEN, startSandbox, type CloudflareSandbox } from "../../support/cloudflareSandbox";
import { parseCertificateBundle } from "../../support/cloudflareSandbox/certificateFacts";
import { callSandbox, resultArray } from "./callSandbox";

const DAY_MS = 24 * 60 * 60 * 1000;

suite("sandbox: demo seed", () => {
  let sandbox: CloudflareSandbox;

  suiteSetup(async () => {
    sandbox = await startSandbox({ seed: "demo" });
  });

  suiteTeardown(() => sandbox.close());

  test("the demo token reaches two accounts, each with zones", async () => {
    const accounts = resultArray(await callSandbox(sandbox, "GET", "/accounts", { token: DEMO_API_TOKEN }));
    assert.deepEqual(
      accounts.map((a) => a["name"]),
      ["Acme Production", "Acme Staging"],
    );
    for (const account of accounts) {
      const zones = resultArray(await callSandbox(sandbox, "GET", `/zones?account.id=${String(account["id"])}`, { token: DEMO_API_TOKEN }));
      assert.ok(zones.length >= 2 && zones.length <= 3, String(account["name"]));
    }
  });

  test("account ids are the same on every start", async () => {
    const again = await startSandbox({ seed: "demo" });
    try {
      assert.deepEqual(
        again.accounts().map((a) => a.id),
        sandbox.accounts().map((a) => a.id),
      );
    } finally {
      await again.close();
    }
  });

  test("each account has 2–3 custom CAs, 1–2 leaves, a Gateway-managed CA, one expired and one expiring within 10 days", () => {
    const now = Date.now();
    for (const account of sandbox.accounts()) {
      const certificates = sandbox.mtlsCertificates(account.id);
      const custom = certificates.filter((c) => c.type === "custom");
      const cas = custom.filter((c) => c.ca).length;
      const leaves = custom.filter((c) => !c.ca).length;
      assert.ok(cas >= 2 && cas <= 3, `${account.name}: ${cas} CAs`);
      assert.ok(leaves >= 1 && leaves <= 2, `${account.name}: ${leaves} leaves`);
      assert.ok(certificates.some((c) => c.type === "gateway_managed"), account.name);
      const expiries = certificates.map((c) => new Date(c.expires_on).getTime() - now);
      assert.ok(expiries.some((ms) => ms < 0), `${account.name}: an expired certificate`);
      assert.ok(expiries.some((ms) => ms > 0 && ms < 10 * DAY_MS), `${account.name}: one expiring within 10 days`);
      assert.ok(certificates.some((c) => c.associations.length > 0), `${account.name}: one in use`);
    }
  });

  test("no mTLS certificate was uploaded before it was issued", () => {
    for (const account of sandbox.accounts()) {
      for (const certificate of sandbox.mtlsCertificates(account.id)) {
        const uploadedOn = new Date(certificate.uploaded_on).getTime();
        for (const { x509 } of parseCertificateBundle(certificate.certificates)) {
          assert.ok(new Date(x509.validFrom).getTime() < uploadedOn, `${account.name} / ${certificate.name}: ${x509.subject.replace(/\n/g, ", ")} issued ${x509.validFrom}, uploaded ${certificate.uploaded_on}`);
        }
      }
    }
  });

  test("associations include an active api_shield + pending workers CA and a leaf used by gateway", () => {
    const production = sandbox.accounts().find((a) => a.name === "Acme Production");
    assert.ok(production);
    const certificates = sandbox.mtlsCertificates(production.id);
    assert.ok(
      certificates.some(
        (c) => c.ca && c.associations.some((a) => a.service === "api_shield" && a.status === "active") && c.associations.some((a) => a.service === "workers" && a.status === "pending_deployment"),
      ),
    );
    assert.ok(certificates.some((c) => !c.ca && c.associations.some((a) => a.service === "gateway")));
  });

  test("Access certificates on both accounts and two zones, with hostnames and hostname settings", () => {
    const scopes = [
      ...sandbox.accounts().map((a) => ({ kind: "accounts" as const, id: a.id })),
      ...sandbox.zones().map((z) => ({ kind: "zones" as const, id: z.id })),
    ];
    const withCertificates = scopes.filter((s) => sandbox.accessCertificates(s).length > 0);
    assert.equal(withCertificates.filter((s) => s.kind === "accounts").length, 2);
    assert.equal(withCertificates.filter((s) => s.kind === "zones").length, 2);
    assert.ok(withCertificates.every((s) => sandbox.accessCertificates(s).some((c) => c.associated_hostnames.length > 0)));
    assert.ok(scopes.filter((s) => sandbox.hostnameSettings(s).length > 0).length >= 2);
  });
});
