// The wording of every refusal: what was found, where, and what to do instead. One place, so
// the messages stay consistent and the tests can read them as a table.
import { CertificateInputError, describeLocation, type CertificateInputProblem, type InputLocation } from "./errors";
import type { ContentKind } from "./formats";

export type NonCertificateKind = Exclude<ContentKind, "certificate">;

const CERTIFICATE_BLOCK = "-----BEGIN CERTIFICATE-----";

export function describeKind(kind: NonCertificateKind, encrypted = false): string {
  const privateKey = encrypted ? "an encrypted private key" : "a private key";
  switch (kind) {
    case "pkcs8":
      return `${privateKey} (PKCS#8)`;
    case "pkcs1-rsa":
      return `${privateKey} (PKCS#1 RSA)`;
    case "sec1-ec":
      return `${privateKey} (SEC1 EC)`;
    case "encrypted-pkcs8":
      return "an encrypted private key (PKCS#8)";
    case "openssh":
      return "an OpenSSH private key";
    case "dsa-private-key":
      return `${privateKey} (DSA)`;
    case "publicKey":
      return "a public key";
    case "csr":
      return "a certificate signing request (CSR)";
    case "crl":
      return "a certificate revocation list (CRL)";
    case "pkcs7":
      return "a PKCS#7 bundle";
    case "pkcs12":
      return "a PKCS#12 (PFX) bundle";
    case "sshPublicKey":
      return "an SSH public key";
    case "parameters":
      return "key parameters";
    case "unknown":
      return "data of an unknown kind";
  }
}

export function problemOf(kind: NonCertificateKind, encrypted = false): CertificateInputProblem {
  switch (kind) {
    case "pkcs8":
    case "pkcs1-rsa":
    case "sec1-ec":
    case "dsa-private-key":
      return encrypted ? "encryptedPrivateKey" : "privateKey";
    case "encrypted-pkcs8":
      return "encryptedPrivateKey";
    case "openssh":
    case "sshPublicKey":
      return "sshKey";
    case "publicKey":
      return "publicKey";
    case "csr":
      return "csr";
    case "crl":
      return "crl";
    case "pkcs7":
      return "pkcs7";
    case "pkcs12":
      return "pkcs12";
    case "parameters":
      return "noCertificate";
    case "unknown":
      return "unknownBlock";
  }
}

function nextStep(kind: NonCertificateKind, binary: boolean): string {
  switch (kind) {
    case "pkcs8":
    case "pkcs1-rsa":
    case "sec1-ec":
    case "encrypted-pkcs8":
    case "dsa-private-key":
      return "upload the certificate; the key stays on your machine.";
    case "openssh":
    case "sshPublicKey":
      return `Cloudflare mTLS needs an X.509 certificate (${CERTIFICATE_BLOCK}), not an SSH key.`;
    case "publicKey":
      return "upload the certificate that holds this key.";
    case "csr":
      return "upload the certificate your CA issued from it.";
    case "crl":
      return "upload the CA certificate itself.";
    case "pkcs7":
      return `extract the certificates with \`openssl pkcs7 -print_certs -in FILE${binary ? " -inform DER" : ""}\` and upload those.`;
    case "pkcs12":
      return "it is protected by a password and holds a private key; extract the certificate with `openssl pkcs12 -in FILE -nokeys -out certificate.pem` and upload that.";
    case "parameters":
      return "upload the certificate.";
    case "unknown":
      return `only ${CERTIFICATE_BLOCK} blocks can be uploaded.`;
  }
}

export interface RefusalContext {
  /** Certificates were found too: the stray block should be removed rather than replaced. */
  readonly besideCertificates?: boolean;
  /** The input was binary (DER), which changes the openssl advice. */
  readonly binary?: boolean;
  /** A legacy "Proc-Type: 4,ENCRYPTED" key. */
  readonly encrypted?: boolean;
  /** The PEM label, for blocks of an unknown kind. */
  readonly label?: string;
  /** Overrides "Block n (line m)" when the input has no blocks: "The file", "The text (base64, no PEM armour)". */
  readonly subject?: string;
}

/** "Block 2 (line 31) is a certificate signing request (CSR), not a certificate: …" */
export function refuse(kind: NonCertificateKind, location: InputLocation, context: RefusalContext = {}): CertificateInputError {
  const where = context.subject ?? describeLocation(location);
  let what = `is ${describeKind(kind, context.encrypted)}, not a certificate`;
  if (kind === "unknown" && context.label) {
    what = `is labelled “${context.label}”, which is not a certificate`;
  } else if (kind === "parameters" && context.label) {
    what = `holds key parameters (“${context.label}”), not a certificate`;
  }
  const step = context.besideCertificates ? `remove it from the file (or select only the certificates) and try again.` : nextStep(kind, context.binary ?? false);
  return new CertificateInputError(problemOf(kind, context.encrypted), `${where} ${what}: ${step}`, location);
}

/** Only private keys, no certificate: name the first key and say how many there are. */
export function refuseKeysOnly(first: { kind: NonCertificateKind; encrypted: boolean; location: InputLocation }, count: number): CertificateInputError {
  const where = describeLocation(first.location);
  const description = describeKind(first.kind, first.encrypted);
  const step =
    first.kind === "openssh"
      ? `${nextStep("openssh", false)} The key stays on your machine.`
      : `upload the certificate; ${count === 1 ? "the key stays" : "the keys stay"} on your machine.`;
  const message =
    count === 1
      ? `${where} is ${description}, not a certificate: ${step}`
      : `${where} is ${description}, and the file holds no certificate, only ${count} private keys: ${step}`;
  const problem = first.kind === "openssh" ? "sshKey" : problemOf(first.kind, first.encrypted);
  return new CertificateInputError(problem, message, first.location);
}

