// Key pairs and CSRs made on the user's machine: both key types, the subject as given (commas and
// all), the limits of each field, and the results read back by an independent reader (OpenSSL).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createPrivateKey, createPublicKey, webcrypto } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkCsrSubject, createCsr, subjectFieldProblem } from "../../../src/certificates/csr";
import { decodeCsr } from "../../../src/certificates/csrCheck";
import { CertificateInputError } from "../../../src/certificates/errors";
import { describeClientKeyAlgorithm, exportPrivateKeyPem, generateClientKeyPair } from "../../../src/certificates/keyGeneration";
import { requireOpenssl } from "./openssl";

suite("client key pairs and CSRs", () => {
  let directory: string;
  suiteSetup(() => {
    requireOpenssl();
    directory = mkdtempSync(join(tmpdir(), "csr-test-"));
  });
  suiteTeardown(() => rmSync(directory, { recursive: true, force: true }));

  for (const [algorithm, opensslKey] of [
    ["ECDSA-P256", /Public Key Algorithm: id-ecPublicKey[\s\S]*NIST CURVE: P-256/],
    ["RSA-2048", /Public Key Algorithm: rsaEncryption[\s\S]*Public-Key: \(2048 bit\)/],
  ] as const) {
    test(`${algorithm}: the CSR carries the subject and the key, and OpenSSL verifies its signature`, async () => {
      const keyPair = await generateClientKeyPair(algorithm);
      const csr = await createCsr({ commonName: "alice, the admin", organization: "Example=Inc", organizationalUnit: "Platform", locality: "Zürich", state: "ZH", country: "ch" }, keyPair);
      assert.match(csr.pem, /^-----BEGIN CERTIFICATE REQUEST-----\n[\s\S]+\n-----END CERTIFICATE REQUEST-----\n$/);
      const file = join(directory, `${algorithm}.csr`);
      writeFileSync(file, csr.pem);
      const text = execFileSync("openssl", ["req", "-in", file, "-noout", "-text", "-verify", "-nameopt", "RFC2253,-esc_msb"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      assert.match(text, /Subject: CN=alice\\, the admin,OU=Platform,O=Example=Inc,L=Zürich,ST=ZH,C=CH/);
      assert.match(text, opensslKey);

      const decoded = decodeCsr(csr.pem);
      assert.equal(decoded.signatureValid, true);
      assert.equal(decoded.subject.commonName, "alice, the admin");
      assert.equal(decoded.signatureAlgorithm.cloudflare, algorithm === "RSA-2048" ? "SHA256WithRSA" : "ECDSAWithSHA256");
      assert.deepEqual(csr.subject, { country: "CH", state: "ZH", locality: "Zürich", organization: "Example=Inc", organizationalUnit: "Platform", commonName: "alice, the admin" });
      assert.equal(describeClientKeyAlgorithm(algorithm), algorithm === "RSA-2048" ? "RSA 2048 bits" : "ECDSA P-256");
    });
  }

  test("the private key exports as PKCS#8 PEM that OpenSSL reads, and it is the CSR's key", async () => {
    const keyPair = await generateClientKeyPair();
    assert.equal(keyPair.algorithm, "ECDSA-P256", "ECDSA P-256 is the default");
    const pem = await exportPrivateKeyPem(keyPair.keys.privateKey);
    assert.match(pem, /^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    const file = join(directory, "key.pem");
    writeFileSync(file, pem);
    assert.match(execFileSync("openssl", ["pkey", "-in", file, "-noout", "-text"], { encoding: "utf8" }), /ASN1 OID: prime256v1/);
    const fromPem = createPublicKey(createPrivateKey(pem)).export({ type: "spki", format: "der" });
    assert.deepEqual(fromPem, Buffer.from(await webcrypto.subtle.exportKey("spki", keyPair.keys.publicKey)));
  });

  test("the subject: CN required, optional fields trimmed or left out, the country upper-cased", () => {
    assert.deepEqual(checkCsrSubject({ commonName: "  bob  ", organization: " ", country: "de" }), { country: "DE", commonName: "bob" });
    const cases: [Parameters<typeof subjectFieldProblem>[0], string | undefined, RegExp | undefined][] = [
      ["commonName", "", /Common name \(CN\) is required/],
      ["commonName", "   ", /required/],
      ["commonName", "a".repeat(64), undefined],
      ["commonName", "a".repeat(65), /65 characters long; certificates allow at most 64/],
      ["commonName", "line\nbreak", /control character/],
      ["organization", undefined, undefined],
      ["locality", "é".repeat(128), undefined],
      ["state", "x".repeat(129), /at most 128/],
      ["country", "USA", /two-letter ISO 3166 code/],
      ["country", "u1", /two-letter/],
      ["country", "us", undefined],
    ];
    for (const [field, value, problem] of cases) {
      const found = subjectFieldProblem(field, value);
      if (problem) {
        assert.match(found ?? "", problem, `${field}=${value}`);
      } else {
        assert.equal(found, undefined, `${field}=${value}`);
      }
    }
  });

  test("createCsr refuses a bad subject with a CertificateInputError before signing anything", async () => {
    const keyPair = await generateClientKeyPair();
    const error = await createCsr({ commonName: "" }, keyPair).catch((caught: unknown) => caught);
    assert.ok(error instanceof CertificateInputError);
    assert.equal(error.problem, "invalidSubject");
    assert.match(error.message, /Common name \(CN\) is required/);
  });
});
