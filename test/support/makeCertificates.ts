// Makes real X.509 certificates at test time with @peculiar/x509, so no test depends on a
// hand-written PEM string. Every helper returns the certificate, its PEM, and its key pair.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { createPrivateKey, sign, webcrypto } from "node:crypto";
import * as asn1js from "asn1js";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type KeyAlgorithm = "RSA-2048" | "RSA-4096" | "RSA-1024" | "P-256" | "P-384" | "Ed25519";
export type SignatureHash = "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512";

export interface MadeCertificate {
  readonly certificate: x509.X509Certificate;
  readonly pem: string;
  readonly der: Uint8Array;
  readonly keys: CryptoKeyPair;
  /** PKCS#8 PEM of the private key ("-----BEGIN PRIVATE KEY-----"). */
  readonly privateKeyPem: string;
  readonly subject: string;
}

export interface CertificateSpec {
  /** Distinguished name in x509's string form, e.g. "CN=Example Root CA, O=Example Inc., C=US". */
  readonly subject?: string;
  readonly commonName?: string;
  readonly keyAlgorithm?: KeyAlgorithm;
  readonly hash?: SignatureHash;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Serial as hex digits; random when absent. */
  readonly serialNumber?: string;
  /** Issuer; the certificate is self-signed when absent. */
  readonly issuer?: MadeCertificate;
  /** true → basicConstraints cA with keyCertSign/cRLSign; false → leaf usages. */
  readonly ca?: boolean;
  readonly pathLength?: number;
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly emails?: readonly string[];
  readonly uris?: readonly string[];
  /** Leave out basicConstraints (or key usage) entirely, to make a "CA" that is not one. */
  readonly omitBasicConstraints?: boolean;
  readonly omitKeyUsage?: boolean;
  readonly extendedKeyUsages?: readonly string[];
  readonly extraExtensions?: readonly x509.Extension[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

function keyParams(algorithm: KeyAlgorithm, hash: SignatureHash): RsaHashedKeyGenParams | EcKeyGenParams | Algorithm {
  switch (algorithm) {
    case "RSA-1024":
    case "RSA-2048":
    case "RSA-4096":
      return {
        name: "RSASSA-PKCS1-v1_5",
        hash,
        publicExponent: new Uint8Array([1, 0, 1]),
        modulusLength: Number(algorithm.slice(4)),
      };
    case "P-256":
    case "P-384":
      return { name: "ECDSA", namedCurve: algorithm };
    case "Ed25519":
      return { name: "Ed25519" };
  }
}

function signingAlgorithm(algorithm: KeyAlgorithm, hash: SignatureHash): Algorithm | EcdsaParams {
  if (algorithm.startsWith("RSA")) {
    return { name: "RSASSA-PKCS1-v1_5", hash };
  }
  if (algorithm === "Ed25519") {
    return { name: "Ed25519" };
  }
  return { name: "ECDSA", hash };
}

const keyCache = new Map<string, Promise<CryptoKeyPair>>();

/** Key generation is the slow part (RSA-4096 takes seconds), so tests share keys per label. */
export function makeKeys(algorithm: KeyAlgorithm = "P-256", hash: SignatureHash = "SHA-256", label = "default"): Promise<CryptoKeyPair> {
  const cacheKey = `${algorithm}/${hash}/${label}`;
  let keys = keyCache.get(cacheKey);
  if (!keys) {
    keys = webcrypto.subtle.generateKey(keyParams(algorithm, hash), true, ["sign", "verify"]) as Promise<CryptoKeyPair>;
    keyCache.set(cacheKey, keys);
  }
  return keys;
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // keep it positive
  return Buffer.from(bytes).toString("hex");
}

let uniqueLabel = 0;

export async function makeCertificate(spec: CertificateSpec = {}): Promise<MadeCertificate> {
  const keyAlgorithm = spec.keyAlgorithm ?? "P-256";
  const hash = spec.hash ?? "SHA-256";
  const keys = await makeKeys(keyAlgorithm, hash, `cert-${uniqueLabel++ % 4}`);
  const subject = spec.subject ?? `CN=${spec.commonName ?? "Test Certificate"}`;
  // The start of this hour, so certificates made one after the other get the same default
  // validity, and an issuer never expires a moment before what it issued.
  const now = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  const notBefore = spec.notBefore ?? new Date(now - DAY_MS);
  const notAfter = spec.notAfter ?? new Date(now + 365 * DAY_MS);
  const ca = spec.ca ?? false;

  const extensions: x509.Extension[] = [];
  if (!spec.omitBasicConstraints) {
    extensions.push(new x509.BasicConstraintsExtension(ca, ca ? spec.pathLength : undefined, true));
  }
  if (!spec.omitKeyUsage) {
    const usages = ca
      ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature
      : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment;
    extensions.push(new x509.KeyUsagesExtension(usages, true));
  }
  if (spec.extendedKeyUsages && spec.extendedKeyUsages.length > 0) {
    extensions.push(new x509.ExtendedKeyUsageExtension([...spec.extendedKeyUsages], false));
  }
  const sans: x509.JsonGeneralName[] = [
    ...(spec.dnsNames ?? []).map((value) => ({ type: "dns" as const, value })),
    ...(spec.ipAddresses ?? []).map((value) => ({ type: "ip" as const, value })),
    ...(spec.emails ?? []).map((value) => ({ type: "email" as const, value })),
    ...(spec.uris ?? []).map((value) => ({ type: "url" as const, value })),
  ];
  if (sans.length > 0) {
    extensions.push(new x509.SubjectAlternativeNameExtension(sans, false));
  }
  extensions.push(await x509.SubjectKeyIdentifierExtension.create(keys.publicKey));
  const issuerKeys = spec.issuer?.keys ?? keys;
  extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuerKeys.publicKey));
  extensions.push(...(spec.extraExtensions ?? []));

