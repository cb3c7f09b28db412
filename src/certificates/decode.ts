// The certificate model the whole extension uses, decoded from DER by the @peculiar/asn1-*
// structures. A certificate in plain DER (nearly all of them) is read part by part: its layout
// comes from the DER headers (derLayout.ts), and each part (names, validity, key, algorithm, each
// extension) is parsed by asn1-schema from its own bytes, once per input for the parts that
// certificates share (decodeCache.ts): in a bundle, the issuer's name and most extensions repeat.
// Anything else is parsed whole, as before; both ways give the same model (partsDecoding.test.ts).
// The hashes are Node's synchronous ones.
import { AlgorithmIdentifier, Certificate, Extension, Name, SubjectPublicKeyInfo, Validity } from "@peculiar/asn1-x509";
import type * as asn1js from "asn1js";
import { describePublicKey, signatureSchemeOf, type HashName, type PublicKeyDescription } from "./algorithms";
import { countTreeElements, fromBerTree, isTooManyElements, MAX_ASN1_ELEMENTS, MAX_NAME_ELEMENTS, parseBerTree, parseDer, tooManyElementsReason, treeChildren, unreadableTimeText } from "./asn1";
import { DecodeCache, type ParsedName } from "./decodeCache";
import { bytesOf, childrenOf, contentsOf, countElements, elementAt, type DerElement } from "./derLayout";
import { fieldRefusalReason, refuseField } from "./fieldRefusals";
import { CertificateInternals, partsOfStructure, rememberInternals } from "./certificateInternals";
import { CertificateInputError } from "./errors";
import { combineExtensions, readExtension, readExtensions, type ExtensionFields } from "./extensions";
import { fingerprintsOf, type Fingerprints } from "./fingerprints";
import { declaredDerLength } from "./formats";
import { describeName, nameMatchKey, type DistinguishedName } from "./names";
import { publicKeyObjectOf } from "./publicKeys";
import { derToPem, exactArrayBuffer } from "./pemEncoding";

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
  /**
   * Present when the certificate is self-issued but its own signature was not checked (the input
   * held more self-issued certificates than one input may cost): selfSigned is false then without
   * being known false.
   */
  readonly selfSignatureUnchecked?: true;
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

/** One DER element's identifier octets, as the layout of a certificate needs them. */
const TAG = { integer: 0x02, bitString: 0x03, sequence: 0x30, version: 0xa0, issuerUniqueId: 0x81, subjectUniqueId: 0x82, extensions: 0xa3 } as const;

/** Where the parts of a certificate are: everything the model is read from. */
interface CertificateLayout {
  readonly certificate: DerElement;
  readonly tbs: DerElement;
  readonly version?: DerElement;
  readonly serialNumber: DerElement;
  readonly issuer: DerElement;
  readonly validity: DerElement;
  readonly subject: DerElement;
  readonly subjectPublicKeyInfo: DerElement;
  readonly extensions: readonly DerElement[];
  readonly signatureAlgorithm: DerElement;
  readonly signatureValue: DerElement;
}

/**
 * The parts of a certificate in plain DER, found from its headers; undefined for anything else
 * (BER, unique identifiers in constructed form, a field out of place), which is then parsed whole.
 */
function locateCertificate(der: Uint8Array): CertificateLayout | undefined {
  const root = elementAt(der, 0);
  const outer = root && root.tag === TAG.sequence && root.end === der.length ? childrenOf(der, root) : undefined;
  const [tbs, signatureAlgorithm, signatureValue] = outer ?? [];
  if (outer?.length !== 3 || !root || !tbs || !signatureAlgorithm || !signatureValue || tbs.tag !== TAG.sequence || signatureAlgorithm.tag !== TAG.sequence || signatureValue.tag !== TAG.bitString) {
    return undefined;
  }
  const fields = childrenOf(der, tbs) ?? [];
  const version = fields[0]?.tag === TAG.version ? fields.shift() : undefined;
  const [serialNumber, _innerSignature, issuer, validity, subject, subjectPublicKeyInfo, ...rest] = fields;
  if (
    !serialNumber ||
    serialNumber.tag !== TAG.integer ||
    serialNumber.end === serialNumber.contentStart ||
    [_innerSignature, issuer, validity, subject, subjectPublicKeyInfo].some((field) => field?.tag !== TAG.sequence) ||
    !issuer ||
    !validity ||
    !subject ||
    !subjectPublicKeyInfo
  ) {
    return undefined;
  }
  if (rest[0]?.tag === TAG.issuerUniqueId) {
    rest.shift();
  }
  if (rest[0]?.tag === TAG.subjectUniqueId) {
    rest.shift();
  }
  let extensions: DerElement[] = [];
  const wrapper = rest.shift();
  if (wrapper) {
    const [list, ...more] = wrapper.tag === TAG.extensions ? (childrenOf(der, wrapper) ?? []) : [];
    extensions = list && list.tag === TAG.sequence && more.length === 0 ? (childrenOf(der, list) ?? []) : [];
    if (extensions.length === 0 || extensions.some((extension) => extension.tag !== TAG.sequence)) {
      return undefined;
    }
  }
  if (rest.length > 0) {
    return undefined;
  }
  return { certificate: root, tbs, ...(version ? { version } : {}), serialNumber, issuer, validity, subject, subjectPublicKeyInfo, extensions, signatureAlgorithm, signatureValue };
}

