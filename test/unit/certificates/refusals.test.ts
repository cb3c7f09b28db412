// Everything that is not a certificate to upload, one committed fixture each (made by real
// tools, see test/fixtures/README.md), refused with its own problem, place and message; and the
// odd and hostile inputs that are certificates after all, read with exactly the warnings they need.
// Each file is read as bytes, the way the extension reads files, and text files also as a
// string, the way it reads an editor.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CertificateInputError, type CertificateInputProblem } from "../../../src/certificates/errors";
import { X509Certificate } from "node:crypto";
import { readCertificates, type CertificateDocument } from "../../../src/certificates/read";
import { uploadWarnings, type CertificateWarningCode } from "../../../src/certificates/warnings";

const BAD = join(__dirname, "..", "..", "fixtures", "bad");

/** Text of the file → expected value, for what depends on how long a generated certificate came out. */
type FromText<T> = (text: string) => T;

interface Refusal {
  readonly file: string;
  readonly problem: CertificateInputProblem;
  readonly block?: number;
  readonly line?: number | FromText<number>;
  /** Phrases the message must contain: what was found, and what to do. */
  readonly says: readonly (string | RegExp | FromText<string>)[];
  /** Binary files are only read as bytes. */
  readonly binary?: boolean;
}

/** 1-based line of the `occurrence`-th line that contains `marker`. */
function lineOf(marker: string, occurrence = 1): FromText<number> {
  return (text) => {
    let seen = 0;
    const index = text.split("\n").findIndex((line) => line.includes(marker) && ++seen === occurrence);
    assert.ok(index >= 0, `no ${marker} #${occurrence} in the fixture`);
    return index + 1;
  };
}

const KEY_STAYS = "upload the certificate; the key stays on your machine.";

