// PEM in, what Cloudflare needs from a certificate signing request out: its subject, its public
// key, and whether its self-signature verifies. Parsing is real (@peculiar/asn1-csr) and the
// signature is checked with node:crypto over the request info exactly as it was encoded, so a
// tampered or badly signed CSR is refused here the way the managed CA refuses it.
//
// Assumptions (unconfirmed): Cloudflare accepts RSA keys of 2048 bits or more and EC keys on
// P-256, P-384 or P-521, signed with RSA PKCS#1 v1.5 or ECDSA over SHA-256/384/512, and nothing
// else (no Ed25519, no SHA-1). Text around the PEM block is ignored, as Go's pem.Decode does.
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { CertificationRequest } from "@peculiar/asn1-csr";
import type { Name, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { CertificateParseError, readPemBlocks } from "./certificateFacts";

export type CsrRefusal = "notCsr" | "badSignature" | "unsupportedKey";

export class CsrError extends Error {
  override name = "CsrError";
  constructor(
    readonly refusal: CsrRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** The subject fields the API echoes back, "" when the CSR leaves one out (unconfirmed: Go's zero value). */
export interface CsrSubject {
  readonly commonName: string;
  readonly country: string;
  readonly organization: string;
  readonly organizationalUnit: string;
  /** The L attribute (the API calls it `location`). */
  readonly location: string;
  readonly state: string;
}

export interface CsrFacts {
  readonly subject: Name;
  readonly subjectFields: CsrSubject;
  readonly subjectPublicKeyInfo: SubjectPublicKeyInfo;
}

const CSR_LABELS = new Set(["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"]);

const SIGNATURE_HASHES: Readonly<Record<string, { readonly hash: string; readonly keyType: "rsa" | "ec" }>> = {
  "1.2.840.113549.1.1.11": { hash: "sha256", keyType: "rsa" },
  "1.2.840.113549.1.1.12": { hash: "sha384", keyType: "rsa" },
  "1.2.840.113549.1.1.13": { hash: "sha512", keyType: "rsa" },
  "1.2.840.10045.4.3.2": { hash: "sha256", keyType: "ec" },
  "1.2.840.10045.4.3.3": { hash: "sha384", keyType: "ec" },
  "1.2.840.10045.4.3.4": { hash: "sha512", keyType: "ec" },
};

const ACCEPTED_CURVES = new Set(["prime256v1", "secp384r1", "secp521r1"]);
const MIN_RSA_BITS = 2048;

const SUBJECT_OIDS: Readonly<Record<string, keyof CsrSubject>> = {
  "2.5.4.3": "commonName",
  "2.5.4.6": "country",
  "2.5.4.10": "organization",
  "2.5.4.11": "organizationalUnit",
  "2.5.4.7": "location",
  "2.5.4.8": "state",
};

function subjectFieldsOf(name: Name): CsrSubject {
  const fields: Record<keyof CsrSubject, string> = { commonName: "", country: "", organization: "", organizationalUnit: "", location: "", state: "" };
  for (const rdn of name) {
    for (const attribute of rdn) {
      const field = SUBJECT_OIDS[attribute.type];
      // The last value wins, as for Go's pkix.Name fields that keep a single string.
      if (field && !attribute.value.anyValue) {
        fields[field] = attribute.value.toString();
      }
    }
  }
  return fields;
}

function checkKey(key: KeyObject): void {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === "rsa") {
    if ((details.modulusLength ?? 0) < MIN_RSA_BITS) {
      throw new CsrError("unsupportedKey", `RSA keys need at least ${MIN_RSA_BITS} bits, this one has ${details.modulusLength ?? 0}`);
    }
    return;
  }
  if (type === "ec") {
    if (!ACCEPTED_CURVES.has(details.namedCurve ?? "")) {
      throw new CsrError("unsupportedKey", `EC keys must be on P-256, P-384 or P-521, not ${details.namedCurve ?? "an unnamed curve"}`);
    }
    return;
  }
  throw new CsrError("unsupportedKey", `${type ?? "this"} keys are not supported; use RSA or ECDSA`);
}

/** Reads and checks a PEM CSR; throws CsrError. */
export function readCsr(text: string): CsrFacts {
  let blocks;
  try {
    blocks = readPemBlocks(text);
  } catch (error) {
    if (error instanceof CertificateParseError) {
      throw new CsrError("notCsr", error.message);
    }
    throw error;
  }
  const [block] = blocks;
  if (!block) {
    throw new CsrError("notCsr", "no PEM CERTIFICATE REQUEST block found");
  }
  if (blocks.length > 1) {
    throw new CsrError("notCsr", `expected one CERTIFICATE REQUEST block, found ${blocks.length} PEM blocks`);
  }
  if (!CSR_LABELS.has(block.label)) {
    throw new CsrError("notCsr", `the PEM block is "${block.label}", not "CERTIFICATE REQUEST"`);
  }
  let csr: CertificationRequest;
  try {
    csr = AsnConvert.parse(block.der, CertificationRequest);
  } catch (error) {
    throw new CsrError("notCsr", `not a PKCS#10 request (${(error as Error).message})`);
  }
  const info = csr.certificationRequestInfo;
  const signed = csr.certificationRequestInfoRaw;
  if (!signed) {
    throw new CsrError("notCsr", "the request info could not be read");
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(AsnConvert.serialize(info.subjectPKInfo)), format: "der", type: "spki" });
  } catch (error) {
    throw new CsrError("unsupportedKey", `the public key cannot be read (${(error as Error).message})`);
  }
  checkKey(key);
  const scheme = SIGNATURE_HASHES[csr.signatureAlgorithm.algorithm];
  if (!scheme) {
    throw new CsrError("badSignature", `unsupported signature algorithm ${csr.signatureAlgorithm.algorithm}`);
  }
  let valid: boolean;
  try {
    valid =
      key.asymmetricKeyType === scheme.keyType &&
      verify(scheme.hash, new Uint8Array(signed), scheme.keyType === "ec" ? { key, dsaEncoding: "der" } : key, new Uint8Array(csr.signature));
  } catch {
    valid = false;
  }
  if (!valid) {
    throw new CsrError("badSignature", "the signature does not verify with the request's own public key");
  }
  return { subject: info.subject, subjectFields: subjectFieldsOf(info.subject), subjectPublicKeyInfo: info.subjectPKInfo };
}
