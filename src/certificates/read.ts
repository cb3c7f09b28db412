// The entry point: what a user has in an editor or a file (PEM text, DER bytes, a bundle with
// its key, or something that is not a certificate at all) in, the certificate document out, or
// one CertificateInputError that says what was found instead, where, and what to do.
import { analyzeChain, type ChainAnalysis } from "./chain";
import { decodeCertificateNow, undecodableReason, type DecodedCertificate } from "./decode";
import { DecodeCache } from "./decodeCache";
import { CertificateInputError, describeLocation } from "./errors";
import { fieldRefusalReason } from "./fieldRefusals";
import { declaredDerLength, isEncryptedByHeaders, kindOfDer, kindOfLabel, recognizeLooseText, type PrivateKeyKind } from "./formats";
import { splitPemInSlices, type PemBlock } from "./pem";
import { SLICE_MS } from "./slices";
import { derToPem } from "./pemEncoding";
import { matchingCertificateIndex } from "./privateKeys";
import {
  describeKind,
  refuse,
  refuseEmpty,
  refuseJson,
  refuseKeysOnly,
  refuseBase64OfPem,
  refuseNoArmour,
  refuseOddText,
  refuseOpensslText,
  refuseSshText,
  refuseTooLarge,
  refuseUndecodable,
  refuseUnknownBinary,
  type NonCertificateKind,
} from "./refusals";

export type { DecodedCertificate, DistinguishedName } from "./decode";
export type { ChainAnalysis, ChainBreak, ChainLink, ChainProblem, ChainProblemCode } from "./chain";

export const DEFAULT_MAX_BYTES = 1024 * 1024;

export interface ReadOptions {
  /** Inputs over this many bytes are refused ("tooLarge"). Default 1 MiB. */
  readonly maxBytes?: number;
}

export interface FoundPrivateKey {
  readonly kind: PrivateKeyKind;
  /** The key re-armoured (LF, one trailing newline), legacy encryption headers kept. */
  readonly pem: string;
  readonly block: number;
  readonly line: number;
  /** Index in `certificates` of the certificate whose public key it matches, when that can be checked. */
  readonly matchesCertificateIndex?: number;
}

/** Something about the input itself worth a warning: it was read, but not all of it is uploaded. */
export interface DocumentNote {
  readonly code: "trailingData" | "invalidText";
  readonly message: string;
  /** Index in `certificates` of the certificate concerned, when it is one. */
  readonly certificateIndex?: number;
}

export interface CertificateDocument {
  /** In document order. */
  readonly certificates: readonly DecodedCertificate[];
  /** Keys found beside the certificates (a leaf bundle); never uploaded unless the user says so. */
  readonly privateKeys: readonly FoundPrivateKey[];
  /** The certificates only, re-armoured, LF, one trailing newline: what an upload sends. */
  readonly pem: string;
  readonly chain: ChainAnalysis;
  readonly source: "pem" | "der";
  /** What was read but left out: bytes after a certificate, lines that are not text. */
  readonly notes: readonly DocumentNote[];
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Text read from bytes, with a note when some of them were not text. */
interface DecodedText {
  readonly text: string;
  readonly note?: DocumentNote;
}

// Tabs, line ends and form feeds are text; other control characters are not (DER is full of them).
// eslint-disable-next-line no-control-regex -- control characters are what is being looked for
const CONTROL = /[\x00-\x08\x0e-\x1f\x7f]/;
const BEGIN_MARKER = Buffer.from("-----BEGIN ", "latin1");

/** UTF-16 without a byte order mark: every other byte of the first ones is zero (ASCII text). */
function utf16WithoutBom(bytes: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  const sample = Math.min(bytes.length - (bytes.length % 2), 64);
  if (sample < 4) {
    return undefined;
  }
  let lowZero = true;
  let highZero = true;
  for (let index = 0; index < sample; index += 2) {
    lowZero &&= bytes[index] === 0 && bytes[index + 1] !== 0;
    highZero &&= bytes[index + 1] === 0 && bytes[index] !== 0;
  }
  return highZero ? "utf-16le" : lowZero ? "utf-16be" : undefined;
}

function hexByte(byte: number | undefined): string {
  return `0x${(byte ?? 0).toString(16).toUpperCase().padStart(2, "0")}`;
}

/**
 * The input as text, or undefined when it is binary. Text with a byte that is not UTF-8 (a
 * Latin-1 letter, a cp1252 quote) or a control character in a comment is still text when it
 * holds a PEM block: the blocks are ASCII, and the note says where the odd byte is.
 */
function textOf(bytes: Uint8Array): DecodedText | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return strictText(bytes, "utf-16le");
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return strictText(bytes, "utf-16be");
  }
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) {
    return strictText(bytes, utf16);
  }
  const strict = strictText(bytes, "utf-8");
  if (strict) {
    return strict;
  }
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(BEGIN_MARKER) === -1) {
    return undefined;
  }
  const { text, what, line } = firstOddByte(bytes);
  return {
    text,
    note: {
      code: "invalidText",
      message: `The file is text with ${what} on line ${line}, outside the certificate blocks: the blocks were read, and that line is not part of any upload.`,
    },
  };
}

