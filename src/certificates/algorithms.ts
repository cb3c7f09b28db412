// What the algorithm identifiers in a certificate mean: the signature algorithm under the name
// Cloudflare's API gives it (`signature`: "SHA256WithRSA", the constant names of Go's
// crypto/x509), and the subject's public key as people describe it ("RSA 2048 bits", "EC P-256").
import { parseDer } from "./asn1";
import type { AlgorithmIdentifier, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { RSAPublicKey, RsaSaPssParams } from "@peculiar/asn1-rsa";
import { ECParameters } from "@peculiar/asn1-ecc";

export type HashName = "MD2" | "MD5" | "SHA-1" | "SHA-224" | "SHA-256" | "SHA-384" | "SHA-512";
export type SignatureFamily = "RSA" | "RSA-PSS" | "ECDSA" | "DSA" | "Ed25519" | "Ed448";

export interface SignatureAlgorithm {
  /** "SHA256WithRSA", "ECDSAWithSHA256", "SHA256WithRSAPSS", "Ed25519"; the OID when unknown. */
  readonly cloudflare: string;
  readonly oid: string;
  /** The digest the signature is made over; absent for Ed25519/Ed448 and unknown algorithms. */
  readonly hash?: HashName;
}

/** What checking a signature needs beyond the public model. */
export interface SignatureScheme extends SignatureAlgorithm {
  readonly family?: SignatureFamily;
  /** RSASSA-PSS salt length in bytes. */
  readonly saltLength?: number;
}

const HASH_OIDS: Readonly<Record<string, HashName>> = {
  "1.2.840.113549.2.2": "MD2",
  "1.2.840.113549.2.5": "MD5",
  "1.3.14.3.2.26": "SHA-1",
  "2.16.840.1.101.3.4.2.4": "SHA-224",
  "2.16.840.1.101.3.4.2.1": "SHA-256",
  "2.16.840.1.101.3.4.2.2": "SHA-384",
  "2.16.840.1.101.3.4.2.3": "SHA-512",
};

const GO_HASH: Readonly<Record<HashName, string>> = {
  MD2: "MD2",
  MD5: "MD5",
  "SHA-1": "SHA1",
  "SHA-224": "SHA224",
  "SHA-256": "SHA256",
  "SHA-384": "SHA384",
  "SHA-512": "SHA512",
};

const SIGNATURES: Readonly<Record<string, { readonly family: SignatureFamily; readonly hash?: HashName }>> = {
  "1.2.840.113549.1.1.2": { family: "RSA", hash: "MD2" },
  "1.2.840.113549.1.1.4": { family: "RSA", hash: "MD5" },
  "1.2.840.113549.1.1.5": { family: "RSA", hash: "SHA-1" },
  "1.3.14.3.2.29": { family: "RSA", hash: "SHA-1" },
  "1.2.840.113549.1.1.14": { family: "RSA", hash: "SHA-224" },
  "1.2.840.113549.1.1.11": { family: "RSA", hash: "SHA-256" },
  "1.2.840.113549.1.1.12": { family: "RSA", hash: "SHA-384" },
  "1.2.840.113549.1.1.13": { family: "RSA", hash: "SHA-512" },
  "1.2.840.113549.1.1.10": { family: "RSA-PSS" },
  "1.2.840.10045.4.1": { family: "ECDSA", hash: "SHA-1" },
  "1.2.840.10045.4.3.1": { family: "ECDSA", hash: "SHA-224" },
  "1.2.840.10045.4.3.2": { family: "ECDSA", hash: "SHA-256" },
  "1.2.840.10045.4.3.3": { family: "ECDSA", hash: "SHA-384" },
  "1.2.840.10045.4.3.4": { family: "ECDSA", hash: "SHA-512" },
  "1.2.840.10040.4.3": { family: "DSA", hash: "SHA-1" },
  "2.16.840.1.101.3.4.3.1": { family: "DSA", hash: "SHA-224" },
  "2.16.840.1.101.3.4.3.2": { family: "DSA", hash: "SHA-256" },
  "1.3.101.112": { family: "Ed25519" },
  "1.3.101.113": { family: "Ed448" },
};

function cloudflareName(family: SignatureFamily, hash: HashName | undefined): string | undefined {
  if (family === "Ed25519" || family === "Ed448") {
    return family;
  }
  if (!hash) {
    return undefined;
  }
  const goHash = GO_HASH[hash];
  switch (family) {
    case "RSA":
      return `${goHash}WithRSA`;
    case "RSA-PSS":
      return `${goHash}WithRSAPSS`;
    case "ECDSA":
      return `ECDSAWith${goHash}`;
    case "DSA":
      return `DSAWith${goHash}`;
  }
}

export function signatureSchemeOf(identifier: AlgorithmIdentifier): SignatureScheme {
  const oid = identifier.algorithm;
  const known = SIGNATURES[oid];
  if (!known) {
    return { cloudflare: oid, oid };
  }
  let hash = known.hash;
  let saltLength: number | undefined;
  if (known.family === "RSA-PSS") {
    // RFC 4055 defaults: SHA-1 and a 20-byte salt when the parameters leave them out.
    hash = "SHA-1";
    saltLength = 20;
    if (identifier.parameters) {
      try {
        const parameters = parseDer(identifier.parameters, RsaSaPssParams);
        hash = HASH_OIDS[parameters.hashAlgorithm.algorithm];
        saltLength = parameters.saltLength;
      } catch {
        hash = undefined;
      }
    }
  }
  const cloudflare = cloudflareName(known.family, hash) ?? oid;
  return {
    cloudflare,
    oid,
    family: known.family,
    ...(hash ? { hash } : {}),
    ...(saltLength !== undefined ? { saltLength } : {}),
  };
}

export interface PublicKeyDescription {
  /** "RSA", "RSA-PSS", "EC", "Ed25519", "Ed448", "X25519", "X448", "DSA", or the OID. */
  readonly algorithm: string;
  readonly rsaBits?: number;
  /** "P-256", "P-384", "P-521", "secp256k1", …; absent for explicit curve parameters. */
  readonly curve?: string;
  /** "RSA 2048 bits", "EC P-256", "Ed25519". */
  readonly description: string;
}

const CURVES: Readonly<Record<string, string>> = {
  "1.2.840.10045.3.1.1": "P-192",
  "1.3.132.0.33": "P-224",
  "1.2.840.10045.3.1.7": "P-256",
  "1.3.132.0.34": "P-384",
  "1.3.132.0.35": "P-521",
  "1.3.132.0.10": "secp256k1",
  "1.3.36.3.3.2.8.1.1.7": "brainpoolP256r1",
  "1.3.36.3.3.2.8.1.1.11": "brainpoolP384r1",
  "1.3.36.3.3.2.8.1.1.13": "brainpoolP512r1",
};

const KEY_ALGORITHMS: Readonly<Record<string, string>> = {
  "1.2.840.113549.1.1.1": "RSA",
  "1.2.840.113549.1.1.10": "RSA-PSS",
  "1.2.840.10045.2.1": "EC",
  "1.3.101.112": "Ed25519",
  "1.3.101.113": "Ed448",
  "1.3.101.110": "X25519",
  "1.3.101.111": "X448",
  "1.2.840.10040.4.1": "DSA",
};

function bitLength(unsignedBigEndian: Uint8Array): number {
  let index = 0;
  while (index < unsignedBigEndian.length && unsignedBigEndian[index] === 0) {
    index++;
  }
  const first = unsignedBigEndian[index];
  if (first === undefined) {
    return 0;
  }
  return (unsignedBigEndian.length - index - 1) * 8 + (32 - Math.clz32(first));
}

export function describePublicKey(info: SubjectPublicKeyInfo): PublicKeyDescription {
  const oid = info.algorithm.algorithm;
  const algorithm = KEY_ALGORITHMS[oid] ?? oid;
  if (algorithm === "RSA" || algorithm === "RSA-PSS") {
    try {
      const rsaBits = bitLength(new Uint8Array(parseDer(info.subjectPublicKey, RSAPublicKey).modulus));
      return { algorithm, rsaBits, description: `${algorithm} ${rsaBits} bits` };
    } catch {
      return { algorithm, description: `${algorithm} (unreadable key)` };
    }
  }
  if (algorithm === "EC") {
    let curve: string | undefined;
    try {
      const parameters = info.algorithm.parameters ? parseDer(info.algorithm.parameters, ECParameters) : undefined;
      curve = parameters?.namedCurve ? (CURVES[parameters.namedCurve] ?? parameters.namedCurve) : undefined;
    } catch {
      curve = undefined;
    }
    return curve ? { algorithm, curve, description: `EC ${curve}` } : { algorithm, description: "EC (explicit curve parameters)" };
  }
  if (algorithm === oid) {
    return { algorithm, description: `Unknown key algorithm (${oid})` };
  }
  return { algorithm, description: algorithm };
}
