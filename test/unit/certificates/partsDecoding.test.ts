// Decoding part by part (decode.ts: the certificate's layout found from its DER headers, each
// part parsed by asn1-schema, shared parts parsed once per input) must give exactly what parsing
// the certificate whole gives: every field, every internal used by the chain checks, and every
// refusal. Checked on every certificate under test/fixtures (the Debian roots, the bad-input
// corpus, the OpenSSL-made oddities) and on generated bundles that share issuers and keys.
import "reflect-metadata";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import * as x509 from "@peculiar/x509";
import { internalsOf } from "../../../src/certificates/certificateInternals";
import { analyzeChainNow } from "../../../src/certificates/chain";
import { decodeCertificateNow, decodeWhole, readsInParts, type DecodedCertificate } from "../../../src/certificates/decode";
import { DecodeCache } from "../../../src/certificates/decodeCache";
import { childrenOf, elementAt } from "../../../src/certificates/derLayout";
import { CertificateInputError } from "../../../src/certificates/errors";
import { declaredDerLength } from "../../../src/certificates/formats";
import { splitPem } from "../../../src/certificates/pem";
import { makeCertificate, withNonMinimalVersion } from "../../support/makeCertificates";

const FIXTURES = join(__dirname, "..", "..", "fixtures");

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The certificate-labelled PEM blocks' DER in the fixtures, and every file that is DER. */
function fixtureDers(): { source: string; der: Uint8Array }[] {
  const ders: { source: string; der: Uint8Array }[] = [];
  for (const path of filesUnder(FIXTURES)) {
    const bytes = new Uint8Array(readFileSync(path));
    if (bytes[0] === 0x30) {
      ders.push({ source: path, der: bytes });
      continue;
    }
    let blocks;
    try {
      blocks = splitPem(Buffer.from(bytes).toString("latin1"));
    } catch {
      continue;
    }
    blocks.forEach((block, index) => {
      // The first few blocks of a file: four-hundred-same-named.pem holds 400 alike.
      if (block.label.endsWith("CERTIFICATE") && index < 8) {
        ders.push({ source: `${path} block ${index + 1}`, der: block.der });
      }
    });
  }
  return ders;
}

type Outcome = { certificate: DecodedCertificate } | { refusal: string };

function outcome(decode: () => DecodedCertificate): Outcome {
  try {
    return { certificate: decode() };
  } catch (error) {
    if (error instanceof CertificateInputError) {
      return { refusal: `${error.problem}: ${error.message}` };
    }
    throw error;
  }
}

/** What the chain checks read from a certificate beyond its model. */
function internalsSummary(certificate: DecodedCertificate): unknown {
  const internals = internalsOf(certificate);
  return {
    subjectNameKey: internals.subjectNameKey,
    issuerNameKey: internals.issuerNameKey,
    scheme: internals.scheme,
    version: internals.version,
    subjectKeyIdentifier: internals.subjectKeyIdentifier,
    authorityKeyIdentifier: internals.authorityKeyIdentifier,
    selfSignature: internals.signedBy(internals),
    publicKey: internals.publicKey()?.export({ format: "der", type: "spki" }).toString("hex"),
  };
}

/** decodeWhole after the checks decodeCertificateNow makes before either way (a whole DER element, cut to its declared length). */
function wholeOutcome(der: Uint8Array): Outcome | undefined {
  const declared = declaredDerLength(der);
  if (der[0] !== 0x30 || declared === undefined || declared > der.length) {
    return undefined;
  }
  return outcome(() => decodeWhole(new Uint8Array(der.subarray(0, declared))));
}

function assertSameOutcome(source: string, parts: Outcome, whole: Outcome): void {
  if ("refusal" in whole || "refusal" in parts) {
    assert.deepEqual(parts, whole, source);
    return;
  }
  assert.deepEqual(parts.certificate, whole.certificate, source);
  assert.deepEqual(internalsSummary(parts.certificate), internalsSummary(whole.certificate), source);
}

