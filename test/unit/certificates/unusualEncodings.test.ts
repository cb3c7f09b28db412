// Certificates found in the wild that are not plain DER, or use the rarer ASN.1 types: each is
// built with asn1js from a generated certificate (test/support/makeCertificates.ts `reissue`) and
// read by us and by Node's crypto.X509Certificate (OpenSSL), which must agree.
import "reflect-metadata";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as asn1js from "asn1js";
import * as x509 from "@peculiar/x509";
import { decodeCertificate } from "../../../src/certificates/decode";
import { CertificateInputError } from "../../../src/certificates/errors";
import { readCertificates } from "../../../src/certificates/read";
import { makeCa, makeCertificate, rawElement, reissue, tbsFields, type MadeCertificate } from "../../support/makeCertificates";

const OPENSSL_FIXTURES = join(__dirname, "..", "..", "fixtures", "openssl");

function latin1(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "latin1"));
}

/** The certificate with its validity replaced by two UTCTimes holding exactly these texts. */
function withUtcTimes(made: MadeCertificate, notBefore: string, notAfter: string): Uint8Array {
  return reissue(made, (tbs) => {
    tbsFields(tbs).validity.valueBlock.value = [rawElement(asn1js.UTCTime, latin1(notBefore)), rawElement(asn1js.UTCTime, latin1(notAfter))];
  });
}

/** One-attribute subject `oid` = the given string element. */
function withSubjectAttribute(made: MadeCertificate, oid: string, value: asn1js.BaseBlock): Uint8Array {
  return reissue(made, (tbs) => {
    const attribute = new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), value] });
    const cn = new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: "2.5.4.3" }), new asn1js.Utf8String({ value: "Odd Names" })] });
    tbsFields(tbs).subject.valueBlock.value = [new asn1js.Set({ value: [attribute] }), new asn1js.Set({ value: [cn] })];
  });
}

function nodeDate(text: string): number {
  return new Date(text).getTime();
}

suite("certificates/decode: times that are not DER", () => {
  let made: MadeCertificate;
  suiteSetup(async () => {
    made = await makeCertificate({ commonName: "odd times" });
  });

  const cases: readonly (readonly [string, string, string])[] = [
    ["UTCTime without seconds", "2501021530Z", "3501021530Z"],
    ["UTCTime with a +hhmm offset", "250102153000+0130", "350102153000+0130"],
    ["UTCTime with a -hhmm offset and no seconds", "2501021530-0800", "3501021530-0800"],
  ];
  for (const [name, notBefore, notAfter] of cases) {
    test(`${name}: the instant OpenSSL reads`, async () => {
      const der = withUtcTimes(made, notBefore, notAfter);
      const node = new X509Certificate(der);
      const decoded = await decodeCertificate(der);
      assert.equal(decoded.notBefore.getTime(), nodeDate(node.validFrom));
      assert.equal(decoded.notAfter.getTime(), nodeDate(node.validTo));
      assert.ok(decoded.notBefore.getUTCFullYear() === 2025, decoded.notBefore.toISOString());
    });
  }

  test("a time that is no time is refused, naming the field", async () => {
    const der = withUtcTimes(made, "250102153000Z", "3513991530Z");
    await assert.rejects(
      decodeCertificate(der),
      (error: unknown) => error instanceof CertificateInputError && error.problem === "undecodable" && error.message.includes("notAfter") && error.message.includes("“3513991530Z”"),
    );
  });
});

