// What the chain and self-signature checks need from a certificate beyond its public model:
// the parsed structure, names in matching form, the signed bytes and a public key object.
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

export class CertificateInternals {
  readonly subjectNameKey: string;
  readonly issuerNameKey: string;
  readonly scheme: SignatureScheme;
  readonly subjectKeyIdentifier?: string;
  readonly authorityKeyIdentifier?: string;
  private readonly signedBytes: Uint8Array;
  private readonly signatureBytes: Uint8Array;
  private readonly structure: Certificate;
  /** 1, 2 or 3. */
  readonly version: number;
  private key: KeyObject | null | undefined;
  /** signedBy's answers, so each (certificate, issuer) pair is verified once. */
  private readonly verdicts = new WeakMap<CertificateInternals, boolean | undefined>();

  constructor(structure: Certificate, identifiers: KeyIdentifiers) {
    this.structure = structure;
    const tbs = this.structure.tbsCertificate;
    this.subjectNameKey = nameMatchKey(tbs.subject);
    this.issuerNameKey = nameMatchKey(tbs.issuer);
    this.scheme = signatureSchemeOf(this.structure.signatureAlgorithm);
    this.version = tbs.version + 1;
    this.signedBytes = new Uint8Array(this.structure.tbsCertificateRaw ?? serializeDer(tbs));
    this.signatureBytes = new Uint8Array(this.structure.signatureValue);
    if (identifiers.subjectKeyIdentifier) {
      this.subjectKeyIdentifier = identifiers.subjectKeyIdentifier;
    }
    if (identifiers.authorityKeyIdentifier) {
      this.authorityKeyIdentifier = identifiers.authorityKeyIdentifier;
    }
  }

  /** The subject public key as a Node key object, made on first use; undefined when Node cannot load it. */
  publicKey(): KeyObject | undefined {
    if (this.key === undefined) {
      this.key = publicKeyObjectOf(this.structure.tbsCertificate.subjectPublicKeyInfo) ?? null;
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
   * it (OpenSSL's self-signed test), so no signature is checked then.
   */
  isSelfSigned(): boolean {
    if (this.subjectNameKey !== this.issuerNameKey) {
      return false;
    }
    if (this.authorityKeyIdentifier && this.subjectKeyIdentifier && this.authorityKeyIdentifier !== this.subjectKeyIdentifier) {
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
    internals = new CertificateInternals(parseCertificate(certificate.der), certificate);
    internalsByCertificate.set(certificate, internals);
  }
  return internals;
}