/** Where text stops being plain UTF-8 text: the first invalid byte, or else the first control character. */
function firstOddByte(bytes: Uint8Array): { text: string; what: string; line: number } {
  const text = new TextDecoder("utf-8").decode(bytes);
  const replaced = text.indexOf("\uFFFD");
  const at = replaced !== -1 ? replaced : Math.max(0, text.search(CONTROL));
  // Everything before the first odd character is valid UTF-8, so its length in bytes is the offset.
  const byte = bytes[Buffer.byteLength(text.slice(0, at), "utf8")];
  const what = replaced !== -1 ? `a byte that is not UTF-8 (${hexByte(byte)})` : `a control character (${hexByte(byte)})`;
  return { text, what, line: text.slice(0, at).split(/\r\n|\r|\n/).length };
}

/** Bytes that are nearly all printable ASCII, not DER: text with a few odd bytes. */
function isMostlyText(bytes: Uint8Array): boolean {
  if (bytes[0] === 0x30) {
    return false;
  }
  let printable = 0;
  for (const byte of bytes) {
    if ((byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d) {
      printable++;
    }
  }
  return printable >= bytes.length * 0.9;
}

function strictText(bytes: Uint8Array, encoding: "utf-8" | "utf-16le" | "utf-16be"): DecodedText | undefined {
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return CONTROL.test(text) ? undefined : { text };
  } catch {
    return undefined;
  }
}

interface CertificateBlock {
  readonly der: Uint8Array;
  readonly block?: number;
  readonly line?: number;
  readonly label?: string;
}

interface KeyBlock {
  readonly kind: PrivateKeyKind | "dsa-private-key";
  readonly encrypted: boolean;
  readonly block: PemBlock;
}

/** Bytes that only pad a file (line ends, spaces, NULs): nothing is lost by leaving them out. */
function isPadding(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte === 0x0a || byte === 0x0d || byte === 0x20 || byte === 0x09 || byte === 0x00);
}

/** A note for bytes after the certificate in `item`, or undefined when there are none (or only padding). */
function trailingNote(item: CertificateBlock, certificateIndex: number, subject?: string): DocumentNote | undefined {
  const length = declaredDerLength(item.der);
  if (length === undefined || length >= item.der.length) {
    return undefined;
  }
  const rest = item.der.subarray(length);
  if (isPadding(rest)) {
    return undefined;
  }
  const where = subject ?? describeLocation({ block: item.block, line: item.line });
  const bytes = `${rest.length} byte${rest.length === 1 ? "" : "s"}`;
  if (item.label === "TRUSTED CERTIFICATE") {
    return { code: "trailingData", certificateIndex, message: `${where} is an OpenSSL TRUSTED CERTIFICATE: its trust settings (${bytes} after the certificate) are not part of it and are not uploaded.` };
  }
  const nextLength = declaredDerLength(rest);
  const secondObject = rest[0] === 0x30 && nextLength !== undefined && nextLength <= rest.length;
  return {
    code: "trailingData",
    certificateIndex,
    message: secondObject
      ? `${where} holds a second DER object (${bytes}) after the certificate: only the certificate is read and uploaded. If it is another certificate, give it its own PEM block.`
      : `${where} has ${bytes} after the certificate that are not part of it: they are not uploaded. Check that the file is the certificate you meant.`,
  };
}

