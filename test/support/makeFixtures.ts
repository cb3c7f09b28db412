// Writes the committed input fixtures under test/fixtures/bad/: files that are not a certificate,
// or are a broken one, each made by a real tool (Node's crypto, @peculiar/x509, openssl, ssh-keygen)
// rather than typed by hand. Run it again only to refresh them:
//   npx tsx test/support/makeFixtures.ts
// test/fixtures/README.md lists every file and how it was made.
import "reflect-metadata";
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as x509 from "@peculiar/x509";
import * as asn1js from "asn1js";
import { makeCa, makeCertificate, makeKeys, makeLeaf, rawElement, reissue, tbsFields } from "./makeCertificates";

const BAD = join(__dirname, "..", "fixtures", "bad");
const PASSPHRASE = "fixture-passphrase";

function write(name: string, content: string | Uint8Array): void {
  writeFileSync(join(BAD, name), content);
}

function run(command: string, args: readonly string[], input?: string): string {
  return execFileSync(command, args, { input, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
}

function runBinary(command: string, args: readonly string[]): Uint8Array {
  return new Uint8Array(execFileSync(command, args, { stdio: ["pipe", "pipe", "pipe"] }));
}

function derOf(pem: string): Uint8Array {
  return new Uint8Array(x509.PemConverter.decodeFirst(pem));
}

function armour(der: Uint8Array<ArrayBuffer>, label: string): string {
  return `${x509.PemConverter.encode(der, label)}\n`;
}

async function main(): Promise<void> {
  mkdirSync(BAD, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "cf-mtls-fixtures-"));
  try {
    const ca = await makeCa({ subject: "CN=Fixture Root CA, O=Fixture Inc., C=US", keyAlgorithm: "P-256" });
    const leaf = await makeLeaf(ca, { subject: "CN=fixture.example.com", dnsNames: ["fixture.example.com"] });
    const caPemFile = join(work, "ca.pem");
    writeFileSync(caPemFile, ca.pem);
    const leafPemFile = join(work, "leaf.pem");
    writeFileSync(leafPemFile, leaf.pem);
    const leafKeyFile = join(work, "leaf.key");
    writeFileSync(leafKeyFile, leaf.privateKeyPem);

    // Private keys in every PEM form Node's crypto writes.
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
    write("pkcs1-rsa-private-key.pem", rsa.privateKey.export({ type: "pkcs1", format: "pem" }));
    write("sec1-ec-private-key.pem", ec.privateKey.export({ type: "sec1", format: "pem" }));
    write("pkcs8-private-key.pem", ec.privateKey.export({ type: "pkcs8", format: "pem" }));
    write(
      "encrypted-pkcs8-private-key.pem",
      rsa.privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: PASSPHRASE }),
    );
    write("pkcs8-private-key.der", new Uint8Array(ec.privateKey.export({ type: "pkcs8", format: "der" })));
    write("pkcs1-rsa-private-key.der", new Uint8Array(rsa.privateKey.export({ type: "pkcs1", format: "der" })));
    write("traditional-encrypted-rsa-private-key.pem", run("openssl", ["rsa", "-traditional", "-aes128", "-passout", `pass:${PASSPHRASE}`], rsa.privateKey.export({ type: "pkcs1", format: "pem" }).toString()));

    // Public keys.
    write("public-key.pem", ec.publicKey.export({ type: "spki", format: "pem" }));
    write("rsa-public-key.pem", rsa.publicKey.export({ type: "pkcs1", format: "pem" }));
    write("public-key.der", new Uint8Array(ec.publicKey.export({ type: "spki", format: "der" })));

    // SSH keys from ssh-keygen: the OpenSSH private key, its one-line public key, and the RFC 4716 form.
    const sshKey = join(work, "id_ed25519");
    run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "fixture@example.com", "-f", sshKey]);
    write("openssh-private-key", readFileSync(sshKey, "utf8"));
    write("ssh-public-key.pub", readFileSync(`${sshKey}.pub`, "utf8"));
    write("ssh2-public-key.pub", run("ssh-keygen", ["-e", "-f", `${sshKey}.pub`]));

    // A CSR and a CRL from @peculiar/x509.
    const csrKeys = await makeKeys("P-256", "SHA-256", "fixture-csr");
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      name: "CN=csr.example.com, O=Fixture Inc.",
      keys: csrKeys,
      signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    });
    write("certificate-request.csr", `${csr.toString("pem")}\n`);
    write("certificate-request.der", new Uint8Array(csr.rawData));
    const crl = await x509.X509CrlGenerator.create({
      issuer: ca.certificate.subject,
      thisUpdate: new Date("2025-01-01T00:00:00Z"),
      nextUpdate: new Date("2025-02-01T00:00:00Z"),
      entries: [{ serialNumber: leaf.certificate.serialNumber, revocationDate: new Date("2025-01-01T00:00:00Z") }],
      signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
      signingKey: ca.keys.privateKey,
    });
    write("revocation-list.crl", `${crl.toString("pem")}\n`);

    // PKCS#7: openssl's "PKCS7" label, @peculiar/x509's "CMS" label, and the DER form.
    write("bundle.p7b", run("openssl", ["crl2pkcs7", "-nocrl", "-certfile", leafPemFile, "-certfile", caPemFile]));
    const p7 = new x509.X509Certificates([leaf.certificate, ca.certificate]);
    write("bundle-cms.p7c", `${p7.export("pem")}\n`);
    write("bundle-der.p7b", new Uint8Array(p7.export("raw")));

    // PKCS#12 from openssl.
    write(
      "bundle.p12",
      runBinary("openssl", ["pkcs12", "-export", "-in", leafPemFile, "-inkey", leafKeyFile, "-certfile", caPemFile, "-passout", `pass:${PASSPHRASE}`]),
    );

    // Nothing at all, or nothing useful.
    write("empty.pem", "");
    write("whitespace-only.pem", "  \n\t\r\n   \n\n");
    write("base64-not-a-certificate.txt", `${randomBytes(300).toString("base64").replace(/.{64}/g, "$&\n")}\n`);
    const random = randomBytes(512);
    random[0] = 0xff; // never a DER SEQUENCE, never UTF-8
    write("random.bin", new Uint8Array(random));
    write(
      "cloudflare-accounts.json",
      `${JSON.stringify({ success: true, errors: [], messages: [], result: [{ id: "023e105f4ecef8ad9ca31a8372d0c353", name: "Fixture account", type: "standard" }] }, null, 2)}\n`,
    );
    write("openssl-text-dump.txt", run("openssl", ["x509", "-in", leafPemFile, "-text", "-noout"]));
    write("ec-parameters-only.pem", run("openssl", ["ecparam", "-name", "prime256v1"]));
    write("unknown-label.pem", armour(new Uint8Array(randomBytes(120)), "SSL SESSION PARAMETERS"));

    // Broken certificate blocks, made from a real certificate.
    const lines = leaf.pem.trimEnd().split("\n");
    write("truncated-block.pem", `${lines.slice(0, lines.length - 3).join("\n")}\n`);
    write("end-without-begin.pem", `${lines.slice(3).join("\n")}\n`);
    write("mismatched-end-label.pem", `${[...lines.slice(0, -1), "-----END PRIVATE KEY-----"].join("\n")}\n`);
    write("empty-block.pem", "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
    const damaged = [...lines];
    damaged[4] = `${damaged[4]?.slice(0, 10) ?? ""}!${damaged[4]?.slice(11) ?? ""}`;
    write("broken-base64.pem", `${damaged.join("\n")}\n`);
    const der = derOf(leaf.pem);
    write("cut-der-certificate.pem", armour(der.slice(0, Math.floor(der.length * 0.6)), "CERTIFICATE"));
    write("private-key-labelled-certificate.pem", armour(new Uint8Array(ec.privateKey.export({ type: "pkcs8", format: "der" })), "CERTIFICATE"));
    write("random-bytes-labelled-certificate.pem", armour(new Uint8Array(randomBytes(200)), "CERTIFICATE"));
    write("certificate-and-csr.pem", `${leaf.pem}\n${csr.toString("pem")}\n`);
    write("certificate-and-public-key.pem", `${leaf.pem}\n${ec.publicKey.export({ type: "spki", format: "pem" }) as string}`);
    // A Cloudflare API response pasted as it is: the PEM inside keeps its JSON "\n" escapes.
    const seed = readFileSync(join(__dirname, "..", "fixtures", "seed-example-ca.pem"), "utf8");
    write(
      "cloudflare-response-with-escaped-pem.json",
      `${JSON.stringify({ success: true, errors: [], messages: [], result: { id: "023e105f4ecef8ad9ca31a8372d0c353", ca: true, certificates: seed.trimEnd() } })}\n`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A certificate made by openssl from the given key options, as PEM. */
function opensslCertificate(work: string, name: string, keyArgs: readonly string[], extra: readonly string[] = []): string {
  const key = join(work, `${name}.key`);
  run("openssl", ["genpkey", ...keyArgs, "-out", key]);
  return run("openssl", ["req", "-x509", "-new", "-key", key, "-subj", `/CN=${name}.fixture.example/O=Fixture Inc.`, "-days", "3650", ...extra]);
}

/**
 * The inputs added for issue 12 (hostile, odd and real-world shapes), written beside the first
 * ones without touching them:
 *   npx tsx test/support/makeFixtures.ts hostile
 */
async function writeHostileFixtures(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "cf-mtls-fixtures-"));
  try {
    const ca = await makeCa({ subject: "CN=Fixture Hostile CA, O=Fixture Inc., C=US", keyAlgorithm: "P-256", notBefore: new Date("2025-01-01T00:00:00Z"), notAfter: new Date("2045-01-01T00:00:00Z") });
    const leaf = await makeLeaf(ca, { subject: "CN=hostile.fixture.example", dnsNames: ["hostile.fixture.example"], notBefore: new Date("2025-06-01T00:00:00Z"), notAfter: new Date("2044-01-01T00:00:00Z") });
    const lines = leaf.pem.trimEnd().split("\n");
    const der = leaf.der;
    const times = (notBefore: asn1js.BaseBlock, notAfter: asn1js.BaseBlock) =>
      reissue(ca, (tbs) => {
        tbsFields(tbs).validity.valueBlock.value = [notBefore, notAfter];
      });
    const latin1 = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));
    const pemOf = (bytes: Uint8Array, label = "CERTIFICATE") => armour(new Uint8Array(bytes), label);

    // Times that are not DER, and times that are no time.
    write("utctime-without-seconds.pem", pemOf(times(rawElement(asn1js.UTCTime, latin1("2501010000Z")), rawElement(asn1js.UTCTime, latin1("4501010000Z")))));
    write("utctime-with-offset.pem", pemOf(times(rawElement(asn1js.UTCTime, latin1("250101000000+0200")), rawElement(asn1js.UTCTime, latin1("450101000000-0500")))));
    write("utctime-not-a-time.pem", pemOf(times(rawElement(asn1js.UTCTime, latin1("250101000000Z")), rawElement(asn1js.UTCTime, latin1("451399000000Z")))));
    write("generalizedtime-not-a-time.pem", pemOf(times(rawElement(asn1js.GeneralizedTime, latin1("20251301000000Z")), rawElement(asn1js.UTCTime, latin1("450101000000Z")))));
    write("inverted-validity.pem", (await makeCa({ subject: "CN=Inverted Validity", notBefore: new Date("2040-01-01T00:00:00Z"), notAfter: new Date("2030-01-01T00:00:00Z") })).pem);

    // Name strings of every kind.
    const subjectWith = (value: asn1js.BaseBlock, oid = "2.5.4.10") =>
      reissue(ca, (tbs) => {
        const attribute = new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), value] });
        const cn = new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: "2.5.4.3" }), new asn1js.Utf8String({ value: "Fixture Hostile CA" })] });
        tbsFields(tbs).subject.valueBlock.value = [new asn1js.Set({ value: [attribute] }), new asn1js.Set({ value: [cn] })];
      });
    const emoji = [..."日本 😀"].flatMap((character) => {
      const code = character.codePointAt(0) ?? 0;
      return [code >>> 24, (code >>> 16) & 0xff, (code >>> 8) & 0xff, code & 0xff];
    });
    write("universalstring-above-bmp.pem", pemOf(subjectWith(rawElement(asn1js.UniversalString, new Uint8Array(emoji)))));
    write("numericstring-serialnumber.pem", pemOf(subjectWith(rawElement(asn1js.NumericString, latin1("0123 4567")), "2.5.4.5")));
    write("visiblestring-organization.pem", pemOf(subjectWith(rawElement(asn1js.VisibleString, latin1("Visible Fixture Org")))));
    write("pathlen-2147483647.pem", (await makeCa({ subject: "CN=Huge PathLen", pathLength: 2147483647 })).pem);
    write("extended-key-usages-openssl-names.pem", opensslCertificate(work, "eku", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], ["-addext", "extendedKeyUsage=2.16.840.1.113730.4.1,1.3.6.1.4.1.311.10.3.3,1.3.6.1.4.1.311.2.1.21,1.3.6.1.5.5.7.3.2"]));
    const manyNames = Array.from({ length: 10_000 }, (_value, index) => `host${index}.fixture.example`);
    write("ten-thousand-sans.der", (await makeLeaf(ca, { subject: "CN=many.fixture.example", dnsNames: manyNames })).der);
    const tooMany = Array.from({ length: 12_001 }, (_value, index) => ({ type: "dns" as const, value: `h${index}.x` }));
    write("too-many-sans.der", (await makeLeaf(ca, { subject: "CN=too-many.fixture.example", extraExtensions: [new x509.SubjectAlternativeNameExtension(tooMany, false)] })).der);

    // Chains OpenSSL would not verify, though every signature is right.
    const notCa = await makeLeaf(ca, { subject: "CN=Not A CA" });
    write("chain-issuer-not-ca.pem", `${(await makeLeaf(notCa, { subject: "CN=under-leaf.fixture.example" })).pem}${notCa.pem}${ca.pem}`);
    const bare = await makeCertificate({ subject: "CN=No BasicConstraints CA", issuer: ca, ca: true, omitBasicConstraints: true });
    write("chain-issuer-without-basic-constraints.pem", `${(await makeLeaf(bare, { subject: "CN=under-bare.fixture.example" })).pem}${bare.pem}${ca.pem}`);
    const noCertSign = await makeCertificate({ subject: "CN=No CertSign CA", issuer: ca, ca: true, omitKeyUsage: true, extraExtensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.cRLSign, true)] });
    write("chain-issuer-without-keycertsign.pem", `${(await makeLeaf(noCertSign, { subject: "CN=under-nocertsign.fixture.example" })).pem}${noCertSign.pem}${ca.pem}`);
    const strictRoot = await makeCa({ subject: "CN=PathLen 0 Root", pathLength: 0 });
    const intermediate = await makeCertificate({ subject: "CN=Under PathLen 0", issuer: strictRoot, ca: true });
    write("chain-pathlen-exceeded.pem", `${(await makeLeaf(intermediate, { subject: "CN=deep.fixture.example" })).pem}${intermediate.pem}${strictRoot.pem}`);
    write("chain-validity-not-nested.pem", `${(await makeLeaf(ca, { subject: "CN=outlives.fixture.example", notBefore: new Date("2025-06-01T00:00:00Z"), notAfter: new Date("2050-01-01T00:00:00Z") })).pem}${ca.pem}`);
    const signer = await makeKeys("P-256", "SHA-256", "fixture-same-name-signer");
    const sameNamed: string[] = [];
    for (let index = 0; index < 400; index++) {
      const certificate = await x509.X509CertificateGenerator.create({
        serialNumber: (index + 1).toString(16).padStart(4, "0"),
        subject: "CN=Same Name",
        issuer: "CN=Same Name",
        notBefore: new Date("2025-01-01T00:00:00Z"),
        notAfter: new Date("2035-01-01T00:00:00Z"),
        signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
        publicKey: (await makeKeys("P-256", "SHA-256", `fixture-same-name-${index % 4}`)).publicKey,
        signingKey: signer.privateKey,
        extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
      });
      sameNamed.push(`${certificate.toString("pem")}\n`);
    }
    write("four-hundred-same-named.pem", sameNamed.join(""));

    // Text that is not quite UTF-8, around intact blocks; and text with no block.
    write("latin1-comment.pem", new Uint8Array([...latin1("# Zertifikat f\u00fcr den Server\n"), ...Buffer.from(leaf.pem), ...Buffer.from(ca.pem)]));
    write("cp1252-quotes-comment.pem", new Uint8Array([0x93, ...latin1("fixture bundle"), 0x94, 0x0a, ...Buffer.from(leaf.pem)]));
    write("nul-in-comment.pem", new Uint8Array([...Buffer.from("note:\u0000 see ticket\n"), ...Buffer.from(leaf.pem)]));
    write("utf16le-without-bom.pem", new Uint8Array(Buffer.from(leaf.pem, "utf16le")));
    write("utf16be-without-bom.pem", new Uint8Array(Buffer.from(leaf.pem, "utf16le").swap16()));
    write("latin1-text-without-pem.txt", latin1("Server-Zertifikat: bitte bei der IT anfragen (M\u00fcller)\n"));
    write("nul-inside-base64.pem", `${[...lines.slice(0, 3), `${lines[3]?.slice(0, 8) ?? ""}\u0000${lines[3]?.slice(9) ?? ""}`, ...lines.slice(4)].join("\n")}\n`);
    write("cp1252-quote-inside-base64.pem", new Uint8Array([...Buffer.from(`${lines.slice(0, 3).join("\n")}\n`), 0x93, ...Buffer.from(`${lines.slice(3).join("\n")}\n`)]));

    // Bytes after a certificate.
    write("der-with-trailing-garbage.der", new Uint8Array([...der, ...Buffer.from("trailing garbage")]));
    write("der-with-trailing-newline.der", new Uint8Array([...der, 0x0a]));
    write("two-certificates-in-one-block.pem", pemOf(new Uint8Array([...der, ...ca.der])));
    write("two-der-certificates-concatenated.der", new Uint8Array([...der, ...ca.der]));
    write("trusted-certificate.pem", run("openssl", ["x509", "-in", writeTemp(work, "ca.pem", ca.pem), "-trustout", "-addtrust", "clientAuth"]));

    // DER that is broken in every place it can be.
    write("der-cut-after-one-byte.der", der.slice(0, 1));
    write("der-cut-by-one-byte.der", der.slice(0, der.length - 1));
    write("der-cut-in-half.der", der.slice(0, der.length >> 1));
    write("der-length-overflow.der", new Uint8Array([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, ...der.slice(4)]));
    write("der-indefinite-length.der", new Uint8Array([0x30, 0x80, ...der.slice(4), 0x00, 0x00]));
    write("deeply-nested-sequences.pem", pemOf(new Uint8Array([...Array<number>(300).fill(0).flatMap(() => [0x30, 0x80]), ...Array<number>(600).fill(0)])));
    write("empty-sequence.pem", pemOf(new Uint8Array([0x30, 0x00])));
    const tbsOnly = asn1js.fromBER(der).result;
    write("tbs-certificate-only.pem", pemOf(new Uint8Array(tbsOnly instanceof asn1js.Sequence ? (tbsOnly.valueBlock.value[0]?.toBER(false) ?? new ArrayBuffer(0)) : new ArrayBuffer(0))));
    const flipped = new Uint8Array(der);
    flipped[flipped.length - 5] = (flipped[flipped.length - 5] ?? 0) ^ 0xff;
    write("bad-signature.pem", `${pemOf(flipped)}${ca.pem}`);
    const selfFlipped = new Uint8Array(ca.der);
    selfFlipped[selfFlipped.length - 5] = (selfFlipped[selfFlipped.length - 5] ?? 0) ^ 0xff;
    write("root-with-bad-self-signature.pem", pemOf(selfFlipped));

    // PEM armour in odd shapes.
    write("begin-inside-block.pem", `${lines.slice(0, 5).join("\n")}\n${ca.pem}`);
    write("padding-in-the-middle.pem", `${[...lines.slice(0, 3), `${lines[3]?.slice(0, 60) ?? ""}====`, ...lines.slice(4)].join("\n")}\n`);
    write("base64-one-character-short.pem", `${[...lines.slice(0, -2), `${lines[lines.length - 2]?.replace(/=+$/, "").slice(0, -1) ?? ""}`, lines[lines.length - 1]].join("\n")}\n`);
    write("lowercase-label.pem", leaf.pem.replace(/CERTIFICATE/g, "certificate"));
    write("x509-certificate-label.pem", leaf.pem.replace(/CERTIFICATE/g, "X509 CERTIFICATE"));
    write("one-line-pem.pem", `-----BEGIN CERTIFICATE----- ${lines.slice(1, -1).join("")} -----END CERTIFICATE-----\n`);
    write("classic-mac-line-ends.pem", `${leaf.pem.replace(/\n/g, "\r")}`);
    write("tab-indented-in-yaml.yaml", `tls:\n  certificate: |\n${leaf.pem.trimEnd().split("\n").map((line) => `\t${line}`).join("\n")}\n`);
    write("log-prefixed-lines.log", `${lines.map((line) => `2026-12-01T00:00:00Z INFO ${line}`).join("\n")}\n`);
    write("end-only.pem", "-----END CERTIFICATE-----\n");
    write("three-begins.pem", "-----BEGIN CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\n");
    write("bom-only.pem", "\uFEFF");

    // Other files people pick by mistake.
    write("kubernetes-secret-data.txt", `${Buffer.from(leaf.pem).toString("base64")}\n`);
    write("gzip-compressed.pem.gz", runBinary("gzip", ["-c", writeTemp(work, "leaf.pem", leaf.pem)]));
    const zipFile = join(work, "certificates.zip");
    run("zip", ["-q", "-j", zipFile, writeTemp(work, "leaf.pem", leaf.pem)]);
    write("zip-archive.zip", new Uint8Array(readFileSync(zipFile)));
    const keystore = join(work, "keystore.jks");
    run("keytool", ["-importcert", "-noprompt", "-storetype", "JKS", "-keystore", keystore, "-storepass", PASSPHRASE, "-alias", "fixture", "-file", writeTemp(work, "ca.pem", ca.pem)]);
    write("java-keystore.jks", new Uint8Array(readFileSync(keystore)));
    const gnupg = join(work, "gnupg");
    mkdirSync(gnupg, { mode: 0o700 });
    run("gpg", ["--homedir", gnupg, "--batch", "--passphrase", "", "--quick-gen-key", "Fixture <fixture@example.com>", "ed25519", "sign", "never"]);
    write("openpgp-public-key.asc", run("gpg", ["--homedir", gnupg, "--armor", "--export", "fixture@example.com"]));
    const sshKey = join(work, "id_ed25519");
    run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "fixture@example.com", "-f", sshKey]);
    run("ssh-keygen", ["-q", "-s", sshKey, "-I", "fixture", "-n", "fixture", `${sshKey}.pub`]);
    write("ssh-certificate.pub", readFileSync(`${sshKey}-cert.pub`, "utf8"));
    write("html-page.html", "<!doctype html>\n<html><head><title>Download your certificate</title></head><body><p>Your certificate is ready.</p></body></html>\n");
    write("sec1-ec-private-key.der", new Uint8Array(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "sec1", format: "der" })));
    write("new-certificate-request-label.pem", run("openssl", ["req", "-new", "-key", join(work, "eku.key"), "-subj", "/CN=csr.fixture.example"]).replace(/CERTIFICATE REQUEST/g, "NEW CERTIFICATE REQUEST"));

    // Real-world certificate kinds that must be read, each made by openssl.
    write("rsa-pss-certificate.pem", opensslCertificate(work, "pss", ["-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048"]));
    write("ed448-certificate.pem", opensslCertificate(work, "ed448", ["-algorithm", "ED448"]));
    write("dsa-certificate.pem", (() => {
      const parameters = join(work, "dsa.param");
      run("openssl", ["genpkey", "-genparam", "-algorithm", "DSA", "-pkeyopt", "dsa_paramgen_bits:2048", "-out", parameters]);
      return opensslCertificate(work, "dsa", ["-paramfile", parameters]);
    })());
    write("secp256k1-certificate.pem", opensslCertificate(work, "k1", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1"]));
    write("brainpool-certificate.pem", opensslCertificate(work, "brainpool", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:brainpoolP256r1"]));
    write("explicit-curve-parameters.pem", opensslCertificate(work, "explicit", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-pkeyopt", "ec_param_enc:explicit"]));
    write("md5-signed-certificate.pem", opensslCertificate(work, "md5", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], ["-md5"]));
    write("negative-serial.pem", opensslCertificate(work, "negative", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], ["-set_serial", "-12345"]));
    write("openssl-certificate-with-san.pem", opensslCertificate(work, "san", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], ["-addext", "subjectAltName=DNS:san.fixture.example"]));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function writeTemp(work: string, name: string, content: string): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

/** What OpenSSL reads in one real certificate, for the fields Node's X509Certificate does not expose. */
export interface OpensslFields {
  readonly signatureAlgorithm: string;
  readonly keyUsage?: string;
  readonly basicConstraints?: string;
  readonly subjectKeyIdentifier?: string;
  readonly authorityKeyIdentifier?: string;
  readonly crlDistributionPoints: readonly string[];
  readonly certificatePolicies: readonly string[];
}

/** The lines under one extension's heading in `openssl x509 -noout -ext NAME`, trimmed. */
function extensionLines(file: string, name: string): string[] | undefined {
  const out = run("openssl", ["x509", "-in", file, "-noout", "-ext", name]);
  const lines = out.split("\n").map((line) => line.trim()).filter((line) => line.length > 0);
  return lines.length > 1 ? lines.slice(1) : undefined;
}

/**
 * test/fixtures/real/openssl-fields.json: for each certificate under test/fixtures/real, what
 * OpenSSL prints for the fields Node's X509Certificate does not expose.
 *   npx tsx test/support/makeFixtures.ts real
 */
function writeRealCertificateReference(): void {
  const realRoot = join(__dirname, "..", "fixtures", "real");
  const reference: Record<string, OpensslFields> = {};
  for (const directory of readdirSync(realRoot, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    for (const name of readdirSync(join(realRoot, directory.name)).sort()) {
      const file = join(realRoot, directory.name, name);
      const text = run("openssl", ["x509", "-in", file, "-noout", "-text"]);
      const signatureAlgorithm = /Signature Algorithm: (\S+)/.exec(text)?.[1] ?? "";
      const keyUsage = extensionLines(file, "keyUsage")?.join(" ");
      const basicConstraints = extensionLines(file, "basicConstraints")?.join(" ");
      const subjectKeyIdentifier = extensionLines(file, "subjectKeyIdentifier")?.[0];
      const authorityKeyIdentifier = extensionLines(file, "authorityKeyIdentifier")
        ?.map((line) => line.replace(/^keyid:/, ""))
        .find((line) => /^[0-9A-F]{2}(:[0-9A-F]{2})*$/.test(line));
      const crl = extensionLines(file, "crlDistributionPoints") ?? [];
      const policies = extensionLines(file, "certificatePolicies") ?? [];
      reference[`${directory.name}/${name}`] = {
        signatureAlgorithm,
        ...(keyUsage ? { keyUsage } : {}),
        ...(basicConstraints ? { basicConstraints } : {}),
        ...(subjectKeyIdentifier ? { subjectKeyIdentifier } : {}),
        ...(authorityKeyIdentifier ? { authorityKeyIdentifier } : {}),
        crlDistributionPoints: crl.filter((line) => line.startsWith("URI:")).map((line) => line.slice(4)),
        certificatePolicies: policies.filter((line) => line.startsWith("Policy: ")).map((line) => line.slice(8)),
      };
    }
  }
  writeFileSync(join(realRoot, "openssl-fields.json"), `${JSON.stringify(reference, null, 2)}\n`);
}

if (process.argv.includes("real")) {
  writeRealCertificateReference();
} else if (process.argv.includes("hostile")) {
  writeHostileFixtures().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
