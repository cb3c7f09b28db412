// Realistic data for the demo and the UI tests: two accounts with zones, account mTLS
// certificates in every state the tree shows (valid, expiring soon, expired, in use, managed by
// Cloudflare), Access certificates at account and zone scope, and hostname settings.
// Certificates are made fresh at start-up with P-256 keys, which keeps seeding well under a second.
import { createHash } from "node:crypto";
import { days, makeCa, makeCertificate, makeLeaf } from "../makeCertificates";
import { makeCsr } from "../makeCsrs";
import type { CloudflareSandbox, SandboxAccount, SandboxZone } from "./types";

/** The demo's API token (user-owned, reaches both accounts, may edit). */
/** 40 characters, like a real Cloudflare API token, so the sign-in box accepts it. */
export const DEMO_API_TOKEN = "sandbox-demo-token-000000000000000000000";

export interface DemoSeed {
  readonly production: SandboxAccount;
  readonly staging: SandboxAccount;
  readonly zones: {
    readonly acmeCom: SandboxZone;
    readonly apiAcmeCom: SandboxZone;
    readonly acmeCdnNet: SandboxZone;
    readonly stagingAcmeDev: SandboxZone;
    readonly acmeStagingCom: SandboxZone;
  };
}

/** Stable ids, so a demo restarted tomorrow has the same account and zone URLs. */
function stableId(label: string): string {
  return createHash("md5").update(`cloudflare-mtls-sandbox:${label}`).digest("hex");
}

