// What the details view shows, built from real certificates (read by readCertificates) and
// Cloudflare records shaped as cloudflare-api.md describes them. Values are checked against
// Node's own reading of the same certificate, not against the model's code.
import "reflect-metadata";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as x509 from "@peculiar/x509";
import { MAX_SELF_SIGNATURE_CHECKS } from "../../../src/certificates/decodeCache";
import { readCertificates, type CertificateDocument } from "../../../src/certificates/read";
import { uploadWarnings } from "../../../src/certificates/warnings";
import type { AccessCertificate, MtlsCertificate } from "../../../src/cloudflare/types";
import { accessCertificateDetails, localFileDetails, mtlsCertificateDetails, type DetailsRow, type DetailsViewModel } from "../../../src/views/detailsModel";
import type { DetailsAction, FromDetailsWebview } from "../../../src/views/detailsProtocol";
import { days, makeCa, makeChain, makeKeys, makeLeaf, type MadeCertificate } from "../../support/makeCertificates";

const NOW = new Date();
const CONTEXT = { now: NOW, warningDays: 30 };
const FIXTURES = join(__dirname, "..", "..", "fixtures");

/** Every row of the model: overview first, then each certificate's groups. */
function allRows(model: DetailsViewModel): DetailsRow[] {
  return [...model.overview, ...model.certificates.flatMap((section) => section.groups.flatMap((group) => group.rows))];
}

function row(rows: readonly DetailsRow[], label: string): DetailsRow {
  const found = rows.find((candidate) => candidate.label === label);
  assert.ok(found, `no row "${label}" in ${rows.map((candidate) => candidate.label).join(", ")}`);
  return found;
}

function group(model: DetailsViewModel, sectionIndex: number, title: string): readonly DetailsRow[] {
  const found = model.certificates[sectionIndex]?.groups.find((candidate) => candidate.title === title);
  assert.ok(found, `no group "${title}" in section ${sectionIndex}`);
  return found.rows;
}

/** The copy contract: each copy button's key gives back exactly the value the row shows. */
function assertCopyKeysResolve(model: DetailsViewModel): void {
  const keys = allRows(model).flatMap((candidate) => (candidate.copyKey ? [candidate.copyKey] : []));
  assert.equal(new Set(keys).size, keys.length, "copy keys are unique");
  assert.equal(model.copyValues.size, keys.length, "no value is registered without a button");
  for (const candidate of allRows(model)) {
    if (candidate.copyKey) {
      assert.equal(model.copyValues.get(candidate.copyKey), candidate.value, candidate.label);
      const message: FromDetailsWebview = { type: "copy", key: candidate.copyKey };
      assert.equal(message.key, candidate.copyKey);
    }
  }
}

function mtlsRecord(made: MadeCertificate, overrides: Partial<MtlsCertificate> = {}): MtlsCertificate {
  const node = new X509Certificate(made.der);
  return {
    id: "2458ce5a-0c35-4c7f-82c7-8e9487d3ff60",
    name: "Corp Root",
    ca: true,
    certificates: made.pem,
    issuer: "O=Example Inc.,C=US",
    serial_number: BigInt(`0x${node.serialNumber}`).toString(10),
    signature: "ECDSAWithSHA256",
    expires_on: new Date(node.validTo).toISOString(),
    uploaded_on: "2026-01-01T00:00:00Z",
    type: "custom",
    ...overrides,
  };
}