async function decodeAll(blocks: readonly CertificateBlock[], notes: DocumentNote[], subject?: string): Promise<DecodedCertificate[]> {
  const certificates: DecodedCertificate[] = [];
  // What the certificates share (issuer names, algorithms, common extensions) is parsed once.
  const cache = new DecodeCache();
  let sliceStart = performance.now();
  for (const item of blocks) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
    try {
      certificates.push(decodeCertificateNow(item.der, cache));
    } catch (error) {
      if (!(error instanceof CertificateInputError)) {
        throw error;
      }
      const location = { ...(item.block !== undefined ? { block: item.block } : {}), ...(item.line !== undefined ? { line: item.line } : {}) };
      const fieldReason = fieldRefusalReason(error);
      if (fieldReason !== undefined) {
        // A named field (a time that is no time, a structure too large): say it where it is.
        throw new CertificateInputError("undecodable", `${subject ?? describeLocation(location)} holds a certificate that cannot be read: ${fieldReason}`, location);
      }
      const kind = kindOfDer(item.der);
      let reason = undecodableReason(item.der);
      if (kind === "certificate") {
        // BER indefinite lengths parse as a certificate's shape; undecodableReason says what to do about them.
        if (item.der[1] !== 0x80) {
          reason = "it has a certificate's shape, but some of its fields cannot be read.";
        }
      } else if (kind !== "unknown") {
        reason = `it holds ${describeKind(kind)}. Put it in its own file, or pick the certificate.`;
      }
      throw refuseUndecodable(location, reason, subject);
    }
    const note = trailingNote(item, certificates.length - 1, subject);
    if (note) {
      notes.push(note);
    }
  }
  return certificates;
}

async function documentOf(certificates: DecodedCertificate[], privateKeys: FoundPrivateKey[], source: "pem" | "der", notes: readonly DocumentNote[]): Promise<CertificateDocument> {
  return {
    certificates,
    privateKeys,
    pem: certificates.map((certificate) => certificate.pem).join(""),
    chain: await analyzeChain(certificates),
    source,
    notes,
  };
}

async function readDer(bytes: Uint8Array): Promise<CertificateDocument> {
  const notes: DocumentNote[] = [];
  let certificate: DecodedCertificate | undefined;
  try {
    certificate = decodeCertificateNow(bytes);
  } catch (error) {
    if (!(error instanceof CertificateInputError)) {
      throw error;
    }
    const fieldReason = fieldRefusalReason(error);
    if (fieldReason !== undefined) {
      // It is a certificate, with one field that cannot be read: no need to try every other kind.
      throw new CertificateInputError("undecodable", `The file holds a certificate that cannot be read: ${fieldReason}`);
    }
  }
  if (certificate) {
    const note = trailingNote({ der: bytes }, 0, "The file");
    return documentOf([certificate], [], "der", note ? [note] : []);
  }
  const kind = kindOfDer(bytes);
  if (kind === "unknown") {
    // A file that starts like DER but ends early is most likely a certificate cut short.
    const declared = declaredDerLength(bytes);
    if (bytes[0] === 0x30 && declared !== undefined && declared > bytes.length) {
      throw refuseUndecodable({}, undecodableReason(bytes), "The file");
    }
    throw refuseUnknownBinary(bytes);
  }
  if (kind === "certificate") {
    // Parsed as a certificate's shape but not as a certificate: report it as such.
    return documentOf(await decodeAll([{ der: bytes }], notes, "The file"), [], "der", notes);
  }
  throw refuse(kind, {}, { subject: "The file", binary: true });
}

async function readLooseText(text: string): Promise<CertificateDocument> {
  const loose = recognizeLooseText(text);
  switch (loose.kind) {
    case "sshPublicKey":
      throw refuseSshText(loose.line, loose.sshCertificate ? "certificate" : "publicKey");
    case "puttyKey":
      throw refuseSshText(loose.line, "putty");
    case "opensslText":
      throw refuseOpensslText(loose.line);
    case "json":
      throw refuseJson();
    case "other":
      throw refuseNoArmour(false);
    case "base64": {
      const kind = kindOfDer(loose.der);
      if (kind === "certificate") {
        const notes: DocumentNote[] = [];
        return documentOf(await decodeAll([{ der: loose.der }], notes, "The text (base64 without PEM armour)"), [], "pem", notes);
      }
      if (kind === "unknown") {
        if (Buffer.from(loose.der.buffer, loose.der.byteOffset, loose.der.byteLength).includes("-----BEGIN ")) {
          throw refuseBase64OfPem();
        }
        throw refuseNoArmour(true);
      }
      throw refuse(kind, {}, { subject: "The text (base64 without PEM armour)" });
    }
  }
}

