// Checking that a certificate was signed by a given public key. Node's crypto.verify does it
// synchronously in OpenSSL, which is several times faster than a WebCrypto round trip and also
// covers what WebCrypto lacks (DSA, MD5, RSA-PSS keys); the algorithm comes from our own reading
// of the certificate's signatureAlgorithm, so the check stays independent of Node's X.509 parser.
import { constants, verify, type KeyObject } from "node:crypto";
import type { HashName, SignatureScheme } from "./algorithms";

const NODE_HASH: Readonly<Record<HashName, string | undefined>> = {
  MD2: undefined,
  MD5: "md5",
  "SHA-1": "sha1",
  "SHA-224": "sha224",
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
};

/**
 * True when `signature` over `signed` verifies with `key` under `scheme`, false when it does not
 * (or the key cannot have made it), undefined when the algorithm cannot be checked here.
 */
export function verifySignature(signed: Uint8Array, signature: Uint8Array, scheme: SignatureScheme, key: KeyObject): boolean | undefined {
  const hash = scheme.hash ? NODE_HASH[scheme.hash] : undefined;
  const keyType = key.asymmetricKeyType;
  try {
    switch (scheme.family) {
      case "RSA":
        if (!hash) {
          return undefined;
        }
        return keyType === "rsa" && verify(hash, signed, key, signature);
      case "RSA-PSS":
        if (!hash) {
          return undefined;
        }
        return (
          (keyType === "rsa" || keyType === "rsa-pss") &&
          verify(hash, signed, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.saltLength ?? 20 }, signature)
        );
      case "ECDSA":
      case "DSA":
        if (!hash) {
          return undefined;
        }
        return keyType === (scheme.family === "ECDSA" ? "ec" : "dsa") && verify(hash, signed, { key, dsaEncoding: "der" }, signature);
      case "Ed25519":
        return keyType === "ed25519" && verify(null, signed, key, signature);
      case "Ed448":
        return keyType === "ed448" && verify(null, signed, key, signature);
      case undefined:
        return undefined;
    }
  } catch {
    // A malformed signature or key is simply not a valid signature.
    return false;
  }
}
