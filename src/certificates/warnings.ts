// What is worth a second look before an upload: things Cloudflare may refuse, or that clients
// will, said in one sentence each. Warnings never block; the command decides what to do.
import type { DecodedCertificate } from "./decode";
import { describeExpiry } from "./expiry";
import { EXTENSION_OIDS } from "./extensions";
import type { CertificateDocument } from "./read";

/** The role a certificate is uploaded in: a CA that others are checked against, or a leaf. */
export type UploadRole = "ca" | "leaf";

export type CertificateWarningCode =
  | "expired"
  | "notYetValid"
  | "expiringSoon"
  | "caWithoutKeyCertSign"
  | "caWithoutBasicConstraints"
  | "leafAsCa"
  | "sha1Signature"
  | "weakRsaKey"
  /** An error on a chain link: names, signature, the issuer's cA, keyCertSign or pathLenConstraint. */
  | "brokenChain"
  /** Several certificates could be the issuer, and the checks could not tell which. */
  | "ambiguousChain"
  /** A certificate is valid before or after its issuer. */
  | "validityNotNested"
  /** notAfter is before notBefore: the certificate can never be valid. */
  | "invertedValidity"
  /** Bytes after a certificate, or a second DER object in one PEM block, that are not uploaded. */
  | "trailingData"
  /** The file is text with bytes that are not UTF-8, outside the certificate blocks. */
  | "invalidText"
  | "privateKeyForCa";

export interface CertificateWarning {
  readonly code: CertificateWarningCode;
  readonly message: string;
  /** Index in `document.certificates` of the certificate concerned, when it is one. */
  readonly certificateIndex?: number;
}

export const DEFAULT_WARNING_DAYS = 30;
const MINIMUM_RSA_BITS = 2048;
const WEAK_HASHES = new Set(["MD2", "MD5", "SHA-1"]);

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function expiryWarning(certificate: DecodedCertificate, label: string, now: Date, warningDays: number): Omit<CertificateWarning, "certificateIndex"> | undefined {
  if (certificate.notAfter.getTime() < certificate.notBefore.getTime()) {
    return {
      code: "invertedValidity",
      message: `${label} has its validity period inverted: it ends (${isoDate(certificate.notAfter)}) before it begins (${isoDate(certificate.notBefore)}), so it can never be valid. Ask its issuer for a new certificate.`,
    };
  }
  const status = describeExpiry(certificate, now, warningDays);
  switch (status.state) {
    case "expired":
      return { code: "expired", message: `${label} ${status.label} (${isoDate(certificate.notAfter)}): clients will refuse it. Upload a renewed certificate.` };
    case "notYetValid":
      return { code: "notYetValid", message: `${label} is not valid until ${isoDate(certificate.notBefore)}: clients will refuse it until then.` };
    case "expiring":
      return {
        code: "expiringSoon",
        message: `${label} ${status.label} (${isoDate(certificate.notAfter)}), within ${plural(warningDays, "day")}: plan its renewal.`,
      };
    case "valid":
      return undefined;
  }
}

function caWarning(certificate: DecodedCertificate, label: string): Omit<CertificateWarning, "certificateIndex"> | undefined {
  if (!certificate.basicConstraints) {
    return {
      code: "caWithoutBasicConstraints",
      message: `${label} has no basicConstraints extension: Cloudflare accepts a CA only with basicConstraints CA:TRUE.`,
    };
  }
  if (!certificate.basicConstraints.ca) {
    return {
      code: "leafAsCa",
      message: `${label} is a leaf certificate (basicConstraints CA:FALSE), not a CA: Cloudflare will refuse it as a CA. Upload it as a leaf, or pick the CA certificate that issued it.`,
    };
  }
  const hasKeyUsage = certificate.extensions.some((extension) => extension.oid === EXTENSION_OIDS.keyUsage);
  if (hasKeyUsage && !certificate.keyUsage.includes("keyCertSign")) {
    return {
      code: "caWithoutKeyCertSign",
      message: `${label} is a CA, but its key usage lacks keyCertSign, so clients will not accept the certificates it signs.`,
    };
  }
  return undefined;
}

/**
 * Warnings for uploading `document` in `role`, at `now`. Certificates that expire within
 * `warningDays` calendar days are "expiringSoon".
 */
export function uploadWarnings(document: CertificateDocument, role: UploadRole, now: Date, warningDays = DEFAULT_WARNING_DAYS): CertificateWarning[] {
  const warnings: CertificateWarning[] = [];
  const single = document.certificates.length === 1;
  const labelOf = (certificate: DecodedCertificate, index: number): string => {
    const name = `“${certificate.subject.commonName ?? certificate.subject.text}”`;
    return single ? `The certificate ${name}` : `Certificate ${index + 1} (${name})`;
  };
  const asCa = role === "ca";

  document.certificates.forEach((certificate, certificateIndex) => {
    const label = labelOf(certificate, certificateIndex);
    const found = [expiryWarning(certificate, label, now, warningDays), asCa ? caWarning(certificate, label) : undefined];
    const hash = certificate.signatureAlgorithm.hash;
    if (hash && WEAK_HASHES.has(hash) && !certificate.selfSigned) {
      // A root's own signature is never checked by clients, so only issued certificates count.
      found.push({
        code: "sha1Signature",
        message: `${label} is signed with ${hash} (${certificate.signatureAlgorithm.cloudflare}), which is no longer safe: many clients reject it.`,
      });
    }
    const bits = certificate.publicKey.rsaBits;
    if (bits !== undefined && bits < MINIMUM_RSA_BITS) {
      found.push({ code: "weakRsaKey", message: `${label} has a ${bits}-bit RSA key; ${MINIMUM_RSA_BITS} bits is the least clients accept today.` });
    }
    for (const warning of found) {
      if (warning) {
        warnings.push({ ...warning, certificateIndex });
      }
    }
  });

  for (const note of document.notes) {
    warnings.push({ code: note.code, message: note.message, ...(note.certificateIndex !== undefined ? { certificateIndex: note.certificateIndex } : {}) });
  }

  const indexOf = new Map(document.certificates.map((certificate, index) => [certificate, index]));
  for (const chainBreak of document.chain.breaks) {
    const certificate = document.chain.ordered[chainBreak.index]?.certificate;
    const certificateIndex = certificate ? (indexOf.get(certificate) ?? -1) : -1;
    const where = certificateIndex >= 0 ? { certificateIndex } : {};
    if (chainBreak.code === "validityNotNested") {
      warnings.push({ code: "validityNotNested", message: chainBreak.reason, ...where });
    } else if (chainBreak.code === "ambiguousIssuer") {
      warnings.push({ code: "ambiguousChain", message: `The chain is ambiguous: ${chainBreak.reason}`, ...where });
    } else {
      warnings.push({ code: "brokenChain", message: `The chain is broken: ${chainBreak.reason}`, ...where });
    }
  }

  if (asCa && document.privateKeys.length > 0) {
    warnings.push({
      code: "privateKeyForCa",
      message: `The file also holds ${document.privateKeys.length === 1 ? "a private key" : plural(document.privateKeys.length, "private key")}: a CA upload never sends it, and it stays on your machine. Keep CA keys out of files you share.`,
    });
  }
  return warnings;
}