const REFUSALS: readonly Refusal[] = [
  { file: "pkcs1-rsa-private-key.pem", problem: "privateKey", block: 1, line: 1, says: ["Block 1 (line 1) is a private key (PKCS#1 RSA), not a certificate", KEY_STAYS] },
  { file: "sec1-ec-private-key.pem", problem: "privateKey", block: 1, line: 1, says: ["Block 1 (line 1) is a private key (SEC1 EC), not a certificate", KEY_STAYS] },
  { file: "dsa-private-key.pem", problem: "privateKey", block: 1, line: 1, says: ["Block 1 (line 1) is a private key (DSA), not a certificate", KEY_STAYS] },
  { file: "pkcs8-private-key.pem", problem: "privateKey", block: 1, line: 1, says: ["Block 1 (line 1) is a private key (PKCS#8), not a certificate: upload the certificate; the key stays on your machine."] },
  { file: "encrypted-pkcs8-private-key.pem", problem: "encryptedPrivateKey", block: 1, line: 1, says: ["is an encrypted private key (PKCS#8)", KEY_STAYS] },
  { file: "traditional-encrypted-rsa-private-key.pem", problem: "encryptedPrivateKey", block: 1, line: 1, says: ["is an encrypted private key (PKCS#1 RSA)", KEY_STAYS] },
  { file: "pkcs8-private-key.der", problem: "privateKey", says: ["The file is a private key (PKCS#8), not a certificate", KEY_STAYS], binary: true },
  { file: "pkcs1-rsa-private-key.der", problem: "privateKey", says: ["The file is a private key (PKCS#1 RSA)", KEY_STAYS], binary: true },
  { file: "openssh-private-key", problem: "sshKey", block: 1, line: 1, says: ["is an OpenSSH private key", "needs an X.509 certificate"] },
  { file: "ssh-public-key.pub", problem: "sshKey", line: 1, says: ["Line 1 is an SSH public key, not an X.509 certificate"] },
  { file: "ssh2-public-key.pub", problem: "sshKey", line: 1, says: ["Line 1 is an SSH public key"] },
  { file: "public-key.pem", problem: "publicKey", block: 1, line: 1, says: ["is a public key, not a certificate", "upload the certificate that holds this key"] },
  { file: "rsa-public-key.pem", problem: "publicKey", block: 1, line: 1, says: ["is a public key"] },
  { file: "public-key.der", problem: "publicKey", says: ["The file is a public key"], binary: true },
  { file: "certificate-request.csr", problem: "csr", block: 1, line: 1, says: ["is a certificate signing request (CSR), not a certificate", "upload the certificate your CA issued from it"] },
  { file: "certificate-request.der", problem: "csr", says: ["The file is a certificate signing request (CSR)"], binary: true },
  { file: "revocation-list.crl", problem: "crl", block: 1, line: 1, says: ["is a certificate revocation list (CRL)", "upload the CA certificate itself"] },
  { file: "bundle.p7b", problem: "pkcs7", block: 1, line: 1, says: ["is a PKCS#7 bundle", "openssl pkcs7 -print_certs -in FILE`"] },
  { file: "bundle-cms.p7c", problem: "pkcs7", block: 1, line: 1, says: ["is a PKCS#7 bundle"] },
  { file: "bundle-der.p7b", problem: "pkcs7", says: ["The file is a PKCS#7 bundle", "-inform DER"], binary: true },
  { file: "bundle.p12", problem: "pkcs12", says: ["The file is a PKCS#12 (PFX) bundle", "openssl pkcs12 -in FILE -nokeys"], binary: true },
  { file: "empty.pem", problem: "empty", says: [/^The (file|text) is empty: there is no certificate in it\.$/] },
  { file: "whitespace-only.pem", problem: "empty", says: ["holds only white space"] },
  { file: "base64-not-a-certificate.txt", problem: "notCertificate", says: ["The text is base64, but it does not decode to a certificate"] },
  { file: "truncated-block.pem", problem: "truncated", block: 1, line: 1, says: ["Block 1 (line 1) starts with -----BEGIN CERTIFICATE----- but has no -----END CERTIFICATE----- line", "cut short"] },
  {
    file: "end-without-begin.pem",
    problem: "truncated",
    block: 1,
    line: lineOf("-----END"),
    says: [(text) => `Line ${lineOf("-----END")(text)} has -----END CERTIFICATE----- with no -----BEGIN CERTIFICATE----- before it`],
  },
  { file: "mismatched-end-label.pem", problem: "truncated", block: 1, line: 1, says: [(text) => `ends with -----END PRIVATE KEY----- on line ${lineOf("-----END")(text)}`] },
  { file: "empty-block.pem", problem: "truncated", block: 1, line: 1, says: ["Block 1 (line 1) is empty"] },
  { file: "broken-base64.pem", problem: "badBase64", block: 1, line: 5, says: ["Block 1 (line 1): line 5 is not valid base64 (“!” at column 11)", "copy it again"] },
  { file: "cloudflare-response-with-escaped-pem.json", problem: "badBase64", block: 1, line: 1, says: ["“\\n” escapes, as in a JSON string"] },
  { file: "openssl-text-dump.txt", problem: "notCertificate", line: 1, says: ["as `openssl x509 -text` prints it", "without -noout"] },
  { file: "random.bin", problem: "notCertificate", says: ["The file is binary and is not a DER certificate"], binary: true },
  { file: "cloudflare-accounts.json", problem: "notCertificate", says: ["The text is JSON, not a certificate"] },
  { file: "cut-der-certificate.pem", problem: "undecodable", block: 1, line: 1, says: ["is labelled CERTIFICATE, but it is not a valid X.509 certificate", /the data ends after \d+ of \d+ bytes, so it was cut short/] },
  { file: "private-key-labelled-certificate.pem", problem: "undecodable", block: 1, line: 1, says: ["is labelled CERTIFICATE", "it holds a private key (PKCS#8)"] },
  { file: "random-bytes-labelled-certificate.pem", problem: "undecodable", block: 1, line: 1, says: ["is not a valid X.509 certificate"] },
  { file: "unknown-label.pem", problem: "unknownBlock", block: 1, line: 1, says: ["is labelled “SSL SESSION PARAMETERS”, which is not a certificate"] },
  { file: "ec-parameters-only.pem", problem: "noCertificate", block: 1, line: 1, says: ["holds key parameters (“EC PARAMETERS”), not a certificate"] },
  {
    file: "certificate-and-csr.pem",
    problem: "csr",
    block: 2,
    line: lineOf("-----BEGIN", 2),
    says: [(text) => `Block 2 (line ${lineOf("-----BEGIN", 2)(text)}) is a certificate signing request (CSR)`, "remove it from the file"],
  },
  {
    file: "certificate-and-public-key.pem",
    problem: "publicKey",
    block: 2,
    line: lineOf("-----BEGIN", 2),
    says: [(text) => `Block 2 (line ${lineOf("-----BEGIN", 2)(text)}) is a public key`, "remove it from the file"],
  },

  // Added for issue 12: hostile and odd inputs (test/support/makeFixtures.ts hostile).
  { file: "base64-one-character-short.pem", problem: "badBase64", block: 1, line: 1, says: ["is not valid base64: some characters are missing"] },
  { file: "begin-inside-block.pem", problem: "truncated", block: 1, line: 1, says: ["but a new block begins on line 6 before its -----END CERTIFICATE----- line"] },
  { file: "bom-only.pem", problem: "empty", says: [/^The (file|text) is empty: there is no certificate in it\.$/] },
  { file: "cp1252-quote-inside-base64.pem", problem: "badBase64", block: 1, line: 4, says: ["line 4 is not valid base64 (a byte that is not UTF-8 text at column 1)"], binary: true },
  { file: "deeply-nested-sequences.pem", problem: "undecodable", block: 1, line: 1, says: ["is labelled CERTIFICATE, but it is not a valid X.509 certificate"] },
  { file: "der-cut-after-one-byte.der", problem: "notCertificate", says: ["No certificate found"], binary: true },
  { file: "der-cut-by-one-byte.der", problem: "undecodable", says: [/^The file is not a valid X\.509 certificate: the data ends after (\d+) of \d+ bytes, so it was cut short/], binary: true },
  { file: "der-cut-in-half.der", problem: "undecodable", says: ["so it was cut short"], binary: true },
  { file: "der-indefinite-length.der", problem: "undecodable", says: ["it is BER with indefinite lengths, not DER: re-encode it with `openssl x509 -inform DER"], binary: true },
  { file: "der-length-overflow.der", problem: "undecodable", says: ["its length header says 4,294,967,301 bytes, more than any certificate holds"], binary: true },
  { file: "empty-sequence.pem", problem: "undecodable", block: 1, line: 1, says: ["is not a valid X.509 certificate"] },
  { file: "end-only.pem", problem: "truncated", block: 1, line: 1, says: ["Line 1 has -----END CERTIFICATE----- with no -----BEGIN CERTIFICATE----- before it"] },
  { file: "generalizedtime-not-a-time.pem", problem: "undecodable", block: 1, line: 1, says: ["Block 1 (line 1) holds a certificate that cannot be read: its notBefore (the start of its validity) is “20251301000000Z”, which is not a time"] },
  { file: "utctime-not-a-time.pem", problem: "undecodable", block: 1, line: 1, says: ["its notAfter (the end of its validity) is “451399000000Z”, which is not a time"] },
  { file: "gzip-compressed.pem.gz", problem: "notCertificate", says: ["The file is gzip-compressed, not a certificate: decompress it"], binary: true },
  { file: "zip-archive.zip", problem: "notCertificate", says: ["The file is a ZIP archive, not a certificate"], binary: true },
  { file: "java-keystore.jks", problem: "notCertificate", says: ["The file is a Java KeyStore (JKS)", "keytool -exportcert -rfc"], binary: true },
  { file: "html-page.html", problem: "notCertificate", says: ["No certificate found: the text has no -----BEGIN CERTIFICATE----- block."] },
  { file: "kubernetes-secret-data.txt", problem: "notCertificate", says: ["The text is base64 of PEM text", "base64 -d"] },
  { file: "latin1-text-without-pem.txt", problem: "notCertificate", line: 1, says: ["The file is text with a byte that is not UTF-8 (0xFC) on line 1, not a DER certificate"], binary: true },
  { file: "log-prefixed-lines.log", problem: "badBase64", block: 1, line: 2, says: ["line 2 is not valid base64 (“-” at column 5)"] },
  { file: "new-certificate-request-label.pem", problem: "csr", block: 1, line: 1, says: ["is a certificate signing request (CSR)"] },
  { file: "nul-inside-base64.pem", problem: "badBase64", block: 1, line: 4, says: ["line 4 is not valid base64 (U+0000 at column 9)"] },
  { file: "openpgp-public-key.asc", problem: "unknownBlock", block: 1, line: 1, says: ["is labelled “PGP PUBLIC KEY BLOCK”, which is not a certificate"] },
  { file: "padding-in-the-middle.pem", problem: "badBase64", block: 1, line: 1, says: ["it has “=” padding in the middle"] },
  { file: "sec1-ec-private-key.der", problem: "privateKey", says: ["The file is a private key (SEC1 EC)", KEY_STAYS], binary: true },
  { file: "ssh-certificate.pub", problem: "sshKey", line: 1, says: ["Line 1 is an OpenSSH certificate, not an X.509 certificate"] },
  { file: "tbs-certificate-only.pem", problem: "undecodable", block: 1, line: 1, says: ["is not a valid X.509 certificate"] },
  { file: "three-begins.pem", problem: "truncated", block: 1, line: 1, says: ["a new block begins on line 2"] },
  { file: "too-many-sans.der", problem: "undecodable", says: ["The file holds a certificate that cannot be read: its Subject Alternative Name extension holds more than 12,000 ASN.1 elements"], binary: true },
];

