// The parts that the certificates of one input share, parsed once for all of them: in a bundle the
// issuer's name, the signature algorithm, validity periods and most extensions (key usage,
// basicConstraints, the authority key identifier, policies, CRL and AIA locations) come back
// certificate after certificate, and a same-named hostile bundle repeats everything but the serial.
// Keyed by the part's exact DER, so a hit gives exactly what parsing those bytes gives. One cache
// lives for one readCertificates call: nothing outlives the input it was read from.
import type { KeyObject } from "node:crypto";
import type { SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import type { PublicKeyDescription, SignatureScheme } from "./algorithms";
import type { ExtensionReading } from "./extensions";
import type { DistinguishedName } from "./names";

export interface ParsedName {
  readonly name: DistinguishedName;
  /** nameMatchKey's key. */
  readonly matchKey: string;
}

export interface ParsedValidity {
  /** Milliseconds since the epoch: each certificate gets Dates of its own. */
  readonly notBefore: number;
  readonly notAfter: number;
}

export interface ParsedPublicKey {
  readonly info: SubjectPublicKeyInfo;
  readonly description: PublicKeyDescription;
}

/**
 * Parts larger than this are parsed each time: what certificates share is small (a name, a key,
 * an extension), and a key string of a large part (a 185 KB SAN list) costs more to make and
 * hash than the cache saves.
 */
const LARGEST_SHARED_PART = 4096;

/** Parsed values by the DER (as a binary string) they were parsed from. */
class Memo<T> {
  private readonly values = new Map<string, T>();

  get(der: Uint8Array, parse: () => T): T {
    if (der.byteLength > LARGEST_SHARED_PART) {
      return parse();
    }
    const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString("latin1");
    let value = this.values.get(key);
    if (value === undefined) {
      value = parse();
      this.values.set(key, value);
    }
    return value;
  }
}

/**
 * Self-signature checks one input may cost (each is a signature verification, about 0.1 ms for
 * P-256). A 1 MiB file holds at most about 540 real root certificates (Debian's whole bundle is
 * 142), so this never stops a real one; a hostile file of 2,000 tiny self-issued certificates
 * would otherwise spend a quarter of a second on them alone. A certificate past the budget is
 * not called self-signed, and its chain says its signature was not checked.
 */
export const MAX_SELF_SIGNATURE_CHECKS = 640;

export class DecodeCache {
  private selfSignatureChecksLeft: number;

  constructor(selfSignatureChecks = MAX_SELF_SIGNATURE_CHECKS) {
    this.selfSignatureChecksLeft = selfSignatureChecks;
  }

  readonly names = new Memo<ParsedName>();
  readonly algorithms = new Memo<SignatureScheme>();
  readonly validities = new Memo<ParsedValidity>();
  readonly extensions = new Memo<ExtensionReading>();
  readonly publicKeys = new Memo<ParsedPublicKey>();
  /** Node key objects by SubjectPublicKeyInfo DER; null when Node cannot load the key. */
  readonly keyObjects = new Memo<KeyObject | null>();

  /** Whether one more self-signature may be checked (and counts it). */
  takeSelfSignatureCheck(): boolean {
    if (this.selfSignatureChecksLeft <= 0) {
      return false;
    }
    this.selfSignatureChecksLeft--;
    return true;
  }
}
