// PEM in, the fields Cloudflare derives from an uploaded certificate out: issuer, serial,
// expiry, signature name and MD5 fingerprint. Parsing is real (Node's X509Certificate), so a
// bad upload fails here the way it fails at Cloudflare.
import { createHash, createPrivateKey, X509Certificate } from "node:crypto";
import { childrenOf, decodeInteger, decodeOid, decodeTime, DerTag, expectTag, readElement } from "./der";
import { formatDistinguishedName } from "./distinguishedName";

export interface CertificateFacts {
  readonly der: Uint8Array;
  readonly issuer: string;
  /** Decimal, as Cloudflare shows it. */
  readonly serialNumber: string;
  readonly notAfter: Date;
  /** Cloudflare's spelling, e.g. "SHA256WithRSA", "ECDSAWithSHA384", "Ed25519". */
  readonly signature: string;
  /** Whether the signature is one Cloudflare accepts on a CA: RSA or ECDSA with SHA-1/256/384/512. */
  readonly signatureAllowedForCa: boolean;
  /** basicConstraints CA:TRUE. */
  readonly isCa: boolean;
  /** "MD5 Fingerprint=AA:BB:…" over the DER. */
  readonly md5Fingerprint: string;
  readonly x509: X509Certificate;
}

export class CertificateParseError extends Error {
  override name = "CertificateParseError";
}

interface PemBlock {
  readonly label: string;
  readonly der: Buffer;
}

const pemBlockPattern = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;

/** The PEM blocks in `text`. Text between blocks is ignored, as Go's pem.Decode does. */
export function readPemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(pemBlockPattern)) {
    const [, label = "", body = "", endLabel] = match;
    if (label !== endLabel) {
      throw new CertificateParseError(`PEM block "${label}" ends with "${endLabel}"`);
    }
    const base64 = body.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0 || base64.length === 0) {
      throw new CertificateParseError(`PEM block "${label}" is not valid base64`);
    }
    blocks.push({ label, der: Buffer.from(base64, "base64") });
  }
  return blocks;
}

/** Every certificate of a PEM bundle, first one first. Throws CertificateParseError. */
export function parseCertificateBundle(pem: string): CertificateFacts[] {
  const blocks = readPemBlocks(pem);
  if (blocks.length === 0) {
    throw new CertificateParseError("no PEM certificate found");
  }
  return blocks.map((block) => {
    if (block.label !== "CERTIFICATE") {
      throw new CertificateParseError(`unexpected PEM block "${block.label}"`);
    }
    return certificateFacts(block.der);
  });
}

export function certificateFacts(der: Uint8Array): CertificateFacts {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der);
  } catch (error) {
    throw new CertificateParseError(`not an X.509 certificate (${(error as Error).message})`);
  }
  try {
    const fields = readTbsFields(der);
    return {
      der,
      issuer: formatDistinguishedName(fields.issuer),
      serialNumber: fields.serial.toString(10),
      notAfter: fields.notAfter,
      signature: fields.signature.name,
      signatureAllowedForCa: fields.signature.allowedForCa,
      isCa: x509.ca,
      md5Fingerprint: md5Fingerprint(der),
      x509,
    };
  } catch (error) {
    throw new CertificateParseError(`unreadable certificate fields (${(error as Error).message})`);
  }
}

export function md5Fingerprint(der: Uint8Array): string {
  const hex = createHash("md5").update(der).digest("hex").toUpperCase();
  return `MD5 Fingerprint=${hex.match(/../g)?.join(":") ?? ""}`;
}

export type PrivateKeyCheck = "matches" | "unparsable" | "mismatch";

export function checkPrivateKey(certificate: CertificateFacts, privateKeyPem: string): PrivateKeyCheck {
  let key;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    return "unparsable";
  }
  try {
    return certificate.x509.checkPrivateKey(key) ? "matches" : "mismatch";
  } catch {
    return "mismatch";
  }
}

/** RFC 3339 in UTC without fractional seconds, e.g. "2122-10-29T16:59:47Z". */
export function rfc3339Seconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