/** Inputs that are read, with what must come out: how many certificates, which warnings (exactly), and what they say. */
interface Acceptance {
  readonly file: string;
  readonly certificates: number;
  readonly warnings: readonly CertificateWarningCode[];
  readonly says?: readonly (string | RegExp)[];
  /** Files that are only read as bytes (not UTF-8, or meant as DER). */
  readonly binary?: boolean;
  readonly check?: (document: CertificateDocument, bytes: Uint8Array) => void;
}

/** When the warnings are computed: every fixture certificate is valid then. */
const WARNING_TIME = new Date("2027-06-01T00:00:00Z");

function nodeFirst(bytes: Uint8Array): X509Certificate {
  const text = Buffer.from(bytes).toString("latin1");
  const block = /-----BEGIN [A-Z0-9 .]*CERTIFICATE-----[\s\S]*?-----END [A-Z0-9 .]*CERTIFICATE-----/i.exec(text)?.[0];
  return new X509Certificate(block ? block.replace(/X509 CERTIFICATE|certificate/g, "CERTIFICATE") : bytes);
}

function sameDatesAsNode(document: CertificateDocument, bytes: Uint8Array): void {
  const node = nodeFirst(bytes);
  assert.equal(document.certificates[0]?.notBefore.getTime(), Date.parse(node.validFrom));
  assert.equal(document.certificates[0]?.notAfter.getTime(), Date.parse(node.validTo));
}

