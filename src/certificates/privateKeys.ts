// Which certificate of a bundle a private key belongs to: the key's public half, derived by
// Node's crypto, compared with each certificate's public key. Nothing here keeps or logs a key.
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { internalsOf } from "./certificateInternals";
import type { DecodedCertificate } from "./decode";

/**
 * Index of the certificate whose public key matches the private key in `pem`, or undefined
 * when none does or it cannot be checked (an encrypted or OpenSSH key, an algorithm Node lacks).
 */
export function matchingCertificateIndex(pem: string, certificates: readonly DecodedCertificate[]): number | undefined {
  let publicHalf: KeyObject;
  try {
    publicHalf = createPublicKey(createPrivateKey({ key: pem, format: "pem" }));
  } catch {
    return undefined;
  }
  const index = certificates.findIndex((certificate) => internalsOf(certificate).publicKey()?.equals(publicHalf) === true);
  return index === -1 ? undefined : index;
}