/** Whether `der` (one whole certificate) is plain DER whose parts can be read one by one. */
export function readsInParts(der: Uint8Array): boolean {
  return locateCertificate(der) !== undefined;
}

/** The version field's value: a one-octet INTEGER inside [0], else undefined (the whole parse says what it is). */
function versionOf(der: Uint8Array, layout: CertificateLayout): number | undefined {
  if (!layout.version) {
    return 0;
  }
  const [integer, ...more] = childrenOf(der, layout.version) ?? [];
  const value = integer && integer.tag === TAG.integer && integer.end === integer.contentStart + 1 && more.length === 0 ? der[integer.contentStart] : undefined;
  return value !== undefined && value < 0x80 ? value : undefined;
}

/** A part parsed by asn1-schema from its own bytes (a copy: the library wants a whole ArrayBuffer). */
function parsePart<T>(der: Uint8Array, element: DerElement, type: new () => T): T {
  return parseDer(new Uint8Array(bytesOf(der, element)).buffer, type);
}

/**
 * Refuses a subject or issuer name of more than MAX_NAME_ELEMENTS ASN.1 elements (given their
 * counts, undefined when not measured), the subject first: both decodes call it, before
 * asn1-schema reads the names, so both refuse the same names with the same words.
 */
function refuseLongNames(subjectElements: number | undefined, issuerElements: number | undefined): void {
  for (const [count, what] of [
    [subjectElements, "its subject name"],
    [issuerElements, "its issuer name"],
  ] as const) {
    if (count !== undefined && count > MAX_NAME_ELEMENTS) {
      throw refuseField(tooManyElementsReason(what, MAX_NAME_ELEMENTS));
    }
  }
}

interface NameSizes {
  readonly subject?: number;
  readonly issuer?: number;
}

/**
 * The element counts of the subject and issuer names, walked in the bytes (which takes any
 * definite lengths, DER's or not); undefined when the walk cannot tell (indefinite lengths inside).
 */
function nameElementCountsInBytes(der: Uint8Array): NameSizes | undefined {
  const root = elementAt(der, 0);
  const tbs = root ? childrenOf(der, root)?.[0] : undefined;
  const fields = tbs ? childrenOf(der, tbs) : undefined;
  if (!fields) {
    return undefined;
  }
  const offset = fields[0]?.tag === TAG.version ? 1 : 0;
  const count = (element: DerElement | undefined) => (element ? countElements(der, element, MAX_NAME_ELEMENTS) : undefined);
  const [issuer, subject] = [count(fields[offset + 2]), count(fields[offset + 4])];
  return issuer === undefined || subject === undefined ? undefined : { subject, issuer };
}

/** The same counts in asn1js's tree of a certificate (undefined where it has not a certificate's shape). */
function nameElementCounts(tree: asn1js.AsnType): NameSizes {
  const tbs = treeChildren(tree)?.[0];
  const fields = tbs ? treeChildren(tbs) : undefined;
  if (!fields) {
    return {};
  }
  const first = fields[0]?.idBlock;
  const offset = first && first.tagClass === 3 && first.tagNumber === 0 ? 1 : 0;
  const count = (node: asn1js.AsnType | undefined) => (node ? countTreeElements(node, MAX_NAME_ELEMENTS) : undefined);
  return { issuer: count(fields[offset + 2]), subject: count(fields[offset + 4]) };
}

