// Reading a user's own certificate signing request (a CSR made with a key the user keeps) and
// checking it before it is sent to Cloudflare's managed CA: the self-signature verifies with the
// request's own public key, the key is of a type and size the CA signs, and the subject names the
// client. Every refusal is a CertificateInputError saying what was found, where, and what to do.
//
// The checks are synchronous and bounded: at most MAX_CSR_BYTES of input, one ASN.1 parse and one
// signature check (Node's crypto.verify, like certificate signatures; see signatures.ts).
//
// What the managed CA takes is unconfirmed (cloudflare-api.md §4 lists no rule): RSA keys of 2048
// bits or more and EC keys on P-256, P-384 or P-521, signed with RSA PKCS#1 v1.5 or ECDSA over
// SHA-256/384/512, the usual set for a public CA. The sandbox applies the same rules, so a CSR
// refused here is refused there, and a rule Cloudflare does not have shows up as a user report.
import { AsnConvert } from "@peculiar/asn1-schema";
import { CertificationRequest } from "@peculiar/asn1-csr";
import { describePublicKey, signatureSchemeOf, type PublicKeyDescription, type SignatureAlgorithm } from "./algorithms";
import { CertificateInputError, describeLocation, type InputLocation } from "./errors";
import { declaredDerLength, kindOfLabel } from "./formats";
import { describeName, type DistinguishedName } from "./names";
import { splitPem } from "./pem";
import { derToPem } from "./pemEncoding";
import { publicKeyObjectOf } from "./publicKeys";
import { describeKind } from "./refusals";
import { verifySignature } from "./signatures";

/** CSRs are a few kilobytes; anything this big is the wrong file. */
export const MAX_CSR_BYTES = 256 * 1024;

const MIN_RSA_BITS = 2048;
const ACCEPTED_CURVES: ReadonlySet<string> = new Set(["P-256", "P-384", "P-521"]);
const ACCEPTED_SIGNATURES: ReadonlySet<string> = new Set(["SHA256WithRSA", "SHA384WithRSA", "SHA512WithRSA", "ECDSAWithSHA256", "ECDSAWithSHA384", "ECDSAWithSHA512"]);

const CSR_BEGIN = "-----BEGIN CERTIFICATE REQUEST-----";
const MAKE_ONE = "make one with your key: openssl req -new -key key.pem -subj \"/CN=client name\" -out request.csr";

export interface DecodedCsr {
  /** Re-armoured PEM of the request, newline-encoded, as Cloudflare takes it. */
  readonly pem: string;
  readonly der: Uint8Array;
  readonly subject: DistinguishedName;
  readonly publicKey: PublicKeyDescription;
  /** Under Cloudflare's names ("ECDSAWithSHA256"). */
  readonly signatureAlgorithm: SignatureAlgorithm;
  /** true: the signature verifies with the request's own key; false: it does not; undefined: it cannot be checked here. */
  readonly signatureValid: boolean | undefined;
  /** Where the request was in the input (block and line for PEM). */
  readonly location: InputLocation;
}

function isProbablyDer(bytes: Uint8Array): boolean {
  return bytes[0] === 0x30 && declaredDerLength(bytes) !== undefined;
}

function tooLarge(size: number): CertificateInputError {
  return new CertificateInputError(
    "tooLarge",
    `The input is ${Math.ceil(size / 1024)} KB, over the ${MAX_CSR_BYTES / 1024} KB limit for a certificate signing request: pick the .csr file itself.`,
  );
}

/** The one CSR of the input, as DER and where it was. */
function findCsr(input: string | Uint8Array): { der: Uint8Array; location: InputLocation } {
  const size = typeof input === "string" ? input.length : input.byteLength;
  if (size > MAX_CSR_BYTES) {
    throw tooLarge(size);
  }
  if (typeof input !== "string" && isProbablyDer(input)) {
    return { der: input, location: {} };
  }
  const text = typeof input === "string" ? input : new TextDecoder("utf-8").decode(input);
  if (text.trim() === "") {
    throw new CertificateInputError("empty", "The input is empty: there is no certificate signing request in it.");
  }
  const blocks = splitPem(text);
  const requests = blocks.filter((block) => kindOfLabel(block.label) === "csr");
  const [first, second] = requests;
  if (second) {
    throw new CertificateInputError(
      "notCsr",
      `The input holds ${requests.length} certificate signing requests; Cloudflare signs one at a time: keep only the one to send.`,
      { block: second.block, line: second.line },
    );
  }
  if (first) {
    return { der: first.der, location: { block: first.block, line: first.line } };
  }
  const [other] = blocks;
  if (other) {
    const kind = kindOfLabel(other.label);
    const what = kind === "certificate" ? "a certificate" : kind === "unknown" ? `labelled “${other.label}”` : describeKind(kind);
    const location = { block: other.block, line: other.line };
    throw new CertificateInputError(
      "notCsr",
      `${describeLocation(location)} is ${what}, not a certificate signing request (${CSR_BEGIN}): choose the .csr file, or ${MAKE_ONE}.`,
      location,
    );
  }
  throw new CertificateInputError("notCsr", `No certificate signing request found: the text has no ${CSR_BEGIN} block. To ${MAKE_ONE}.`);
}

