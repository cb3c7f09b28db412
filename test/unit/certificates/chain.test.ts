// Chain ordering and checking, with every link compared against Node's own issuer and signature
// checks (X509Certificate.checkIssued and verify).
import "reflect-metadata";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { analyzeChain, type ChainAnalysis } from "../../../src/certificates/chain";
import { decodeCertificate, type DecodedCertificate } from "../../../src/certificates/decode";
import { makeCa, makeCertificate, makeChain, makeKeys, makeLeaf, type MadeCertificate } from "../../support/makeCertificates";

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) {
    return [[...items]];
  }
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

async function decodeAll(made: readonly MadeCertificate[]): Promise<DecodedCertificate[]> {
  return Promise.all(made.map((certificate) => decodeCertificate(certificate.der)));
}

/** Each link's issuedByNext and signatureVerified, as Node sees them. */
function assertLinksMatchNode(analysis: ChainAnalysis): void {
  analysis.ordered.forEach((link, index) => {
    const node = new X509Certificate(link.certificate.der);
    const next = analysis.ordered[index + 1];
    if (!next) {
      assert.equal(link.issuedByNext, undefined);
      return;
    }
    const issuer = new X509Certificate(next.certificate.der);
    assert.equal(link.issuedByNext, node.checkIssued(issuer), `link ${index}: issued by next`);
    if (link.issuedByNext) {
      assert.equal(link.signatureVerified, node.verify(issuer.publicKey), `link ${index}: signature`);
    }
  });
}

function subjects(analysis: ChainAnalysis): string[] {
  return analysis.ordered.map((link) => link.certificate.subject.commonName ?? "");
}

