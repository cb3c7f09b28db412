// The .p12 bundle, opened by an independent reader: OpenSSL 3 (`openssl pkcs12`) with the
// password gives back our certificate and our key, refuses a wrong password, and reports the
// algorithms OpenSSL 3 itself writes by default.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CertificateInputError } from "../../../src/certificates/errors";
import { exportPrivateKeyPem, generateClientKeyPair } from "../../../src/certificates/keyGeneration";
import * as decoder from "../../../src/certificates/decoder";
import { createPkcs12 } from "../../../src/certificates/pkcs12";
import { makeCa, makeLeaf, type KeyAlgorithm, type MadeCertificate } from "../../support/makeCertificates";
import { requireOpenssl } from "./openssl";

/** Runs openssl; its answer is stdout and stderr together (-info reports on stderr). Throws on failure. */
function openssl(args: readonly string[]): string {
  const run = spawnSync("openssl", args, { encoding: "utf8" });
  if (run.error || run.status !== 0) {
    throw new Error(`openssl ${args.filter((arg) => !arg.startsWith("pass:")).join(" ")} failed: ${run.error?.message ?? run.stderr}`);
  }
  return `${run.stdout}${run.stderr}`;
}

suite("PKCS#12 bundles", () => {
  let directory: string;
  let ca: MadeCertificate;
  suiteSetup(async () => {
    requireOpenssl();
    directory = mkdtempSync(join(tmpdir(), "p12-test-"));
    ca = await makeCa({ commonName: "Bundle Test CA" });
  });
  suiteTeardown(() => rmSync(directory, { recursive: true, force: true }));

  for (const keyAlgorithm of ["P-256", "RSA-2048"] as const satisfies readonly KeyAlgorithm[]) {
    test(`${keyAlgorithm}: openssl pkcs12 opens it with the password and gives back our certificate and key`, async () => {
      const leaf = await makeLeaf(ca, { commonName: "alice", keyAlgorithm });
      const password = "correct horse — pässwörd 🔑";
      // Through the decoder bundle's entry, as the extension makes it (PKIjs loaded on first use).
      const bundle = await decoder.createPkcs12({ certificate: leaf.pem, privateKeyPem: leaf.privateKeyPem, password });
      const file = join(directory, `${keyAlgorithm}.p12`);
      writeFileSync(file, bundle);

      const opened = openssl(["pkcs12", "-in", file, "-passin", `pass:${password}`, "-nodes"]);
      const certificatePem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(opened)?.[0];
      const keyPem = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(opened)?.[0];
      assert.ok(certificatePem && keyPem, opened);
      assert.deepEqual(new X509Certificate(certificatePem).raw, new X509Certificate(leaf.pem).raw);
      assert.deepEqual(createPrivateKey(keyPem).export({ type: "pkcs8", format: "der" }), createPrivateKey(leaf.privateKeyPem).export({ type: "pkcs8", format: "der" }));
      assert.match(opened, /friendlyName: alice/);
      assert.match(opened, /localKeyID:/);
    });
  }

  test("the algorithms are OpenSSL 3's defaults: AES-256-CBC with PBKDF2/HMAC-SHA-256, a SHA-256 MAC", async () => {
    const leaf = await makeLeaf(ca, { commonName: "bob" });
    const bundle = await createPkcs12({ certificate: leaf.der, privateKeyPem: leaf.privateKeyPem, password: "s3cret", friendlyName: "Bob's laptop" });
    const file = join(directory, "info.p12");
    writeFileSync(file, bundle);
    const both = openssl(["pkcs12", "-in", file, "-passin", "pass:s3cret", "-info", "-nodes"]);
    assert.match(both, /MAC: sha256, Iteration 2048/);
    assert.match(both, /Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
    assert.match(both, /PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
    assert.match(both, /friendlyName: Bob's laptop/);
  });

  test("a wrong password is refused by openssl", async () => {
    const leaf = await makeLeaf(ca);
    const file = join(directory, "wrong.p12");
    writeFileSync(file, await createPkcs12({ certificate: leaf.pem, privateKeyPem: leaf.privateKeyPem, password: "right" }));
    assert.throws(() => openssl(["pkcs12", "-in", file, "-passin", "pass:wrong", "-nodes"]), /Mac verify error|invalid password/i);
  });

  test("a key made on this machine and exported as PEM bundles with its certificate", async () => {
    const keyPair = await generateClientKeyPair("ECDSA-P256");
    const privateKeyPem = await exportPrivateKeyPem(keyPair.keys.privateKey);
    const { X509CertificateGenerator } = await import("@peculiar/x509");
    const certificate = await X509CertificateGenerator.create({
      serialNumber: "01",
      subject: "CN=generated",
      issuer: ca.certificate.subject,
      notBefore: new Date(),
      notAfter: new Date(Date.now() + 86_400_000),
      signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
      publicKey: keyPair.keys.publicKey,
      signingKey: ca.keys.privateKey,
    });
    const file = join(directory, "generated.p12");
    writeFileSync(file, await createPkcs12({ certificate: certificate.toString("pem"), privateKeyPem, password: "pw" }));
    assert.match(openssl(["pkcs12", "-in", file, "-passin", "pass:pw", "-nodes"]), /friendlyName: generated/);
  });

  test("refusals: no password, a key that is not the certificate's, no certificate, no PKCS#8 key", async () => {
    const leaf = await makeLeaf(ca);
    const other = await makeLeaf(ca, { keyAlgorithm: "P-384" });
    const cases: [Parameters<typeof createPkcs12>[0], string, RegExp][] = [
      [{ certificate: leaf.pem, privateKeyPem: leaf.privateKeyPem, password: "" }, "noPassword", /needs a password/],
      [{ certificate: leaf.pem, privateKeyPem: other.privateKeyPem, password: "pw" }, "keyMismatch", /does not belong to the certificate/],
      [{ certificate: leaf.privateKeyPem, privateKeyPem: leaf.privateKeyPem, password: "pw" }, "noCertificate", /no certificate/],
      [{ certificate: leaf.pem, privateKeyPem: leaf.pem, password: "pw" }, "noPrivateKey", /PKCS#8/],
    ];
    for (const [input, problem, message] of cases) {
      const error = await createPkcs12(input).catch((caught: unknown) => caught);
      assert.ok(error instanceof CertificateInputError, problem);
      assert.equal(error.problem, problem);
      assert.match(error.message, message);
      for (const secret of [leaf.privateKeyPem, other.privateKeyPem, "pw"]) {
        const keyLine = secret.split("\n")[1] ?? secret;
        assert.ok(!error.message.includes(keyLine === "" ? secret : keyLine), `${problem}: the message shows no key or password`);
      }
    }
  });
});