function undecodable(location: InputLocation, reason: string): CertificateInputError {
  const where = location.block === undefined ? "The file" : `${describeLocation(location)} is labelled CERTIFICATE REQUEST, but it`;
  return new CertificateInputError("undecodable", `${where} is not a valid PKCS#10 certificate signing request: ${reason}`, location);
}

/**
 * Decodes the one CSR in `input` (PEM text, or a file's bytes: PEM or DER) and checks its
 * signature. Throws CertificateInputError when there is no CSR, several, or it does not decode;
 * a bad signature or key is reported in the result (checkCsrForCloudflare refuses those).
 */
export function decodeCsr(input: string | Uint8Array): DecodedCsr {
  const { der, location } = findCsr(input);
  const declared = declaredDerLength(der);
  if (declared === undefined || declared > der.length) {
    throw undecodable(location, "it is cut off");
  }
  if (declared < der.length) {
    throw undecodable(location, `${der.length - declared} bytes follow the request`);
  }
  let request: CertificationRequest;
  try {
    request = AsnConvert.parse(der, CertificationRequest);
  } catch (error) {
    throw undecodable(location, (error as Error).message);
  }
  const info = request.certificationRequestInfo;
  const signed = request.certificationRequestInfoRaw;
  if (!signed) {
    throw undecodable(location, "its request info cannot be read");
  }
  const scheme = signatureSchemeOf(request.signatureAlgorithm);
  const key = publicKeyObjectOf(info.subjectPKInfo);
  const signatureValid = key ? verifySignature(new Uint8Array(signed), new Uint8Array(request.signature), scheme, key) : undefined;
  const signatureAlgorithm: SignatureAlgorithm = { cloudflare: scheme.cloudflare, oid: scheme.oid, ...(scheme.hash ? { hash: scheme.hash } : {}) };
  return {
    pem: derToPem(der, "CERTIFICATE REQUEST"),
    der,
    subject: describeName(info.subject),
    publicKey: describePublicKey(info.subjectPKInfo),
    signatureAlgorithm,
    signatureValid,
    location,
  };
}

/** Why Cloudflare's managed CA would not sign this key, or undefined when it would. */
export function unsupportedKeyReason(key: PublicKeyDescription): string | undefined {
  if (key.algorithm === "RSA") {
    return (key.rsaBits ?? 0) >= MIN_RSA_BITS ? undefined : `its key is ${key.description}, too short: use RSA of at least ${MIN_RSA_BITS} bits or an EC key on P-256.`;
  }
  if (key.algorithm === "EC") {
    return key.curve !== undefined && ACCEPTED_CURVES.has(key.curve) ? undefined : `its key is ${key.description}: EC keys must be on P-256, P-384 or P-521.`;
  }
  return `its key is ${key.description}: Cloudflare's managed CA signs RSA (2048 bits or more) and EC (P-256, P-384, P-521) keys.`;
}

/** Throws the refusal for a decoded CSR that Cloudflare's managed CA would not sign. */
export function checkCsrForCloudflare(csr: DecodedCsr): void {
  // The error carries the block and line; the sentence names the request itself.
  const where = "The certificate signing request";
  const at = csr.location;
  if (csr.signatureValid === false) {
    throw new CertificateInputError(
      "badSignature",
      `${where} has a signature that does not verify with its own public key: the file was changed after it was signed, or it is damaged. Make a new one with your key (openssl req -new -key key.pem -out request.csr).`,
      at,
    );
  }
  const keyReason = unsupportedKeyReason(csr.publicKey);
  if (keyReason) {
    throw new CertificateInputError("unsupportedKey", `${where} cannot be signed: ${keyReason}`, at);
  }
  if (csr.signatureValid === undefined || !ACCEPTED_SIGNATURES.has(csr.signatureAlgorithm.cloudflare)) {
    throw new CertificateInputError(
      "badSignature",
      `${where} is signed with ${csr.signatureAlgorithm.cloudflare}; Cloudflare's managed CA takes requests signed with RSA or ECDSA over SHA-256, SHA-384 or SHA-512: make a new one with openssl req -new -sha256.`,
      at,
    );
  }
  if (!csr.subject.commonName?.trim()) {
    throw new CertificateInputError(
      "invalidSubject",
      `${where} has no common name (CN) in its subject${csr.subject.text ? ` (“${csr.subject.text}”)` : ""}: the common name is how the certificate is known in Cloudflare. Make a new one with -subj "/CN=client name".`,
      at,
    );
  }
}

/** decodeCsr, then checkCsrForCloudflare: the CSR ready to send, or the reason it cannot be. */
export function readCsrForCloudflare(input: string | Uint8Array): DecodedCsr {
  const csr = decodeCsr(input);
  checkCsrForCloudflare(csr);
  return csr;
}