async function readText(input: string, binary: boolean, textNote?: DocumentNote): Promise<CertificateDocument> {
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  if (text.trim() === "") {
    throw refuseEmpty(text.length > 0, binary);
  }
  const blocks = await splitPemInSlices(text);
  if (blocks.length === 0) {
    return readLooseText(text);
  }
  const certificateBlocks: CertificateBlock[] = [];
  const keys: KeyBlock[] = [];
  const others: { kind: NonCertificateKind; block: PemBlock }[] = [];
  for (const block of blocks) {
    const kind = kindOfLabel(block.label);
    switch (kind) {
      case "certificate":
        certificateBlocks.push({ der: block.der, block: block.block, line: block.line, label: block.label });
        break;
      case "pkcs8":
      case "pkcs1-rsa":
      case "sec1-ec":
      case "encrypted-pkcs8":
      case "openssh":
      case "dsa-private-key":
        keys.push({ kind, encrypted: kind === "encrypted-pkcs8" || isEncryptedByHeaders(block.headers), block });
        break;
      case "parameters":
        // EC/DH parameters say nothing secret and nothing to upload.
        break;
      case "publicKey":
      case "csr":
      case "crl":
      case "pkcs7":
      case "pkcs12":
      case "sshPublicKey":
      case "unknown":
        others.push({ kind, block });
        break;
    }
  }
  const firstOther = others[0];
  if (certificateBlocks.length === 0) {
    const firstKey = keys[0];
    if (firstKey && (!firstOther || firstKey.block.block < firstOther.block.block)) {
      throw refuseKeysOnly({ kind: firstKey.kind, encrypted: firstKey.encrypted, location: { block: firstKey.block.block, line: firstKey.block.line } }, keys.length);
    }
    if (firstOther) {
      throw refuse(firstOther.kind, { block: firstOther.block.block, line: firstOther.block.line }, { label: firstOther.block.label });
    }
    const parameters = blocks[0];
    throw refuse("parameters", { block: parameters?.block, line: parameters?.line }, { label: parameters?.label });
  }
  // Anything else beside the certificates is refused rather than skipped: quietly leaving a block
  // out would upload something other than what the user is looking at.
  if (firstOther) {
    throw refuse(firstOther.kind, { block: firstOther.block.block, line: firstOther.block.line }, { label: firstOther.block.label, besideCertificates: true });
  }
  const notes: DocumentNote[] = textNote ? [textNote] : [];
  const certificates = await decodeAll(certificateBlocks, notes);
  const privateKeys: FoundPrivateKey[] = [];
  for (const key of keys) {
    if (key.kind === "dsa-private-key") {
      // Cloudflare takes no DSA keys, so there is nothing to offer; it is never uploaded.
      continue;
    }
    const pem = derToPem(key.block.der, key.block.label, key.block.headers);
    const matches = key.encrypted || key.kind === "openssh" ? undefined : matchingCertificateIndex(pem, certificates);
    privateKeys.push({
      kind: key.kind,
      pem,
      block: key.block.block,
      line: key.block.line,
      ...(matches !== undefined ? { matchesCertificateIndex: matches } : {}),
    });
  }
  return documentOf(certificates, privateKeys, "pem", notes);
}

/**
 * Reads the certificates in `input`: PEM text (one or many blocks, any line ends, a BOM, text
 * around the blocks, private keys beside them) or DER bytes. Bytes that are text are read as
 * text. Throws CertificateInputError when there is no certificate to upload, or when anything
 * in the input is broken or is not a certificate or a private key.
 */
export async function readCertificates(input: string | Uint8Array, options: ReadOptions = {}): Promise<CertificateDocument> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = typeof input === "string" ? Buffer.byteLength(input, "utf8") : input.byteLength;
  if (size > maxBytes) {
    throw refuseTooLarge(size, maxBytes);
  }
  if (typeof input === "string") {
    return readText(input, false);
  }
  if (input.byteLength === 0) {
    throw refuseEmpty(false, true);
  }
  const decoded = textOf(input);
  if (decoded) {
    return readText(decoded.text, true, decoded.note);
  }
  if (isMostlyText(input)) {
    const { what, line } = firstOddByte(input);
    throw refuseOddText(what, line);
  }
  return readDer(input);
}
