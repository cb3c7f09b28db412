// readCertificates on what people really have: PEM in every shape editors and tools produce,
// DER bytes, bundles in any order, certificates with their private keys. What comes out is
// checked against Node's X509Certificate reading of the same bytes.
import "reflect-metadata";
import assert from "node:assert/strict";
import { KeyObject, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CertificateInputError } from "../../../src/certificates/errors";
import { readCertificates, type CertificateDocument } from "../../../src/certificates/read";
import { makeCa, makeChain, makeLeaf, type MadeCertificate } from "../../support/makeCertificates";

const FIXTURES = join(__dirname, "..", "..", "fixtures");

function fingerprints(document: CertificateDocument): string[] {
  return document.certificates.map((certificate) => certificate.fingerprints.sha256);
}

function nodeFingerprint(certificate: MadeCertificate): string {
  return new X509Certificate(certificate.der).fingerprint256;
}

/** The certificates of an upload PEM, as Node splits and reads them. */
function nodeFingerprintsOfPem(pem: string): string[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []).map((block) => new X509Certificate(block).fingerprint256);
}

async function rejection(promise: Promise<unknown>): Promise<CertificateInputError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CertificateInputError, `expected a CertificateInputError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the input to be refused");
}

suite("certificates/read: the shapes PEM comes in", () => {
  let certificate: MadeCertificate;
  let expected: string;

  suiteSetup(async () => {
    certificate = await makeCa({ keyAlgorithm: "P-256" });
    expected = nodeFingerprint(certificate);
  });

  const shapes: readonly (readonly [string, (pem: string) => string])[] = [
    ["LF", (pem) => pem],
    ["CRLF", (pem) => pem.replace(/\n/g, "\r\n")],
    ["CR only (classic Mac)", (pem) => pem.replace(/\n/g, "\r")],
    ["a UTF-8 BOM", (pem) => `\uFEFF${pem}`],
    ["no trailing newline", (pem) => pem.trimEnd()],
    ["text before and after", (pem) => `subject=CN=Example Root CA\nissuer=CN=Example Root CA\n\n${pem}\nSome trailing notes.\n`],
    ["indented lines and trailing spaces", (pem) => pem.replace(/^/gm, "    ").replace(/$/gm, "  ")],
    ["blank lines inside the armour", (pem) => pem.replace(/\n(?=[A-Za-z0-9+/])/g, "\n\n")],
    ["spaces inside base64 lines", (pem) => pem.replace(/([A-Za-z0-9+/]{16})(?=[A-Za-z0-9+/])/g, "$1 ")],
    ["all on one line", (pem) => pem.replace(/\n/g, " ")],
    ["base64 lines of 76 characters", (pem) => {
      const body = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
      return `-----BEGIN CERTIFICATE-----\n${body.replace(/.{76}/g, "$&\n")}\n-----END CERTIFICATE-----\n`;
    }],
    ["lower-case label", (pem) => pem.replace(/CERTIFICATE/g, "certificate")],
    ["X509 CERTIFICATE label", (pem) => pem.replace(/CERTIFICATE/g, "X509 CERTIFICATE")],
  ];

  for (const [name, shape] of shapes) {
    test(name, async () => {
      const document = await readCertificates(shape(certificate.pem));
      assert.deepEqual(fingerprints(document), [expected]);
      assert.equal(document.source, "pem");
      assert.deepEqual(nodeFingerprintsOfPem(document.pem), [expected]);
      assert.match(document.pem, /^-----BEGIN CERTIFICATE-----\n(?:[A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/);
    });
  }

  test("OpenSSL's TRUSTED CERTIFICATE: the trust settings after the DER are left aside", async () => {
    // X509_CERT_AUX with one trusted use (clientAuth), as `openssl x509 -trustout -addtrust clientAuth` appends.
    const aux = [0x30, 0x0c, 0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];
    const body = Buffer.from([...certificate.der, ...aux]).toString("base64").replace(/.{64}/g, "$&\n");
    const document = await readCertificates(`-----BEGIN TRUSTED CERTIFICATE-----\n${body}\n-----END TRUSTED CERTIFICATE-----\n`);
    assert.deepEqual(fingerprints(document), [expected]);
    assert.deepEqual(nodeFingerprintsOfPem(document.pem), [expected]);
  });

  test("openssl x509 -text output followed by the PEM", async () => {
    const dump = readFileSync(join(FIXTURES, "bad", "openssl-text-dump.txt"), "utf8");
    const document = await readCertificates(`${dump}${certificate.pem}`);
    assert.deepEqual(fingerprints(document), [expected]);
  });

  test("bytes of a PEM file are read as text", async () => {
    const document = await readCertificates(new TextEncoder().encode(certificate.pem.replace(/\n/g, "\r\n")));
    assert.equal(document.source, "pem");
    assert.deepEqual(fingerprints(document), [expected]);
  });

  test("bytes with a UTF-8 BOM, and UTF-16 with its BOM (Windows “Unicode”)", async () => {
    const utf8 = await readCertificates(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(certificate.pem)]));
    assert.deepEqual(fingerprints(utf8), [expected]);
    const utf16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(certificate.pem, "utf16le")]));
    assert.deepEqual(fingerprints(await readCertificates(utf16)), [expected]);
  });

  test("DER bytes are one certificate, source der", async () => {
    const document = await readCertificates(certificate.der);
    assert.equal(document.source, "der");
    assert.deepEqual(fingerprints(document), [expected]);
    assert.deepEqual(nodeFingerprintsOfPem(document.pem), [expected]);
  });

  test("DER with a newline after it", async () => {
    const document = await readCertificates(new Uint8Array([...certificate.der, 0x0a]));
    assert.deepEqual(fingerprints(document), [expected]);
  });

  test("base64 of the DER without armour", async () => {
    const base64 = Buffer.from(certificate.der).toString("base64").replace(/.{64}/g, "$&\n");
    const document = await readCertificates(base64);
    assert.deepEqual(fingerprints(document), [expected]);
  });

  test("the seed's example CA", async () => {
    const document = await readCertificates(readFileSync(join(FIXTURES, "seed-example-ca.pem")));
    assert.equal(document.certificates.length, 1);
    assert.equal(document.certificates[0]?.issuer.cloudflare, "O=Example Inc.,L=California,ST=San Francisco,C=US");
    assert.equal(document.chain.complete, true);
  });
});

suite("certificates/read: bundles", () => {
  let chain: { root: MadeCertificate; intermediate: MadeCertificate; leaf: MadeCertificate };

  suiteSetup(async () => {
    chain = await makeChain();
  });

  test("a chain in any order: certificates in document order, the chain leaf → root", async () => {
    const inFile = [chain.intermediate, chain.root, chain.leaf];
    const document = await readCertificates(inFile.map((certificate) => `# ${certificate.subject}\n${certificate.pem}`).join("\n"));
    assert.deepEqual(fingerprints(document), inFile.map(nodeFingerprint));
    assert.deepEqual(
      document.chain.ordered.map((link) => link.certificate.fingerprints.sha256),
      [chain.leaf, chain.intermediate, chain.root].map(nodeFingerprint),
    );
    assert.equal(document.chain.complete, true);
    // The upload sends the certificates as they were, re-armoured, each once.
    assert.deepEqual(nodeFingerprintsOfPem(document.pem), inFile.map(nodeFingerprint));
    assert.equal(document.pem, inFile.map((certificate) => `${certificate.pem.trimEnd()}\n`).join(""));
  });

  test("a certificate that fails to decode in the middle of a bundle is named by block and line", async () => {
    const cut = Buffer.from(chain.intermediate.der.slice(0, 200)).toString("base64").replace(/.{64}/g, "$&\n");
    const text = `${chain.leaf.pem}\n-----BEGIN CERTIFICATE-----\n${cut}\n-----END CERTIFICATE-----\n${chain.root.pem}`;
    const error = await rejection(readCertificates(text));
    assert.equal(error.problem, "undecodable");
    assert.equal(error.block, 2);
    assert.equal(error.line, chain.leaf.pem.trimEnd().split("\n").length + 1);
    assert.match(error.message, /^Block 2 \(line \d+\) is labelled CERTIFICATE, but it is not a valid X\.509 certificate: the data ends after 200 of \d+ bytes/);
  });
});

