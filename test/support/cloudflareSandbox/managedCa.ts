// The Cloudflare-managed CA of a sandbox account: a real CA that really signs client certificates
// from CSRs, so a test can check the issued certificate the way a TLS server would (issuer, chain,
// public key, validity). Route handlers are synchronous, so everything here is too: the ASN.1 is
// built with @peculiar/asn1-x509 and signed with node:crypto's one-shot sign().
//
// Assumptions (unconfirmed, written down here because the sandbox must pick something):
// - Cloudflare keeps one managed CA per account (the schema's example name is "Cloudflare Managed
//   CA for account"); its certificate_authority.id is a UUID like every mTLS id.
// - It signs with RSA and SHA-256: the schema's example `signature` is "SHA256WithRSA".
// - Issued certificates are leaves for TLS client authentication: basicConstraints CA:FALSE,
//   keyUsage digitalSignature (plus keyEncipherment for RSA keys), extKeyUsage clientAuth, a
//   subject key identifier and the CA's key identifier. They keep the CSR's subject verbatim and
//   carry no CSR extensions (Cloudflare's managed CA ignores requested SANs: unconfirmed).
// - The serial is 20 random bytes shown as 40 lower-case hex digits, like the schema's example
//   "3bb94ff144ac567b9f75ad664b6c55f8d5e48182".
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from "node:crypto";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
  id_kp_clientAuth,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from "@peculiar/asn1-x509";
import { rfc3339Seconds } from "./certificateFacts";

const SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
const RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
const DAY_MS = 24 * 60 * 60 * 1000;
/** The managed CA's own certificate is valid for this long. */
const CA_LIFETIME_DAYS = 15 * 365;

/** What tests may see of a managed CA; its private key stays inside this module. */
export interface ManagedCaInfo {
  readonly id: string;
  readonly accountId: string;
  /** As the API shows it in `certificate_authority.name`. */
  readonly name: string;
  /** The CA certificate, for checking what it issued. */
  readonly certificatePem: string;
}

export interface IssuedCertificate {
  readonly der: Uint8Array;
  readonly pem: string;
  /** 40 lower-case hex digits. */
  readonly serialNumber: string;
  /** SHA-1 of the subject public key, lower-case hex (RFC 5280 §4.2.1.2 method 1). */
  readonly ski: string;
  /** SHA-256 of the DER, lower-case hex. */
  readonly fingerprintSha256: string;
  readonly issuedOn: string;
  readonly expiresOn: string;
  /** Cloudflare's spelling of the signature algorithm. */
  readonly signature: string;
}

// RSA 2048 key generation takes a quarter of a second, and a test run makes many accounts: one
// key serves every managed CA of the process (each CA still has its own name and certificate).
// A sandbox shortcut that no test can observe through the API.
let sharedKeys: { privateKey: KeyObject; publicKey: KeyObject } | undefined;

function caKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  sharedKeys ??= generateKeyPairSync("rsa", { modulusLength: 2048 });
  return sharedKeys;
}

function randomSerial(): Uint8Array {
  const bytes = randomBytes(20);
  bytes[0] = (bytes[0] ?? 0) & 0x7f || 0x01; // positive and exactly 20 bytes long
  return bytes;
}

function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString("hex");
}

function pem(der: Uint8Array, label: string): string {
  const lines = Buffer.from(der).toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

function nameOf(attributes: readonly (readonly [oid: string, value: string])[]): Name {
  return new Name(attributes.map(([type, value]) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) })])));
}

function extension(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's bytes. */
function keyIdentifier(spki: SubjectPublicKeyInfo): Uint8Array {
  return createHash("sha1").update(new Uint8Array(spki.subjectPublicKey)).digest();
}

function spkiOf(publicKey: KeyObject): SubjectPublicKeyInfo {
  return AsnConvert.parse(publicKey.export({ type: "spki", format: "der" }), SubjectPublicKeyInfo);
}

function signTbs(tbs: TBSCertificate, privateKey: KeyObject): Uint8Array {
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = sign("sha256", tbsDer, privateKey);
  const certificate = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null }),
    signatureValue: new Uint8Array(signature).buffer,
  });
  return new Uint8Array(AsnConvert.serialize(certificate));
}

