// readPrivateKeyFor: the key file a user picks for a leaf upload. Only one unencrypted PEM key
// that belongs to the leaf passes; everything else is refused with a message that says what to
// do. Keys are made by node:crypto (or are fixtures made by ssh-keygen / openssl), never typed.
import "reflect-metadata";
import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyExportOptions, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CertificateInputError, type CertificateInputProblem } from "../../../src/certificates/errors";
import { readPrivateKeyFor } from "../../../src/certificates/keyFile";
import { readCertificates, type DecodedCertificate } from "../../../src/certificates/read";
import { makeCa, makeLeaf, type MadeCertificate } from "../../support/makeCertificates";

const BAD = join(__dirname, "..", "..", "fixtures", "bad");

function refusal(run: () => unknown, problem: CertificateInputProblem): CertificateInputError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof CertificateInputError, `expected a CertificateInputError, got ${String(error)}`);
    assert.equal(error.problem, problem, error.message);
    return error;
  }
  assert.fail(`expected the key file to be refused (${problem})`);
}

/** A key as PEM text, the way Node writes it. */
function pemOf(key: KeyObject, options: Omit<KeyExportOptions<"pem">, "format">): string {
  const pem = key.export({ ...options, format: "pem" });
  assert.equal(typeof pem, "string");
  return pem.toString();
}

/** The DER of a key's public half, to compare two keys without comparing PEM text. */
function publicDer(key: KeyObject | string): Buffer {
  return createPublicKey(key).export({ type: "spki", format: "der" });
}

async function decodedLeaf(made: MadeCertificate): Promise<DecodedCertificate> {
  const document = await readCertificates(made.pem);
  const certificate = document.certificates[0];
  assert.ok(certificate);
  return certificate;
}

