// Certificate fingerprints, spelled the way the tools around them print them, and a comparison
// that does not care which spelling it is given (Cloudflare Access returns
// "MD5 Fingerprint=1E:80:0F:…", openssl prints "md5 Fingerprint=…", others plain hex).
import { createHash } from "node:crypto";

export interface Fingerprints {
  /** Uppercase colon hex, e.g. "AB:01:…". */
  readonly sha256: string;
  readonly sha1: string;
  readonly md5: string;
  /** "MD5 Fingerprint=AB:01:…", as Cloudflare Access returns `fingerprint`. */
  readonly accessMd5: string;
}

const HEX_PAIRS = Array.from({ length: 256 }, (_value, byte) => byte.toString(16).toUpperCase().padStart(2, "0"));

/** "AB:01:FF" for the bytes 0xAB 0x01 0xFF. */
export function colonHex(bytes: Uint8Array | ArrayBuffer): string {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  const pairs: string[] = new Array<string>(view.length);
  for (let index = 0; index < view.length; index++) {
    pairs[index] = HEX_PAIRS[view[index] ?? 0] ?? "00";
  }
  return pairs.join(":");
}

function digest(algorithm: "sha256" | "sha1" | "md5", der: Uint8Array): string {
  return colonHex(createHash(algorithm).update(der).digest());
}

/** Fingerprints over the DER bytes, computed synchronously (Node's hashes, no WebCrypto round trip). */
export function fingerprintsOf(der: Uint8Array): Fingerprints {
  const md5 = digest("md5", der);
  return { sha256: digest("sha256", der), sha1: digest("sha1", der), md5, accessMd5: `MD5 Fingerprint=${md5}` };
}

function normalize(fingerprint: string): string {
  const equals = fingerprint.lastIndexOf("=");
  // Drop a "<name> Fingerprint=" prefix; base64 is not a form fingerprints come in here.
  const value = equals !== -1 && /fingerprint\s*=/i.test(fingerprint) ? fingerprint.slice(equals + 1) : fingerprint;
  return value.replace(/[\s:-]/g, "").toLowerCase();
}

/**
 * A fingerprint as it is shown and copied: colon hex ("1E:80:0F:…"), whatever spelling it came in
 * (Cloudflare Access's "MD5 Fingerprint=1E:80:…", openssl's "md5 Fingerprint=…", bare hex). The one
 * place a "<name> Fingerprint=" prefix is dropped; a value that is not hex comes back trimmed.
 */
export function fingerprintHex(fingerprint: string): string {
  const digits = normalize(fingerprint);
  const pairs = digits.length % 2 === 0 && /^[0-9a-f]+$/.test(digits) ? digits.toUpperCase().match(/../g) : null;
  return pairs ? pairs.join(":") : fingerprint.trim();
}

/** True when both name the same digest, whatever their spelling; false when either is empty or not hex. */
export function sameFingerprint(a: string, b: string): boolean {
  const left = normalize(a);
  const right = normalize(b);
  return left.length > 0 && /^[0-9a-f]+$/.test(left) && left === right;
}
