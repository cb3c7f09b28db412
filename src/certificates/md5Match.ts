// Which workspace file holds the certificate an Access record names by its MD5 fingerprint,
// without decoding anything: each CERTIFICATE block's DER (or a DER file's certificate) is
// hashed as it is, and only the file that matches needs the decoder. Light on purpose: PEM
// splitting, a DER length header and node:crypto's MD5, no ASN.1 library (this module must not
// import one, so the extension can use it before the decoder bundle is loaded).
import { createHash } from "node:crypto";
import { declaredDerLength } from "./derLength";
import { sameFingerprint } from "./fingerprints";
import { splitPem } from "./pem";

/** The labels a certificate block comes under (as formats.ts knows them). */
const CERTIFICATE_LABELS = new Set(["CERTIFICATE", "X509 CERTIFICATE", "X.509 CERTIFICATE", "TRUSTED CERTIFICATE"]);
const BEGIN_MARKER = Buffer.from("-----BEGIN ", "latin1");

function md5(der: Uint8Array): string {
  const hex = createHash("md5").update(der).digest("hex").toUpperCase();
  return hex.replace(/(..)(?!$)/g, "$1:");
}

/** The certificate at the start of `der`, without bytes after it (trust settings, a newline). */
function certificatePart(der: Uint8Array): Uint8Array | undefined {
  const length = declaredDerLength(der);
  return der[0] === 0x30 && length !== undefined && length <= der.length ? der.subarray(0, length) : undefined;
}

/** The text of a file for finding PEM blocks: UTF-16 when its byte order mark says so, else bytes as Latin-1 (PEM is ASCII). */
function pemText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return buffer.subarray(2).toString("utf16le");
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(2));
    return swapped.swap16().toString("utf16le");
  }
  return buffer.toString("latin1");
}

/**
 * The MD5 fingerprints (uppercase colon hex, as DecodedCertificate.fingerprints.md5) of the
 * certificates in a file: one per CERTIFICATE block of PEM text, or the one of a DER file.
 * Empty when the file holds none, or its PEM is broken (the decoder will say how, if asked).
 */
export function certificateMd5s(content: string | Uint8Array): string[] {
  let text: string | undefined;
  if (typeof content === "string") {
    text = content;
  } else if (Buffer.from(content.buffer, content.byteOffset, content.byteLength).indexOf(BEGIN_MARKER) !== -1 || content[0] === 0xff || content[0] === 0xfe) {
    text = pemText(content);
  } else {
    const der = certificatePart(content);
    return der ? [md5(der)] : [];
  }
  try {
    return splitPem(text).flatMap((block) => {
      const der = CERTIFICATE_LABELS.has(block.label) ? certificatePart(block.der) : undefined;
      return der ? [md5(der)] : [];
    });
  } catch {
    return [];
  }
}

/** Whether the file holds the certificate with this MD5 fingerprint (any spelling: "MD5 Fingerprint=AB:…", plain hex). */
export function holdsCertificateWithMd5(content: string | Uint8Array, fingerprint: string): boolean {
  return certificateMd5s(content).some((found) => sameFingerprint(found, fingerprint));
}

/** The first of `files` that holds the certificate with this MD5 fingerprint, or undefined. */
export function findFileWithMd5<T extends { readonly content: string | Uint8Array }>(files: Iterable<T>, fingerprint: string): T | undefined {
  for (const file of files) {
    if (holdsCertificateWithMd5(file.content, fingerprint)) {
      return file;
    }
  }
  return undefined;
}
