// Finding the workspace file of an Access certificate by its MD5 fingerprint, without decoding:
// the hashes are checked against node:crypto's MD5 of the DER each certificate was made from,
// and the module is checked to load no ASN.1 library at all.
import "reflect-metadata";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { join } from "node:path";
import * as x509 from "@peculiar/x509";
import { certificateMd5s, findFileWithMd5, holdsCertificateWithMd5 } from "../../../src/certificates/md5Match";
import { makeCa, makeLeaf, type MadeCertificate } from "../../support/makeCertificates";

function md5Of(der: Uint8Array): string {
  return createHash("md5").update(der).digest("hex").toUpperCase().replace(/(..)(?!$)/g, "$1:");
}

suite("certificates/md5Match", () => {
  let ca: MadeCertificate;
  let leaf: MadeCertificate;
  suiteSetup(async () => {
    ca = await makeCa({ subject: "CN=MD5 CA" });
    leaf = await makeLeaf(ca, { subject: "CN=md5.example.com" });
  });

  test("every CERTIFICATE block of a bundle, keys and comments aside", () => {
    const bundle = `# bundle\n${leaf.pem}\n${leaf.privateKeyPem}\n${ca.pem}`;
    assert.deepEqual(certificateMd5s(bundle), [md5Of(leaf.der), md5Of(ca.der)]);
    assert.deepEqual(certificateMd5s(new Uint8Array(Buffer.from(bundle))), [md5Of(leaf.der), md5Of(ca.der)]);
  });

  test("a DER file, with or without a newline after it; a TRUSTED CERTIFICATE without its trust settings", () => {
    assert.deepEqual(certificateMd5s(leaf.der), [md5Of(leaf.der)]);
    assert.deepEqual(certificateMd5s(new Uint8Array([...leaf.der, 0x0a])), [md5Of(leaf.der)]);
    const trusted = `${x509.PemConverter.encode(new Uint8Array([...ca.der, 0x30, 0x03, 0x06, 0x01, 0x00]).buffer, "TRUSTED CERTIFICATE")}\n`;
    assert.deepEqual(certificateMd5s(trusted), [md5Of(ca.der)]);
  });

  test("UTF-16 with a byte order mark, and text with a Latin-1 byte around the blocks", () => {
    assert.deepEqual(certificateMd5s(new Uint8Array([0xff, 0xfe, ...Buffer.from(ca.pem, "utf16le")])), [md5Of(ca.der)]);
    assert.deepEqual(certificateMd5s(new Uint8Array([0xe9, 0x0a, ...Buffer.from(ca.pem)])), [md5Of(ca.der)]);
  });

  test("what holds no certificate, or broken PEM, has no fingerprint", () => {
    assert.deepEqual(certificateMd5s(leaf.privateKeyPem), []);
    assert.deepEqual(certificateMd5s(new Uint8Array([1, 2, 3])), []);
    assert.deepEqual(certificateMd5s(leaf.pem.slice(0, 200)), []);
  });

  test("matches the Access spelling, and finds the one file that holds it", () => {
    const access = `MD5 Fingerprint=${md5Of(ca.der)}`;
    assert.ok(holdsCertificateWithMd5(`${leaf.pem}${ca.pem}`, access));
    assert.ok(!holdsCertificateWithMd5(leaf.pem, access));
    const files = [
      { name: "leaf.pem", content: leaf.pem },
      { name: "key.pem", content: leaf.privateKeyPem },
      { name: "ca.der", content: ca.der },
    ];
    assert.equal(findFileWithMd5(files, access)?.name, "ca.der");
    assert.equal(findFileWithMd5(files, md5Of(new Uint8Array([0]))), undefined);
  });

  test("loads no ASN.1 library", () => {
    const root = join(__dirname, "..", "..", "..");
    const loaded = execFileSync(process.execPath, ["-r", "tsx/cjs", "-e", "require('./src/certificates/md5Match'); console.log(Object.keys(require.cache).filter((path) => /asn1|peculiar|x509/.test(path)).join(','))"], { cwd: root, encoding: "utf8" });
    assert.equal(loaded.trim(), "");
  });
});