suite("certificates/chain", () => {
  let chain: { root: MadeCertificate; intermediate: MadeCertificate; leaf: MadeCertificate };
  let otherCa: MadeCertificate;

  suiteSetup(async () => {
    chain = await makeChain();
    otherCa = await makeCa({ subject: "CN=Unrelated Root CA", keyAlgorithm: "P-256" });
  });

  for (const order of permutations(["leaf", "intermediate", "root"] as const)) {
    test(`a 3-level chain given as ${order.join(", ")} is ordered leaf → root and complete`, async () => {
      const analysis = await analyzeChain(await decodeAll(order.map((name) => chain[name])));
      assert.deepEqual(subjects(analysis), ["client.chain.example.com", "Chain Intermediate CA", "Chain Root CA"]);
      assert.equal(analysis.complete, true);
      assert.deepEqual(analysis.breaks, []);
      assert.deepEqual(
        analysis.ordered.map((link) => [link.issuedByNext, link.signatureVerified]),
        [
          [true, true],
          [true, true],
          [undefined, true],
        ],
      );
      assertLinksMatchNode(analysis);
    });
  }

  test("the same chain in RSA and in Ed25519", async () => {
    for (const keyAlgorithm of ["RSA-2048", "Ed25519"] as const) {
      const made = await makeChain({ keyAlgorithm });
      const analysis = await analyzeChain(await decodeAll([made.root, made.leaf, made.intermediate]));
      assert.equal(analysis.complete, true, keyAlgorithm);
      assertLinksMatchNode(analysis);
    }
  });

  test("a leaf and its intermediate without the root: ordered, not complete, nothing broken", async () => {
    const analysis = await analyzeChain(await decodeAll([chain.intermediate, chain.leaf]));
    assert.deepEqual(subjects(analysis), ["client.chain.example.com", "Chain Intermediate CA"]);
    assert.equal(analysis.complete, false);
    assert.deepEqual(analysis.breaks, []);
    assert.equal(analysis.ordered[1]?.signatureVerified, undefined);
    assertLinksMatchNode(analysis);
  });

  test("a missing intermediate breaks the chain between leaf and root", async () => {
    const analysis = await analyzeChain(await decodeAll([chain.root, chain.leaf]));
    assert.deepEqual(subjects(analysis), ["client.chain.example.com", "Chain Root CA"]);
    assert.equal(analysis.complete, false);
    assert.equal(analysis.breaks.length, 1);
    assert.equal(analysis.breaks[0]?.index, 0);
    assert.match(analysis.breaks[0]?.reason ?? "", /“client\.chain\.example\.com” was issued by “Chain Intermediate CA”, but the next certificate is “Chain Root CA”/);
    assertLinksMatchNode(analysis);
  });

  test("a leaf next to an unrelated root is broken, whichever comes first", async () => {
    const leaf = await makeLeaf(chain.root);
    for (const made of [
      [otherCa, leaf],
      [leaf, otherCa],
    ]) {
      const analysis = await analyzeChain(await decodeAll(made));
      assert.deepEqual(subjects(analysis), ["client.example.com", "Unrelated Root CA"]);
      assert.equal(analysis.complete, false);
      assert.deepEqual(
        analysis.breaks.map((item) => item.index),
        [0],
      );
      assertLinksMatchNode(analysis);
    }
  });

  test("a CA with the issuer's name but another key does not issue the leaf", async () => {
    const impostor = await makeCa({ subject: "CN=Chain Intermediate CA, O=Example Inc., C=US", keyAlgorithm: "P-384" });
    const analysis = await analyzeChain(await decodeAll([chain.leaf, impostor]));
    assert.equal(analysis.ordered[0]?.issuedByNext, false);
    assert.match(analysis.breaks[0]?.reason ?? "", /different CAs with the same name/);
    assertLinksMatchNode(analysis);
  });

  test("matching names without key identifiers: the signature decides", async () => {
    // No AKI/SKI at all, so only the signature can tell the real issuer from the impostor.
    const realKeys = await makeKeys("P-256", "SHA-256", "chain-real");
    const impostorKeys = await makeKeys("P-256", "SHA-256", "chain-impostor");
    const leafKeys = await makeKeys("P-256", "SHA-256", "chain-leaf");
    const common = { notBefore: new Date("2025-01-01T00:00:00Z"), notAfter: new Date("2035-01-01T00:00:00Z"), signingAlgorithm: { name: "ECDSA", hash: "SHA-256" } };
    const caExtensions = [new x509.BasicConstraintsExtension(true, undefined, true)];
    const real = await x509.X509CertificateGenerator.createSelfSigned({ ...common, serialNumber: "01", name: "CN=Bare CA", keys: realKeys, extensions: caExtensions });
    const impostor = await x509.X509CertificateGenerator.createSelfSigned({ ...common, serialNumber: "02", name: "CN=Bare CA", keys: impostorKeys, extensions: caExtensions });
    const leaf = await x509.X509CertificateGenerator.create({
      ...common,
      serialNumber: "03",
      subject: "CN=Bare Leaf",
      issuer: "CN=Bare CA",
      publicKey: leafKeys.publicKey,
      signingKey: realKeys.privateKey,
      extensions: [new x509.BasicConstraintsExtension(false, undefined, true)],
    });
    const [leafDecoded, impostorDecoded, realDecoded] = await Promise.all([leaf, impostor, real].map((certificate) => decodeCertificate(new Uint8Array(certificate.rawData))));
    assert.ok(leafDecoded && impostorDecoded && realDecoded);

    const withImpostorOnly = await analyzeChain([leafDecoded, impostorDecoded]);
    assert.equal(withImpostorOnly.ordered[0]?.issuedByNext, true);
    assert.equal(withImpostorOnly.ordered[0]?.signatureVerified, false);
    assert.match(withImpostorOnly.breaks[0]?.reason ?? "", /does not verify with the public key of “Bare CA”/);
    assert.equal(withImpostorOnly.complete, false);
    assertLinksMatchNode(withImpostorOnly);

    const withBoth = await analyzeChain([impostorDecoded, leafDecoded, realDecoded]);
    assert.equal(withBoth.ordered[1]?.certificate, realDecoded);
    assert.equal(withBoth.ordered[0]?.signatureVerified, true);
    assert.equal(withBoth.ordered.length, 3);
  });

  test("a single self-signed root is a complete chain; a single leaf is not", async () => {
    const root = await analyzeChain(await decodeAll([chain.root]));
    assert.equal(root.complete, true);
    assert.equal(root.ordered[0]?.signatureVerified, true);
    const leaf = await analyzeChain(await decodeAll([chain.leaf]));
    assert.equal(leaf.complete, false);
    assert.deepEqual(leaf.breaks, []);
    assert.equal(leaf.ordered[0]?.signatureVerified, undefined);
  });

  test("two unrelated roots: both kept, the link between them broken", async () => {
    const analysis = await analyzeChain(await decodeAll([chain.root, otherCa]));
    assert.equal(analysis.ordered.length, 2);
    assert.equal(analysis.ordered[0]?.issuedByNext, false);
    assert.match(analysis.breaks[0]?.reason ?? "", /self-signed root/);
    assert.equal(analysis.complete, false);
  });

  test("every certificate appears once, duplicates included", async () => {
    const analysis = await analyzeChain(await decodeAll([chain.root, chain.leaf, chain.root, chain.intermediate]));
    assert.equal(analysis.ordered.length, 4);
    assert.deepEqual(subjects(analysis).slice(0, 3), ["client.chain.example.com", "Chain Intermediate CA", "Chain Root CA"]);
  });

  test("no certificates: nothing ordered, not complete", async () => {
    assert.deepEqual(await analyzeChain([]), { ordered: [], complete: false, breaks: [] });
  });

  test("certificate objects copied by a caller are analysed the same", async () => {
    const decoded = await decodeAll([chain.root, chain.intermediate, chain.leaf]);
    const copies = decoded.map((certificate) => ({ ...certificate }));
    const analysis = await analyzeChain(copies);
    assert.equal(analysis.complete, true);
    assert.equal(analysis.ordered[0]?.certificate, copies[2]);
  });
});