export async function seedDemo(sandbox: CloudflareSandbox): Promise<DemoSeed> {
  const now = Date.now();
  sandbox.addApiToken(DEMO_API_TOKEN, { owner: "user", permissions: "edit" });

  const production = sandbox.addAccount({ id: stableId("account:production"), name: "Acme Production" });
  const staging = sandbox.addAccount({ id: stableId("account:staging"), name: "Acme Staging" });
  const zone = (account: SandboxAccount, name: string, status = "active"): SandboxZone =>
    sandbox.addZone(account.id, { id: stableId(`zone:${name}`), name, status });
  const zones = {
    acmeCom: zone(production, "acme.com"),
    apiAcmeCom: zone(production, "api.acme.com"),
    acmeCdnNet: zone(production, "acme-cdn.net", "pending"),
    stagingAcmeDev: zone(staging, "staging.acme.dev"),
    acmeStagingCom: zone(staging, "acme-staging.com"),
  };

  // Every mTLS certificate below was uploaded after it was issued: `uploaded(n)` is fewer days ago
  // than the `issued(n)` (notBefore) of every certificate in its file and of their issuers.
  // test/unit/sandbox/seedDemo.test.ts checks it.
  const issued = (daysAgo: number): Date => new Date(now - days(daysAgo));
  const uploaded = (daysAgo: number): Date => new Date(now - days(daysAgo));
  const [productionRoot, partnerCa, legacyRoot, gatewayCa, stagingRoot, oldStagingCa, employeesCa, contractorsCa, devicesCa, zoneDeviceCa, qaCa] =
    await Promise.all([
      makeCa({ subject: "C=US, ST=California, L=San Francisco, O=Acme Inc., OU=Security, CN=Acme Root CA 2024", notBefore: issued(400), notAfter: new Date(now + days(5 * 365)) }),
      makeCa({ subject: "C=DE, O=Partner GmbH, CN=Partner Client CA", notBefore: issued(358), notAfter: new Date(now + days(7)) }),
      makeCa({
        subject: "C=US, O=Acme Inc., CN=Acme Legacy Root CA 2019",
        hash: "SHA-384",
        keyAlgorithm: "P-384",
        notBefore: issued(5 * 365),
        notAfter: new Date(now - days(30)),
      }),
      makeCa({ subject: "C=US, O=Cloudflare Inc., CN=Gateway CA - Cloudflare Managed G1", notBefore: issued(400), notAfter: new Date(now + days(5 * 365)) }),
      makeCa({ subject: "C=US, O=Acme Inc., OU=Staging, CN=Acme Staging Root CA", notBefore: issued(100), notAfter: new Date(now + days(3 * 365)) }),
      makeCa({ subject: "C=US, O=Acme Inc., OU=Staging, CN=Acme Old Staging CA", notBefore: issued(400), notAfter: new Date(now - days(3)) }),
      makeCa({ subject: "C=US, O=Acme Inc., CN=Acme Employees Device CA", notAfter: new Date(now + days(2 * 365)) }),
      makeCa({ subject: "C=US, O=Acme Inc., CN=Acme Contractors CA", notAfter: new Date(now + days(9)) }),
      makeCa({ subject: "C=US, O=Acme Inc., OU=Staging, CN=Acme Staging Devices CA", notAfter: new Date(now + days(365)) }),
      makeCa({ subject: "C=US, O=Acme Inc., CN=acme.com VPN Device CA", notAfter: new Date(now + days(700)) }),
      makeCa({ subject: "C=US, O=Acme Inc., OU=QA, CN=Acme QA Device CA", notBefore: issued(800), notAfter: new Date(now - days(10)) }),
    ]);
  const issuing = await makeCertificate({
    subject: "C=US, O=Acme Inc., OU=Staging, CN=Acme Staging Issuing CA",
    issuer: stagingRoot,
    ca: true,
    pathLength: 0,
    notBefore: issued(70),
    notAfter: new Date(now + days(2 * 365)),
  });
  const paymentsClient = await makeLeaf(productionRoot, {
    subject: "C=US, O=Acme Inc., CN=payments-client.acme.com",
    dnsNames: ["payments-client.acme.com"],
    extendedKeyUsages: ["1.3.6.1.5.5.7.3.2"],
    notBefore: issued(35),
    notAfter: new Date(now + days(365)),
  });
  const ciRunner = await makeLeaf(issuing, {
    subject: "C=US, O=Acme Inc., OU=Staging, CN=ci-runner.staging.acme.dev",
    dnsNames: ["ci-runner.staging.acme.dev"],
    extendedKeyUsages: ["1.3.6.1.5.5.7.3.2"],
    notBefore: issued(3),
    notAfter: new Date(now + days(5)),
  });

  // Acme Production: 3 custom CAs (valid and in use, expiring in 7 days, expired), 1 leaf, 1 Gateway-managed CA.
  sandbox.addMtlsCertificate(production.id, {
    certificates: productionRoot.pem,
    ca: true,
    name: "acme-root-ca-2024",
    uploadedOn: uploaded(120),
    associations: [
      { service: "api_shield", status: "active" },
      { service: "workers", status: "pending_deployment" },
    ],
  });
  sandbox.addMtlsCertificate(production.id, { certificates: partnerCa.pem, ca: true, name: "partner-client-ca", uploadedOn: uploaded(350) });
  sandbox.addMtlsCertificate(production.id, { certificates: legacyRoot.pem, ca: true, name: "legacy-root-2019", uploadedOn: uploaded(1500) });
  sandbox.addMtlsCertificate(production.id, {
    certificates: paymentsClient.pem,
    ca: false,
    name: "payments-client",
    uploadedOn: uploaded(30),
    associations: [{ service: "gateway", status: "active" }],
  });
  sandbox.addMtlsCertificate(production.id, {
    certificates: gatewayCa.pem,
    ca: true,
    name: "Gateway CA - Cloudflare Managed G1",
    type: "gateway_managed",
    uploadedOn: uploaded(200),
    associations: [{ service: "gateway", status: "active" }],
  });

  // Acme Staging: a root in use, an issuing CA uploaded with its chain, an expired CA, a leaf expiring in 5 days, a Gateway-managed CA.
  sandbox.addMtlsCertificate(staging.id, {
    certificates: stagingRoot.pem,
    ca: true,
    name: "staging-root",
    uploadedOn: uploaded(90),
    associations: [{ service: "api_shield", status: "active" }],
  });
  sandbox.addMtlsCertificate(staging.id, {
    certificates: `${issuing.pem}\n${stagingRoot.pem}`,
    ca: true,
    name: "staging-issuing-ca (with chain)",
    uploadedOn: uploaded(60),
    associations: [{ service: "workers", status: "pending_deletion" }],
  });
  sandbox.addMtlsCertificate(staging.id, { certificates: oldStagingCa.pem, ca: true, name: "old-staging-ca", uploadedOn: uploaded(390) });
  sandbox.addMtlsCertificate(staging.id, { certificates: ciRunner.pem, ca: false, name: "ci-runner", uploadedOn: uploaded(2) });
  sandbox.addMtlsCertificate(staging.id, {
    certificates: gatewayCa.pem,
    ca: true,
    name: "Gateway CA - Cloudflare Managed G1",
    type: "gateway_managed",
    uploadedOn: uploaded(200),
  });

  // Access: both accounts and two zones.
  const productionScope = { kind: "accounts", id: production.id } as const;
  const stagingScope = { kind: "accounts", id: staging.id } as const;
  const acmeComScope = { kind: "zones", id: zones.acmeCom.id } as const;
  const stagingZoneScope = { kind: "zones", id: zones.stagingAcmeDev.id } as const;
  sandbox.addAccessCertificate(productionScope, { name: "Employees", certificate: employeesCa.pem, associated_hostnames: ["admin.acme.com", "grafana.acme.com"] });
  sandbox.addAccessCertificate(productionScope, { name: "Contractors", certificate: contractorsCa.pem });
  sandbox.addAccessCertificate(stagingScope, { name: "Staging devices", certificate: devicesCa.pem, associated_hostnames: ["app.staging.acme.dev"] });
  sandbox.addAccessCertificate(acmeComScope, { name: "VPN devices", certificate: zoneDeviceCa.pem, associated_hostnames: ["vpn.acme.com"] });
  sandbox.addAccessCertificate(stagingZoneScope, { name: "QA devices (expired)", certificate: qaCa.pem, associated_hostnames: ["qa.staging.acme.dev"] });

  sandbox.setHostnameSettings(productionScope, [
    { hostname: "admin.acme.com", china_network: false, client_certificate_forwarding: true },
    { hostname: "grafana.acme.com", china_network: false, client_certificate_forwarding: false },
  ]);
  sandbox.setHostnameSettings(stagingScope, [{ hostname: "app.staging.acme.dev", china_network: false, client_certificate_forwarding: true }]);
  sandbox.setHostnameSettings(acmeComScope, [{ hostname: "vpn.acme.com", china_network: true, client_certificate_forwarding: false }]);

  // Client certificates from acme.com's Cloudflare-managed CA, one of each status, and the
  // hostnames that ask for them; partner-client-ca (an uploaded CA) guards one hostname too,
  // which puts it in use.
  const [alice, buildBot, laptop] = await Promise.all([
    makeCsr({ subject: "CN=alice@acme.com, O=Acme Inc., C=US", keyLabel: "demo-client" }),
    makeCsr({ subject: "CN=build-bot, O=Acme Inc., OU=CI", keyLabel: "demo-client" }),
    makeCsr({ subject: "CN=laptop-0042, O=Acme Inc.", keyLabel: "demo-client" }),
  ]);
  sandbox.addClientCertificate(zones.acmeCom.id, { csr: alice.pem, validityDays: 365 });
  sandbox.addClientCertificate(zones.acmeCom.id, { csr: buildBot.pem, validityDays: 90, status: "revoked" });
  sandbox.addClientCertificate(zones.acmeCom.id, { csr: laptop.pem, validityDays: 30 });
  sandbox.setHostnameAssociations(zones.acmeCom.id, ["mtls.acme.com", "api-clients.acme.com"]);
  const partner = sandbox.mtlsCertificates(production.id).find((certificate) => certificate.name === "partner-client-ca");
  if (partner) {
    sandbox.setHostnameAssociations(zones.acmeCom.id, ["partners.acme.com"], partner.id);
  }

  return { production, staging, zones };
}
