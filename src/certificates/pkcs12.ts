// A PKCS#12 (.p12 / .pfx) bundle of a client certificate and its private key, protected by a
// password, for browsers and OS keychains. Built with PKIjs (from the same family as
// @peculiar/x509 and its asn1js stack), which implements RFC 7292 with the password-based
// encryption of RFC 8018 and the PKCS#12 MAC key derivation.
//
// The bundle is what OpenSSL 3 writes by default (`openssl pkcs12 -export`): the certificate in
// an encrypted safe and the key in a shrouded key bag, both PBES2 with PBKDF2/HMAC-SHA-256 and
// AES-256-CBC, and a SHA-256 MAC over the whole. The tests open it with `openssl pkcs12`. The
// legacy RC2/3DES-with-SHA-1 form is not written: it is weak, and OpenSSL 3 no longer writes it
// by default either; some older readers (older macOS Keychain versions, Windows before 10 1709)
// only open that form, and `openssl pkcs12 -legacy` can convert a copy for them.
import { createPrivateKey, createPublicKey, X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { CertificateInputError } from "./errors";
import { splitPem } from "./pem";
import { exactArrayBuffer } from "./pemEncoding";
import { kindOfLabel } from "./formats";

/**
 * Iterations of the key derivations for the key, the certificate and the MAC: OpenSSL 3's default.
 * PBKDF2 runs in WebCrypto, off the thread, but the PKCS#12 MAC derivation runs in PKIjs's
 * JavaScript on the caller's thread: at 100,000 iterations it held the event loop for ~400 ms,
 * at 2048 for under 10 ms once warm. More PBKDF2 iterations alone would not help: a password
 * guess can be checked against the MAC, so the cheapest derivation sets the bar.
 */
export const PKCS12_ITERATIONS = 2048;

export interface Pkcs12Input {
  /** The certificate, PEM ("-----BEGIN CERTIFICATE-----", the first block is used) or DER. */
  readonly certificate: string | Uint8Array;
  /** Its private key, unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"). */
  readonly privateKeyPem: string;
  /** Protects the bundle; must not be empty. Never logged, never kept. */
  readonly password: string;
  /** Shown by keychains and browsers as the entry's name (default: the certificate's CN). */
  readonly friendlyName?: string;
  /** PBKDF2 iterations; default PKCS12_ITERATIONS. */
  readonly iterations?: number;
}

const PKCS8_SHROUDED_KEY_BAG = "1.2.840.113549.1.12.10.1.2";
const CERT_BAG = "1.2.840.113549.1.12.10.1.3";
const X509_CERTIFICATE = "1.2.840.113549.1.9.22.1";
const FRIENDLY_NAME = "1.2.840.113549.1.9.20";
const LOCAL_KEY_ID = "1.2.840.113549.1.9.21";

/** PKIjs with Node's WebCrypto, passed to every call rather than installed globally. */
function engine(): pkijs.ICryptoEngine {
  return new pkijs.CryptoEngine({ name: "node", crypto: globalThis.crypto });
}

function certificateDer(certificate: string | Uint8Array): Uint8Array {
  if (typeof certificate !== "string") {
    return certificate;
  }
  const block = splitPem(certificate).find((candidate) => kindOfLabel(candidate.label) === "certificate");
  if (!block) {
    throw new CertificateInputError("noCertificate", "There is no certificate (-----BEGIN CERTIFICATE-----) to put in the PKCS#12 bundle.");
  }
  return block.der;
}

function privateKeyDer(privateKeyPem: string): Uint8Array {
  const block = splitPem(privateKeyPem).find((candidate) => kindOfLabel(candidate.label) === "pkcs8");
  if (!block) {
    throw new CertificateInputError("noPrivateKey", "The PKCS#12 bundle needs the private key as unencrypted PKCS#8 (-----BEGIN PRIVATE KEY-----).");
  }
  return block.der;
}

function checkKeyMatches(certificate: Uint8Array, privateKey: Uint8Array): string {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(certificate);
  } catch (error) {
    throw new CertificateInputError("undecodable", `The certificate for the PKCS#12 bundle does not decode: ${(error as Error).message}`);
  }
  let matches: boolean;
  try {
    const publicHalf = createPublicKey(createPrivateKey({ key: Buffer.from(privateKey), format: "der", type: "pkcs8" }));
    matches = x509.publicKey.equals(publicHalf);
  } catch {
    matches = false;
  }
  if (!matches) {
    throw new CertificateInputError("keyMismatch", "The private key does not belong to the certificate: its public key is not the certificate's.");
  }
  return /(?:^|\n)CN=([^\n]*)/.exec(x509.subject)?.[1] ?? "client certificate";
}