/** The codes of the problems on each link, leaf first. */
function problemCodes(analysis: ChainAnalysis): string[][] {
  return analysis.ordered.map((link) => link.problems.map((problem) => problem.code));
}

suite("certificates/chain: RFC 5280 path validation of each link", () => {
  let root: MadeCertificate;
  suiteSetup(async () => {
    root = await makeCa({ subject: "CN=Path Root CA", keyAlgorithm: "P-256" });
  });

  async function chainOf(made: readonly MadeCertificate[]): Promise<ChainAnalysis> {
    return analyzeChain(await decodeAll(made));
  }

  test("an issuer with CA:FALSE: the signature verifies, the chain is not complete", async () => {
    const notCa = await makeLeaf(root, { subject: "CN=Leaf Acting As CA" });
    const leaf = await makeLeaf(notCa, { subject: "CN=below.example.com" });
    const analysis = await chainOf([leaf, notCa, root]);
    assert.deepEqual(problemCodes(analysis), [["issuerNotCa", "issuerWithoutKeyCertSign"], [], []]);
    assert.equal(analysis.ordered[0]?.signatureVerified, true);
    assert.equal(analysis.complete, false);
    assert.equal(analysis.breaks[0]?.index, 0);
    assert.equal(analysis.breaks[0]?.severity, "error");
    assert.match(analysis.breaks[0]?.reason ?? "", /^“Leaf Acting As CA” signed “below\.example\.com”, but it is not a CA \(basicConstraints CA:FALSE\)/);
    // OpenSSL agrees the link is broken: its checkIssued already refuses an issuer without keyCertSign.
    assert.equal(new X509Certificate(leaf.der).checkIssued(new X509Certificate(notCa.der)), false);
    assert.equal(new X509Certificate(leaf.der).verify(new X509Certificate(notCa.der).publicKey), true);
  });

  test("an issuer without basicConstraints", async () => {
    const bare = await makeCertificate({ subject: "CN=No Constraints CA", issuer: root, ca: true, omitBasicConstraints: true });
    const leaf = await makeLeaf(bare, { subject: "CN=under-bare.example.com" });
    const analysis = await chainOf([leaf, bare, root]);
    assert.deepEqual(problemCodes(analysis), [["issuerWithoutBasicConstraints"], [], []]);
    assert.match(analysis.breaks[0]?.reason ?? "", /it has no basicConstraints extension, so it is not a CA/);
    assert.equal(analysis.complete, false);
  });

  test("a CA whose keyUsage lacks keyCertSign", async () => {
    const noCertSign = await makeCertificate({
      subject: "CN=No CertSign CA",
      issuer: root,
      ca: true,
      omitKeyUsage: true,
      extraExtensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.cRLSign, true)],
    });
    const leaf = await makeLeaf(noCertSign, { subject: "CN=under-nocertsign.example.com" });
    const analysis = await chainOf([leaf, noCertSign, root]);
    assert.deepEqual(problemCodes(analysis), [["issuerWithoutKeyCertSign"], [], []]);
    assert.match(analysis.breaks[0]?.reason ?? "", /its key usage lacks keyCertSign/);
    assert.equal(analysis.complete, false);
  });

  test("a path longer than an issuer's pathLenConstraint", async () => {
    const strictRoot = await makeCa({ subject: "CN=PathLen 1 Root", pathLength: 1 });
    const first = await makeCertificate({ subject: "CN=First Intermediate", issuer: strictRoot, ca: true });
    const second = await makeCertificate({ subject: "CN=Second Intermediate", issuer: first, ca: true });
    const leaf = await makeLeaf(second, { subject: "CN=deep.example.com" });
    const analysis = await chainOf([leaf, second, first, strictRoot]);
    // As OpenSSL counts: the root allows 1 CA below it, and the chain has two (the leaf is not counted).
    assert.deepEqual(problemCodes(analysis), [[], [], ["pathLengthExceeded"], []]);
    assert.match(analysis.breaks[0]?.reason ?? "", /^“PathLen 1 Root” allows 1 CA certificate between itself and the leaf \(pathLenConstraint 1\), but this chain has 2/);
    assert.equal(analysis.complete, false);

    // One intermediate under a pathLen 1 root is allowed.
    const allowed = await chainOf([await makeLeaf(first, { subject: "CN=shallow.example.com" }), first, strictRoot]);
    assert.deepEqual(problemCodes(allowed), [[], [], []]);
    assert.equal(allowed.complete, true);
  });

  test("validity not nested in the issuer's: a warning, the chain still complete", async () => {
    const shortRoot = await makeCa({ subject: "CN=Short Root", notBefore: new Date("2025-01-01T00:00:00Z"), notAfter: new Date("2040-01-01T00:00:00Z") });
    const longLeaf = await makeLeaf(shortRoot, { notBefore: new Date("2026-01-01T00:00:00Z"), notAfter: new Date("2045-01-01T00:00:00Z") });
    const analysis = await chainOf([longLeaf, shortRoot]);
    assert.deepEqual(problemCodes(analysis), [["validityNotNested"], []]);
    assert.equal(analysis.breaks[0]?.severity, "warning");
    assert.match(analysis.breaks[0]?.reason ?? "", /is valid until 2045-01-01, but “Short Root”, which issued it, expires on 2040-01-01/);
    assert.equal(analysis.complete, true);
  });
});

