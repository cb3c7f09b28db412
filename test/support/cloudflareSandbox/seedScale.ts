// Enterprise scale (issue 16): one account with 5,000 zones and three with 200, reached by one
// API token, plus 50 account mTLS certificates in the large account so a details panel can be
// opened 50 times over. Zones are added straight to the store (no HTTP, no certificates), and
// the certificates are P-256 CAs (the device root and partner CAs, so that a zone's mTLS
// Hostnames group has several uploaded CAs to list) and leaves the root signed, made
// concurrently: the whole seed builds in well under a second. The first zone's mtls. and api.
// hostnames check client certificates against the device root. Ids are stable (hashed from the names), like the demo's.
import { createHash } from "node:crypto";
import { days, makeCa, makeLeaf } from "../makeCertificates";
import type { CloudflareSandbox, SandboxAccount, SandboxZone } from "./types";

/** 40 characters, like a real Cloudflare API token. */
export const SCALE_API_TOKEN = "sandbox-scale-token-00000000000000000000";
export const SCALE_LARGE_ZONES = 5000;
export const SCALE_REGIONAL_ZONES = 200;
export const SCALE_REGIONAL_ACCOUNTS = 3;
export const SCALE_MTLS_CERTIFICATES = 50;
/** Of the 50, how many are CAs (ca: true): the device root and four partner CAs. */
export const SCALE_MTLS_CAS = 5;

/** Name parts, so that searching "shop" or ".org" finds some zones and not all. */
const SERVICES = ["shop", "api", "app", "cdn", "mail", "store", "portal", "status"] as const;
const DOMAINS = ["com", "net", "org", "io", "dev"] as const;

export interface ScaleSeed {
  readonly large: SandboxAccount;
  readonly regional: readonly SandboxAccount[];
  /** The large account's zones, in the order GET /zones lists them. */
  readonly largeZones: readonly SandboxZone[];
}

function stableId(label: string): string {
  return createHash("md5").update(`cloudflare-mtls-sandbox-scale:${label}`).digest("hex");
}

/** "shop-0042.globex.org": the n-th zone (0-based) of an account, unique across the seed. */
export function scaleZoneName(company: string, index: number): string {
  const service = SERVICES[index % SERVICES.length] ?? "shop";
  const domain = DOMAINS[Math.floor(index / SERVICES.length) % DOMAINS.length] ?? "com";
  return `${service}-${String(index).padStart(4, "0")}.${company}.${domain}`;
}

function addZones(sandbox: CloudflareSandbox, account: SandboxAccount, company: string, count: number): SandboxZone[] {
  return Array.from({ length: count }, (_, index) => {
    const name = scaleZoneName(company, index);
    // Every 97th zone is still pending: the tree shows a zone's status when it is not active.
    return sandbox.addZone(account.id, { id: stableId(`zone:${name}`), name, status: index % 97 === 96 ? "pending" : "active" });
  });
}

export async function seedScale(sandbox: CloudflareSandbox): Promise<ScaleSeed> {
  sandbox.addApiToken(SCALE_API_TOKEN, { owner: "user", permissions: "edit" });
  const large = sandbox.addAccount({ id: stableId("account:globex"), name: "Globex Enterprise" });
  const largeZones = addZones(sandbox, large, "globex", SCALE_LARGE_ZONES);
  const regional = ["Initech EMEA", "Initech APAC", "Initech Americas"].slice(0, SCALE_REGIONAL_ACCOUNTS).map((name, index) => {
    const account = sandbox.addAccount({ id: stableId(`account:${name}`), name });
    addZones(sandbox, account, `initech${index + 1}`, SCALE_REGIONAL_ZONES);
    return account;
  });

  const now = Date.now();
  const ca = await makeCa({ subject: "C=US, O=Globex Corporation, CN=Globex Device Root CA", notBefore: new Date(now - days(90)), notAfter: new Date(now + days(3 * 365)) });
  const root = sandbox.addMtlsCertificate(large.id, { certificates: ca.pem, ca: true, name: "globex-device-root", uploadedOn: new Date(now - days(20)) });
  const partners = await Promise.all(
    Array.from({ length: SCALE_MTLS_CAS - 1 }, (_, index) =>
      makeCa({ subject: `C=US, O=Globex Partner ${index + 1}, CN=Globex Partner ${index + 1} CA`, notBefore: new Date(now - days(90)), notAfter: new Date(now + days(2 * 365)) }),
    ),
  );
  for (const [index, partner] of partners.entries()) {
    sandbox.addMtlsCertificate(large.id, { certificates: partner.pem, ca: true, name: `globex-partner-${index + 1}-ca`, uploadedOn: new Date(now - days(15)) });
  }
  const firstZone = largeZones[0];
  if (firstZone) {
    sandbox.setHostnameAssociations(firstZone.id, [`mtls.${firstZone.name}`, `api.${firstZone.name}`], root.id);
  }
  const leaves = await Promise.all(
    Array.from({ length: SCALE_MTLS_CERTIFICATES - SCALE_MTLS_CAS }, (_, index) =>
      makeLeaf(ca, {
        subject: `C=US, O=Globex Corporation, CN=device-${index}.globex.com`,
        dnsNames: [`device-${index}.globex.com`],
        extendedKeyUsages: ["1.3.6.1.5.5.7.3.2"],
        notBefore: new Date(now - days(60)),
        // Spread over valid, expiring soon and expired, as a real account's devices are.
        notAfter: new Date(now + days((index % 10) * 40 - 30)),
      }),
    ),
  );
  for (const [index, leaf] of leaves.entries()) {
    sandbox.addMtlsCertificate(large.id, { certificates: leaf.pem, ca: false, name: `device-${index}`, uploadedOn: new Date(now - days(5)) });
  }
  return { large, regional, largeZones };
}