const ACCEPTED: readonly Acceptance[] = [
  { file: "bad-signature.pem", certificates: 2, warnings: ["brokenChain"], says: ["does not verify with the public key of “Fixture Hostile CA”"] },
  { file: "root-with-bad-self-signature.pem", certificates: 1, warnings: ["brokenChain"], says: ["names itself as issuer, but its signature does not verify with its own key"] },
  { file: "chain-issuer-not-ca.pem", certificates: 3, warnings: ["brokenChain"], says: ["“Not A CA” signed “under-leaf.fixture.example”, but it is not a CA (basicConstraints CA:FALSE)"] },
  { file: "chain-issuer-without-basic-constraints.pem", certificates: 3, warnings: ["brokenChain"], says: ["it has no basicConstraints extension, so it is not a CA"] },
  { file: "chain-issuer-without-keycertsign.pem", certificates: 3, warnings: ["brokenChain"], says: ["its key usage lacks keyCertSign"] },
  { file: "chain-pathlen-exceeded.pem", certificates: 3, warnings: ["brokenChain"], says: ["“PathLen 0 Root” allows 0 CA certificates between itself and the leaf (pathLenConstraint 0), but this chain has 1"] },
  { file: "chain-validity-not-nested.pem", certificates: 2, warnings: ["validityNotNested"], says: ["is valid until 2050-01-01, but “Fixture Hostile CA”, which issued it, expires on 2045-01-01"] },
  {
    file: "four-hundred-same-named.pem",
    certificates: 400,
    warnings: ["ambiguousChain", "brokenChain"],
    says: ["399 certificates in the file have that name; checking stopped after 4 of them, so which one issued it cannot be told"],
    check: (document) => assert.ok(document.chain.ordered.every((link) => link.signatureVerified !== true)),
  },
  { file: "inverted-validity.pem", certificates: 1, warnings: ["invertedValidity"], says: ["has its validity period inverted: it ends (2030-01-01) before it begins (2040-01-01), so it can never be valid"] },
  { file: "latin1-comment.pem", certificates: 2, warnings: ["invalidText"], says: ["a byte that is not UTF-8 (0xFC) on line 1, outside the certificate blocks"], binary: true },
  { file: "cp1252-quotes-comment.pem", certificates: 1, warnings: ["invalidText"], says: ["a byte that is not UTF-8 (0x93) on line 1"], binary: true },
  { file: "nul-in-comment.pem", certificates: 1, warnings: ["invalidText"], says: ["a control character (0x00) on line 1"], binary: true },
  { file: "utf16le-without-bom.pem", certificates: 1, warnings: [], binary: true },
  { file: "utf16be-without-bom.pem", certificates: 1, warnings: [], binary: true },
  { file: "der-with-trailing-garbage.der", certificates: 1, warnings: ["trailingData"], says: ["The file has 16 bytes after the certificate that are not part of it"], binary: true },
  { file: "der-with-trailing-newline.der", certificates: 1, warnings: [], binary: true },
  { file: "two-certificates-in-one-block.pem", certificates: 1, warnings: ["trailingData"], says: [/^Block 1 \(line 1\) holds a second DER object \(\d+ bytes\) after the certificate/] },
  { file: "two-der-certificates-concatenated.der", certificates: 1, warnings: ["trailingData"], says: ["The file holds a second DER object"], binary: true },
  { file: "trusted-certificate.pem", certificates: 1, warnings: ["trailingData"], says: ["is an OpenSSL TRUSTED CERTIFICATE: its trust settings"] },
  { file: "utctime-without-seconds.pem", certificates: 1, warnings: [], check: sameDatesAsNode },
  { file: "utctime-with-offset.pem", certificates: 1, warnings: [], check: sameDatesAsNode },
  { file: "universalstring-above-bmp.pem", certificates: 1, warnings: [], check: (document) => assert.equal(document.certificates[0]?.subject.parts[0]?.value, "日本 😀") },
  { file: "numericstring-serialnumber.pem", certificates: 1, warnings: [], check: (document) => assert.match(document.certificates[0]?.subject.cloudflare ?? "", /SERIALNUMBER=0123 4567/) },
  { file: "visiblestring-organization.pem", certificates: 1, warnings: [], check: (document) => assert.equal(document.certificates[0]?.subject.parts[0]?.value, "Visible Fixture Org") },
  { file: "pathlen-2147483647.pem", certificates: 1, warnings: [], check: (document) => assert.equal(document.certificates[0]?.basicConstraints?.pathLength, 2147483647) },
  {
    file: "extended-key-usages-openssl-names.pem",
    certificates: 1,
    warnings: [],
    check: (document) =>
      assert.deepEqual(
        document.certificates[0]?.extendedKeyUsage.map((usage) => usage.name),
        ["Netscape Server Gated Crypto", "Microsoft Server Gated Crypto", "Microsoft Individual Code Signing", "TLS Web Client Authentication"],
      ),
  },
  { file: "ten-thousand-sans.der", certificates: 1, warnings: [], binary: true, check: (document) => assert.equal(document.certificates[0]?.subjectAlternativeNames.length, 10_000) },
  { file: "classic-mac-line-ends.pem", certificates: 1, warnings: [] },
  { file: "lowercase-label.pem", certificates: 1, warnings: [] },
  { file: "x509-certificate-label.pem", certificates: 1, warnings: [] },
  { file: "one-line-pem.pem", certificates: 1, warnings: [] },
  { file: "tab-indented-in-yaml.yaml", certificates: 1, warnings: [] },
  { file: "rsa-pss-certificate.pem", certificates: 1, warnings: [], check: (document) => assert.equal(document.certificates[0]?.signatureAlgorithm.cloudflare, "SHA256WithRSAPSS") },
  { file: "ed448-certificate.pem", certificates: 1, warnings: [], check: (document) => assert.equal(document.certificates[0]?.publicKey.description, "Ed448") },
  { file: "dsa-certificate.pem", certificates: 1, warnings: [], check: (document) => assert.equal(document.certificates[0]?.signatureAlgorithm.cloudflare, "DSAWithSHA256") },
  { file: "secp256k1-certificate.pem", certificates: 1, warnings: [], check: (document) => assert.equal(document.certificates[0]?.publicKey.description, "EC secp256k1") },
  { file: "brainpool-certificate.pem", certificates: 1, warnings: [], check: (document) => assert.equal(document.certificates[0]?.publicKey.description, "EC brainpoolP256r1") },
  { file: "explicit-curve-parameters.pem", certificates: 1, warnings: [], check: (document) => assert.equal(document.certificates[0]?.publicKey.description, "EC (explicit curve parameters)") },
  { file: "md5-signed-certificate.pem", certificates: 1, warnings: [], check: (document) => assert.equal(document.certificates[0]?.signatureAlgorithm.cloudflare, "MD5WithRSA") },
  { file: "negative-serial.pem", certificates: 1, warnings: [], check: (document) => assert.equal(document.certificates[0]?.serialNumber.decimal, "-12345") },
  { file: "openssl-certificate-with-san.pem", certificates: 1, warnings: [], check: (document) => assert.deepEqual(document.certificates[0]?.subjectAlternativeNames, [{ type: "dns", value: "san.fixture.example" }]) },
];

