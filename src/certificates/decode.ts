// The certificate model the whole extension uses, decoded from DER by @peculiar/x509 and the
// @peculiar/asn1-* structures it parses. One parse per certificate: every field below is read
// from that one structure, and the hashes are Node's synchronous ones.
import type { Certificate } from "@peculiar/asn1-x509";
import { describePublicKey, type HashName, type PublicKeyDescription } from "./algorithms";
import { isTooManyElements, tooManyElementsReason, unreadableTimeText } from "./asn1";
import { refuseField } from "./fieldRefusals";
import { CertificateInternals, parseCertificate, rememberInternals } from "./certificateInternals";
import { CertificateInputError } from "./errors";
import { readExtensions, type ExtensionFields } from "./extensions";
import { fingerprintsOf, type Fingerprints } from "./fingerprints";
import { declaredDerLength } from "./formats";
import { describeName, type DistinguishedName } from "./names";
import { derToPem } from "./pemEncoding";

export type { DistinguishedName, DistinguishedNamePart } from "./names";
export type { PublicKeyDescription } from "./algorithms";

export interface SerialNumber {
  readonly decimal: string;
  /** Plain uppercase hex without separators or sign padding, as Node prints it ("-" first if negative; "0" for zero, which `openssl x509 -serial` prints "00"). */
  readonly hex: string;
}

/** Extension fields come from ExtensionFields (extensions.ts), which documents them. */
export interface DecodedCertificate extends Omit<ExtensionFields, "hasKeyUsage"> {
  /** The certificate alone, re-armoured: LF line ends, one trailing newline. */
  readonly pem: string;
  readonly der: Uint8Array;
  readonly subject: DistinguishedName;
  readonly issuer: DistinguishedName;
  readonly serialNumber: SerialNumber;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: PublicKeyDescription;
  readonly signatureAlgorithm: {
    /** "SHA256WithRSA", "ECDSAWithSHA256", "SHA256WithRSAPSS", "Ed25519" (Go's names, as Cloudflare's `signature`). */
    readonly cloudflare: string;
    readonly oid: string;
    readonly hash?: HashName;
  };
  readonly fingerprints: Fingerprints;
  /** Subject equals issuer and the signature verifies with the certificate's own key. */
  readonly selfSigned: boolean;
  /** basicConstraints cA. */
  readonly isCa: boolean;
}

function serialNumberOf(bytes: Uint8Array): SerialNumber {
  if (bytes.length === 0) {
    return { decimal: "0", hex: "0" };
  }
  let value = 0n;
  for (const byte of bytes) {
    value = (value << 8n) | BigInt(byte);
  }
  const negative = ((bytes[0] ?? 0) & 0x80) !== 0;
  if (negative) {
    value -= 1n << BigInt(bytes.length * 8);
  }
  if (value === 0n) {
    return { decimal: "0", hex: "0" };
  }
  const magnitude = negative ? -value : value;
  const hex = magnitude.toString(16).toUpperCase();
  return { decimal: value.toString(10), hex: `${negative ? "-" : ""}${hex.length % 2 === 1 ? `0${hex}` : hex}` };
}

/** The most a certificate's length header may sensibly say: more is damage, not a certificate cut short. */
const LARGEST_CERTIFICATE = 16 * 1024 * 1024;

/** Why these bytes cannot be a certificate, in a phrase that completes "…: ". */
export function undecodableReason(der: Uint8Array): string {
  if (der[0] !== 0x30) {
    return "its content does not even start like one (an ASN.1 SEQUENCE): the block holds something else, or was damaged.";
  }
  if (der[1] === 0x80) {
    return "it is BER with indefinite lengths, not DER: re-encode it with `openssl x509 -inform DER -in FILE -out certificate.pem` and use that.";
  }
  const declared = declaredDerLength(der);
  if (declared !== undefined && declared > LARGEST_CERTIFICATE) {
    return `its length header says ${declared.toLocaleString("en-US")} bytes, more than any certificate holds: the data is damaged, or is not a certificate.`;
  }
  if (declared !== undefined && declared > der.length) {
    return `the data ends after ${der.length} of ${declared} bytes, so it was cut short. Copy the whole certificate again.`;
  }
  return "its content has a different structure.";
}

/** The time, or a refusal naming the field when it did not read as an instant. */
function validTime(time: Date, field: string): Date {
  if (!Number.isNaN(time.getTime())) {
    return time;
  }
  const text = unreadableTimeText(time);
  throw refuseField(
    `its ${field} is ${text === undefined ? "not a time" : `“${text}”, which is not a time`} (OpenSSL shows it as a bad time value). Ask its issuer for a certificate with a valid date.`,
  );
}

/** decodeCertificate, synchronously: the work is CPU-bound and needs no I/O. */
export function decodeCertificateNow(input: Uint8Array): DecodedCertificate {
  const declared = declaredDerLength(input);
  if (input[0] !== 0x30 || declared === undefined || declared > input.length) {
    throw new CertificateInputError("undecodable", `The data is not a valid X.509 certificate: ${undecodableReason(input)}`);
  }
  // Bytes after the certificate (a newline some tools append to .der files) are not part of it.
  // A copy that owns its memory: a Node Buffer's slice() is a view into a shared pool.
  const der = new Uint8Array(input.subarray(0, declared));
  let structure: Certificate;
  try {
    structure = parseCertificate(der);
  } catch (error) {
    if (isTooManyElements(error)) {
      throw refuseField(tooManyElementsReason("it"));
    }
    throw new CertificateInputError("undecodable", `The data is not a valid X.509 certificate: ${undecodableReason(der)}`);
  }
  const validity = structure.tbsCertificate.validity;
  const notBefore = validTime(validity.notBefore.getTime(), "notBefore (the start of its validity)");
  const notAfter = validTime(validity.notAfter.getTime(), "notAfter (the end of its validity)");
  const tbs = structure.tbsCertificate;
  const fields = readExtensions(tbs.extensions);
  const internals = new CertificateInternals(structure, fields);
  const scheme = internals.scheme;
  const { hasKeyUsage: _hasKeyUsage, ...extensionFields } = fields;
  const certificate: DecodedCertificate = {
    pem: derToPem(der),
    der,
    subject: describeName(tbs.subject),
    issuer: describeName(tbs.issuer),
    serialNumber: serialNumberOf(new Uint8Array(tbs.serialNumber)),
    notBefore,
    notAfter,
    ...extensionFields,
    publicKey: describePublicKey(tbs.subjectPublicKeyInfo),
    signatureAlgorithm: { cloudflare: scheme.cloudflare, oid: scheme.oid, ...(scheme.hash ? { hash: scheme.hash } : {}) },
    fingerprints: fingerprintsOf(der),
    selfSigned: internals.isSelfSigned(),
    isCa: fields.basicConstraints?.ca ?? false,
  };
  rememberInternals(certificate, internals);
  return certificate;
}

/**
 * Decodes one DER certificate. Throws CertificateInputError ("undecodable") when the bytes are
 * not an X.509 certificate. Trailing bytes after the certificate are ignored.
 */
export function decodeCertificate(der: Uint8Array): Promise<DecodedCertificate> {
  return new Promise((resolve) => resolve(decodeCertificateNow(der)));
}
