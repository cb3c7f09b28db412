// PEM armour: blocks and where they are, and DER written back as PEM that OpenSSL reads.
import assert from "node:assert/strict";
import { randomBytes, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CertificateInputError } from "../../../src/certificates/errors";
import { splitPem } from "../../../src/certificates/pem";
import { derToPem } from "../../../src/certificates/pemEncoding";
import { x509 } from "../../../src/certificates/x509Setup";
import { makeCa } from "../../support/makeCertificates";

suite("certificates/pem", () => {
  test("derToPem writes 64-character lines, LF, one trailing newline, and OpenSSL reads it", async () => {
    const certificate = await makeCa({ keyAlgorithm: "RSA-2048" });
    const pem = derToPem(certificate.der);
    assert.match(pem, /^-----BEGIN CERTIFICATE-----\n(?:[A-Za-z0-9+/]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/);
    assert.equal(new X509Certificate(pem).fingerprint256, new X509Certificate(certificate.der).fingerprint256);
  });

  test("derToPem with another label and headers", () => {
    const pem = derToPem(new Uint8Array([1, 2, 3]), "RSA PRIVATE KEY", [
      { key: "Proc-Type", value: "4,ENCRYPTED" },
      { key: "DEK-Info", value: "AES-128-CBC,00" },
    ]);
    assert.equal(pem, "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAQID\n-----END RSA PRIVATE KEY-----\n");
  });

  test("derToPem of a view into a larger buffer takes only the view", () => {
    const buffer = new Uint8Array([9, 9, 1, 2, 3, 9]);
    assert.equal(derToPem(buffer.subarray(2, 5), "X"), "-----BEGIN X-----\nAQID\n-----END X-----\n");
  });

  test("splitPem numbers blocks and finds their lines, whatever the line ends", () => {
    const text = ["intro", "-----BEGIN A-----", "AQID", "-----END A-----", "", "between", "-----BEGIN B C-----", "Key: value", "", "BAUG", "-----END B C-----"];
    for (const eol of ["\n", "\r\n", "\r"]) {
      const blocks = splitPem(text.join(eol));
      assert.deepEqual(
        blocks.map((block) => [block.label, block.block, block.line, [...block.der], block.headers]),
        [
          ["A", 1, 2, [1, 2, 3], []],
          ["B C", 2, 7, [4, 5, 6], [{ key: "Key", value: "value" }]],
        ],
        JSON.stringify(eol),
      );
    }
  });

  test("a text without armour has no blocks", () => {
    assert.deepEqual(splitPem("just text\n---- BEGIN SSH2 PUBLIC KEY ----\n"), []);
  });

  test("a block whose padding sits in the middle is broken base64", () => {
    assert.throws(
      () => splitPem("-----BEGIN CERTIFICATE-----\nAQ==AQID\n-----END CERTIFICATE-----\n"),
      (error: unknown) => error instanceof CertificateInputError && error.problem === "badBase64" && /“=” padding in the middle/.test(error.message),
    );
  });

  test("a block that lost characters is broken base64", () => {
    assert.throws(
      () => splitPem("-----BEGIN CERTIFICATE-----\nAQIDB\n-----END CERTIFICATE-----\n"),
      (error: unknown) => error instanceof CertificateInputError && error.problem === "badBase64" && error.block === 1 && error.line === 1,
    );
  });

  test("a second BEGIN before the first END is a truncated first block", () => {
    assert.throws(
      () => splitPem("-----BEGIN CERTIFICATE-----\nAQID\n-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n"),
      (error: unknown) => error instanceof CertificateInputError && error.problem === "truncated" && error.block === 1 && /new block begins on line 3/.test(error.message),
    );
  });
});

suite("certificates/pemEncoding: derToPem", () => {
  test("writes what @peculiar/x509's PemConverter writes, for every length around the line breaks and a 185 KB certificate", () => {
    const lengths = [1, 2, 3, 47, 48, 49, 95, 96, 97, 1000, 4096];
    const bytes = [...lengths.map((length) => new Uint8Array(randomBytes(length))), new Uint8Array(readFileSync(join(__dirname, "..", "..", "fixtures", "bad", "ten-thousand-sans.der")))];
    for (const der of bytes) {
      for (const label of ["CERTIFICATE", "PRIVATE KEY"]) {
        assert.equal(derToPem(der, label), `${x509.PemConverter.encode(new Uint8Array(der).buffer, label)}\n`, `${der.length} bytes, ${label}`);
      }
    }
  });
});