suite("certificates/decode: part by part, as parsed whole", () => {
  test("every certificate under test/fixtures decodes (or is refused) the same both ways", () => {
    const ders = fixtureDers();
    assert.ok(ders.length >= 150, `found ${ders.length} certificates`);
    let inParts = 0;
    let compared = 0;
    for (const { source, der } of ders) {
      if (readsInParts(der)) {
        inParts++;
      }
      const whole = wholeOutcome(der);
      if (whole) {
        compared++;
        assertSameOutcome(source, outcome(() => decodeCertificateNow(der)), whole);
      }
    }
    // The real roots are plain DER: nearly all of them must take the fast path, or this test proves nothing.
    assert.ok(inParts >= compared * 0.8, `${inParts} of ${compared} read in parts`);
  });

  test("the Debian roots are all read in parts", () => {
    const directory = join(FIXTURES, "real", "debian-ca-certificates");
    for (const name of readdirSync(directory)) {
      const [block] = splitPem(readFileSync(join(directory, name), "utf8"));
      assert.ok(block && readsInParts(block.der), name);
    }
  });

  test("a bundle read with one cache gives every certificate what it gives alone", async () => {
    const root = await makeCertificate({ subject: "CN=Parts Root CA, O=Example Inc., C=US", ca: true, keyAlgorithm: "RSA-2048" });
    const intermediate = await makeCertificate({ subject: "CN=Parts Intermediate CA, O=Example Inc., C=US", issuer: root, ca: true, pathLength: 0 });
    const leaves = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((index) =>
        makeCertificate({ subject: `CN=leaf${index}.example.com, O=Example Inc.`, issuer: intermediate, dnsNames: [`leaf${index}.example.com`], keyAlgorithm: index % 2 === 0 ? "P-256" : "RSA-2048" }),
      ),
    );
    const cache = new DecodeCache();
    for (const made of [...leaves, intermediate, root, ...leaves]) {
      assertSameOutcome(made.pem, outcome(() => decodeCertificateNow(made.der, cache)), outcome(() => decodeWhole(new Uint8Array(made.der))));
    }
  });

  test("a refusal about one field is the same both ways, and cached parts do not hide it", () => {
    const tooMany = new Uint8Array(readFileSync(join(FIXTURES, "bad", "too-many-sans.der")));
    const cache = new DecodeCache();
    for (let round = 0; round < 2; round++) {
      const parts = outcome(() => decodeCertificateNow(tooMany, cache));
      assert.ok("refusal" in parts && /Subject Alternative Name extension holds more than 12,000 ASN\.1 elements/.test(parts.refusal), JSON.stringify(parts).slice(0, 200));
      assertSameOutcome("too many SANs", parts, outcome(() => decodeWhole(new Uint8Array(tooMany))));
    }
  });
});

suite("certificates/decode: self-signature checks bounded per input", () => {
  test("past the budget a self-issued certificate is not called self-signed, and its chain says its signature was not checked", async () => {
    const roots = await Promise.all([0, 1, 2].map((index) => makeCertificate({ subject: `CN=Budget Root ${index}`, ca: true })));
    const cache = new DecodeCache(2);
    const decoded = roots.map((root) => decodeCertificateNow(root.der, cache));
    assert.deepEqual(
      decoded.map((certificate) => certificate.selfSigned),
      [true, true, false],
    );
    const unchecked = analyzeChainNow([decoded[2] as DecodedCertificate]);
    assert.equal(unchecked.complete, false);
    assert.equal(unchecked.ordered[0]?.signatureVerified, undefined);
    assert.deepEqual(
      unchecked.breaks.map((item) => item.code),
      ["ambiguousIssuer"],
    );
    assert.match(unchecked.breaks[0]?.reason ?? "", /“Budget Root 2” names itself as issuer, but its signature was not checked: the file holds more than 640 certificates that do/);
    // The same certificate read on its own is a self-signed root, as before.
    assert.equal(decodeCertificateNow(roots[2]?.der ?? new Uint8Array()).selfSigned, true);
  });
});

