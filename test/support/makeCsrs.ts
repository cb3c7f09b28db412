// Makes real PKCS#10 certificate signing requests at test time with @peculiar/x509 (and, for the
// broken ones, by changing a real request with @peculiar/asn1-csr), so no test depends on a
// hand-written PEM string.
import * as x509 from "@peculiar/x509";
import { AsnConvert } from "@peculiar/asn1-schema";
import { CertificationRequest } from "@peculiar/asn1-csr";
import { SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { webcrypto } from "node:crypto";
import { makeKeys, type KeyAlgorithm } from "./makeCertificates";

export interface MadeCsr {
  readonly pem: string;
  readonly der: Uint8Array;
  readonly keys: CryptoKeyPair;
  /** PKCS#8 PEM of the private key. */
  readonly privateKeyPem: string;
}

export interface CsrSpec {
  /** x509's string form, e.g. "CN=alice, O=Example Inc., C=US". Default "CN=client.example.com". */
  readonly subject?: string;
  readonly keyAlgorithm?: KeyAlgorithm;
  /** Shares keys between requests with the same label (key generation is the slow part). */
  readonly keyLabel?: string;
  readonly hash?: "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512";
}

function signingAlgorithm(algorithm: KeyAlgorithm, hash: string): Algorithm | EcdsaParams {
  if (algorithm.startsWith("RSA")) {
    return { name: "RSASSA-PKCS1-v1_5", hash };
  }
  if (algorithm === "Ed25519") {
    return { name: "Ed25519" };
  }
  return { name: "ECDSA", hash };
}

export async function makeCsr(spec: CsrSpec = {}): Promise<MadeCsr> {
  const keyAlgorithm = spec.keyAlgorithm ?? "P-256";
  const hash = spec.hash ?? "SHA-256";
  const keys = await makeKeys(keyAlgorithm, hash, spec.keyLabel ?? "csr");
  const request = await x509.Pkcs10CertificateRequestGenerator.create({
    name: spec.subject ?? "CN=client.example.com",
    keys,
    signingAlgorithm: signingAlgorithm(keyAlgorithm, hash),
  });
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
  return { pem: request.toString("pem"), der: new Uint8Array(request.rawData), keys, privateKeyPem: x509.PemConverter.encode(pkcs8, "PRIVATE KEY") };
}

/**
 * The request with its public key replaced by another key's after it was signed: it still parses,
 * but its signature no longer verifies with the key it carries (a tampered or corrupted CSR).
 */
export async function withSwappedPublicKey(csr: MadeCsr): Promise<string> {
  const other = await makeKeys("P-256", "SHA-256", "csr-swapped-key");
  const spki = AsnConvert.parse(await webcrypto.subtle.exportKey("spki", other.publicKey), SubjectPublicKeyInfo);
  const request = AsnConvert.parse(csr.der, CertificationRequest);
  request.certificationRequestInfo.subjectPKInfo = spki;
  delete request.certificationRequestInfoRaw;
  return x509.PemConverter.encode(AsnConvert.serialize(request), "CERTIFICATE REQUEST");
}