suite("views/detailsModel", () => {
  let ca: MadeCertificate;
  let caDocument: CertificateDocument;

  suiteSetup(async () => {
    ca = await makeCa({
      subject: "CN=Details Root CA, O=Example Inc., C=US",
      notBefore: new Date(NOW.getTime() - days(100)),
      notAfter: new Date(NOW.getTime() + days(300)),
      pathLength: 2,
      serialNumber: "00a1e2b3c4d5",
    });
    caDocument = await readCertificates(ca.pem);
  });

  suite("a remote mTLS certificate with its PEM", () => {
    test("the API's facts, then the fully decoded certificate", () => {
      const record = mtlsRecord(ca);
      const associations = [{ service: "api_shield", status: "active" }, { service: "workers", status: "pending_deployment" }];
      const model = mtlsCertificateDetails("Acme Production", record, associations, caDocument, undefined, CONTEXT);
      assert.equal(model.title, "Corp Root");
      assert.equal(model.subtitle, "Account mTLS certificate · CA · Acme Production");
      assert.equal(model.notice, undefined);
      assert.deepEqual(model.warnings, []);
      assert.deepEqual(model.actions, [
        { action: "savePem", label: "Save PEM As…", icon: "save" },
        { action: "copyTerraformImport", label: "Copy Terraform Import…", icon: "copy" },
      ]);
      assert.equal(model.chain, undefined, "one certificate has no chain section");

      const overview = model.overview;
      assert.deepEqual(
        overview.map((candidate) => candidate.label),
        ["ID", "Name", "Kind", "Managed by", "Issuer", "Serial number", "Signature", "Uploaded", "Used by"],
      );
      assert.equal(row(overview, "ID").value, record.id);
      assert.ok(row(overview, "ID").copyKey);
      assert.equal(row(overview, "Kind").value, "CA certificate");
      assert.equal(row(overview, "Managed by").value, "you (custom upload)");
      assert.equal(row(overview, "Used by").value, "api_shield (active)\nworkers (pending deployment)");

      const node = new X509Certificate(ca.der);
      assert.equal(model.certificates.length, 1);
      const section = model.certificates[0];
      assert.ok(section);
      assert.equal(section.heading, "Root CA: Details Root CA");
      assert.equal(section.summary, "EC P-256 · ECDSAWithSHA256");
      assert.deepEqual(
        section.groups.map((candidate) => candidate.title),
        ["Names", "Identity", "Usage", "Extensions", "Fingerprints", "PEM"],
      );
      assert.equal(row(group(model, 0, "Names"), "Subject").value, "C=US,O=Example Inc.,CN=Details Root CA");
      assert.equal(row(group(model, 0, "Names"), "Subject alternative names").value, "none");
      assert.equal(row(group(model, 0, "Identity"), "Serial number").value, BigInt("0xa1e2b3c4d5").toString(10));
      assert.equal(row(group(model, 0, "Identity"), "Serial number (hex)").value, "A1E2B3C4D5", "without the sign padding byte");
      assert.equal(row(group(model, 0, "Identity"), "Self-signed").value, "yes");
      assert.equal(row(group(model, 0, "Usage"), "Basic constraints").value, "CA, path length 2 (critical)");
      assert.match(row(group(model, 0, "Usage"), "Key usage").value, /keyCertSign/);
      assert.equal(row(group(model, 0, "Usage"), "Extended key usage").value, "absent");
      assert.equal(row(group(model, 0, "Fingerprints"), "SHA-256").value, node.fingerprint256);
      assert.equal(row(group(model, 0, "Fingerprints"), "SHA-1").value, node.fingerprint);
      assert.match(row(group(model, 0, "Fingerprints"), "MD5").value, /^([0-9A-F]{2}:){15}[0-9A-F]{2}$/, "the hex alone: the label says MD5");
      assert.equal(row(group(model, 0, "PEM"), "Certificate").value, ca.pem.trim());
      for (const candidate of [...group(model, 0, "Fingerprints"), ...group(model, 0, "PEM")]) {
        assert.ok(candidate.copyKey, `${candidate.label} can be copied`);
        assert.equal(candidate.monospace, true, `${candidate.label} is monospace`);
      }
      assertCopyKeysResolve(model);
    });

    test("validity comes from expires_on and the certificate's notBefore", () => {
      const model = mtlsCertificateDetails("Acme", mtlsRecord(ca), [], caDocument, undefined, CONTEXT);
      assert.ok(model.validity);
      assert.equal(model.validity.state, "valid");
      assert.equal(model.validity.label, "expires in 300 days");
      assert.equal(model.validity.notBefore, new Date(NOW.getTime() - days(100)).toISOString().replace(/\.\d{3}Z$/, "Z"));
      assert.equal(model.validity.elapsedPercent, 25);
      assert.equal(model.certificates[0]?.validity.elapsedPercent, 25);
    });

    test("associations: none, unknown, and partly described", () => {
      const none = mtlsCertificateDetails("Acme", mtlsRecord(ca), [], caDocument, undefined, CONTEXT);
      assert.equal(row(none.overview, "Used by").value, "none");
      const unknown = mtlsCertificateDetails("Acme", mtlsRecord(ca), undefined, caDocument, undefined, CONTEXT);
      assert.ok(!unknown.overview.some((candidate) => candidate.label === "Used by"), "not checked: no claim");
      const partial = mtlsCertificateDetails("Acme", mtlsRecord(ca), [{}], caDocument, undefined, CONTEXT);
      assert.equal(row(partial.overview, "Used by").value, "unknown service (unknown)");
    });

    test("a managed leaf without a name", async () => {
      const leaf = await makeLeaf(ca);
      const record = mtlsRecord(leaf, { name: "", ca: false, type: "gateway_managed" });
      const model = mtlsCertificateDetails("Acme", record, undefined, await readCertificates(leaf.pem), undefined, CONTEXT);
      assert.equal(model.title, record.id);
      assert.equal(model.subtitle, "Account mTLS certificate · Leaf · Acme");
      assert.equal(row(model.overview, "Kind").value, "Leaf certificate");
      assert.equal(row(model.overview, "Managed by").value, "gateway managed");
      assert.ok(!model.overview.some((candidate) => candidate.label === "Name"), "an empty name is left out");
      assert.equal(model.certificates[0]?.heading, "Certificate: client.example.com");
    });

    test("a PEM Cloudflare sent that cannot be decoded: the API's facts and why", () => {
      const record = mtlsRecord(ca, { certificates: "garbage" });
      const model = mtlsCertificateDetails("Acme", record, [], undefined, "it holds no certificate", CONTEXT);
      assert.equal(model.notice, "The PEM Cloudflare returned could not be decoded: it holds no certificate");
      assert.deepEqual(model.certificates, []);
      assert.equal(row(model.overview, "Serial number").value, record.serial_number);
      assert.equal(model.validity?.label, "expires in 300 days");
      assert.equal(model.validity?.notBefore, undefined);
    });

    test("an expiry date that cannot be read gives no validity at all", () => {
      const model = mtlsCertificateDetails("Acme", mtlsRecord(ca, { expires_on: "someday" }), [], undefined, undefined, CONTEXT);
      assert.equal(model.validity, undefined);
    });
  });

  suite("an Access certificate", () => {
    function accessRecord(overrides: Partial<AccessCertificate> = {}): AccessCertificate {
      return {
        id: "b5a8f8a0-6b6c-4d3f-9d55-2c1f3c1d2e3f",
        name: "Devices",
        associated_hostnames: ["app.acme.com", "admin.acme.com"],
        fingerprint: caDocument.certificates[0]?.fingerprints.accessMd5 ?? "",
        expires_on: new Date(NOW.getTime() + days(10)).toISOString(),
        created_at: "2026-02-01T00:00:00Z",
        updated_at: "2026-03-01T00:00:00Z",
        ...overrides,
      };
    }

    test("without a local file: the API's facts only, and how to see more", () => {
      const record = accessRecord();
      const model = accessCertificateDetails("zone acme.com", record, undefined, CONTEXT);
      assert.equal(model.title, "Devices");
      assert.equal(model.subtitle, "Access mTLS root certificate · zone acme.com");
      assert.deepEqual(
        model.overview.map((candidate) => candidate.label),
        ["ID", "Name", "MD5 fingerprint", "Associated hostnames", "Created", "Updated"],
      );
      assert.equal(row(model.overview, "Associated hostnames").value, "app.acme.com\nadmin.acme.com");
      assert.match(record.fingerprint, /^MD5 Fingerprint=/, "Cloudflare's spelling, with its prefix");
      assert.equal(row(model.overview, "MD5 fingerprint").value, record.fingerprint.slice("MD5 Fingerprint=".length), "shown (and copied) as the hex alone");
      assert.ok(row(model.overview, "MD5 fingerprint").copyKey);
      assert.deepEqual(model.certificates, [], "Cloudflare never returns the PEM");
      assert.match(model.notice ?? "", /does not return the PEM of Access certificates\. Pick the local file .* matched by its MD5 fingerprint/);
      assert.deepEqual(model.actions, [
        { action: "pickLocalFile", label: "Pick Matching Local File…", icon: "folder-opened" },
        { action: "copyTerraformImport", label: "Copy Terraform Import…", icon: "copy" },
      ]);
      assert.equal(model.validity?.state, "expiring");
      assert.equal(model.validity?.label, "expires in 10 days");
      assert.ok(model.validity.elapsedPercent >= 0 && model.validity.elapsedPercent <= 100);
      assertCopyKeysResolve(model);
    });

    test("no hostnames reads 'none'", () => {
      const model = accessCertificateDetails("account Acme", accessRecord({ associated_hostnames: [] }), undefined, CONTEXT);
      assert.equal(row(model.overview, "Associated hostnames").value, "none");
    });

    test("with the matching local file: its decoded certificate, and a way to pick another", () => {
      const model = accessCertificateDetails("account Acme", accessRecord(), { fileLabel: "certs/devices-ca.pem", document: caDocument }, CONTEXT);
      assert.equal(row(model.overview, "Matching local file").value, "certs/devices-ca.pem");
      assert.equal(model.notice, undefined);
      assert.equal(model.certificates.length, 1);
      assert.equal(model.certificates[0]?.heading, "Root CA: Details Root CA");
      assert.equal(row(group(model, 0, "Fingerprints"), "MD5").value, row(model.overview, "MD5 fingerprint").value, "the local file's MD5 reads as Cloudflare's does");
      assert.deepEqual(model.actions, [
        { action: "pickLocalFile", label: "Pick Another Local File…", icon: "folder-opened" },
        { action: "copyTerraformImport", label: "Copy Terraform Import…", icon: "copy" },
      ]);
      assert.ok(model.validity?.notBefore, "the local file gives the start of validity");
      assertCopyKeysResolve(model);
    });
    test("the validity bar starts at the matched certificate's notBefore, even when the file holds a leaf first", async () => {
      const leaf = await makeLeaf(ca, { notBefore: new Date(NOW.getTime() - days(1)), notAfter: new Date(NOW.getTime() + days(30)) });
      const bundle = await readCertificates(`${leaf.pem}${ca.pem}`);
      const matched = bundle.certificates.find((certificate) => certificate.fingerprints.accessMd5 === accessRecord().fingerprint);
      assert.ok(matched && matched !== bundle.certificates[0], "the CA is the second certificate of the file");
      const model = accessCertificateDetails("account Acme", accessRecord(), { fileLabel: "certs/leaf-and-ca.pem", document: bundle }, CONTEXT);
      assert.equal(model.validity?.notBefore, matched.notBefore.toISOString().replace(".000Z", "Z"));
    });
  });

  suite("a local file", () => {
    test("one certificate, with the file's name and upload warnings", async () => {
      const expired = await makeLeaf(ca, { notBefore: new Date(NOW.getTime() - days(400)), notAfter: new Date(NOW.getTime() - days(3)), commonName: "old.example.com" });
      const document = await readCertificates(expired.pem);
      const warnings = uploadWarnings(document, "leaf", NOW);
      assert.ok(warnings.length > 0);
      const model = localFileDetails("old.pem", document, warnings, CONTEXT);
      assert.equal(model.title, "old.example.com");
      assert.equal(model.subtitle, "Local file · old.pem · 1 certificate");
      assert.deepEqual(
        model.warnings,
        warnings.map((warning) => warning.message),
      );
      assert.match(model.warnings[0] ?? "", /expired 3 days ago/);
      assert.equal(model.validity?.state, "expired");
      assert.equal(model.validity?.elapsedPercent, 100);
      assert.equal(row(model.overview, "File").value, "old.pem");
      assert.deepEqual(model.actions, []);
      assertCopyKeysResolve(model);
    });

    test("a bundle in any order: leaf → intermediate → root, with the chain checked", async () => {
      const { root, intermediate, leaf } = await makeChain();
      const document = await readCertificates(`${root.pem}${leaf.pem}${intermediate.pem}`);
      const model = localFileDetails("bundle.pem", document, uploadWarnings(document, "leaf", NOW), CONTEXT);
      assert.equal(model.subtitle, "Local file · bundle.pem · 3 certificates");
      assert.equal(model.title, "Chain Root CA", "the title is the file's first certificate");
      assert.deepEqual(
        model.certificates.map((section) => section.heading),
        ["Leaf: client.chain.example.com", "Intermediate CA: Chain Intermediate CA", "Root CA: Chain Root CA"],
      );
      assert.deepEqual(model.chain, {
        complete: true,
        steps: [
          { name: "client.chain.example.com", note: "signed by certificate 2", ok: true },
          { name: "Chain Intermediate CA", note: "signed by certificate 3", ok: true },
          { name: "Chain Root CA", note: "self-signed root", ok: true },
        ],
        breaks: [],
      });
      assert.equal(row(group(model, 0, "Names"), "Subject alternative names").value, "DNS: client.chain.example.com");
      assert.equal(row(group(model, 1, "Usage"), "Basic constraints").value, "CA, path length 0 (critical)");
      assert.equal(row(group(model, 0, "Usage"), "Basic constraints").value, "Not a CA (critical)");
      assertCopyKeysResolve(model);
    });

    test("past the self-signature budget a root's Self-signed row says it was not checked, never a plain no", async () => {
      // One key signs them all (self-signed roots with the fewest extensions, to make them quickly).
      const keys = await makeKeys("P-256", "SHA-256", "budget-roots");
      const roots: string[] = [];
      for (let index = 0; index <= MAX_SELF_SIGNATURE_CHECKS; index++) {
        const root = await x509.X509CertificateGenerator.createSelfSigned({
          serialNumber: (index + 1).toString(16).padStart(4, "0"),
          name: `CN=Budget Root ${index}`,
          notBefore: new Date(NOW.getTime() - days(1)),
          notAfter: new Date(NOW.getTime() + days(365)),
          signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
          keys,
          extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
        });
        roots.push(root.toString("pem"));
      }
      const document = await readCertificates(roots.join("\n"));
      const model = localFileDetails("roots.pem", document, [], CONTEXT);
      assert.equal(row(group(model, 0, "Identity"), "Self-signed").value, "yes");
      assert.match(row(group(model, MAX_SELF_SIGNATURE_CHECKS, "Identity"), "Self-signed").value, /^not checked: it names itself as issuer/);
    });

    test("a bundle missing its intermediate: an incomplete chain that says where it breaks", async () => {
      const { root, leaf } = await makeChain();
      const document = await readCertificates(`${leaf.pem}${root.pem}`);
      const warnings = uploadWarnings(document, "leaf", NOW);
      const model = localFileDetails("broken.pem", document, warnings, CONTEXT);
      assert.ok(model.chain);
      assert.equal(model.chain.complete, false);
      assert.equal(model.chain.steps[0]?.ok, false);
      assert.equal(model.chain.steps[0]?.note, "not signed by certificate 2");
      assert.equal(model.chain.breaks.length, 1);
      assert.match(model.chain.breaks[0] ?? "", /^Certificate 1: “client\.chain\.example\.com” was issued by “Chain Intermediate CA”, but the next certificate is “Chain Root CA”\.$/);
      assert.ok(model.warnings.some((warning) => /chain is broken/.test(warning)));
    });

    test("an issuer that is not a CA: signed, but the chain is incomplete and the step says why", async () => {
      const { root } = await makeChain();
      const notCa = await makeLeaf(root, { subject: "CN=Not A CA" });
      const below = await makeLeaf(notCa, { subject: "CN=below.example.com" });
      const document = await readCertificates(`${below.pem}${notCa.pem}${root.pem}`);
      const warnings = uploadWarnings(document, "leaf", NOW);
      const model = localFileDetails("not-ca.pem", document, warnings, CONTEXT);
      assert.equal(model.chain?.complete, false);
      assert.deepEqual(model.chain?.steps[0], { name: "below.example.com", note: "signed by certificate 2, which may not issue it", ok: false });
      assert.ok(model.chain?.breaks.some((item) => /^Certificate 1: “Not A CA” signed “below\.example\.com”, but it is not a CA \(basicConstraints CA:FALSE\)/.test(item)));
      assert.ok(model.warnings.some((warning) => /^The chain is broken: “Not A CA” signed “below\.example\.com”, but it is not a CA/.test(warning)));
    });

    test("a leaf with its issuer missing from the file is not a broken chain, just an open end", async () => {
      const { intermediate, leaf } = await makeChain();
      const model = localFileDetails("partial.pem", await readCertificates(`${leaf.pem}${intermediate.pem}`), [], CONTEXT);
      assert.deepEqual(model.chain?.steps.at(-1), { name: "Chain Intermediate CA", note: "issuer not in this file", ok: undefined });
      assert.equal(model.chain?.complete, false);
    });

    test("a private key in the file is mentioned, never shown", async () => {
      const leaf = await makeLeaf(ca, { commonName: "keyed.example.com" });
      const document = await readCertificates(`${leaf.pem}${leaf.privateKeyPem}`);
      const model = localFileDetails("keyed.pem", document, [], CONTEXT);
      assert.match(model.notice ?? "", /^This file also holds a private key: it is never shown here and never uploaded unless you choose to\.$/);
      const keyBody = leaf.privateKeyPem.split("\n")[1] ?? "";
      assert.ok(keyBody.length > 20);
      for (const candidate of allRows(model)) {
        assert.ok(!candidate.value.includes("PRIVATE KEY") && !candidate.value.includes(keyBody), candidate.label);
      }
      for (const value of model.copyValues.values()) {
        assert.ok(!value.includes(keyBody));
      }
    });

    test("DER input says so; the seed CA from Cloudflare's reference reads as Cloudflare reports it", async () => {
      const der = await readCertificates(ca.der);
      assert.equal(localFileDetails("ca.der", der, [], CONTEXT).subtitle, "Local file · ca.der · 1 certificate (DER)");
      const seed = await readCertificates(readFileSync(join(FIXTURES, "seed-example-ca.pem"), "utf8"));
      const model = localFileDetails("seed-example-ca.pem", seed, [], CONTEXT);
      assert.equal(row(group(model, 0, "Names"), "Issuer (as Cloudflare shows it)").value, "O=Example Inc.,L=California,ST=San Francisco,C=US");
      assert.equal(row(group(model, 0, "Identity"), "Serial number").value, "235217144297995885180570755458463043449861756659");
      assert.equal(row(group(model, 0, "Identity"), "Signature algorithm").value, "SHA256WithRSA");
      assert.equal(model.title, "seed-example-ca.pem", "no common name: the file's name");
    });
  });

  test("a leaf mTLS certificate offers its wrangler binding; a CA, Access and client certificate only the Terraform import", () => {
    const leaf = mtlsCertificateDetails("Acme", mtlsRecord(ca, { ca: false }), [], caDocument, undefined, CONTEXT);
    assert.deepEqual(leaf.actions.map((action) => action.action), ["savePem", "copyTerraformImport", "copyWranglerBinding"]);
    const root = mtlsCertificateDetails("Acme", mtlsRecord(ca), [], caDocument, undefined, CONTEXT);
    assert.deepEqual(root.actions.map((action) => action.action), ["savePem", "copyTerraformImport"]);
  });

  test("every action a model offers is one the webview protocol knows", () => {
    const known: Record<DetailsAction, true> = { pickLocalFile: true, savePem: true, copyWranglerBinding: true, copyTerraformImport: true };
    const models = [
      mtlsCertificateDetails("Acme", mtlsRecord(ca), [], caDocument, undefined, CONTEXT),
      accessCertificateDetails("Acme", { id: "a", name: "n", associated_hostnames: [], fingerprint: "f", expires_on: NOW.toISOString() }, undefined, CONTEXT),
      localFileDetails("f.pem", caDocument, [], CONTEXT),
    ];
    for (const model of models) {
      for (const action of model.actions) {
        assert.equal(known[action.action], true, action.action);
        const message: FromDetailsWebview = { type: "action", action: action.action };
        assert.equal(message.type, "action");
      }
    }
  });
});