/**
 * The model read part by part (each part parsed by asn1-schema, as the whole would be; shared
 * parts from `cache`), or undefined when a part does not parse: then the whole is parsed, and
 * gives the same model or says what is wrong. Refusals about a field are thrown, as the whole
 * parse would throw them, in the same order.
 */
function decodeParts(der: Uint8Array, layout: CertificateLayout, cache: DecodeCache): DecodedCertificate | undefined {
  const version = versionOf(der, layout);
  if (version === undefined) {
    return undefined;
  }
  const elements = countElements(der, layout.certificate, MAX_ASN1_ELEMENTS);
  if (elements !== undefined && elements > MAX_ASN1_ELEMENTS) {
    throw refuseField(tooManyElementsReason("it"));
  }
  refuseLongNames(countElements(der, layout.subject, MAX_NAME_ELEMENTS), countElements(der, layout.issuer, MAX_NAME_ELEMENTS));
  let parsed;
  try {
    const name = (element: DerElement): ParsedName =>
      cache.names.get(bytesOf(der, element), () => {
        const value = parsePart(der, element, Name);
        return { name: describeName(value), matchKey: nameMatchKey(value) };
      });
    parsed = {
      issuer: name(layout.issuer),
      subject: name(layout.subject),
      validity: cache.validities.get(bytesOf(der, layout.validity), () => {
        const validity = parsePart(der, layout.validity, Validity);
        const notBefore = validTime(validity.notBefore.getTime(), "notBefore (the start of its validity)");
        const notAfter = validTime(validity.notAfter.getTime(), "notAfter (the end of its validity)");
        return { notBefore: notBefore.getTime(), notAfter: notAfter.getTime() };
      }),
      publicKey: cache.publicKeys.get(bytesOf(der, layout.subjectPublicKeyInfo), () => {
        const info = parsePart(der, layout.subjectPublicKeyInfo, SubjectPublicKeyInfo);
        return { info, description: describePublicKey(info) };
      }),
      scheme: cache.algorithms.get(bytesOf(der, layout.signatureAlgorithm), () => signatureSchemeOf(parsePart(der, layout.signatureAlgorithm, AlgorithmIdentifier))),
      // Each extension parsed and read once per distinct value; a refusal about one is thrown from here.
      readings: layout.extensions.map((element) => cache.extensions.get(bytesOf(der, element), () => readExtension(parsePart(der, element, Extension)))),
    };
  } catch (error) {
    if (error instanceof CertificateInputError && fieldRefusalReason(error) !== undefined) {
      // A refusal about one field (a time that is no time, a list too long): the whole parse gets
      // that far too, unless another part stops it first, so it says which.
      return decodeWhole(der, cache);
    }
    return undefined;
  }
  const fields = combineExtensions(parsed.readings);
  const signature = contentsOf(der, layout.signatureValue);
  if (signature[0] !== 0) {
    return undefined;
  }
  const info = parsed.publicKey.info;
  const spki = bytesOf(der, layout.subjectPublicKeyInfo);
  // Only the key memo stays reachable from the certificate, not the rest of the input's cache.
  const keyObjects = cache.keyObjects;
  const internals = new CertificateInternals({
    subjectNameKey: parsed.subject.matchKey,
    issuerNameKey: parsed.issuer.matchKey,
    scheme: parsed.scheme,
    version: version + 1,
    signedBytes: bytesOf(der, layout.tbs),
    signatureBytes: signature.subarray(1),
    loadPublicKey: () => keyObjects.get(spki, () => publicKeyObjectOf(info) ?? null) ?? undefined,
    ...(fields.subjectKeyIdentifier ? { subjectKeyIdentifier: fields.subjectKeyIdentifier } : {}),
    ...(fields.authorityKeyIdentifier ? { authorityKeyIdentifier: fields.authorityKeyIdentifier } : {}),
  });
  return certificateOf(der, {
    subject: parsed.subject.name,
    issuer: parsed.issuer.name,
    serialNumber: serialNumberOf(contentsOf(der, layout.serialNumber)),
    notBefore: new Date(parsed.validity.notBefore),
    notAfter: new Date(parsed.validity.notAfter),
    publicKey: parsed.publicKey.description,
    fields,
    internals,
  }, cache);
}

interface ModelParts {
  readonly subject: DistinguishedName;
  readonly issuer: DistinguishedName;
  readonly serialNumber: SerialNumber;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: PublicKeyDescription;
  readonly fields: ExtensionFields;
  readonly internals: CertificateInternals;
}

