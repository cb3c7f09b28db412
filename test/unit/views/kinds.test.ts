// Each certificate kind's module, in plain Node: what its delete confirmation says, where its
// dashboard link goes, and that every row it builds carries a contextValue the manifest knows.
// The repository is a stand-in that answers only what a kind may ask (associations).
import "reflect-metadata";
import assert from "node:assert/strict";
import type { AccessCertificate, MtlsCertificate, MtlsCertificateAssociation } from "../../../src/cloudflare/types";
import { accountScope, rowIds, zoneScope } from "../../../src/views/certificateKind";
import { clientCertificates } from "../../../src/views/kinds/clientCertificates";
import { hostnameAssociations } from "../../../src/views/kinds/hostnameAssociations";
import type { CertificateRepository } from "../../../src/views/certificateRepository";
import { readCertificates } from "../../../src/certificates/read";
import { accessCertificates, md5Of } from "../../../src/views/kinds/accessCertificates";
import type { KindContext } from "../../../src/views/kinds/certificateKindModule";
import { makeCa } from "../../support/makeCertificates";
import { kindContextValues, kindsIn } from "../../../src/views/kinds/index";
import { mtlsCertificates } from "../../../src/views/kinds/mtlsCertificates";

const ACME = { id: "0123456789abcdef0123456789abcdef", name: "Acme Production" };
const ACCOUNT = accountScope(ACME);
const ZONE = zoneScope(ACME, { id: "023e105f4ecef8ad9ca31a8372d0c353", name: "acme.com", account: ACME });
const SETTINGS = { now: new Date("2026-11-22T12:00:00Z"), warningDays: 30 };

function mtls(overrides: Partial<MtlsCertificate> = {}): MtlsCertificate {
  return { id: "2458ce5a-0c35-4c7f-82c7-8e9487d3ff60", name: "Corp Root", ca: true, certificates: "", issuer: "O=Acme", serial_number: "1", signature: "SHA256WithRSA", expires_on: "2027-11-22T12:00:00Z", uploaded_on: "2026-11-22T12:00:00Z", ...overrides };
}

