// Fingerprint spelling and comparison. The digests themselves are checked against Node's in
// decode.test.ts; here, the forms people paste.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { colonHex, fingerprintsOf, sameFingerprint } from "../../../src/certificates/fingerprints";

suite("certificates/fingerprints", () => {
  test("colon hex is uppercase pairs", () => {
    assert.equal(colonHex(new Uint8Array([0xab, 0x01, 0xff, 0x00])), "AB:01:FF:00");
    assert.equal(colonHex(new Uint8Array([])), "");
    assert.equal(colonHex(new Uint8Array([0x0a]).buffer), "0A");
  });

  test("digests over the bytes given", () => {
    const bytes = new TextEncoder().encode("not really a certificate");
    const md5 = createHash("md5").update(bytes).digest("hex").toUpperCase().replace(/(..)(?!$)/g, "$1:");
    const fingerprints = fingerprintsOf(bytes);
    assert.equal(fingerprints.md5, md5);
    assert.equal(fingerprints.accessMd5, `MD5 Fingerprint=${md5}`);
    assert.equal(fingerprints.sha256, createHash("sha256").update(bytes).digest("hex").toUpperCase().replace(/(..)(?!$)/g, "$1:"));
    assert.equal(fingerprints.sha1, createHash("sha1").update(bytes).digest("hex").toUpperCase().replace(/(..)(?!$)/g, "$1:"));
  });

  const same: readonly (readonly [string, string])[] = [
    ["MD5 Fingerprint=1E:80:0F:AA", "1E:80:0F:AA"],
    ["MD5 Fingerprint=1E:80:0F:AA", "1e800faa"],
    ["md5 Fingerprint=1e:80:0f:aa", "MD5 Fingerprint=1E:80:0F:AA"],
    ["SHA256 Fingerprint=AB:CD", "ab cd"],
    [" 1E800FAA ", "1e-80-0f-aa"],
  ];
  for (const [a, b] of same) {
    test(`“${a}” and “${b}” are the same`, () => {
      assert.equal(sameFingerprint(a, b), true);
      assert.equal(sameFingerprint(b, a), true);
    });
  }

  const different: readonly (readonly [string, string])[] = [
    ["MD5 Fingerprint=1E:80:0F:AA", "1E:80:0F:AB"],
    ["1E800FAA", "1E800FAA00"],
    ["", ""],
    ["MD5 Fingerprint=", "MD5 Fingerprint="],
    ["not hex", "not hex"],
  ];
  for (const [a, b] of different) {
    test(`“${a}” and “${b}” are not the same`, () => {
      assert.equal(sameFingerprint(a, b), false);
    });
  }
});
