// A Node key object for a certificate's public key, to check signatures and match private keys.
// Node loads a JWK several times faster than DER (OpenSSL 3's DER decoders cost ~130 µs a key,
// more than decoding the certificate's fields), so the common key types go through JWK, built
// from the fields @peculiar/asn1-* already parsed; anything else goes through the SPKI DER.
import { createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { parseDer, serializeDer } from "./asn1";
import type { SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { RSAPublicKey } from "@peculiar/asn1-rsa";
import { ECParameters } from "@peculiar/asn1-ecc";

/** JWK curve names and their coordinate sizes in bytes. */
const JWK_CURVES: Readonly<Record<string, { readonly crv: string; readonly size: number }>> = {
  "1.2.840.10045.3.1.7": { crv: "P-256", size: 32 },
  "1.3.132.0.34": { crv: "P-384", size: 48 },
  "1.3.132.0.35": { crv: "P-521", size: 66 },
};

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
}

function withoutLeadingZeros(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) {
    start++;
  }
  return bytes.subarray(start);
}

function jwkOf(info: SubjectPublicKeyInfo): JsonWebKey | undefined {
  const key = new Uint8Array(info.subjectPublicKey);
  switch (info.algorithm.algorithm) {
    case "1.2.840.113549.1.1.1": {
      const rsa = parseDer(info.subjectPublicKey, RSAPublicKey);
      return { kty: "RSA", n: base64url(withoutLeadingZeros(new Uint8Array(rsa.modulus))), e: base64url(withoutLeadingZeros(new Uint8Array(rsa.publicExponent))) };
    }
    case "1.2.840.10045.2.1": {
      const namedCurve = info.algorithm.parameters ? parseDer(info.algorithm.parameters, ECParameters).namedCurve : undefined;
      const curve = namedCurve ? JWK_CURVES[namedCurve] : undefined;
      // Only uncompressed points (0x04 ‖ x ‖ y) split into JWK coordinates.
      if (!curve || key[0] !== 0x04 || key.length !== 1 + 2 * curve.size) {
        return undefined;
      }
      return { kty: "EC", crv: curve.crv, x: base64url(key.subarray(1, 1 + curve.size)), y: base64url(key.subarray(1 + curve.size)) };
    }
    case "1.3.101.112":
      return { kty: "OKP", crv: "Ed25519", x: base64url(key) };
    case "1.3.101.113":
      return { kty: "OKP", crv: "Ed448", x: base64url(key) };
    default:
      return undefined;
  }
}

/** The key as a Node KeyObject; undefined when Node cannot load it. */
export function publicKeyObjectOf(info: SubjectPublicKeyInfo): KeyObject | undefined {
  try {
    const jwk = jwkOf(info);
    if (jwk) {
      return createPublicKey({ key: jwk, format: "jwk" });
    }
  } catch {
    // fall back to the DER form below
  }
  try {
    return createPublicKey({ key: Buffer.from(serializeDer(info)), format: "der", type: "spki" });
  } catch {
    return undefined;
  }
}
