// The entry point: what a user has in an editor or a file (PEM text, DER bytes, a bundle with
// its key, or something that is not a certificate at all) in, the certificate document out, or
// one CertificateInputError that says what was found instead, where, and what to do.
import { analyzeChainNow, type ChainAnalysis } from "./chain";
import { decodeCertificateNow, undecodableReason, type DecodedCertificate } from "./decode";
import { CertificateInputError } from "./errors";
import { declaredDerLength, isEncryptedByHeaders, kindOfDer, kindOfLabel, recognizeLooseText, type PrivateKeyKind } from "./formats";
import { derToPem, splitPem, type PemBlock } from "./pem";
import { matchingCertificateIndex } from "./privateKeys";
import {
  describeKind,
  refuse,
  refuseEmpty,
  refuseJson,
  refuseKeysOnly,
  refuseNoArmour,
  refuseOpensslText,
  refuseSshText,
  refuseTooLarge,
  refuseUndecodable,
  refuseUnknownBinary,
  type NonCertificateKind,
} from "./refusals";

export type { DecodedCertificate, DistinguishedName } from "./decode";
export type { ChainAnalysis, ChainLink } from "./chain";

export const DEFAULT_MAX_BYTES = 1024 * 1024;

export interface ReadOptions {
  /** Inputs over this many bytes are refused ("tooLarge"). Default 1 MiB. */
  readonly maxBytes?: number;
  /** Accepted for callers that pass their clock; nothing in a document depends on the time. */
  readonly now?: Date;
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

export interface CertificateDocument {
  /** In document order. */
  readonly certificates: readonly DecodedCertificate[];
  /** Keys found beside the certificates (a leaf bundle); never uploaded unless the user says so. */
  readonly privateKeys: readonly FoundPrivateKey[];
  /** The certificates only, re-armoured, LF, one trailing newline: what an upload sends. */
  readonly pem: string;
  readonly chain: ChainAnalysis;
  readonly source: "pem" | "der";
}

/** Certificates decoded between two yields to the event loop: a big bundle must not freeze the host. */
const CERTIFICATES_PER_SLICE = 64;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The input as text, or undefined when it is binary. */
function textOf(bytes: Uint8Array): string | undefined {
  try {
    let text: string;
    if (bytes[0] === 0xff && bytes[1] === 0xfe) {
      text = new TextDecoder("utf-16le", { fatal: true }).decode(bytes);
    } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
      text = new TextDecoder("utf-16be", { fatal: true }).decode(bytes);
    } else {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    }
    // Tabs, line ends and form feeds are text; other control characters mean binary (DER is full of them).
    // eslint-disable-next-line no-control-regex -- control characters are what is being looked for
    return /[\x00-\x08\x0e-\x1f\x7f]/.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

interface CertificateBlock {
  readonly der: Uint8Array;
  readonly block?: number;
  readonly line?: number;
}

interface KeyBlock {
  readonly kind: PrivateKeyKind | "dsa-private-key";
  readonly encrypted: boolean;
  readonly block: PemBlock;
}

async function decodeAll(blocks: readonly CertificateBlock[], subject?: string): Promise<DecodedCertificate[]> {
  const certificates: DecodedCertificate[] = [];
  for (const [index, item] of blocks.entries()) {
    if (index > 0 && index % CERTIFICATES_PER_SLICE === 0) {
      await yieldToEventLoop();
    }
    try {
      certificates.push(decodeCertificateNow(item.der));
    } catch (error) {
      if (!(error instanceof CertificateInputError)) {
        throw error;
      }
      const location = { ...(item.block !== undefined ? { block: item.block } : {}), ...(item.line !== undefined ? { line: item.line } : {}) };
      const kind = kindOfDer(item.der);
      let reason = undecodableReason(item.der);
      if (kind === "certificate") {
        reason = "it has a certificate's shape, but some of its fields cannot be read.";
      } else if (kind !== "unknown") {
        reason = `it holds ${describeKind(kind)}. Put it in its own file, or pick the certificate.`;
      }
      throw refuseUndecodable(location, reason, subject);
    }
  }
  return certificates;
}

function documentOf(certificates: DecodedCertificate[], privateKeys: FoundPrivateKey[], source: "pem" | "der"): CertificateDocument {
  return {
    certificates,
    privateKeys,
    pem: certificates.map((certificate) => certificate.pem).join(""),
    chain: analyzeChainNow(certificates),
    source,
  };
}

async function readDer(bytes: Uint8Array): Promise<CertificateDocument> {
  try {
    return documentOf([decodeCertificateNow(bytes)], [], "der");
  } catch (error) {
    if (!(error instanceof CertificateInputError)) {
      throw error;
    }
  }
  const kind = kindOfDer(bytes);
  if (kind === "unknown") {
    // A file that starts like DER but ends early is most likely a certificate cut short.
    const declared = declaredDerLength(bytes);
    if (bytes[0] === 0x30 && declared !== undefined && declared > bytes.length) {
      throw refuseUndecodable({}, undecodableReason(bytes), "The file");
    }
    throw refuseUnknownBinary();
  }
  if (kind === "certificate") {
    // Parsed as a certificate's shape but not as a certificate: report it as such.
    return documentOf(await decodeAll([{ der: bytes }], "The file"), [], "der");
  }
  throw refuse(kind, {}, { subject: "The file", binary: true });
}

async function readLooseText(text: string): Promise<CertificateDocument> {
  const loose = recognizeLooseText(text);
  switch (loose.kind) {
    case "sshPublicKey":
      throw refuseSshText(loose.line, false);
    case "puttyKey":
      throw refuseSshText(loose.line, true);
    case "opensslText":
      throw refuseOpensslText(loose.line);
    case "json":
      throw refuseJson();
    case "other":
      throw refuseNoArmour(false);
    case "base64": {
      const kind = kindOfDer(loose.der);
      if (kind === "certificate") {
        return documentOf(await decodeAll([{ der: loose.der }], "The text (base64 without PEM armour)"), [], "pem");
      }
      if (kind === "unknown") {
        throw refuseNoArmour(true);
      }
      throw refuse(kind, {}, { subject: "The text (base64 without PEM armour)" });
    }
  }
}

async function readText(input: string, binary: boolean): Promise<CertificateDocument> {
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  if (text.trim() === "") {
    throw refuseEmpty(text.length > 0, binary);
  }
  const blocks = splitPem(text);
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
        certificateBlocks.push({ der: block.der, block: block.block, line: block.line });
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
  const certificates = await decodeAll(certificateBlocks);
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
  return documentOf(certificates, privateKeys, "pem");
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
  const text = textOf(input);
  return text === undefined ? readDer(input) : readText(text, true);
}