function assertRefusal(error: unknown, expected: Refusal, text: string): void {
  assert.ok(error instanceof CertificateInputError, `expected a CertificateInputError, got ${String(error)}`);
  assert.equal(error.problem, expected.problem);
  assert.equal(error.block, expected.block);
  assert.equal(error.line, typeof expected.line === "function" ? expected.line(text) : expected.line);
  for (const phrase of expected.says) {
    if (phrase instanceof RegExp) {
      assert.match(error.message, phrase);
    } else {
      const wanted = typeof phrase === "function" ? phrase(text) : phrase;
      assert.ok(error.message.includes(wanted), `“${error.message}” should say “${wanted}”`);
    }
  }
  assert.doesNotMatch(error.message, /undefined|NaN|\[object/);
  // One or two sentences, ending as a sentence does.
  assert.match(error.message, /[.!]$/);
}

async function refusalOf(input: string | Uint8Array): Promise<unknown> {
  try {
    await readCertificates(input);
  } catch (error) {
    return error;
  }
  return assert.fail("the input was accepted");
}

suite("certificates/read: refusals", () => {
  test("there are at least 100 fixtures, and every one is in a table", () => {
    const files = readdirSync(BAD).sort();
    assert.ok(files.length >= 100, `${files.length} fixtures`);
    assert.deepEqual(files, [...REFUSALS.map((refusal) => refusal.file), ...ACCEPTED.map((accepted) => accepted.file)].sort());
  });

  for (const refusal of REFUSALS) {
    test(`${refusal.file} → ${refusal.problem}`, async () => {
      const bytes = new Uint8Array(readFileSync(join(BAD, refusal.file)));
      const text = new TextDecoder().decode(bytes);
      assertRefusal(await refusalOf(bytes), refusal, text);
      if (!refusal.binary) {
        assertRefusal(await refusalOf(text), refusal, text);
      }
    });
  }

  for (const accepted of ACCEPTED) {
    test(`${accepted.file} → read, ${accepted.warnings.length === 0 ? "no warnings" : accepted.warnings.join(", ")}`, async () => {
      const bytes = new Uint8Array(readFileSync(join(BAD, accepted.file)));
      const inputs: (string | Uint8Array)[] = accepted.binary ? [bytes] : [bytes, new TextDecoder().decode(bytes)];
      for (const input of inputs) {
        const document = await readCertificates(input);
        assert.equal(document.certificates.length, accepted.certificates);
        const warnings = uploadWarnings(document, "leaf", WARNING_TIME);
        assert.deepEqual([...new Set(warnings.map((warning) => warning.code))].sort(), [...accepted.warnings].sort());
        for (const phrase of accepted.says ?? []) {
          assert.ok(
            warnings.some((warning) => (phrase instanceof RegExp ? phrase.test(warning.message) : warning.message.includes(phrase))),
            `no warning says “${String(phrase)}”: ${warnings.map((warning) => warning.message).join(" | ")}`,
          );
        }
        for (const warning of warnings) {
          assert.doesNotMatch(warning.message, /undefined|NaN|\[object/);
        }
        accepted.check?.(document, bytes);
      }
    });
  }
});