export function refuseEmpty(whitespaceOnly: boolean, binary: boolean): CertificateInputError {
  const message = whitespaceOnly
    ? "The text holds only white space: there is no certificate in it."
    : `The ${binary ? "file" : "text"} is empty: there is no certificate in it.`;
  return new CertificateInputError("empty", message);
}

export function refuseTooLarge(size: number, limit: number): CertificateInputError {
  const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  return new CertificateInputError(
    "tooLarge",
    `The input is ${megabytes(size)}, over the ${megabytes(limit)} limit for certificate files: pick the certificate file itself, not an archive or a log.`,
  );
}

export function refuseOpensslText(line: number): CertificateInputError {
  return new CertificateInputError(
    "notCertificate",
    `Line ${line} starts the text form of a certificate (as \`openssl x509 -text\` prints it), without its PEM block: open the .pem or .crt file itself, or run openssl again without -noout to keep the ${CERTIFICATE_BLOCK} block.`,
    { line },
  );
}

export function refuseJson(): CertificateInputError {
  return new CertificateInputError("notCertificate", `The text is JSON, not a certificate: open the certificate file (${CERTIFICATE_BLOCK}) instead.`);
}

export function refuseSshText(line: number, kind: "putty" | "publicKey" | "certificate"): CertificateInputError {
  const what = kind === "putty" ? "a PuTTY key" : kind === "certificate" ? "an OpenSSH certificate" : "an SSH public key";
  return new CertificateInputError(
    "sshKey",
    `Line ${line} is ${what}, not an X.509 certificate: Cloudflare mTLS needs an X.509 certificate (${CERTIFICATE_BLOCK}), not an SSH ${kind === "certificate" ? "certificate" : "key"}.`,
    { line },
  );
}

export function refuseNoArmour(base64: boolean): CertificateInputError {
  return new CertificateInputError(
    "notCertificate",
    base64
      ? `The text is base64, but it does not decode to a certificate (nor to a key, CSR, CRL, PKCS#7 or PKCS#12): paste the certificate, from ${CERTIFICATE_BLOCK} to its END line.`
      : `No certificate found: the text has no ${CERTIFICATE_BLOCK} block.`,
  );
}

/** Text with a byte that is not UTF-8 (or a control character), and no PEM block in it. */
export function refuseOddText(what: string, line: number): CertificateInputError {
  return new CertificateInputError(
    "notCertificate",
    `The file is text with ${what} on line ${line}, not a DER certificate, and it holds no ${CERTIFICATE_BLOCK} block: pick the certificate file (.pem, .crt, .cer or .der).`,
    { line },
  );
}

/** Archives and key stores people pick by mistake, by their first bytes. */
const CONTAINERS: readonly (readonly [magic: readonly number[], message: string])[] = [
  [[0x1f, 0x8b], "The file is gzip-compressed, not a certificate: decompress it (`gunzip`) and pick the certificate inside."],
  [[0x50, 0x4b, 0x03, 0x04], "The file is a ZIP archive, not a certificate: extract it and pick the certificate file inside."],
  [[0xfe, 0xed, 0xfe, 0xed], "The file is a Java KeyStore (JKS), not a certificate: export the certificate with `keytool -exportcert -rfc -keystore FILE -alias ALIAS -file certificate.pem` and pick that."],
  [[0xce, 0xce, 0xce, 0xce], "The file is a Java KeyStore (JCEKS), not a certificate: export the certificate with `keytool -exportcert -rfc -keystore FILE -alias ALIAS -file certificate.pem` and pick that."],
];

/** Binary that is none of the DER kinds: an archive or key store when its first bytes say so. */
export function refuseUnknownBinary(bytes: Uint8Array = new Uint8Array(0)): CertificateInputError {
  const container = CONTAINERS.find(([magic]) => magic.every((byte, index) => bytes[index] === byte));
  if (container) {
    return new CertificateInputError("notCertificate", container[1]);
  }
  return refuseBinary();
}

/** Base64 whose bytes are PEM text: a Kubernetes Secret's data field, say. */
export function refuseBase64OfPem(): CertificateInputError {
  return new CertificateInputError(
    "notCertificate",
    `The text is base64 of PEM text (as a Kubernetes Secret's data holds it), not a certificate: decode it first (\`base64 -d\`) and use the ${CERTIFICATE_BLOCK} text it gives.`,
  );
}

function refuseBinary(): CertificateInputError {
  return new CertificateInputError(
    "notCertificate",
    "The file is binary and is not a DER certificate (nor a key, CSR, CRL, PKCS#7 or PKCS#12 file): pick the certificate file (.pem, .crt, .cer or .der).",
  );
}

/** A CERTIFICATE block, or DER, that does not decode as a certificate. */
export function refuseUndecodable(location: InputLocation, reason: string, subject?: string): CertificateInputError {
  const where = subject ?? describeLocation(location);
  const labelled = subject === undefined ? " is labelled CERTIFICATE, but it" : "";
  return new CertificateInputError("undecodable", `${where}${labelled} is not a valid X.509 certificate: ${reason}`, location);
}
