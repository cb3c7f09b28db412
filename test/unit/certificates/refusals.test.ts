// Everything that is not a certificate to upload, one committed fixture each (made by real
// tools, see test/fixtures/README.md), refused with its own problem, place and message.
// Each file is read as bytes, the way the extension reads files, and text files also as a
// string, the way it reads an editor.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CertificateInputError, type CertificateInputProblem } from "../../../src/certificates/errors";
import { readCertificates } from "../../../src/certificates/read";

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
  test("there are at least 25 fixtures, and every one is in the table", () => {
    const files = readdirSync(BAD).sort();
    assert.ok(files.length >= 25, `${files.length} fixtures`);
    assert.deepEqual(files, REFUSALS.map((refusal) => refusal.file).sort());
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
});