function access(overrides: Partial<AccessCertificate> = {}): AccessCertificate {
  return { id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", name: "Devices", associated_hostnames: [], fingerprint: "MD5 Fingerprint=1E:80:0F", expires_on: "2027-11-22T12:00:00Z", ...overrides };
}

/** A repository that lists associations (a failure when `associations` is an Error) and the zone hostnames using a CA. */
function repositoryWith(associations: readonly MtlsCertificateAssociation[] | Error, zoneHostnames: readonly { zone: string; hostnames: string[] }[] = []): CertificateRepository {
  const standIn = {
    associations: () => (associations instanceof Error ? Promise.reject(associations) : Promise.resolve([...associations])),
    zonesUsingCa: () => Promise.resolve({ complete: true, zones: zoneHostnames.map(({ zone, hostnames }) => ({ zone: { id: zone, name: zone, account: ACME }, hostnames })) }),
  };
  return standIn as unknown as CertificateRepository;
}

function describeMtls(...args: Parameters<NonNullable<typeof mtlsCertificates.deletion>["describe"]>) {
  const deletion = mtlsCertificates.deletion;
  assert.ok(deletion, "mTLS certificates can be deleted");
  return deletion.describe(...args);
}

function describeAccess(...args: Parameters<NonNullable<typeof accessCertificates.deletion>["describe"]>) {
  const deletion = accessCertificates.deletion;
  assert.ok(deletion, "Access certificates can be deleted");
  return deletion.describe(...args);
}

suite("certificate kinds", () => {
  test("the table: mTLS certificates on accounts, Access certificates on accounts and zones, client certificates and mTLS hostnames on zones", () => {
    assert.deepEqual(kindsIn("accounts").map((module) => module.kind), ["mtlsCertificate", "accessCertificate"]);
    assert.deepEqual(kindsIn("zones").map((module) => module.kind), ["accessCertificate", "clientCertificate", "hostnameAssociation"]);
  });

  test("a kind's rows have the ids the tree nodes derive (rowIds from the kind, scope and id)", () => {
    const client = { id: "6b1bd6e3-3b6f-4e0b-9f7e-0b3b1f0d2a11", status: "active", common_name: "alice", expires_on: "2027-11-22T12:00:00Z" };
    const managed = { ca: { kind: "managed" as const }, caName: "Cloudflare-managed CA", hostnames: [] };
    const cases: [string, string, string][] = [
      [mtlsCertificates.row(ACCOUNT, mtls(), SETTINGS).id, rowIds.certificate("mtlsCertificate", ACCOUNT, mtlsCertificates.id(mtls())), mtlsCertificates.groupRow(ACCOUNT).id],
      [accessCertificates.row(ZONE, access(), SETTINGS).id, rowIds.certificate("accessCertificate", ZONE, accessCertificates.id(access())), accessCertificates.groupRow(ZONE).id],
      [clientCertificates.row(ZONE, client, SETTINGS).id, rowIds.certificate("clientCertificate", ZONE, clientCertificates.id(client)), clientCertificates.groupRow(ZONE).id],
      [hostnameAssociations.row(ZONE, managed, SETTINGS).id, rowIds.certificate("hostnameAssociation", ZONE, hostnameAssociations.id(managed)), hostnameAssociations.groupRow(ZONE).id],
    ];
    for (const [rowId, derived, groupId] of cases) {
      assert.equal(rowId, derived);
      assert.ok(rowId.startsWith(`${groupId}/`), `${rowId} sits below ${groupId}`);
    }
    assert.equal(mtlsCertificates.groupRow(ACCOUNT).id, rowIds.group("mtlsCertificate", ACCOUNT));
    assert.equal(hostnameAssociations.groupRow(ZONE).id, rowIds.group("hostnameAssociation", ZONE));
  });

  test("every row a kind builds carries one of its declared contextValues", async () => {
    const values = kindContextValues();
    const rows = [
      mtlsCertificates.groupRow(ACCOUNT),
      mtlsCertificates.row(ACCOUNT, mtls(), SETTINGS),
      mtlsCertificates.row(ACCOUNT, mtls({ ca: false }), SETTINGS),
      ...(await mtlsCertificates.children(repositoryWith([{ service: "gateway", status: "active" }]), ACCOUNT, mtls(), "r")).map((child) => child.row),
      accessCertificates.groupRow(ZONE),
      accessCertificates.row(ZONE, access(), SETTINGS),
      ...(await accessCertificates.children(repositoryWith([]), ZONE, access({ associated_hostnames: ["app.acme.com"] }), "r")).map((child) => child.row),
    ];
    for (const row of rows) {
      assert.ok(values.includes(row.contextValue), row.contextValue);
    }
  });

  suite("mTLS certificates: deletion", () => {
    test("in use: names the services and says Cloudflare will refuse", async () => {
      const item = await describeMtls(repositoryWith([{ service: "api_shield", status: "active" }, { service: "workers", status: "pending_deployment" }]), ACCOUNT, mtls());
      assert.deepEqual(item, {
        name: "Corp Root",
        kindLabel: "mTLS CA certificate",
        where: "account Acme Production",
        consequence: "In use by api_shield (active), workers (pending deployment): Cloudflare will refuse to delete it until it is removed from those services.",
      });
    });

    test("one service is 'that service'; associations described in part", async () => {
      assert.match((await describeMtls(repositoryWith([{ service: "gateway", status: "active" }]), ACCOUNT, mtls({ ca: false }))).consequence, /removed from that service\.$/);
      const partial = await describeMtls(repositoryWith([{}, { service: "workers" }, { status: "pending_deletion" }]), ACCOUNT, mtls());
      assert.match(partial.consequence, /^In use by unknown service \(unknown\), workers \(unknown\), unknown service \(pending deletion\): /);
    });

    test("a CA whose hostnames are associated in a zone: they are named, and cleared first", async () => {
      const item = await describeMtls(repositoryWith([{ service: "api_shield", status: "active" }], [{ zone: "acme.com", hostnames: ["partners.acme.com"] }]), ACCOUNT, mtls());
      assert.equal(item.consequence, "Hostnames ask for client certificates it issued: partners.acme.com (zone acme.com). They are cleared first, so those clients are no longer asked for a certificate; then the CA is deleted.");
    });

    test("unused, and unchecked when the associations cannot be listed", async () => {
      assert.equal((await describeMtls(repositoryWith([]), ACCOUNT, mtls())).consequence, "No Cloudflare service uses it.");
      assert.match((await describeMtls(repositoryWith(new Error("offline")), ACCOUNT, mtls())).consequence, /^Its associations could not be checked; Cloudflare refuses the delete/);
    });
  });

  suite("Access certificates: deletion", () => {
    test("hostnames are detached first and named", async () => {
      const item = await describeAccess(repositoryWith([]), ZONE, access({ associated_hostnames: ["app.acme.com", "admin.acme.com"] }));
      assert.equal(item.where, "zone acme.com");
      assert.equal(item.kindLabel, "Access root certificate");
      assert.match(item.consequence, /^Its hostnames are detached first; Access applications on app\.acme\.com, admin\.acme\.com will stop accepting client certificates it signed\.$/);
    });

    test("without hostnames", async () => {
      assert.equal((await describeAccess(repositoryWith([]), ACCOUNT, access())).consequence, "No hostname uses it.");
    });
  });

  suite("dashboard links", () => {
    test("account mTLS certificates: the account's SSL/TLS area", () => {
      assert.equal(mtlsCertificates.dashboardUrl(ACCOUNT, undefined), `https://dash.cloudflare.com/${ACME.id}/ssl-tls`);
    });

    test("account Access certificates: Zero Trust's mTLS page; zone ones: the zone's client certificates page, by name", () => {
      assert.equal(accessCertificates.dashboardUrl(ACCOUNT, undefined), `https://one.dash.cloudflare.com/${ACME.id}/access/service-auth/mtls`);
      assert.equal(accessCertificates.dashboardUrl(ZONE, access()), `https://dash.cloudflare.com/${ACME.id}/acme.com/ssl-tls/client-certificates`);
    });

    test("odd ids and names stay inside their path segment, on Cloudflare's hosts", () => {
      const odd = "../../evil.example/x?y=1#z";
      const oddAccount = { id: odd, name: odd };
      const urls = [
        mtlsCertificates.dashboardUrl(accountScope(oddAccount), undefined),
        accessCertificates.dashboardUrl(accountScope(oddAccount), undefined),
        accessCertificates.dashboardUrl(zoneScope(oddAccount, { id: odd, name: odd, account: oddAccount }), undefined),
      ];
      for (const text of urls) {
        const url = new URL(text);
        assert.equal(url.protocol, "https:");
        assert.ok(["dash.cloudflare.com", "one.dash.cloudflare.com"].includes(url.host), text);
        assert.equal(url.search, "", text);
        assert.equal(url.hash, "", text);
        assert.ok(url.pathname.startsWith(`/${encodeURIComponent(odd)}`), text);
      }
      assert.equal(new URL(urls[2] ?? "").pathname, `/${encodeURIComponent(odd)}/${encodeURIComponent(odd)}/ssl-tls/client-certificates`);
    });
  });

  suite("Access certificates: the MD5 fingerprint as hex", () => {
    test("the tooltip and Copy Fingerprint give the hex, labelled MD5; the prefix is dropped in one place", async () => {
      const record = access({ fingerprint: "MD5 Fingerprint=1E:80:0F:AA" });
      assert.equal(md5Of(record), "1E:80:0F:AA");
      assert.deepEqual(await accessCertificates.fingerprint(record, () => Promise.reject(new Error("no decoder needed"))), { value: "1E:80:0F:AA", what: "MD5 fingerprint" });
      const tooltip = accessCertificates.row(ACCOUNT, record, SETTINGS).tooltip ?? "";
      assert.match(tooltip, /MD5 fingerprint: 1E:80:0F:AA/);
      assert.doesNotMatch(tooltip, /Fingerprint=/);
    });

    test("a picked file that is not the certificate: the message gives both MD5s as hex", async () => {
      const ca = await makeCa({ commonName: "Picked By Mistake" });
      const picked = await readCertificates(ca.pem);
      const warnings: string[] = [];
      const context = {
        prompts: { warning: (message: string) => Promise.resolve(void warnings.push(message)) },
        expiry: () => SETTINGS,
        localFiles: {
          findByMd5: () => Promise.resolve(undefined),
          pick: () => Promise.resolve({ fileLabel: "certs/wrong.pem", document: picked }),
        },
      } as unknown as KindContext;
      const record = access({ fingerprint: "MD5 Fingerprint=1E:80:0F:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66" });
      const details = await accessCertificates.details?.(context, ACCOUNT, record);
      assert.ok(details, "Access certificates have details");
      let updated = false;
      await details.onAction?.("pickLocalFile", () => {
        updated = true;
      });
      assert.equal(updated, false, "a file that is not the certificate is not shown as its details");
      assert.deepEqual(warnings, [
        `certs/wrong.pem is not the certificate of “Devices”: its MD5 fingerprint is ${picked.certificates[0]?.fingerprints.md5 ?? "?"}, Cloudflare's is 1E:80:0F:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66.`,
      ]);
    });
  });
});
