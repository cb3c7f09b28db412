// What a file holds besides its certificates, said rather than dropped: text that is not quite
// UTF-8 around PEM blocks, bytes after a certificate, a second DER object in one block; and a
// validity period that can never hold. Each reaches the user as an upload warning.
import "reflect-metadata";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { CertificateInputError } from "../../../src/certificates/errors";
import { readCertificates } from "../../../src/certificates/read";
import { uploadWarnings } from "../../../src/certificates/warnings";
import { makeCa, makeLeaf, type MadeCertificate } from "../../support/makeCertificates";

const NOW = new Date();

function bytesOf(...parts: (string | Uint8Array)[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "utf8") : Buffer.from(part)))));
}

function armour(der: Uint8Array): string {
  return `${x509.PemConverter.encode(der.slice().buffer, "CERTIFICATE")}\n`;
}

suite("certificates/read: text that is not quite UTF-8", () => {
  let ca: MadeCertificate;
  let leaf: MadeCertificate;
  suiteSetup(async () => {
    ca = await makeCa({ subject: "CN=Notes CA" });
    leaf = await makeLeaf(ca, { subject: "CN=notes.example.com" });
  });

  const cases: readonly (readonly [name: string, comment: Uint8Array, what: RegExp])[] = [
    ["a Latin-1 letter in a comment", new Uint8Array([...Buffer.from("# Zertifikat f", "latin1"), 0xfc, ...Buffer.from("r den Server\n", "latin1")]), /a byte that is not UTF-8 \(0xFC\) on line 2/],
    ["cp1252 quotes in a comment", new Uint8Array([0x93, ...Buffer.from("issued by IT", "latin1"), 0x94, 0x0a]), /a byte that is not UTF-8 \(0x93\) on line 2/],
    ["a NUL in a comment line", bytesOf("note:\u0000 see ticket 12\n"), /a control character \(0x00\) on line 2/],
  ];
  for (const [name, comment, what] of cases) {
    test(`${name}: the blocks around it are read, and the line is named`, async () => {
      const input = bytesOf("Bundle for the API gateway\n", comment, leaf.pem, "\n", ca.pem);
      const document = await readCertificates(input);
      assert.deepEqual(
        document.certificates.map((certificate) => certificate.fingerprints.sha256),
        [leaf, ca].map((made) => new X509Certificate(made.der).fingerprint256),
      );
      assert.equal(document.notes.length, 1);
      assert.match(document.notes[0]?.message ?? "", what);
      const warnings = uploadWarnings(document, "leaf", NOW);
      assert.ok(warnings.some((warning) => warning.code === "invalidText" && /outside the certificate blocks/.test(warning.message)));
    });
  }

  test("UTF-16LE without a byte order mark is text", async () => {
    const document = await readCertificates(new Uint8Array(Buffer.from(leaf.pem, "utf16le")));
    assert.equal(document.certificates[0]?.fingerprints.sha256, new X509Certificate(leaf.der).fingerprint256);
    assert.deepEqual(document.notes, []);
  });

  test("Latin-1 text without any PEM block is called text, with the line, not binary", async () => {
    const input = new Uint8Array([...Buffer.from("Hello,\nthis is ", "latin1"), 0xe9, ...Buffer.from("t\u00e9 not a certificate\n", "latin1")]);
    await assert.rejects(readCertificates(input), (error: unknown) => {
      assert.ok(error instanceof CertificateInputError);
      assert.equal(error.problem, "notCertificate");
      assert.match(error.message, /^The file is text with a byte that is not UTF-8 \(0xE9\) on line 2, not a DER certificate, and it holds no -----BEGIN CERTIFICATE----- block/);
      return true;
    });
  });
});

suite("certificates/read: bytes after a certificate", () => {
  let ca: MadeCertificate;
  let leaf: MadeCertificate;
  suiteSetup(async () => {
    ca = await makeCa({ subject: "CN=Trailing CA" });
    leaf = await makeLeaf(ca, { subject: "CN=trailing.example.com" });
  });

  test("a DER file with junk after the certificate: read, and warned", async () => {
    const document = await readCertificates(bytesOf(leaf.der, "garbage after the end"));
    assert.equal(document.certificates[0]?.fingerprints.sha256, new X509Certificate(leaf.der).fingerprint256);
    assert.equal(document.notes.length, 1);
    assert.match(document.notes[0]?.message ?? "", /^The file has 21 bytes after the certificate that are not part of it: they are not uploaded/);
    assert.deepEqual(
      uploadWarnings(document, "leaf", NOW).map((warning) => warning.code),
      ["trailingData"],
    );
  });

  test("a DER file with a newline after it: nothing to say", async () => {
    const document = await readCertificates(bytesOf(leaf.der, "\r\n"));
    assert.deepEqual(document.notes, []);
  });

  test("a PEM block whose base64 holds two certificates: the second is named, not dropped silently", async () => {
    const document = await readCertificates(`${armour(bytesOf(leaf.der, ca.der))}${ca.pem}`);
    assert.equal(document.certificates.length, 2);
    assert.equal(document.notes.length, 1);
    assert.equal(document.notes[0]?.certificateIndex, 0);
    assert.match(document.notes[0]?.message ?? "", new RegExp(`^Block 1 \\(line 1\\) holds a second DER object \\(${ca.der.length} bytes\\) after the certificate`));
  });
});

suite("certificates/warnings: a validity period that can never hold", () => {
  test("notAfter before notBefore is said to be inverted, not merely not yet valid", async () => {
    const inverted = await makeCa({ subject: "CN=Inverted", notBefore: new Date(NOW.getTime() + 86_400_000 * 10), notAfter: new Date(NOW.getTime() - 86_400_000 * 10) });
    const document = await readCertificates(inverted.pem);
    const warnings = uploadWarnings(document, "ca", NOW);
    assert.deepEqual(
      warnings.map((warning) => warning.code),
      ["invertedValidity"],
    );
    assert.match(warnings[0]?.message ?? "", /has its validity period inverted: it ends \(\d{4}-\d\d-\d\d\) before it begins \(\d{4}-\d\d-\d\d\), so it can never be valid/);
  });
});

suite("certificates/read: Node Buffers", () => {
  test("a DER file read with fs into a pooled Buffer decodes (its slice() is a view into the pool)", async () => {
    const made = await makeCa({ subject: "CN=Pooled" });
    // As readFileSync hands back a small file: a view at an offset into a larger ArrayBuffer.
    const backing = new Uint8Array(made.der.length + 64);
    backing.set(made.der, 16);
    const pooled = Buffer.from(backing.buffer, 16, made.der.length);
    const document = await readCertificates(pooled);
    assert.equal(document.certificates[0]?.fingerprints.sha256, new X509Certificate(made.der).fingerprint256);
  });
});
