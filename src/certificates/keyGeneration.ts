// Key pairs for client certificates, made on the user's machine with Node's WebCrypto. The private
// key only ever leaves this process as a PKCS#8 PEM (or inside a password-protected PKCS#12) that
// the caller writes to a file the user picked; nothing here logs or keeps it.
//
// ECDSA P-256 is the default: small, fast, and taken by every TLS stack that does client
// certificates today. RSA 2048 is there for clients that still only do RSA.
import { webcrypto } from "node:crypto";
import { x509 } from "./x509Setup";

export type ClientKeyAlgorithm = "ECDSA-P256" | "RSA-2048";

export const DEFAULT_CLIENT_KEY_ALGORITHM: ClientKeyAlgorithm = "ECDSA-P256";

export interface ClientKeyPair {
  readonly algorithm: ClientKeyAlgorithm;
  /** Extractable, so the private key can be saved; usages "sign" / "verify". */
  readonly keys: webcrypto.CryptoKeyPair;
}

/** "ECDSA P-256", "RSA 2048 bits": how the choice reads in a picker. */
export function describeClientKeyAlgorithm(algorithm: ClientKeyAlgorithm): string {
  return algorithm === "ECDSA-P256" ? "ECDSA P-256" : "RSA 2048 bits";
}

const EC_P256: webcrypto.EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
// The hash is the one the CSR is signed with.
const RSA_2048: webcrypto.RsaHashedKeyGenParams = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };

/** The algorithm a CSR (or anything else) is signed with by a key of this kind: always SHA-256. */
export function signingParameters(algorithm: ClientKeyAlgorithm): webcrypto.EcdsaParams | webcrypto.Algorithm {
  return algorithm === "ECDSA-P256" ? { name: "ECDSA", hash: "SHA-256" } : { name: "RSASSA-PKCS1-v1_5" };
}

/** A fresh key pair. RSA takes a few hundred milliseconds; WebCrypto does it off the main thread. */
export async function generateClientKeyPair(algorithm: ClientKeyAlgorithm = DEFAULT_CLIENT_KEY_ALGORITHM): Promise<ClientKeyPair> {
  const usages: webcrypto.KeyUsage[] = ["sign", "verify"];
  const keys = await webcrypto.subtle.generateKey(algorithm === "ECDSA-P256" ? EC_P256 : RSA_2048, true, usages);
  return { algorithm, keys };
}

/** The private key as unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), for a file with mode 0600. */
export async function exportPrivateKeyPem(privateKey: webcrypto.CryptoKey): Promise<string> {
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", privateKey);
  return `${x509.PemConverter.encode(pkcs8, "PRIVATE KEY")}\n`;
}