  const issuerAlgorithm = spec.issuer ? issuerKeyAlgorithm(spec.issuer) : keyAlgorithm;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: spec.serialNumber ?? randomSerial(),
    subject,
    issuer: spec.issuer ? spec.issuer.certificate.subject : subject,
    notBefore,
    notAfter,
    signingAlgorithm: signingAlgorithm(issuerAlgorithm, hash),
    publicKey: keys.publicKey,
    signingKey: issuerKeys.privateKey,
    extensions,
  });
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
  return {
    certificate,
    pem: certificate.toString("pem"),
    der: new Uint8Array(certificate.rawData),
    keys,
    privateKeyPem: x509.PemConverter.encode(pkcs8, "PRIVATE KEY"),
    subject,
  };
}

function issuerKeyAlgorithm(issuer: MadeCertificate): KeyAlgorithm {
  const algorithm = issuer.keys.privateKey.algorithm as RsaHashedKeyAlgorithm & EcKeyAlgorithm;
  if (algorithm.name === "Ed25519") {
    return "Ed25519";
  }
  if (algorithm.name === "ECDSA") {
    return algorithm.namedCurve as KeyAlgorithm;
  }
  return `RSA-${algorithm.modulusLength}` as KeyAlgorithm;
}

/** A self-signed CA, the usual upload for Bring Your Own CA. */
export function makeCa(spec: CertificateSpec = {}): Promise<MadeCertificate> {
  return makeCertificate({ commonName: "Example Root CA", ...spec, ca: true });
}

/** A leaf signed by `issuer`. */
export function makeLeaf(issuer: MadeCertificate, spec: CertificateSpec = {}): Promise<MadeCertificate> {
  return makeCertificate({ commonName: "client.example.com", ...spec, issuer, ca: false });
}

/** Root → intermediate → leaf, returned leaf first. */
export async function makeChain(spec: { keyAlgorithm?: KeyAlgorithm } = {}): Promise<{ root: MadeCertificate; intermediate: MadeCertificate; leaf: MadeCertificate }> {
  const root = await makeCa({ subject: "CN=Chain Root CA, O=Example Inc., C=US", keyAlgorithm: spec.keyAlgorithm, pathLength: 1 });
  const intermediate = await makeCertificate({
    subject: "CN=Chain Intermediate CA, O=Example Inc., C=US",
    keyAlgorithm: spec.keyAlgorithm,
    issuer: root,
    ca: true,
    pathLength: 0,
  });
  const leaf = await makeLeaf(intermediate, { subject: "CN=client.chain.example.com", keyAlgorithm: spec.keyAlgorithm, dnsNames: ["client.chain.example.com"] });
  return { root, intermediate, leaf };
}

