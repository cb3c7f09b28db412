// Telling what a piece of input is, when it may not be a certificate: by its PEM label, by its
// DER structure (each candidate is parsed against its @peculiar/asn1-* schema, which only accepts
// the exact shape), or, for text with no PEM armour at all, by what the text looks like.
import { parseDer } from "./asn1";
import { Certificate, CertificateList, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { CertificationRequest } from "@peculiar/asn1-csr";
import { ContentInfo } from "@peculiar/asn1-cms";
import { PFX } from "@peculiar/asn1-pfx";
import { EncryptedPrivateKeyInfo, PrivateKeyInfo } from "@peculiar/asn1-pkcs8";
import { RSAPrivateKey, RSAPublicKey } from "@peculiar/asn1-rsa";
import { ECPrivateKey } from "@peculiar/asn1-ecc";
import type { PemHeader } from "./pem";

export { declaredDerLength } from "./derLength";

export type PrivateKeyKind = "pkcs8" | "pkcs1-rsa" | "sec1-ec" | "encrypted-pkcs8" | "openssh";

export type ContentKind =
  | "certificate"
  | PrivateKeyKind
  /** A DSA private key: refused when alone, never collected as a key to upload. */
  | "dsa-private-key"
  | "publicKey"
  | "csr"
  | "crl"
  | "pkcs7"
  | "pkcs12"
  | "sshPublicKey"
  /** EC or DH parameters: `openssl ecparam -genkey` writes them before the key; harmless. */
  | "parameters"
  | "unknown";

const LABELS: Readonly<Record<string, ContentKind>> = {
  CERTIFICATE: "certificate",
  "X509 CERTIFICATE": "certificate",
  "X.509 CERTIFICATE": "certificate",
  // OpenSSL's -trustout form: the certificate's DER followed by its trust settings, which
  // decoding leaves aside (it reads the certificate's own length).
  "TRUSTED CERTIFICATE": "certificate",
  "PRIVATE KEY": "pkcs8",
  "ANY PRIVATE KEY": "pkcs8",
  "RSA PRIVATE KEY": "pkcs1-rsa",
  "EC PRIVATE KEY": "sec1-ec",
  "ENCRYPTED PRIVATE KEY": "encrypted-pkcs8",
  "OPENSSH PRIVATE KEY": "openssh",
  "DSA PRIVATE KEY": "dsa-private-key",
  "PUBLIC KEY": "publicKey",
  "RSA PUBLIC KEY": "publicKey",
  "CERTIFICATE REQUEST": "csr",
  "NEW CERTIFICATE REQUEST": "csr",
  "X509 CRL": "crl",
  CRL: "crl",
  PKCS7: "pkcs7",
  "PKCS #7 SIGNED DATA": "pkcs7",
  CMS: "pkcs7",
  PKCS12: "pkcs12",
  "EC PARAMETERS": "parameters",
  "DH PARAMETERS": "parameters",
  "X9.42 DH PARAMETERS": "parameters",
  "DSA PARAMETERS": "parameters",
};

/** What a PEM block holds, from its label. */
export function kindOfLabel(label: string): ContentKind {
  return LABELS[label] ?? "unknown";
}

/** Legacy OpenSSL encryption of a PKCS#1/SEC1 key shows in a "Proc-Type: 4,ENCRYPTED" header. */
export function isEncryptedByHeaders(headers: readonly PemHeader[]): boolean {
  return headers.some((header) => header.key.toLowerCase() === "proc-type" && /ENCRYPTED/i.test(header.value));
}

/** The schemas tried in order; RSAPrivateKey before RSAPublicKey, since the former also has INTEGERs first. */
const DER_SHAPES: readonly (readonly [ContentKind, new () => object])[] = [
  ["certificate", Certificate],
  ["csr", CertificationRequest],
  ["crl", CertificateList],
  ["pkcs12", PFX],
  ["pkcs7", ContentInfo],
  ["pkcs8", PrivateKeyInfo],
  ["encrypted-pkcs8", EncryptedPrivateKeyInfo],
  ["pkcs1-rsa", RSAPrivateKey],
  ["sec1-ec", ECPrivateKey],
  ["publicKey", SubjectPublicKeyInfo],
  ["publicKey", RSAPublicKey],
];

/** What DER bytes hold, or "unknown". Only for the refusal path: each try is a full parse. */
export function kindOfDer(der: Uint8Array): ContentKind {
  if (der[0] !== 0x30) {
    return "unknown";
  }
  for (const [kind, shape] of DER_SHAPES) {
    try {
      parseDer(der, shape);
      return kind;
    } catch {
      // not this shape; try the next
    }
  }
  return "unknown";
}

export type LooseText =
  | { readonly kind: "sshPublicKey"; readonly line: number; readonly sshCertificate: boolean }
  | { readonly kind: "puttyKey"; readonly line: number }
  | { readonly kind: "opensslText"; readonly line: number }
  | { readonly kind: "json" }
  | { readonly kind: "base64"; readonly der: Uint8Array }
  | { readonly kind: "other" };

const SSH_PUBLIC_KEY = /^(?:ssh-(?:rsa|dss|ed25519|ed448)|ecdsa-sha2-nistp\d+|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com|[a-z0-9-]+-cert-v0[01]@openssh\.com)\s+[A-Za-z0-9+/]+={0,2}(?:\s|$)/;
const SSH_CERTIFICATE = /^[a-z0-9-]+-cert-v0[01]@openssh\.com\s/;

function firstLineMatching(lines: readonly string[], pattern: RegExp): number | undefined {
  const index = lines.findIndex((line) => pattern.test(line.trim()));
  return index === -1 ? undefined : index + 1;
}

/** What a text without any PEM block is. */
export function recognizeLooseText(text: string): LooseText {
  const lines = text.split(/\r\n|\r|\n/);
  const sshLine = firstLineMatching(lines, SSH_PUBLIC_KEY) ?? firstLineMatching(lines, /^---- BEGIN SSH2 PUBLIC KEY ----$/);
  if (sshLine !== undefined) {
    return { kind: "sshPublicKey", line: sshLine, sshCertificate: SSH_CERTIFICATE.test((lines[sshLine - 1] ?? "").trim()) };
  }
  const puttyLine = firstLineMatching(lines, /^PuTTY-User-Key-File-\d+:/);
  if (puttyLine !== undefined) {
    return { kind: "puttyKey", line: puttyLine };
  }
  const certificateLine = firstLineMatching(lines, /^Certificate:$/);
  if (certificateLine !== undefined && /^\s*(?:Data:|Serial Number:|Signature Algorithm:|Subject:)/m.test(text)) {
    return { kind: "opensslText", line: certificateLine };
  }
  const trimmed = text.trim();
  if (/^[[{]/.test(trimmed)) {
    try {
      JSON.parse(trimmed);
      return { kind: "json" };
    } catch {
      // not JSON after all
    }
  }
  const compact = trimmed.replace(/\s+/g, "");
  if (compact.length >= 16 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact) && compact.length % 4 !== 1) {
    return { kind: "base64", der: new Uint8Array(Buffer.from(compact, "base64")) };
  }
  return { kind: "other" };
}
