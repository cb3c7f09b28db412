// Real certificates nobody here made (test/fixtures/real, with their source in its README),
// every field we show checked against Node's crypto.X509Certificate (OpenSSL), and the fields
// Node does not expose against what OpenSSL printed for the same file (openssl-fields.json,
// written by `npx tsx test/support/makeFixtures.ts real`).
import "reflect-metadata";
import assert from "node:assert/strict";
import type { OpensslFields } from "../../support/makeFixtures";
import { X509Certificate } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DecodedCertificate } from "../../../src/certificates/decode";
import { certificateMd5s } from "../../../src/certificates/md5Match";
import { readCertificates } from "../../../src/certificates/read";
import { uploadWarnings } from "../../../src/certificates/warnings";
import { assertMatchesNode } from "./nodeReference";

const REAL = join(__dirname, "..", "..", "fixtures", "real");


const OPENSSL: Readonly<Record<string, OpensslFields>> = JSON.parse(readFileSync(join(REAL, "openssl-fields.json"), "utf8")) as Record<string, OpensslFields>;

/** OpenSSL's signature algorithm names → the OIDs. */
const SIGNATURE_OIDS: Readonly<Record<string, string>> = {
  sha1WithRSAEncryption: "1.2.840.113549.1.1.5",
  sha256WithRSAEncryption: "1.2.840.113549.1.1.11",
  sha384WithRSAEncryption: "1.2.840.113549.1.1.12",
  sha512WithRSAEncryption: "1.2.840.113549.1.1.13",
  "ecdsa-with-SHA256": "1.2.840.10045.4.3.2",
  "ecdsa-with-SHA384": "1.2.840.10045.4.3.3",
  "ecdsa-with-SHA512": "1.2.840.10045.4.3.4",
  md5WithRSAEncryption: "1.2.840.113549.1.1.4",
  rsassaPss: "1.2.840.113549.1.1.10",
};

/** OpenSSL's key usage words → RFC 5280's bit names. */
const KEY_USAGE: Readonly<Record<string, string>> = {
  "Digital Signature": "digitalSignature",
  "Non Repudiation": "nonRepudiation",
  "Key Encipherment": "keyEncipherment",
  "Data Encipherment": "dataEncipherment",
  "Key Agreement": "keyAgreement",
  "Certificate Sign": "keyCertSign",
  "CRL Sign": "cRLSign",
  "Encipher Only": "encipherOnly",
  "Decipher Only": "decipherOnly",
};

const POLICY_NAMES: Readonly<Record<string, string>> = { "X509v3 Any Policy": "2.5.29.32.0" };

/** Node's infoAccess ("OCSP - URI:…\nCA Issuers - URI:…") as ours. */
function nodeInfoAccess(node: X509Certificate): { method: string; uri: string }[] {
  return (node.infoAccess ?? "")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => {
      const [method = "", uri = ""] = line.split(" - URI:");
      return { method: method === "OCSP" ? "ocsp" : method === "CA Issuers" ? "caIssuers" : method, uri };
    });
}

function files(): string[] {
  return readdirSync(REAL, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((directory) => readdirSync(join(REAL, directory.name)).map((name) => `${directory.name}/${name}`))
    .sort();
}

function assertMatchesOpenssl(decoded: DecodedCertificate, reference: OpensslFields): void {
  assert.equal(decoded.signatureAlgorithm.oid, SIGNATURE_OIDS[reference.signatureAlgorithm], reference.signatureAlgorithm);
  assert.deepEqual(decoded.keyUsage, (reference.keyUsage?.split(", ") ?? []).map((word) => KEY_USAGE[word] ?? word));
  const constraints = reference.basicConstraints;
  if (constraints === undefined) {
    assert.equal(decoded.basicConstraints, undefined);
  } else {
    const pathLength = /pathlen:(\d+)/.exec(constraints)?.[1];
    assert.equal(decoded.basicConstraints?.ca, constraints.startsWith("CA:TRUE"));
    assert.equal(decoded.basicConstraints?.pathLength, pathLength === undefined ? undefined : Number(pathLength));
  }
  assert.equal(decoded.subjectKeyIdentifier, reference.subjectKeyIdentifier);
  assert.equal(decoded.authorityKeyIdentifier, reference.authorityKeyIdentifier);
  assert.deepEqual(decoded.crlDistributionPoints, reference.crlDistributionPoints);
  assert.deepEqual(decoded.certificatePolicies, reference.certificatePolicies.map((policy) => POLICY_NAMES[policy] ?? policy));
}

suite("certificates: real certificates nobody here made", () => {
  test("there are at least 50, and OpenSSL's reference covers each", () => {
    assert.ok(files().length >= 50, `${files().length} real certificates`);
    assert.deepEqual(Object.keys(OPENSSL).sort(), files());
  });

  for (const file of files()) {
    test(file, async () => {
      const bytes = new Uint8Array(readFileSync(join(REAL, file)));
      const document = await readCertificates(bytes);
      assert.equal(document.certificates.length, 1);
      const decoded = document.certificates[0];
      assert.ok(decoded);
      const node = new X509Certificate(bytes);
      const der = new Uint8Array(node.raw);
      assertMatchesNode(decoded, der);
      assert.deepEqual(decoded.authorityInfoAccess, nodeInfoAccess(node));
      const reference = OPENSSL[file];
      assert.ok(reference, `${file} has no OpenSSL reference`);
      assertMatchesOpenssl(decoded, reference);
      // A trust store's root: self-signed, a complete chain on its own, MD5 found without decoding.
      assert.equal(document.chain.complete, decoded.selfSigned);
      assert.deepEqual(certificateMd5s(bytes), [decoded.fingerprints.md5]);
      assert.deepEqual(document.notes, []);
      for (const warning of uploadWarnings(document, "ca", new Date("2025-06-01T00:00:00Z"))) {
        assert.ok(["expired", "expiringSoon", "sha1Signature", "caWithoutKeyCertSign"].includes(warning.code), `${file}: ${warning.message}`);
      }
    });
  }

  test("all of them in one bundle: every certificate, in order, each its own root", async () => {
    const bundle = files()
      .map((file) => readFileSync(join(REAL, file), "utf8"))
      .join("\n");
    const document = await readCertificates(bundle);
    assert.deepEqual(
      document.certificates.map((certificate) => certificate.fingerprints.sha256),
      files().map((file) => new X509Certificate(readFileSync(join(REAL, file))).fingerprint256),
    );
    assert.ok(document.chain.breaks.every((item) => item.code === "afterRoot"));
  });
});