export const days = (n: number): number => n * DAY_MS;

/**
 * The certificate `made` with its TBSCertificate changed by `edit` (asn1js's tree of it, to change
 * in place: a non-DER time, an odd string type, what @peculiar/x509's generator will not write),
 * signed again with `signer`'s key (by default the issuer's, or its own when self-signed). The
 * signature algorithm is left as it was, so `signer` must have the same kind of key.
 */
export function reissue(made: MadeCertificate, edit: (tbs: asn1js.Sequence) => void, signer: { readonly privateKeyPem: string } = made): Uint8Array {
  const certificate = asn1js.fromBER(made.der).result;
  if (!(certificate instanceof asn1js.Sequence)) {
    throw new TypeError("not a certificate");
  }
  const [tbs, algorithm] = certificate.valueBlock.value;
  if (!(tbs instanceof asn1js.Sequence) || !algorithm) {
    throw new TypeError("not a certificate");
  }
  edit(tbs);
  const signed = new Uint8Array(tbs.toBER(false));
  const key = createPrivateKey({ key: signer.privateKeyPem, format: "pem" });
  const hash = key.asymmetricKeyType === "ed25519" ? null : "sha256";
  const signature = sign(hash, signed, { key, dsaEncoding: "der" });
  certificate.valueBlock.value = [tbs, algorithm, new asn1js.BitString({ valueHex: signature })];
  return new Uint8Array(certificate.toBER(false));
}

/** The TBSCertificate's fields by name (asn1js elements), for `reissue` edits. */
export function tbsFields(tbs: asn1js.Sequence): { validity: asn1js.Sequence; subject: asn1js.Sequence; issuer: asn1js.Sequence; extensions?: asn1js.Sequence } {
  const fields = tbs.valueBlock.value;
  const offset = fields[0]?.idBlock.tagClass === 3 && fields[0].idBlock.tagNumber === 0 ? 1 : 0;
  const issuer = fields[offset + 2];
  const validity = fields[offset + 3];
  const subject = fields[offset + 4];
  const tagged = fields.find((field) => field.idBlock.tagClass === 3 && field.idBlock.tagNumber === 3);
  const extensions = tagged instanceof asn1js.Constructed ? tagged.valueBlock.value[0] : undefined;
  if (!(issuer instanceof asn1js.Sequence) || !(validity instanceof asn1js.Sequence) || !(subject instanceof asn1js.Sequence)) {
    throw new TypeError("not a TBSCertificate");
  }
  return { validity, subject, issuer, ...(extensions instanceof asn1js.Sequence ? { extensions } : {}) };
}

/** A primitive string or time element whose content is exactly `text`'s bytes (latin1 for times, as given otherwise). */
export function rawElement<T extends asn1js.BaseStringBlock>(type: new () => T, content: Uint8Array): T {
  const element = new type();
  element.valueBlock.valueHexView = content;
  return element;
}

/**
 * The v3 certificate `der` (256 bytes to 64 KiB) with its version INTEGER in two octets (00 02):
 * BER, not DER, so the decoder's part reader leaves it to the whole parse. The signature no longer
 * covers the bytes; only how it is read matters.
 */
export function withNonMinimalVersion(der: Uint8Array): Uint8Array {
  const head = [0x30, 0x82, 0, 0, 0x30, 0x82, 0, 0, 0xa0, 0x03, 0x02, 0x01, 0x02];
  if (!head.every((byte, index) => [2, 3, 6, 7].includes(index) || der[index] === byte)) {
    throw new TypeError("not a v3 certificate with two-octet lengths");
  }
  const out = new Uint8Array([...der.subarray(0, 8), 0xa0, 0x04, 0x02, 0x02, 0x00, 0x02, ...der.subarray(13)]);
  const view = new DataView(out.buffer);
  view.setUint16(2, view.getUint16(2) + 1);
  view.setUint16(6, view.getUint16(6) + 1);
  return out;
}
