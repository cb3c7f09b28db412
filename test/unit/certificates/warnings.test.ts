// uploadWarnings, one code at a time, on real certificates read through readCertificates.
import "reflect-metadata";
import assert from "node:assert/strict";
import * as x509 from "@peculiar/x509";
import { readCertificates } from "../../../src/certificates/read";
import { uploadWarnings, type CertificateWarning, type UploadRole } from "../../../src/certificates/warnings";
import { days, makeCa, makeCertificate, makeLeaf, type MadeCertificate } from "../../support/makeCertificates";

const NOW = new Date();

async function warningsFor(pem: string, target: UploadRole, warningDays?: number): Promise<CertificateWarning[]> {
  return uploadWarnings(await readCertificates(pem), target, NOW, warningDays);
}

function codes(warnings: readonly CertificateWarning[]): string[] {
  return warnings.map((warning) => warning.code);
}

suite("certificates/warnings", () => {
  let ca: MadeCertificate;
  let rsaCa: MadeCertificate;

  suiteSetup(async () => {
    ca = await makeCa({ keyAlgorithm: "P-256" });
    rsaCa = await makeCa({ subject: "CN=RSA CA", keyAlgorithm: "RSA-2048" });
  });

  test("a good CA has nothing to warn about, for every target", async () => {
    for (const target of ["ca", "ca", "leaf"] as const) {
      assert.deepEqual(await warningsFor(ca.pem, target), [], target);
    }
  });

  test("expired", async () => {
    const expired = await makeCa({ notBefore: new Date(NOW.getTime() - days(400)), notAfter: new Date(NOW.getTime() - days(3)) });
    const warnings = await warningsFor(expired.pem, "ca");
    assert.deepEqual(codes(warnings), ["expired"]);
    assert.equal(warnings[0]?.certificateIndex, 0);
    assert.match(warnings[0]?.message ?? "", /^The certificate “Example Root CA” expired 3 days ago \(\d{4}-\d\d-\d\d\): clients will refuse it\./);
  });

  test("not yet valid", async () => {
    const future = await makeCa({ notBefore: new Date(NOW.getTime() + days(10)), notAfter: new Date(NOW.getTime() + days(400)) });
    const warnings = await warningsFor(future.pem, "ca");
    assert.deepEqual(codes(warnings), ["notYetValid"]);
    assert.match(warnings[0]?.message ?? "", /is not valid until \d{4}-\d\d-\d\d/);
  });

  test("expiring soon, within the days the user chose", async () => {
    const soon = await makeCa({ notAfter: new Date(NOW.getTime() + days(10) + 60_000) });
    assert.deepEqual(codes(await warningsFor(soon.pem, "ca")), ["expiringSoon"]);
    assert.match((await warningsFor(soon.pem, "ca"))[0]?.message ?? "", /expires in 1[01] days .*within 30 days: plan its renewal\./);
    assert.deepEqual(codes(await warningsFor(soon.pem, "ca", 5)), []);
  });

  test("a CA whose key usage lacks keyCertSign", async () => {
    const noCertSign = await makeCa({ omitKeyUsage: true, extraExtensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.cRLSign, true)] });
    assert.deepEqual(codes(await warningsFor(noCertSign.pem, "ca")), ["caWithoutKeyCertSign"]);
    // Without any key usage extension every usage is allowed.
    const noKeyUsage = await makeCa({ omitKeyUsage: true });
    assert.deepEqual(codes(await warningsFor(noKeyUsage.pem, "ca")), []);
  });

  test("a CA without basicConstraints", async () => {
    const noConstraints = await makeCa({ omitBasicConstraints: true });
    const warnings = await warningsFor(noConstraints.pem, "ca");
    assert.deepEqual(codes(warnings), ["caWithoutBasicConstraints"]);
    assert.match(warnings[0]?.message ?? "", /basicConstraints CA:TRUE/);
  });

  test("a leaf uploaded as a CA, but not as a leaf", async () => {
    const leaf = await makeLeaf(ca);
    assert.deepEqual(codes(await warningsFor(leaf.pem, "ca")), ["leafAsCa"]);
    assert.deepEqual(codes(await warningsFor(leaf.pem, "ca")), ["leafAsCa"]);
    assert.deepEqual(codes(await warningsFor(leaf.pem, "leaf")), []);
  });

  test("a SHA-1 signature on an issued certificate (a root's own signature is never checked)", async () => {
    // WebCrypto RSA keys carry their hash, so the issuer's key must be a SHA-1 one.
    const sha1Root = await makeCa({ subject: "CN=SHA-1 CA", keyAlgorithm: "RSA-2048", hash: "SHA-1" });
    const sha1Leaf = await makeLeaf(sha1Root, { hash: "SHA-1" });
    const warnings = await warningsFor(sha1Leaf.pem, "leaf");
    assert.deepEqual(codes(warnings), ["sha1Signature"]);
    assert.match(warnings[0]?.message ?? "", /signed with SHA-1 \(SHA1WithRSA\)/);
    assert.deepEqual(codes(await warningsFor(sha1Root.pem, "ca")), []);
  });

  test("an RSA key under 2048 bits", async () => {
    const weak = await makeCertificate({ keyAlgorithm: "RSA-1024" });
    const warnings = await warningsFor(weak.pem, "leaf");
    assert.deepEqual(codes(warnings), ["weakRsaKey"]);
    assert.match(warnings[0]?.message ?? "", /1024-bit RSA key/);
  });

  test("a broken chain points at the certificate whose link breaks", async () => {
    const leaf = await makeLeaf(rsaCa);
    const warnings = await warningsFor(`${ca.pem}\n${leaf.pem}`, "leaf");
    assert.deepEqual(codes(warnings), ["brokenChain"]);
    // The leaf is second in the file, first in the chain.
    assert.equal(warnings[0]?.certificateIndex, 1);
    assert.match(warnings[0]?.message ?? "", /^The chain is broken: “client\.example\.com” was issued by “RSA CA”, but the next certificate is “Example Root CA”\.$/);
  });

  test("a private key beside a CA, only for CA uploads", async () => {
    const pem = `${ca.pem}\n${ca.privateKeyPem}`;
    const warnings = await warningsFor(pem, "ca");
    assert.deepEqual(codes(warnings), ["privateKeyForCa"]);
    assert.equal(warnings[0]?.certificateIndex, undefined);
    assert.match(warnings[0]?.message ?? "", /a CA upload never sends it/);
    assert.deepEqual(codes(await warningsFor(pem, "leaf")), []);
  });

  test("in a bundle, each warning names its certificate by position", async () => {
    const expiredLeaf = await makeLeaf(ca, { notBefore: new Date(NOW.getTime() - days(30)), notAfter: new Date(NOW.getTime() - days(1)) });
    const warnings = await warningsFor(`${expiredLeaf.pem}\n${ca.pem}`, "leaf");
    // The leaf's validity starts 30 days ago, before its CA's (yesterday): a warning on the chain.
    assert.deepEqual(codes(warnings), ["expired", "validityNotNested"]);
    assert.equal(warnings[1]?.certificateIndex, 0);
    assert.equal(warnings[0]?.certificateIndex, 0);
    assert.match(warnings[0]?.message ?? "", /^Certificate 1 \(“client\.example\.com”\) expired yesterday/);
  });
});