function bagAttributes(localKeyId: Uint8Array, friendlyName: string): pkijs.Attribute[] {
  return [
    new pkijs.Attribute({ type: FRIENDLY_NAME, values: [new asn1js.BmpString({ value: friendlyName })] }),
    new pkijs.Attribute({ type: LOCAL_KEY_ID, values: [new asn1js.OctetString({ valueHex: exactArrayBuffer(localKeyId) })] }),
  ];
}

/**
 * The DER bytes of a password-protected .p12 holding the certificate and its key. Throws
 * CertificateInputError "noPassword" for an empty password and "keyMismatch" when the key is
 * not the certificate's.
 */
export async function createPkcs12(input: Pkcs12Input): Promise<Uint8Array> {
  if (input.password.length === 0) {
    throw new CertificateInputError("noPassword", "A PKCS#12 bundle holds the private key, so it needs a password: enter one.");
  }
  const iterations = input.iterations ?? PKCS12_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new RangeError(`createPkcs12: iterations must be a positive integer, got ${iterations}`);
  }
  const certificate = certificateDer(input.certificate);
  const privateKey = privateKeyDer(input.privateKeyPem);
  const commonName = checkKeyMatches(certificate, privateKey);
  const crypto = engine();
  // UTF-8, as OpenSSL 3 takes passwords; PKIjs turns it into the BMPString the MAC derivation uses.
  const password = exactArrayBuffer(new TextEncoder().encode(input.password));
  // PKIjs draws a fresh random IV for each encryption; the type asks for one, so it gets a random one too.
  const contentEncryptionAlgorithm = { name: "AES-CBC", length: 256, iv: globalThis.crypto.getRandomValues(new Uint8Array(16)) };
  const encryption = { password, contentEncryptionAlgorithm, hmacHashAlgorithm: "SHA-256", iterationCount: iterations };
  // The localKeyId ties the key to its certificate; the SHA-1 of the certificate, as OpenSSL uses.
  const localKeyId = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-1", exactArrayBuffer(certificate)));
  const attributes = () => bagAttributes(localKeyId, input.friendlyName ?? commonName);

  const keyBag = new pkijs.PKCS8ShroudedKeyBag({ parsedValue: pkijs.PrivateKeyInfo.fromBER(exactArrayBuffer(privateKey)) });
  await keyBag.makeInternalValues(encryption, crypto);

  const certificateBag = new pkijs.CertBag({ certId: X509_CERTIFICATE, parsedValue: pkijs.Certificate.fromBER(exactArrayBuffer(certificate)) });
  const authenticatedSafe = new pkijs.AuthenticatedSafe({
    parsedValue: {
      safeContents: [
        { privacyMode: 1, value: new pkijs.SafeContents({ safeBags: [new pkijs.SafeBag({ bagId: CERT_BAG, bagValue: certificateBag, bagAttributes: attributes() })] }) },
        { privacyMode: 0, value: new pkijs.SafeContents({ safeBags: [new pkijs.SafeBag({ bagId: PKCS8_SHROUDED_KEY_BAG, bagValue: keyBag, bagAttributes: attributes() })] }) },
      ],
    },
  });
  await authenticatedSafe.makeInternalValues({ safeContents: [encryption, {}] }, crypto);

  const pfx = new pkijs.PFX({ parsedValue: { integrityMode: 0, authenticatedSafe } });
  await pfx.makeInternalValues({ password, iterations, pbkdf2HashAlgorithm: { name: "SHA-256" }, hmacHashAlgorithm: "SHA-256" }, crypto);
  return new Uint8Array(pfx.toSchema().toBER(false));
}