function certificateOf(der: Uint8Array, parts: ModelParts, cache: DecodeCache): DecodedCertificate {
  const { internals, fields } = parts;
  const scheme = internals.scheme;
  const { hasKeyUsage: _hasKeyUsage, ...extensionFields } = fields;
  const selfSigned = internals.isSelfSigned(() => cache.takeSelfSignatureCheck());
  const certificate: DecodedCertificate = {
    pem: derToPem(der),
    der,
    subject: parts.subject,
    issuer: parts.issuer,
    serialNumber: parts.serialNumber,
    notBefore: parts.notBefore,
    notAfter: parts.notAfter,
    ...extensionFields,
    publicKey: parts.publicKey,
    signatureAlgorithm: { cloudflare: scheme.cloudflare, oid: scheme.oid, ...(scheme.hash ? { hash: scheme.hash } : {}) },
    fingerprints: fingerprintsOf(der),
    selfSigned,
    ...(internals.selfSignatureUnchecked ? { selfSignatureUnchecked: true as const } : {}),
    isCa: fields.basicConstraints?.ca ?? false,
  };
  rememberInternals(certificate, internals);
  return certificate;
}

/** The model from the certificate parsed whole by asn1-schema: for what is not plain DER, and what the parts did not read. */
export function decodeWhole(der: Uint8Array, cache: DecodeCache = new DecodeCache()): DecodedCertificate {
  const unreadable = (error: unknown): Error =>
    isTooManyElements(error) ? refuseField(tooManyElementsReason("it")) : new CertificateInputError("undecodable", `The data is not a valid X.509 certificate: ${undecodableReason(der)}`);
  // The names are measured before asn1-schema reads them (0.1 ms or more an attribute), as the
  // parts path does: in the bytes when they can be walked, which spares asn1js's tree of a crafted
  // name too (10 to 20 µs an element), else in that tree.
  const walked = nameElementCountsInBytes(der);
  if (walked) {
    refuseLongNames(walked.subject, walked.issuer);
  }
  let tree: asn1js.AsnType;
  try {
    tree = parseBerTree(exactArrayBuffer(der));
  } catch (error) {
    throw unreadable(error);
  }
  if (!walked) {
    const counted = nameElementCounts(tree);
    refuseLongNames(counted.subject, counted.issuer);
  }
  let structure: Certificate;
  try {
    structure = fromBerTree(tree, Certificate);
  } catch (error) {
    throw unreadable(error);
  }
  const validity = structure.tbsCertificate.validity;
  const notBefore = validTime(validity.notBefore.getTime(), "notBefore (the start of its validity)");
  const notAfter = validTime(validity.notAfter.getTime(), "notAfter (the end of its validity)");
  const tbs = structure.tbsCertificate;
  const fields = readExtensions(tbs.extensions);
  return certificateOf(der, {
    subject: describeName(tbs.subject),
    issuer: describeName(tbs.issuer),
    serialNumber: serialNumberOf(new Uint8Array(tbs.serialNumber)),
    notBefore,
    notAfter,
    publicKey: describePublicKey(tbs.subjectPublicKeyInfo),
    fields,
    internals: new CertificateInternals(partsOfStructure(structure, fields)),
  }, cache);
}

/**
 * decodeCertificate, synchronously: the work is CPU-bound and needs no I/O. Certificates read
 * together share one `cache`, so what they have in common is parsed once.
 */
export function decodeCertificateNow(input: Uint8Array, cache: DecodeCache = new DecodeCache()): DecodedCertificate {
  const declared = declaredDerLength(input);
  if (input[0] !== 0x30 || declared === undefined || declared > input.length) {
    throw new CertificateInputError("undecodable", `The data is not a valid X.509 certificate: ${undecodableReason(input)}`);
  }
  // Bytes after the certificate (a newline some tools append to .der files) are not part of it.
  // A copy that owns its memory: a Node Buffer's slice() is a view into a shared pool.
  const der = new Uint8Array(input.subarray(0, declared));
  const layout = locateCertificate(der);
  return (layout ? decodeParts(der, layout, cache) : undefined) ?? decodeWhole(der, cache);
}

/**
 * Decodes one DER certificate. Throws CertificateInputError ("undecodable") when the bytes are
 * not an X.509 certificate. Trailing bytes after the certificate are ignored.
 */
export function decodeCertificate(der: Uint8Array): Promise<DecodedCertificate> {
  return new Promise((resolve) => resolve(decodeCertificateNow(der)));
}