suite("certificates/decode: string types of names", () => {
  let made: MadeCertificate;
  suiteSetup(async () => {
    made = await makeCertificate({ commonName: "odd names" });
  });

  test("UniversalString keeps characters above U+FFFF", async () => {
    const text = "日本 😀";
    const ucs4 = new Uint8Array([...text].flatMap((character) => {
      const code = character.codePointAt(0) ?? 0;
      return [code >>> 24, (code >>> 16) & 0xff, (code >>> 8) & 0xff, code & 0xff];
    }));
    const der = withSubjectAttribute(made, "2.5.4.10", rawElement(asn1js.UniversalString, ucs4));
    const decoded = await decodeCertificate(der);
    assert.equal(decoded.subject.parts[0]?.value, text);
    assert.match(new X509Certificate(der).subject, /O=日本 😀/u);
  });

  test("NumericString and VisibleString values are text, and Cloudflare's issuer string keeps them", async () => {
    const numeric = withSubjectAttribute(made, "2.5.4.5", rawElement(asn1js.NumericString, latin1("12345 678")));
    const decoded = await decodeCertificate(numeric);
    assert.deepEqual(decoded.subject.parts[0], { type: "SERIALNUMBER", oid: "2.5.4.5", value: "12345 678" });
    assert.equal(decoded.subject.cloudflare, "SERIALNUMBER=12345 678,CN=Odd Names");
    assert.match(new X509Certificate(numeric).subject, /serialNumber=12345 678/);

    const visible = await decodeCertificate(withSubjectAttribute(made, "2.5.4.10", rawElement(asn1js.VisibleString, latin1("Visible Org"))));
    assert.equal(visible.subject.parts[0]?.value, "Visible Org");
    assert.equal(visible.subject.text, "CN=Odd Names,O=Visible Org");
  });
});

suite("certificates/decode: values the types say are numbers", () => {
  test("a pathLenConstraint of 4 bytes is a number", async () => {
    const ca = await makeCa({ pathLength: 2147483647 });
    const decoded = await decodeCertificate(ca.der);
    assert.equal(decoded.basicConstraints?.pathLength, 2147483647);
    assert.equal(typeof decoded.basicConstraints?.pathLength, "number");
  });
});

suite("certificates/decode: extended key usage names", () => {
  test("every name OpenSSL prints for this openssl-made certificate", async () => {
    // test/fixtures/openssl: a certificate openssl 3.0 made with 76 EKU OIDs, and what `openssl x509 -ext extendedKeyUsage` printed.
    const pem = readFileSync(join(OPENSSL_FIXTURES, "every-extended-key-usage.pem"), "utf8");
    const printed = readFileSync(join(OPENSSL_FIXTURES, "every-extended-key-usage.txt"), "utf8").split("\n")[1]?.trim().split(", ") ?? [];
    const document = await readCertificates(pem);
    const names = document.certificates[0]?.extendedKeyUsage.map((usage) => usage.name) ?? [];
    assert.equal(names.length, printed.length);
    assert.deepEqual(names, printed);
    assert.ok(names.includes("Netscape Server Gated Crypto") && names.includes("Microsoft Individual Code Signing"));
  });
});

suite("certificates/decode: very many SANs", () => {
  test("10,000 SAN entries decode, as Node reads them", async () => {
    const dnsNames = Array.from({ length: 10_000 }, (_value, index) => `host${index}.example.com`);
    const made = await makeCertificate({ commonName: "many names", dnsNames, emails: ["a@example.com"], ipAddresses: ["10.0.0.1"] });
    const decoded = await decodeCertificate(made.der);
    assert.equal(decoded.subjectAlternativeNames.length, 10_002);
    assert.deepEqual(decoded.subjectAlternativeNames[9_999], { type: "dns", value: "host9999.example.com" });
    assert.deepEqual(decoded.subjectAlternativeNames.slice(-2), [
      { type: "ip", value: "10.0.0.1" },
      { type: "email", value: "a@example.com" },
    ]);
    const node = new X509Certificate(made.der).subjectAltName?.split(", ") ?? [];
    assert.equal(node.length, 10_002);
  });

  test("a SAN list over the element limit is refused with a message that says so", async () => {
    const names = Array.from({ length: 12_001 }, (_value, index) => ({ type: "dns" as const, value: `h${index}.x` }));
    const made = await makeCertificate({ commonName: "too many", extraExtensions: [new x509.SubjectAlternativeNameExtension(names, false)] });
    await assert.rejects(
      decodeCertificate(made.der),
      (error: unknown) => error instanceof CertificateInputError && /Subject Alternative Name extension holds more than 12,000 ASN.1 elements/.test(error.message),
    );
  });
});
