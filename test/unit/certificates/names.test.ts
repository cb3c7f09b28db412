// Distinguished names: the RFC 4514 text, and the string Cloudflare's API prints, which is Go's
// pkix.Name.String(). The expected strings follow those two specifications; the parts are checked
// against Node's (OpenSSL's) reading of the same certificate.
import "reflect-metadata";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { decodeCertificate, type DecodedCertificate } from "../../../src/certificates/decode";
import { makeKeys } from "../../support/makeCertificates";

async function certificateNamed(name: x509.JsonNameParams): Promise<{ decoded: DecodedCertificate; node: X509Certificate }> {
  const keys = await makeKeys("P-256", "SHA-256", "names");
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: new x509.Name(name),
    keys,
    serialNumber: "01",
    notBefore: new Date("2025-01-01T00:00:00Z"),
    notAfter: new Date("2035-01-01T00:00:00Z"),
    signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
  });
  const der = new Uint8Array(certificate.rawData);
  return { decoded: await decodeCertificate(der), node: new X509Certificate(der) };
}

interface NameCase {
  readonly name: string;
  readonly subject: x509.JsonNameParams;
  readonly text: string;
  readonly cloudflare?: string;
  readonly commonName?: string;
}

const CASES: readonly NameCase[] = [
  {
    name: "C first, CN last (the usual openssl order): both are the reverse of the encoding",
    subject: [{ C: ["US"] }, { ST: ["San Francisco"] }, { L: ["California"] }, { O: ["Example Inc."] }, { CN: ["Example CA"] }],
    text: "CN=Example CA,O=Example Inc.,L=California,ST=San Francisco,C=US",
    cloudflare: "CN=Example CA,O=Example Inc.,L=California,ST=San Francisco,C=US",
    commonName: "Example CA",
  },
  {
    name: "CN first: RFC 4514 reverses the encoding, Go keeps its own order",
    subject: [{ CN: ["Leaf"] }, { O: ["Org"] }, { C: ["US"] }],
    text: "C=US,O=Org,CN=Leaf",
    cloudflare: "CN=Leaf,O=Org,C=US",
    commonName: "Leaf",
  },
  {
    name: "an e-mail attribute: E in the text, OID=#hex (re-marshalled as UTF8String) at the end for Go",
    subject: [{ C: ["US"] }, { O: ["Org"] }, { CN: ["Admin"] }, { E: ["admin@example.com"] }],
    text: "E=admin@example.com,CN=Admin,O=Org,C=US",
    cloudflare: "CN=Admin,O=Org,C=US,1.2.840.113549.1.9.1=#0c1161646d696e406578616d706c652e636f6d",
    commonName: "Admin",
  },
  {
    name: "two OUs in separate RDNs: Go joins them into one multi-valued RDN",
    subject: [{ C: ["US"] }, { O: ["Org"] }, { OU: ["a"] }, { OU: ["b"] }, { CN: ["x"] }],
    text: "CN=x,OU=b,OU=a,O=Org,C=US",
    cloudflare: "CN=x,OU=a+OU=b,O=Org,C=US",
    commonName: "x",
  },
  {
    name: "two CNs: the last one is the common name, and the only one Go prints",
    subject: [{ CN: ["first"] }, { CN: ["second"] }],
    text: "CN=second,CN=first",
    cloudflare: "CN=second",
    commonName: "second",
  },
  {
    name: "special characters are escaped",
    subject: [{ O: ["Acme, Inc."] }, { OU: ['q"p+s;l<g>b\\'] }, { CN: [" #lead and trail "] }],
    text: 'CN=\\ #lead and trail\\ ,OU=q\\"p\\+s\\;l\\<g\\>b\\\\,O=Acme\\, Inc.',
    cloudflare: 'CN=\\ #lead and trail\\ ,OU=q\\"p\\+s\\;l\\<g\\>b\\\\,O=Acme\\, Inc.',
    commonName: " #lead and trail ",
  },
  {
    name: "a leading # is escaped",
    subject: [{ CN: [{ utf8String: "#hash" }] }],
    text: "CN=\\#hash",
    cloudflare: "CN=\\#hash",
    commonName: "#hash",
  },
  {
    name: "non-ASCII text is kept as it is",
    subject: [{ O: ["Zoë Ünïcode GmbH"] }, { CN: ["Ærøskøbing"] }],
    text: "CN=Ærøskøbing,O=Zoë Ünïcode GmbH",
    cloudflare: "CN=Ærøskøbing,O=Zoë Ünïcode GmbH",
    commonName: "Ærøskøbing",
  },
  {
    name: "domain components are unknown to Go: OID=#hex, PrintableString when the value allows",
    subject: [{ DC: ["com"] }, { DC: ["example"] }, { CN: ["x"] }],
    text: "CN=x,DC=example,DC=com",
    cloudflare: "CN=x,0.9.2342.19200300.100.1.25=#13076578616d706c65,0.9.2342.19200300.100.1.25=#1303636f6d",
    commonName: "x",
  },
  {
    // A NumericString is none of the DirectoryString types, but it is text: OpenSSL shows it as
    // such, and Go re-marshals it as a PrintableString (0x13) in its "#hex" form.
    name: "a NumericString value outside the DirectoryString types is text",
    subject: [{ CN: ["x"] }, { "1.2.3.4": ["#12023132"] }],
    text: "1.2.3.4=12,CN=x",
    cloudflare: "CN=x,1.2.3.4=#13023132",
    commonName: "x",
  },

];