suite("certificates/decode: crafted structures refused before the expensive parse", () => {
  test("a name of more than 64 attributes is refused, naming it; 60 decode", async () => {
    const many = await makeCertificate({ subject: Array.from({ length: 70 }, (_value, index) => `OU=unit${index}`).join(", ") });
    assert.throws(
      () => decodeCertificateNow(many.der),
      (error: unknown) => error instanceof CertificateInputError && /its subject name holds more than 256 ASN\.1 elements/.test(error.message),
    );
    const enough = await makeCertificate({ subject: Array.from({ length: 60 }, (_value, index) => `OU=unit${index}`).join(", ") });
    assert.equal(decodeCertificateNow(enough.der).subject.parts.length, 60);
  });

  test("the whole parse (for what is not plain DER) refuses the same names with the same words, before asn1-schema reads them", async () => {
    // BER (a two-octet version INTEGER), so the part reader leaves it to the whole parse.
    const refusal = /its subject name holds more than 256 ASN\.1 elements/;
    const many = withNonMinimalVersion(new Uint8Array((await makeCertificate({ subject: Array.from({ length: 70 }, (_value, index) => `OU=unit${index}`).join(", ") })).der));
    for (const decode of [() => decodeCertificateNow(many), () => decodeWhole(many)]) {
      assert.throws(decode, (error: unknown) => error instanceof CertificateInputError && refusal.test(error.message));
    }
    const enough = withNonMinimalVersion(new Uint8Array((await makeCertificate({ subject: Array.from({ length: 60 }, (_value, index) => `OU=unit${index}`).join(", ") })).der));
    assert.equal(decodeCertificateNow(enough).subject.parts.length, 60);
  });

  test("a name in an indefinite length (which the byte walk cannot measure) is measured in asn1js's tree instead", async () => {
    // The subject SEQUENCE re-encoded with an indefinite length (30 80 … 00 00), the rest definite.
    const indefiniteSubject = async (count: number): Promise<Uint8Array> => {
      const der = new Uint8Array((await makeCertificate({ subject: Array.from({ length: count }, (_value, index) => `OU=unit${index}`).join(", ") })).der);
      const header = (length: number) => (length < 0x80 ? [0x30, length] : length < 0x100 ? [0x30, 0x81, length] : [0x30, 0x82, length >> 8, length & 0xff]);
      const root = elementAt(der, 0);
      const tbs = root && childrenOf(der, root)?.[0];
      const fields = tbs && childrenOf(der, tbs);
      const subject = fields?.[fields[0]?.tag === 0xa0 ? 5 : 4];
      assert.ok(root && tbs && subject);
      const tbsContent = [...der.subarray(tbs.contentStart, subject.start), 0x30, 0x80, ...der.subarray(subject.contentStart, subject.end), 0x00, 0x00, ...der.subarray(subject.end, tbs.end)];
      const outerContent = [...header(tbsContent.length), ...tbsContent, ...der.subarray(tbs.end, root.end)];
      return new Uint8Array([...header(outerContent.length), ...outerContent]);
    };
    const many = await indefiniteSubject(70);
    assert.ok(Buffer.from(many).includes(Buffer.from([0x30, 0x80])), "a SEQUENCE of indefinite length inside");
    assert.throws(
      () => decodeCertificateNow(many),
      (error: unknown) => error instanceof CertificateInputError && /its subject name holds more than 256 ASN\.1 elements/.test(error.message),
    );
    assert.equal(decodeCertificateNow(await indefiniteSubject(60)).subject.parts.length, 60);
  });

  test("SAN entries that need the schema (IP addresses here) are bounded apart from DNS names", async () => {
    const addresses = (count: number) => Array.from({ length: count }, (_value, index) => ({ type: "ip" as const, value: `10.0.${index >> 8}.${index & 255}` }));
    const tooMany = await makeCertificate({ commonName: "many IPs", extraExtensions: [new x509.SubjectAlternativeNameExtension(addresses(1_001), false)] });
    assert.throws(
      () => decodeCertificateNow(tooMany.der),
      (error: unknown) => error instanceof CertificateInputError && /Subject Alternative Name extension holds more than 1,000 ASN\.1 elements in names other than DNS names/.test(error.message),
    );
    const enough = await makeCertificate({ commonName: "enough IPs", extraExtensions: [new x509.SubjectAlternativeNameExtension(addresses(1_000), false)] });
    const decoded = decodeCertificateNow(enough.der).subjectAlternativeNames;
    assert.equal(decoded.length, 1_000);
    assert.deepEqual(decoded[999], { type: "ip", value: "10.0.3.231" });
  });
});
