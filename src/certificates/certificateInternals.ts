// What the chain and self-signature checks need from a certificate beyond its public model:
// names in matching form, the signed bytes, the signature and a public key object.
// Kept beside each DecodedCertificate (in a WeakMap) so a certificate is parsed once however
// many times it is compared; a model built elsewhere is simply parsed again from its DER.
import type { KeyObject } from "node:crypto";
import { Certificate } from "@peculiar/asn1-x509";
import { signatureSchemeOf, type SignatureScheme } from "./algorithms";
import { parseDer, serializeDer } from "./asn1";
import { nameMatchKey } from "./names";
import { exactArrayBuffer } from "./pemEncoding";
import { publicKeyObjectOf } from "./publicKeys";
import { verifySignature } from "./signatures";

/** The certificate's ASN.1 structure (throws when the bytes are not one). */
export function parseCertificate(der: Uint8Array): Certificate {
  return parseDer(exactArrayBuffer(der), Certificate);
}

export interface KeyIdentifiers {
  readonly subjectKeyIdentifier?: string;
  readonly authorityKeyIdentifier?: string;
}

/** What CertificateInternals is made of, however the certificate was parsed (whole, or part by part). */
export interface InternalsParts extends KeyIdentifiers {
  readonly subjectNameKey: string;
  readonly issuerNameKey: string;
  readonly scheme: SignatureScheme;
  /** 1, 2 or 3. */
  readonly version: number;
  /** The tbsCertificate's DER: what the signature is over. */
  readonly signedBytes: Uint8Array;
  readonly signatureBytes: Uint8Array;
  /** Loads the subject public key as a Node key object; undefined when Node cannot load it. */
  readonly loadPublicKey: () => KeyObject | undefined;
}

/** The parts of a certificate parsed whole by asn1-schema. */
export function partsOfStructure(structure: Certificate, identifiers: KeyIdentifiers): InternalsParts {
  const tbs = structure.tbsCertificate;
  return {
    subjectNameKey: nameMatchKey(tbs.subject),
    issuerNameKey: nameMatchKey(tbs.issuer),
    scheme: signatureSchemeOf(structure.signatureAlgorithm),
    version: tbs.version + 1,
    signedBytes: new Uint8Array(structure.tbsCertificateRaw ?? serializeDer(tbs)),
    signatureBytes: new Uint8Array(structure.signatureValue),
    loadPublicKey: () => publicKeyObjectOf(tbs.subjectPublicKeyInfo),
    ...(identifiers.subjectKeyIdentifier ? { subjectKeyIdentifier: identifiers.subjectKeyIdentifier } : {}),
    ...(identifiers.authorityKeyIdentifier ? { authorityKeyIdentifier: identifiers.authorityKeyIdentifier } : {}),
  };
}

export class CertificateInternals {
  readonly subjectNameKey: string;
  readonly issuerNameKey: string;
  readonly scheme: SignatureScheme;
  readonly subjectKeyIdentifier?: string;
  readonly authorityKeyIdentifier?: string;
  private readonly signedBytes: Uint8Array;
  private readonly signatureBytes: Uint8Array;
  private readonly loadPublicKey: () => KeyObject | undefined;
  /** 1, 2 or 3. */
  readonly version: number;
  private key: KeyObject | null | undefined;
  /** Self-issued, but its own signature was not checked: the input had more of them than are checked. */
  selfSignatureUnchecked = false;
  /** signedBy's answers, so each (certificate, issuer) pair is verified once. */
  private readonly verdicts = new WeakMap<CertificateInternals, boolean | undefined>();

  constructor(parts: InternalsParts) {
    this.subjectNameKey = parts.subjectNameKey;
    this.issuerNameKey = parts.issuerNameKey;
    this.scheme = parts.scheme;
    this.version = parts.version;
    this.signedBytes = parts.signedBytes;
    this.signatureBytes = parts.signatureBytes;
    this.loadPublicKey = parts.loadPublicKey;
    if (parts.subjectKeyIdentifier) {
      this.subjectKeyIdentifier = parts.subjectKeyIdentifier;
    }
    if (parts.authorityKeyIdentifier) {
      this.authorityKeyIdentifier = parts.authorityKeyIdentifier;
    }
  }

  /** The subject public key as a Node key object, made on first use; undefined when Node cannot load it. */
  publicKey(): KeyObject | undefined {
    if (this.key === undefined) {
      this.key = this.loadPublicKey() ?? null;
    }
    return this.key ?? undefined;
  }

  /** Issuer name equals `issuer`'s subject, and the key identifiers agree when both are there. */
  namesAsIssuer(issuer: CertificateInternals): boolean {
    if (this.issuerNameKey !== issuer.subjectNameKey) {
      return false;
    }
    return !this.authorityKeyIdentifier || !issuer.subjectKeyIdentifier || this.authorityKeyIdentifier === issuer.subjectKeyIdentifier;
  }

  /** Whether the signature verifies with `issuer`'s public key; undefined when it cannot be checked. */
  signedBy(issuer: CertificateInternals): boolean | undefined {
    if (this.verdicts.has(issuer)) {
      return this.verdicts.get(issuer);
    }
    const key = issuer.publicKey();
    const verdict = key ? verifySignature(this.signedBytes, this.signatureBytes, this.scheme, key) : undefined;
    this.verdicts.set(issuer, verdict);
    return verdict;
  }

  /**
   * Subject and issuer are the same name and the certificate verifies with its own key. An
   * authority key identifier that is not its own subject key identifier says another key signed
   * it (OpenSSL's self-signed test), so no signature is checked then. `mayCheck` says whether a
   * signature may still be verified for it (an input's budget); when not, the answer is false
   * and selfSignatureUnchecked says why.
   */
  isSelfSigned(mayCheck: () => boolean = () => true): boolean {
    if (this.subjectNameKey !== this.issuerNameKey) {
      return false;
    }
    if (this.authorityKeyIdentifier && this.subjectKeyIdentifier && this.authorityKeyIdentifier !== this.subjectKeyIdentifier) {
      return false;
    }
    if (!this.verdicts.has(this) && !mayCheck()) {
      this.selfSignatureUnchecked = true;
      return false;
    }
    return this.signedBy(this) === true;
  }

}

interface CertificateWithDer extends KeyIdentifiers {
  readonly der: Uint8Array;
}

const internalsByCertificate = new WeakMap<CertificateWithDer, CertificateInternals>();

export function rememberInternals(certificate: CertificateWithDer, internals: CertificateInternals): void {
  internalsByCertificate.set(certificate, internals);
}

export function internalsOf(certificate: CertificateWithDer): CertificateInternals {
  let internals = internalsByCertificate.get(certificate);
  if (!internals) {
    internals = new CertificateInternals(partsOfStructure(parseCertificate(certificate.der), certificate));
    internalsByCertificate.set(certificate, internals);
  }
  return internals;
}