suite("certificates/keyFile: readPrivateKeyFor", () => {
  let ecLeaf: MadeCertificate;
  let ecCertificate: DecodedCertificate;
  let ecKey: KeyObject;
  let rsaLeaf: MadeCertificate;
  let rsaCertificate: DecodedCertificate;
  let rsaKey: KeyObject;

  suiteSetup(async () => {
    const ca = await makeCa({ keyAlgorithm: "P-256" });
    ecLeaf = await makeLeaf(ca, { keyAlgorithm: "P-256", commonName: "ec-client.example.com" });
    ecCertificate = await decodedLeaf(ecLeaf);
    ecKey = createPrivateKey(ecLeaf.privateKeyPem);
    rsaLeaf = await makeLeaf(ca, { keyAlgorithm: "RSA-2048", commonName: "rsa-client.example.com" });
    rsaCertificate = await decodedLeaf(rsaLeaf);
    rsaKey = createPrivateKey(rsaLeaf.privateKeyPem);
  });

  suite("accepts the leaf's own unencrypted key", () => {
    test("PKCS#8 (PRIVATE KEY), EC", () => {
      const pem = pemOf(ecKey, { type: "pkcs8" });
      const read = readPrivateKeyFor(pem, ecCertificate);
      assert.match(read, /^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
      assert.deepEqual(publicDer(read), publicDer(ecKey));
    });

    test("SEC1 (EC PRIVATE KEY)", () => {
      const pem = pemOf(ecKey, { type: "sec1" });
      const read = readPrivateKeyFor(pem, ecCertificate);
      assert.match(read, /^-----BEGIN EC PRIVATE KEY-----\n/);
      assert.deepEqual(publicDer(read), publicDer(ecKey));
    });

    test("PKCS#8 (PRIVATE KEY), RSA", () => {
      const read = readPrivateKeyFor(pemOf(rsaKey, { type: "pkcs8" }), rsaCertificate);
      assert.match(read, /^-----BEGIN PRIVATE KEY-----\n/);
      assert.deepEqual(publicDer(read), publicDer(rsaKey));
    });

    test("PKCS#1 (RSA PRIVATE KEY)", () => {
      const read = readPrivateKeyFor(pemOf(rsaKey, { type: "pkcs1" }), rsaCertificate);
      assert.match(read, /^-----BEGIN RSA PRIVATE KEY-----\n/);
      assert.deepEqual(publicDer(read), publicDer(rsaKey));
    });

    test("CRLF, indentation and notes around the key come back as clean LF PEM", () => {
      const pem = pemOf(ecKey, { type: "pkcs8" });
      const messy = `key for ec-client\r\n${pem.replace(/^/gm, "  ").replace(/\n/g, "\r\n")}\r\nend of file\r\n`;
      const read = readPrivateKeyFor(messy, ecCertificate);
      assert.equal(read, pem, "re-armoured exactly as Node writes it");
    });

    test("a bundle of the leaf and its key: the certificate blocks are ignored", () => {
      const bundle = `${ecLeaf.pem}\n${pemOf(ecKey, { type: "sec1" })}`;
      const read = readPrivateKeyFor(bundle, ecCertificate);
      assert.match(read, /^-----BEGIN EC PRIVATE KEY-----/);
      assert.ok(!read.includes("CERTIFICATE"), "only the key is returned");
    });
  });

  suite("refuses", () => {
    test("a file with no private key (a certificate, a public key, nothing)", () => {
      for (const text of [ecLeaf.pem, pemOf(createPublicKey(ecKey), { type: "spki" }), "", "just some words"]) {
        const error = refusal(() => readPrivateKeyFor(text, ecCertificate), "noPrivateKey");
        assert.match(error.message, /holds no PEM private key/);
      }
    });

    test("a file that is cut short says so instead of 'no key'", () => {
      const pem = pemOf(ecKey, { type: "pkcs8" });
      const cut = pem.slice(0, pem.indexOf("-----END"));
      const error = refusal(() => readPrivateKeyFor(cut, ecCertificate), "truncated");
      assert.match(error.message, /Block 1 \(line 1\)/);
    });

    test("several keys, even if one of them is the right one", () => {
      const other = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
      const text = `${pemOf(ecKey, { type: "pkcs8" })}${pemOf(other, { type: "pkcs8" })}`;
      const error = refusal(() => readPrivateKeyFor(text, ecCertificate), "noPrivateKey");
      assert.match(error.message, /holds 2 private keys; choose a file with only the certificate's key/);
      assert.equal(error.block, 2);
    });

    test("an encrypted PKCS#8 key (ENCRYPTED PRIVATE KEY), with how to decrypt it", () => {
      const encrypted = pemOf(ecKey, { type: "pkcs8", cipher: "aes-256-cbc", passphrase: "test-passphrase" });
      const error = refusal(() => readPrivateKeyFor(encrypted, ecCertificate), "encryptedPrivateKey");
      assert.match(error.message, /^Block 1 \(line 1\) is an encrypted private key\. Cloudflare needs the key unencrypted: decrypt a copy with "openssl pkey/);
    });

    test("a legacy-encrypted PKCS#1 / SEC1 key (Proc-Type: 4,ENCRYPTED)", () => {
      const legacyRsa = pemOf(rsaKey, { type: "pkcs1", cipher: "aes-128-cbc", passphrase: "test-passphrase" });
      assert.match(legacyRsa, /Proc-Type: 4,ENCRYPTED/, "Node writes the legacy headers");
      refusal(() => readPrivateKeyFor(legacyRsa, rsaCertificate), "encryptedPrivateKey");
      const legacyEc = pemOf(ecKey, { type: "sec1", cipher: "aes-128-cbc", passphrase: "test-passphrase" });
      refusal(() => readPrivateKeyFor(legacyEc, ecCertificate), "encryptedPrivateKey");
      // The fixture openssl wrote, after a line of notes.
      const fixture = readFileSync(join(BAD, "traditional-encrypted-rsa-private-key.pem"), "utf8");
      const error = refusal(() => readPrivateKeyFor(`notes\n${fixture}`, rsaCertificate), "encryptedPrivateKey");
      assert.equal(error.line, 2);
    });

    test("an OpenSSH key (made by ssh-keygen), with how to convert it", () => {
      const openssh = readFileSync(join(BAD, "openssh-private-key"), "utf8");
      assert.match(openssh, /^-----BEGIN OPENSSH PRIVATE KEY-----/);
      const error = refusal(() => readPrivateKeyFor(openssh, ecCertificate), "privateKey");
      assert.match(error.message, /is an OpenSSH private key\. Cloudflare needs a PEM key: convert a copy with "ssh-keygen -p -m PKCS8/);
    });

    test("a key of the same algorithm that belongs to another certificate", () => {
      const stranger = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
      for (const type of ["pkcs8", "sec1"] as const) {
        const error = refusal(() => readPrivateKeyFor(pemOf(stranger, { type }), ecCertificate), "keyMismatch");
        assert.match(error.message, /is a private key for another certificate: its public key is not the one in “CN=ec-client\.example\.com”\./);
      }
      const rsaStranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
      refusal(() => readPrivateKeyFor(pemOf(rsaStranger, { type: "pkcs1" }), rsaCertificate), "keyMismatch");
    });

    test("the right key for the wrong leaf (another algorithm)", () => {
      refusal(() => readPrivateKeyFor(pemOf(rsaKey, { type: "pkcs8" }), ecCertificate), "keyMismatch");
      refusal(() => readPrivateKeyFor(pemOf(ecKey, { type: "sec1" }), rsaCertificate), "keyMismatch");
    });

    test("a DSA key, which Cloudflare does not take", () => {
      const dsa = readFileSync(join(BAD, "dsa-private-key.pem"), "utf8");
      const error = refusal(() => readPrivateKeyFor(dsa, ecCertificate), "privateKey");
      assert.match(error.message, /DSA private key\. Cloudflare takes RSA and EC keys only/);
    });

    test("no message ever quotes the key", () => {
      const stranger = pemOf(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey, { type: "pkcs8" });
      const body = stranger.split("\n")[1] ?? "";
      assert.ok(body.length > 20);
      const error = refusal(() => readPrivateKeyFor(stranger, ecCertificate), "keyMismatch");
      assert.ok(!error.message.includes(body));
    });
  });
});
