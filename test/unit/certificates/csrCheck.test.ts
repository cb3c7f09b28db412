// A user's own CSR, decoded and checked before it goes to Cloudflare: from OpenSSL (the usual
// source) and from @peculiar/x509, in PEM and DER, and every refusal with its problem code.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkCsrForCloudflare, decodeCsr, MAX_CSR_BYTES, readCsrForCloudflare } from "../../../src/certificates/csrCheck";
import { CertificateInputError, type CertificateInputProblem } from "../../../src/certificates/errors";
import { makeCa } from "../../support/makeCertificates";
import { makeCsr, withSwappedPublicKey } from "../../support/makeCsrs";
import { requireOpenssl } from "./openssl";

function refusal(run: () => unknown): CertificateInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof CertificateInputError) {
      return error;
    }
    throw error;
  }
  assert.fail("expected a CertificateInputError");
}

function expectRefusal(run: () => unknown, problem: CertificateInputProblem, message: RegExp): CertificateInputError {
  const error = refusal(run);
  assert.equal(error.problem, problem, error.message);
  assert.match(error.message, message);
  return error;
}

suite("a user's own CSR", () => {
  let directory: string;
  /** CSRs whose keys take a while to make, made once. */
  const made = { rsa1024: "", sha1: "" };
  suiteSetup(async () => {
    requireOpenssl();
    directory = mkdtempSync(join(tmpdir(), "csr-check-"));
    made.rsa1024 = (await makeCsr({ keyAlgorithm: "RSA-1024", keyLabel: "weak", subject: "CN=weak" })).pem;
    made.sha1 = (await makeCsr({ hash: "SHA-1", subject: "CN=old" })).pem;
  });
  suiteTeardown(() => rmSync(directory, { recursive: true, force: true }));

  test("an OpenSSL CSR, in PEM and in DER, decodes with its subject, key and a valid signature", () => {
    const key = join(directory, "key.pem");
    const pemFile = join(directory, "request.csr");
    const derFile = join(directory, "request.der");
    execFileSync("openssl", ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-nodes", "-keyout", key, "-subj", "/C=US/O=Example Inc./CN=device-42", "-out", pemFile], { stdio: "ignore" });
    execFileSync("openssl", ["req", "-in", pemFile, "-outform", "DER", "-out", derFile], { stdio: "ignore" });
    const pemText = readFileSync(pemFile, "utf8");
    for (const input of [pemText, new Uint8Array(readFileSync(pemFile)), new Uint8Array(readFileSync(derFile)), `Some notes\r\n${pemText.replace(/\n/g, "\r\n")}trailing text`]) {
      const csr = readCsrForCloudflare(input);
      assert.equal(csr.signatureValid, true);
      assert.equal(csr.subject.commonName, "device-42");
      assert.equal(csr.subject.cloudflare, "CN=device-42,O=Example Inc.,C=US");
      assert.equal(csr.publicKey.description, "EC P-384");
      assert.equal(csr.signatureAlgorithm.cloudflare, "ECDSAWithSHA256");
      assert.equal(csr.pem.replace(/\r\n/g, "\n"), pemText, "re-armoured as OpenSSL wrote it");
    }
  });

  test("a CSR whose signature does not verify is decoded, reported, and refused for Cloudflare", async () => {
    const tampered = await withSwappedPublicKey(await makeCsr({ subject: "CN=alice" }));
    const csr = decodeCsr(tampered);
    assert.equal(csr.signatureValid, false, "the details view can show it as invalid");
    const error = expectRefusal(() => checkCsrForCloudflare(csr), "badSignature", /signature that does not verify with its own public key/);
    assert.equal(error.block, 1);
    assert.equal(error.line, 1);
  });

  test("keys Cloudflare's managed CA does not sign are refused, naming the key", async () => {
    expectRefusal(() => readCsrForCloudflare(made.rsa1024), "unsupportedKey", /RSA 1024 bits, too short: use RSA of at least 2048 bits/);
    const ed25519 = await makeCsr({ keyAlgorithm: "Ed25519" });
    expectRefusal(() => readCsrForCloudflare(ed25519.pem), "unsupportedKey", /its key is Ed25519: Cloudflare's managed CA signs RSA/);
    assert.equal(readCsrForCloudflare((await makeCsr({ keyAlgorithm: "RSA-2048", subject: "CN=rsa" })).pem).publicKey.description, "RSA 2048 bits");
  });

  test("a SHA-1 signature and a subject without a common name are refused", async () => {
    expectRefusal(() => readCsrForCloudflare(made.sha1), "badSignature", /signed with ECDSAWithSHA1/);
    const noCn = await makeCsr({ subject: "O=Example Inc., C=US" });
    expectRefusal(() => readCsrForCloudflare(noCn.pem), "invalidSubject", /no common name \(CN\) in its subject \(“C=US,O=Example Inc\.”\)/);
  });

  test("input that holds no CSR, several, or a broken one is refused with where and what to do", async () => {
    const certificate = await makeCa();
    const csr = await makeCsr();
    expectRefusal(() => decodeCsr(certificate.pem), "notCsr", /^Block 1 \(line 1\) is a certificate, not a certificate signing request .*openssl req -new/);
    expectRefusal(() => decodeCsr(certificate.privateKeyPem), "notCsr", /is a private key \(PKCS#8\), not a certificate signing request/);
    expectRefusal(() => decodeCsr("hello"), "notCsr", /No certificate signing request found/);
    expectRefusal(() => decodeCsr("  \n"), "empty", /empty/);
    expectRefusal(() => decodeCsr(`${csr.pem}\n${csr.pem}`), "notCsr", /holds 2 certificate signing requests/);
    expectRefusal(() => decodeCsr("-----BEGIN CERTIFICATE REQUEST-----\nMAMCAQA=\n-----END CERTIFICATE REQUEST-----\n"), "undecodable", /labelled CERTIFICATE REQUEST, but it is not a valid PKCS#10/);
    expectRefusal(() => decodeCsr(csr.pem.slice(0, 200)), "truncated", /./);
    expectRefusal(() => decodeCsr("x".repeat(MAX_CSR_BYTES + 1)), "tooLarge", /over the 256 KB limit/);
    expectRefusal(() => decodeCsr(new Uint8Array([...csr.der, 0, 0])), "undecodable", /The file is not a valid PKCS#10 certificate signing request: 2 bytes follow the request/);
  });
});