suite("certificates/chain: bounded on same-named certificates", () => {
  test("40 certificates with one name and no key identifiers: no issuer is made up, the ambiguity is said", async () => {
    const keys = await makeKeys("P-256", "SHA-256", "same-name-signer");
    const made: Uint8Array[] = [];
    for (let index = 0; index < 40; index++) {
      const certificate = await x509.X509CertificateGenerator.create({
        serialNumber: (index + 1).toString(16).padStart(2, "0"),
        subject: "CN=Same Name",
        issuer: "CN=Same Name",
        notBefore: new Date("2025-01-01T00:00:00Z"),
        notAfter: new Date("2035-01-01T00:00:00Z"),
        signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
        publicKey: (await makeKeys("P-256", "SHA-256", `same-name-${index % 4}`)).publicKey,
        signingKey: keys.privateKey,
        extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
      });
      made.push(new Uint8Array(certificate.rawData));
    }
    const decoded = await Promise.all(made.map((der) => decodeCertificate(der)));
    const analysis = await analyzeChain(decoded);
    assert.equal(analysis.ordered.length, 40);
    assert.equal(analysis.complete, false);
    assert.ok(analysis.ordered.every((link) => link.signatureVerified !== true));
    assert.ok(analysis.breaks.some((item) => item.code === "ambiguousIssuer" && /39 certificates in the file have that name; checking stopped after 4 of them/.test(item.reason)));
    assertLinksMatchNode({ ...analysis, ordered: analysis.ordered.filter((link) => link.signatureVerified !== undefined) });
  });
});