suite("certificates/names", () => {
  for (const item of CASES) {
    test(item.name, async () => {
      const { decoded, node } = await certificateNamed(item.subject);
      assert.equal(decoded.subject.text, item.text);
      if (item.cloudflare !== undefined) {
        assert.equal(decoded.subject.cloudflare, item.cloudflare);
      }
      assert.equal(decoded.subject.commonName, item.commonName);
      // Self-signed: the issuer is the same name.
      assert.deepEqual(decoded.issuer, decoded.subject);
      // Parts in encoded order, as OpenSSL lists them.
      const nodeValues = node.subject
        .split("\n")
        .flatMap((rdn) => rdn.split(" + "))
        .map((pair) => pair.slice(pair.indexOf("=") + 1).replace(/\\(.)/g, "$1"));
      assert.equal(decoded.subject.parts.length, nodeValues.length);
      decoded.subject.parts.forEach((part, index) => {
        // OpenSSL prints a non-string value its own way; ours is "#" + hex, checked above.
        if (!part.value.startsWith("#")) {
          assert.equal(part.value, nodeValues[index]);
        }
      });
    });
  }

  test("a multi-valued RDN is joined with + in the text, split by Go", async () => {
    const { decoded, node } = await certificateNamed([{ C: ["US"] }, { O: ["Org"], OU: ["Unit"] }, { CN: ["x"] }]);
    const rdn = node.subject.split("\n")[1] ?? "";
    assert.match(rdn, / \+ /);
    // Whatever order the SET was encoded in, the text keeps it.
    assert.equal(decoded.subject.text, `CN=x,${rdn.replace(" + ", "+")},C=US`);
    assert.equal(decoded.subject.cloudflare, "CN=x,OU=Unit,O=Org,C=US");
  });

  test("parts name each attribute by its short name and OID", async () => {
    const { decoded } = await certificateNamed([{ C: ["US"] }, { ST: ["CA"] }, { L: ["SF"] }, { O: ["Org"] }, { OU: ["Unit"] }, { CN: ["x"] }, { E: ["a@b.c"] }, { "2.5.4.97": ["VATDE-123"] }]);
    assert.deepEqual(
      decoded.subject.parts.map((part) => [part.type, part.oid]),
      [
        ["C", "2.5.4.6"],
        ["ST", "2.5.4.8"],
        ["L", "2.5.4.7"],
        ["O", "2.5.4.10"],
        ["OU", "2.5.4.11"],
        ["CN", "2.5.4.3"],
        ["E", "1.2.840.113549.1.9.1"],
        ["2.5.4.97", "2.5.4.97"],
      ],
    );
  });
});