/** Seconds precision, as certificates and Cloudflare's RFC 3339 answers carry. */
function wholeSeconds(ms: number): Date {
  return new Date(Math.floor(ms / 1000) * 1000);
}

export class ManagedCa {
  readonly id = randomUUID();
  readonly name: string;
  readonly certificatePem: string;
  private readonly subject: Name;
  private readonly keyId: Uint8Array;
  private readonly privateKey: KeyObject;

  constructor(readonly accountId: string) {
    const keys = caKeys();
    this.privateKey = keys.privateKey;
    this.name = `Cloudflare Managed CA for ${accountId}`;
    this.subject = nameOf([
      ["2.5.4.6", "US"],
      ["2.5.4.8", "California"],
      ["2.5.4.7", "San Francisco"],
      ["2.5.4.10", "Cloudflare, Inc."],
      ["2.5.4.11", `Managed CA ${accountId}`],
      ["2.5.4.3", "Cloudflare Managed CA (sandbox)"],
    ]);
    const spki = spkiOf(keys.publicKey);
    this.keyId = keyIdentifier(spki);
    const now = Date.now();
    const tbs = new TBSCertificate({
      version: Version.v3,
      serialNumber: randomSerial().buffer as ArrayBuffer,
      signature: new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null }),
      issuer: this.subject,
      validity: new Validity({ notBefore: wholeSeconds(now - DAY_MS), notAfter: wholeSeconds(now + CA_LIFETIME_DAYS * DAY_MS) }),
      subject: this.subject,
      subjectPublicKeyInfo: spki,
      extensions: new Extensions([
        extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: true })),
        extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature)),
        extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(this.keyId)),
      ]),
    });
    this.certificatePem = pem(signTbs(tbs, this.privateKey), "CERTIFICATE");
  }

  info(): ManagedCaInfo {
    return { id: this.id, accountId: this.accountId, name: this.name, certificatePem: this.certificatePem };
  }

  /**
   * Issues a client certificate for a CSR that has already been checked (csrFacts.ts): the CSR's
   * subject and public key, this CA as issuer, valid from now for `validityDays` days.
   */
  issue(subject: Name, subjectPublicKeyInfo: SubjectPublicKeyInfo, validityDays: number, now = Date.now()): IssuedCertificate {
    const serial = randomSerial();
    const notBefore = wholeSeconds(now);
    const notAfter = new Date(notBefore.getTime() + validityDays * DAY_MS);
    const subjectKeyId = keyIdentifier(subjectPublicKeyInfo);
    const isRsa = subjectPublicKeyInfo.algorithm.algorithm === RSA_ENCRYPTION;
    const usages = KeyUsageFlags.digitalSignature | (isRsa ? KeyUsageFlags.keyEncipherment : 0);
    const tbs = new TBSCertificate({
      version: Version.v3,
      serialNumber: serial.buffer as ArrayBuffer,
      signature: new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null }),
      issuer: this.subject,
      validity: new Validity({ notBefore, notAfter }),
      subject,
      subjectPublicKeyInfo,
      extensions: new Extensions([
        extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: false })),
        extension(id_ce_keyUsage, true, new KeyUsage(usages)),
        extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage([id_kp_clientAuth])),
        extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(subjectKeyId)),
        extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(this.keyId) })),
      ]),
    });
    const der = signTbs(tbs, this.privateKey);
    return {
      der,
      pem: pem(der, "CERTIFICATE"),
      serialNumber: hex(serial),
      ski: hex(subjectKeyId),
      fingerprintSha256: createHash("sha256").update(der).digest("hex"),
      issuedOn: rfc3339Seconds(notBefore),
      expiresOn: rfc3339Seconds(notAfter),
      signature: "SHA256WithRSA",
    };
  }
}

