// The one error the certificate core throws about a user's input: what is wrong, and where.
// The message is already the sentence a person reads (commands show it as it is); `problem`
// lets code decide, and `block`/`line` let an editor point at the spot.

export type CertificateInputProblem =
  | "empty"
  | "tooLarge"
  | "privateKey"
  | "encryptedPrivateKey"
  | "publicKey"
  | "csr"
  | "crl"
  | "pkcs7"
  | "pkcs12"
  | "sshKey"
  | "notCertificate"
  | "truncated"
  | "badBase64"
  | "unknownBlock"
  | "noCertificate"
  | "undecodable"
  /** A key file chosen for a leaf upload holds no usable private key. */
  | "noPrivateKey"
  /** A key file's private key belongs to another certificate. */
  | "keyMismatch"
  /** Input for a certificate signing request holds none, or several (csrCheck.ts). */
  | "notCsr"
  /** A CSR whose self-signature does not verify with its own public key. */
  | "badSignature"
  /** A key type or size Cloudflare's managed CA does not sign. */
  | "unsupportedKey"
  /** A subject that cannot go in a client certificate: no common name, a field too long, a bad country code. */
  | "invalidSubject"
  /** A PKCS#12 bundle asked for without a password. */
  | "noPassword";

export interface InputLocation {
  /** 1-based number of the PEM block in the document. */
  readonly block?: number;
  /** 1-based line in the document. */
  readonly line?: number;
}

/**
 * The extension loads the decoder as a separate bundle (see src/commands/certificateDecoder.ts),
 * so two copies of this class exist at run time: one in dist/extension.js, one in
 * dist/certificates.js. `instanceof` checks a registry-wide brand instead of the prototype, so an
 * error thrown by either copy is recognised by both.
 */
const BRAND = Symbol.for("cloudflare-mtls.CertificateInputError");

export class CertificateInputError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  readonly [BRAND] = true;
  readonly problem: CertificateInputProblem;
  readonly block?: number;
  readonly line?: number;

  constructor(problem: CertificateInputProblem, message: string, location: InputLocation = {}) {
    super(message);
    this.name = "CertificateInputError";
    this.problem = problem;
    if (location.block !== undefined) {
      this.block = location.block;
    }
    if (location.line !== undefined) {
      this.line = location.line;
    }
  }
}

/** "Block 2 (line 31)", "Line 4" or "The input": how messages name a place. */
export function describeLocation(location: InputLocation): string {
  if (location.block !== undefined && location.line !== undefined) {
    return `Block ${location.block} (line ${location.line})`;
  }
  if (location.block !== undefined) {
    return `Block ${location.block}`;
  }
  if (location.line !== undefined) {
    return `Line ${location.line}`;
  }
  return "The input";
}
