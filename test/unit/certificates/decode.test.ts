// decodeCertificate against an independent decoder: every field is compared with what Node's
// crypto.X509Certificate (OpenSSL) reads from the same DER, with hashes Node computes itself,
// or with what the certificate was generated from; never with the module's own output.
import "reflect-metadata";
import assert from "node:assert/strict";
import { createHash, KeyObject, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as x509 from "@peculiar/x509";
import { CertificateInputError } from "../../../src/certificates/errors";
import { decodeCertificate, type DecodedCertificate } from "../../../src/certificates/decode";
import { makeCa, makeCertificate, makeLeaf, type CertificateSpec, type MadeCertificate } from "../../support/makeCertificates";
import { assertMatchesNode, colon } from "./nodeReference";

const FIXTURES = join(__dirname, "..", "..", "fixtures");

/** SHA-1 of the subjectPublicKey BIT STRING (RFC 5280 key identifier method 1), from Node's own key export. */
async function keyIdentifier(publicKey: CryptoKey): Promise<string> {
  const key = KeyObject.from(publicKey);
  const bits =
    key.asymmetricKeyType === "rsa"
      ? key.export({ type: "pkcs1", format: "der" })
      : Buffer.from(await crypto.subtle.exportKey("raw", publicKey));
  return colon(createHash("sha1").update(bits).digest());
}

suite("certificates/decode: the seed's example CA", () => {
  let decoded: DecodedCertificate;
  let der: Uint8Array;

  suiteSetup(async () => {
    der = new Uint8Array(new X509Certificate(readFileSync(join(FIXTURES, "seed-example-ca.pem"))).raw);
    decoded = await decodeCertificate(der);
  });

  test("reads what Cloudflare's delete response says about it", () => {
    assert.equal(decoded.issuer.cloudflare, "O=Example Inc.,L=California,ST=San Francisco,C=US");
    assert.equal(decoded.serialNumber.decimal, "235217144297995885180570755458463043449861756659");
    assert.equal(decoded.notAfter.toISOString(), "2122-10-29T16:59:47.000Z");
    assert.equal(decoded.signatureAlgorithm.cloudflare, "SHA256WithRSA");
    assert.equal(decoded.signatureAlgorithm.oid, "1.2.840.113549.1.1.11");
    assert.equal(decoded.isCa, true);
  });

  test("matches Node's reading of every field", () => {
    assertMatchesNode(decoded, der);
    assert.equal(decoded.selfSigned, true);
    assert.deepEqual(decoded.basicConstraints, { ca: true, pathLength: 1, critical: true });
    assert.deepEqual(decoded.keyUsage, ["keyCertSign", "cRLSign"]);
    assert.equal(decoded.subject.text, "O=Example Inc.,L=California,ST=San Francisco,C=US");
    assert.equal(decoded.subject.commonName, undefined);
    assert.equal(decoded.subjectKeyIdentifier, decoded.authorityKeyIdentifier);
    assert.equal(decoded.subjectKeyIdentifier, "FE:49:CC:B5:1A:C0:D1:7E:73:70:17:B1:84:C4:58:78:7B:CF:67:33");
  });
});

interface Case {
  readonly name: string;
  readonly spec: CertificateSpec;
  readonly signature: string;
  readonly signedByCa?: boolean;
}

const CASES: readonly Case[] = [
  { name: "RSA 2048, SHA-256", spec: { keyAlgorithm: "RSA-2048" }, signature: "SHA256WithRSA" },
  { name: "RSA 4096, SHA-512", spec: { keyAlgorithm: "RSA-4096", hash: "SHA-512" }, signature: "SHA512WithRSA" },
  { name: "EC P-256, SHA-256", spec: { keyAlgorithm: "P-256" }, signature: "ECDSAWithSHA256" },
  { name: "EC P-384, SHA-384", spec: { keyAlgorithm: "P-384", hash: "SHA-384" }, signature: "ECDSAWithSHA384" },
  { name: "Ed25519", spec: { keyAlgorithm: "Ed25519" }, signature: "Ed25519" },
  { name: "RSA 2048, SHA-1", spec: { keyAlgorithm: "RSA-2048", hash: "SHA-1" }, signature: "SHA1WithRSA" },
  { name: "CA with path length 2", spec: { keyAlgorithm: "P-256", ca: true, pathLength: 2 }, signature: "ECDSAWithSHA256" },
  {
    name: "leaf with every kind of SAN, signed by a CA",
    spec: {
      keyAlgorithm: "P-256",
      subject: "CN=client.example.com, OU=Devices+O=Example Inc., C=US",
      dnsNames: ["client.example.com", "*.client.example.com"],
      ipAddresses: ["10.1.2.3", "::1", "2001:db8::8a2e:370:7334"],
      emails: ["device@example.com"],
      uris: ["spiffe://example.org/device/1"],
      extendedKeyUsages: ["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.1"],
    },
    signature: "ECDSAWithSHA256",
    signedByCa: true,
  },
  // The signature is the CA's (P-256), whatever the leaf's own key.
  { name: "leaf without SANs, signed by a CA", spec: { keyAlgorithm: "RSA-2048" }, signature: "ECDSAWithSHA256", signedByCa: true },
];

suite("certificates/decode: generated certificates, field by field against Node", () => {
  const made = new Map<string, MadeCertificate>();
  let ca: MadeCertificate;

  suiteSetup(async () => {
    ca = await makeCa({ subject: "CN=Decode Test CA, O=Example Inc., C=US", keyAlgorithm: "P-256" });
    for (const item of CASES) {
      made.set(item.name, item.signedByCa ? await makeLeaf(ca, item.spec) : await makeCertificate(item.spec));
    }
  });

  for (const item of CASES) {
    test(item.name, async () => {
      const certificate = made.get(item.name);
      assert.ok(certificate);
      const decoded = await decodeCertificate(certificate.der);
      assertMatchesNode(decoded, certificate.der);
      assert.equal(decoded.signatureAlgorithm.cloudflare, item.signature);
      assert.equal(decoded.selfSigned, !item.signedByCa);
      assert.equal(decoded.subjectKeyIdentifier, await keyIdentifier(certificate.keys.publicKey));
      assert.equal(decoded.authorityKeyIdentifier, await keyIdentifier((item.signedByCa ? ca : certificate).keys.publicKey));
      if (item.spec.ca) {
        assert.deepEqual(decoded.basicConstraints, { ca: true, pathLength: item.spec.pathLength, critical: true });
        assert.deepEqual(decoded.keyUsage, ["digitalSignature", "keyCertSign", "cRLSign"]);
      } else {
        assert.deepEqual(decoded.basicConstraints, { ca: false, critical: true });
        assert.deepEqual(decoded.keyUsage, ["digitalSignature", "keyEncipherment"]);
      }
      const expectedExtensions = ["2.5.29.19", "2.5.29.15"];
      if (item.spec.extendedKeyUsages) {
        expectedExtensions.push("2.5.29.37");
      }
      if (item.spec.dnsNames) {
        expectedExtensions.push("2.5.29.17");
      }
      expectedExtensions.push("2.5.29.14", "2.5.29.35");
      assert.deepEqual(
        decoded.extensions.map((extension) => extension.oid),
        expectedExtensions,
      );
    });
  }

  test("EKU names are OpenSSL's", async () => {
    const certificate = made.get("leaf with every kind of SAN, signed by a CA");
    assert.ok(certificate);
    const decoded = await decodeCertificate(certificate.der);
    assert.deepEqual(decoded.extendedKeyUsage, [
      { oid: "1.3.6.1.5.5.7.3.2", name: "TLS Web Client Authentication" },
      { oid: "1.3.6.1.5.5.7.3.1", name: "TLS Web Server Authentication" },
    ]);
    assert.deepEqual(
      decoded.subjectAlternativeNames.filter((san) => san.type === "ip").map((san) => san.value),
      ["10.1.2.3", "::1", "2001:db8::8a2e:370:7334"],
    );
    assert.equal(decoded.subject.commonName, "client.example.com");
  });
});

suite("certificates/decode: CRL distribution points, AIA, policies and unusual SANs", () => {
  test("reads them as they were written", async () => {
    const certificate = await makeCertificate({
      keyAlgorithm: "P-256",
      extraExtensions: [
        new x509.CRLDistributionPointsExtension(["http://crl.example.com/ca.crl"]),
        new x509.AuthorityInfoAccessExtension({ ocsp: "http://ocsp.example.com", caIssuers: "http://ca.example.com/ca.crt" }),
        new x509.CertificatePolicyExtension(["2.23.140.1.2.1", "1.3.6.1.4.1.44947.1.1.1"]),
        new x509.SubjectAlternativeNameExtension([
          { type: "dns", value: "host.example.com" },
          { type: "upn", value: "user@example.com" },
          { type: "dn", value: "CN=Directory Name, O=Example" },
          { type: "id", value: "1.2.3.4" },
        ]),
      ],
    });
    const decoded = await decodeCertificate(certificate.der);
    const node = new X509Certificate(certificate.der);
    assert.deepEqual(decoded.crlDistributionPoints, ["http://crl.example.com/ca.crl"]);
    assert.deepEqual(
      decoded.authorityInfoAccess.map((entry) => `${entry.method === "ocsp" ? "OCSP" : "CA Issuers"} - URI:${entry.uri}`),
      (node.infoAccess ?? "").split("\n"),
    );
    assert.deepEqual(decoded.certificatePolicies, ["2.23.140.1.2.1", "1.3.6.1.4.1.44947.1.1.1"]);
    assert.deepEqual(decoded.subjectAlternativeNames, [
      { type: "dns", value: "host.example.com" },
      { type: "other", value: "UPN:user@example.com" },
      { type: "other", value: "DirName:O=Example,CN=Directory Name" },
      { type: "other", value: "RID:1.2.3.4" },
    ]);
    assert.deepEqual(
      decoded.extensions.map((extension) => extension.name),
      ["Basic Constraints", "Key Usage", "Subject Key Identifier", "Authority Key Identifier", "CRL Distribution Points", "Authority Information Access", "Certificate Policies", "Subject Alternative Name"],
    );
  });

  test("an extension it cannot parse is still listed, and the rest of the certificate decodes", async () => {
    const broken = new x509.Extension("2.5.29.17", false, new Uint8Array([0x04, 0x01, 0x00]));
    const certificate = await makeCertificate({ keyAlgorithm: "P-256", extraExtensions: [broken, new x509.Extension("1.2.3.4.5", true, new Uint8Array([0x05, 0x00]))] });
    const decoded = await decodeCertificate(certificate.der);
    assert.deepEqual(decoded.subjectAlternativeNames, []);
    assert.deepEqual(decoded.extensions.slice(-2), [
      { oid: "2.5.29.17", name: "Subject Alternative Name", critical: false },
      { oid: "1.2.3.4.5", name: "1.2.3.4.5", critical: true },
    ]);
    assertMatchesNode({ ...decoded, subjectAlternativeNames: [] }, certificate.der);
  });
});

suite("certificates/decode: serial numbers", () => {
  for (const serial of ["01", "7f", "0080", "00ff00", "7fffffffffffffffffffffffffffffffffffffff"]) {
    test(`serial ${serial}`, async () => {
      const certificate = await makeCertificate({ keyAlgorithm: "P-256", serialNumber: serial });
      const decoded = await decodeCertificate(certificate.der);
      const node = new X509Certificate(certificate.der);
      assert.equal(decoded.serialNumber.hex, node.serialNumber);
      assert.equal(decoded.serialNumber.decimal, BigInt(`0x${serial}`).toString(10));
    });
  }
});

suite("certificates/decode: what is not a certificate", () => {
  test("refuses bytes that are not DER", async () => {
    await assert.rejects(decodeCertificate(new Uint8Array([1, 2, 3, 4])), (error: unknown) => error instanceof CertificateInputError && error.problem === "undecodable");
  });

  test("refuses a certificate cut short, saying so", async () => {
    const certificate = await makeCertificate({ keyAlgorithm: "P-256" });
    await assert.rejects(
      decodeCertificate(certificate.der.slice(0, 100)),
      (error: unknown) => error instanceof CertificateInputError && error.problem === "undecodable" && /ends after 100 of \d+ bytes/.test(error.message),
    );
  });

  test("refuses a DER SEQUENCE of another kind", async () => {
    const certificate = await makeCertificate({ keyAlgorithm: "P-256" });
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", certificate.keys.privateKey));
    await assert.rejects(decodeCertificate(pkcs8), (error: unknown) => error instanceof CertificateInputError && error.problem === "undecodable");
  });

  test("ignores bytes after the certificate", async () => {
    const certificate = await makeCertificate({ keyAlgorithm: "P-256" });
    const decoded = await decodeCertificate(new Uint8Array([...certificate.der, 0x0a, 0x0a]));
    assert.deepEqual(decoded.der, certificate.der);
    assert.equal(decoded.fingerprints.sha256, new X509Certificate(certificate.der).fingerprint256);
  });
});