suite("certificates/read: certificates with their private keys", () => {
  let leaf: MadeCertificate;
  let rsaLeaf: MadeCertificate;

  suiteSetup(async () => {
    const ca = await makeCa({ keyAlgorithm: "P-256" });
    leaf = await makeLeaf(ca, { keyAlgorithm: "P-256" });
    rsaLeaf = await makeLeaf(ca, { keyAlgorithm: "RSA-2048", subject: "CN=rsa.example.com" });
  });

  test("a PKCS#8 key after its certificate is separated and matched", async () => {
    const document = await readCertificates(`${leaf.pem}\n${leaf.privateKeyPem}\n`);
    assert.deepEqual(fingerprints(document), [nodeFingerprint(leaf)]);
    assert.equal(document.privateKeys.length, 1);
    const key = document.privateKeys[0];
    assert.equal(key?.kind, "pkcs8");
    assert.equal(key?.block, 2);
    assert.equal(key?.line, leaf.pem.trimEnd().split("\n").length + 1);
    assert.equal(key?.matchesCertificateIndex, 0);
    assert.equal(key?.pem, `${leaf.privateKeyPem.trimEnd()}\n`);
    assert.doesNotMatch(document.pem, /PRIVATE KEY/);
  });

  test("PKCS#1 and SEC1 keys before their certificates, matched to the right one", async () => {
    const rsaKey = KeyObject.from(rsaLeaf.keys.privateKey).export({ type: "pkcs1", format: "pem" }).toString();
    const ecKey = KeyObject.from(leaf.keys.privateKey).export({ type: "sec1", format: "pem" }).toString();
    const document = await readCertificates(`${rsaKey}${ecKey}${leaf.pem}${rsaLeaf.pem}`);
    assert.deepEqual(
      document.privateKeys.map((key) => [key.kind, key.block, key.matchesCertificateIndex]),
      [
        ["pkcs1-rsa", 1, 1],
        ["sec1-ec", 2, 0],
      ],
    );
  });

  test("a key that belongs to no certificate in the file has no match", async () => {
    const document = await readCertificates(`${leaf.pem}${rsaLeaf.privateKeyPem}`);
    assert.equal(document.privateKeys[0]?.matchesCertificateIndex, undefined);
  });

  test("an encrypted key, an OpenSSH key and EC parameters beside a certificate", async () => {
    const encrypted = KeyObject.from(leaf.keys.privateKey).export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "secret" }).toString();
    const openssh = readFileSync(join(FIXTURES, "bad", "openssh-private-key"), "utf8");
    const parameters = readFileSync(join(FIXTURES, "bad", "ec-parameters-only.pem"), "utf8");
    const legacy = readFileSync(join(FIXTURES, "bad", "traditional-encrypted-rsa-private-key.pem"), "utf8");
    const document = await readCertificates(`${parameters}${encrypted}${leaf.pem}${openssh}${legacy}`);
    assert.equal(document.certificates.length, 1);
    assert.deepEqual(
      document.privateKeys.map((key) => [key.kind, key.block, key.matchesCertificateIndex]),
      [
        ["encrypted-pkcs8", 2, undefined],
        ["openssh", 4, undefined],
        ["pkcs1-rsa", 5, undefined],
      ],
    );
    // The legacy encryption headers travel with the key.
    assert.match(document.privateKeys[2]?.pem ?? "", /^-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,[0-9A-F]+\n\n/);
  });
});

suite("certificates/read: size limit", () => {
  test("a text over 1 MiB is refused before anything is parsed", async () => {
    const certificate = await makeCa({ keyAlgorithm: "P-256" });
    const big = `${certificate.pem}${"# padding line\n".repeat(75_000)}`;
    assert.ok(Buffer.byteLength(big) > 1024 * 1024);
    const error = await rejection(readCertificates(big));
    assert.equal(error.problem, "tooLarge");
    assert.match(error.message, /^The input is 1\.\d MB, over the 1 MB limit/);
  });

  test("bytes over the limit, and a smaller limit of the caller's", async () => {
    const error = await rejection(readCertificates(new Uint8Array(1024 * 1024 + 1)));
    assert.equal(error.problem, "tooLarge");
    const certificate = await makeCa({ keyAlgorithm: "P-256" });
    assert.equal((await rejection(readCertificates(certificate.pem, { maxBytes: 100 }))).problem, "tooLarge");
    assert.equal((await readCertificates(certificate.pem, { maxBytes: certificate.pem.length })).certificates.length, 1);
  });
});
