import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { certificateFacts, parseCertificateBundle, rfc3339Seconds } from "../../support/cloudflareSandbox/certificateFacts";
import { makeCa, makeCertificate } from "../../support/makeCertificates";

suite("sandbox: certificate facts", () => {
  test("issuer in the usual C … CN order prints as those RDNs reversed", async () => {
    const certificate = await makeCa({ subject: "C=US, ST=San Francisco, L=California, O=Example Inc." });
    assert.equal(certificateFacts(certificate.der).issuer, "O=Example Inc.,L=California,ST=San Francisco,C=US");
  });

  test("issuer in another order is grouped like Go's pkix.Name.String(): C, ST, L, O, OU, CN, reversed", async () => {
    const certificate = await makeCa({ subject: "CN=Root, OU=Ops, O=Example Inc., C=US" });
    const facts = certificateFacts(certificate.der);
    assert.equal(facts.issuer, "CN=Root,OU=Ops,O=Example Inc.,C=US");
    // Node shows the encoded order, which here is already CN-first.
    assert.deepEqual(new X509Certificate(certificate.der).issuer.split("\n"), ["CN=Root", "OU=Ops", "O=Example Inc.", "C=US"]);
  });

  test("repeated attributes are joined with '+', special characters escaped, unknown types printed as OID=#hex", async () => {
    const repeated = await makeCa({ subject: "C=US, O=Example Inc., OU=Red, OU=Blue, CN=Root" });
    assert.equal(certificateFacts(repeated.der).issuer, "CN=Root,OU=Red+OU=Blue,O=Example Inc.,C=US");
    const escaped = await makeCa({ subject: "CN=a\\+b \\; c" });
    assert.equal(certificateFacts(escaped.der).issuer, "CN=a\\+b \\; c");
    const withEmail = await makeCa({ subject: "E=pki@example.com, CN=Root" });
    // Go re-marshals "pki@example.com" as a UTF8String ("@" is not printable in ASN.1): 0c 0f …
    assert.equal(certificateFacts(withEmail.der).issuer, `CN=Root,1.2.840.113549.1.9.1=#0c0f${Buffer.from("pki@example.com").toString("hex")}`);
  });

  test("serial is decimal and signed like Go's big.Int", async () => {
    const certificate = await makeCertificate({ serialNumber: "00ff" });
    assert.equal(certificateFacts(certificate.der).serialNumber, "255");
    const big = await makeCertificate({ serialNumber: "2933806d8dcd5d59518f8a10b7448764b5d5cd6f3" });
    assert.equal(certificateFacts(big.der).serialNumber, BigInt("0x2933806d8dcd5d59518f8a10b7448764b5d5cd6f3").toString(10));
  });

  test("expiry comes from notAfter, shown without milliseconds", async () => {
    const notAfter = new Date("2050-01-02T03:04:05Z");
    const certificate = await makeCa({ notAfter });
    assert.equal(certificateFacts(certificate.der).notAfter.getTime(), notAfter.getTime());
    assert.equal(rfc3339Seconds(new Date("2122-10-29T16:59:47.999Z")), "2122-10-29T16:59:47Z");
  });

  test("a bundle keeps its order and refuses non-certificate blocks", async () => {
    const a = await makeCa({ commonName: "A" });
    const b = await makeCa({ commonName: "B" });
    const bundle = parseCertificateBundle(`subject=CN=A\n${a.pem}\nsome text\n${b.pem}`);
    assert.deepEqual(
      bundle.map((c) => c.issuer),
      ["CN=A", "CN=B"],
    );
    assert.throws(() => parseCertificateBundle(a.privateKeyPem), /unexpected PEM block "PRIVATE KEY"/);
    assert.throws(() => parseCertificateBundle(""), /no PEM certificate/);
  });
});