interface TbsFields {
  readonly serial: bigint;
  readonly issuer: ReturnType<typeof readElement>;
  readonly notAfter: Date;
  readonly signature: { name: string; allowedForCa: boolean };
}

function readTbsFields(der: Uint8Array): TbsFields {
  const [tbs, signatureAlgorithm] = childrenOf(expectTag(readElement(der), DerTag.sequence, "Certificate"));
  const tbsFields = childrenOf(expectTag(tbs, DerTag.sequence, "TBSCertificate"));
  // version is an optional [0]; everything after it is positional.
  const start = tbsFields[0]?.tag === DerTag.contextConstructed0 ? 1 : 0;
  const serial = expectTag(tbsFields[start], DerTag.integer, "serialNumber");
  const issuer = expectTag(tbsFields[start + 2], DerTag.sequence, "issuer");
  const validity = childrenOf(expectTag(tbsFields[start + 3], DerTag.sequence, "validity"));
  const notAfter = validity[1];
  if (!notAfter) {
    throw new Error("DER: validity without notAfter");
  }
  return {
    serial: decodeInteger(serial.content),
    issuer,
    notAfter: decodeTime(notAfter),
    signature: signatureName(expectTag(signatureAlgorithm, DerTag.sequence, "signatureAlgorithm")),
  };
}

const signatureNames: Readonly<Record<string, { name: string; allowedForCa: boolean }>> = {
  "1.2.840.113549.1.1.2": { name: "MD2WithRSA", allowedForCa: false },
  "1.2.840.113549.1.1.4": { name: "MD5WithRSA", allowedForCa: false },
  "1.2.840.113549.1.1.5": { name: "SHA1WithRSA", allowedForCa: true },
  "1.2.840.113549.1.1.11": { name: "SHA256WithRSA", allowedForCa: true },
  "1.2.840.113549.1.1.12": { name: "SHA384WithRSA", allowedForCa: true },
  "1.2.840.113549.1.1.13": { name: "SHA512WithRSA", allowedForCa: true },
  "1.2.840.10040.4.3": { name: "DSAWithSHA1", allowedForCa: false },
  "2.16.840.1.101.3.4.3.2": { name: "DSAWithSHA256", allowedForCa: false },
  "1.2.840.10045.4.1": { name: "ECDSAWithSHA1", allowedForCa: true },
  "1.2.840.10045.4.3.2": { name: "ECDSAWithSHA256", allowedForCa: true },
  "1.2.840.10045.4.3.3": { name: "ECDSAWithSHA384", allowedForCa: true },
  "1.2.840.10045.4.3.4": { name: "ECDSAWithSHA512", allowedForCa: true },
  "1.3.101.112": { name: "Ed25519", allowedForCa: false },
};

const pssHashNames: Readonly<Record<string, string>> = {
  "2.16.840.1.101.3.4.2.1": "SHA256",
  "2.16.840.1.101.3.4.2.2": "SHA384",
  "2.16.840.1.101.3.4.2.3": "SHA512",
};

const rsaPss = "1.2.840.113549.1.1.10";

function signatureName(algorithm: ReturnType<typeof readElement>): { name: string; allowedForCa: boolean } {
  const [oidElement, parameters] = childrenOf(algorithm);
  const oid = decodeOid(expectTag(oidElement, DerTag.oid, "algorithm OID").content);
  if (oid === rsaPss) {
    // RSASSA-PSS-params: [0] hashAlgorithm (default SHA-1).
    const hashParameter = parameters && parameters.tag === DerTag.sequence ? childrenOf(parameters).find((p) => p.tag === DerTag.contextConstructed0) : undefined;
    const hashOid = hashParameter ? childrenOf(childrenOf(hashParameter)[0] ?? hashParameter)[0] : undefined;
    const hash = hashOid ? pssHashNames[decodeOid(hashOid.content)] : undefined;
    return { name: hash ? `${hash}WithRSAPSS` : "Unknown Signature", allowedForCa: hash !== undefined };
  }
  return signatureNames[oid] ?? { name: "Unknown Signature", allowedForCa: false };
}
