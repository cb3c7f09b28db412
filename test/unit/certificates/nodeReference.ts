// The reference every decoding test compares with: Node's crypto.X509Certificate (OpenSSL)
// reading the same DER, and hashes Node computes itself; never the module's own output.
import assert from "node:assert/strict";
import { createHash, X509Certificate } from "node:crypto";
import type { DecodedCertificate } from "../../../src/certificates/decode";

export function colon(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex").toUpperCase().replace(/(..)(?!$)/g, "$1:");
}

/** OpenSSL's names for the attribute types the model calls by their short names. */
export const NODE_TYPE: Record<string, string> = {
  E: "emailAddress",
  SERIALNUMBER: "serialNumber",
  STREET: "street",
  "2.5.4.97": "organizationIdentifier",
  "2.5.4.15": "businessCategory",
  "1.3.6.1.4.1.311.60.2.1.3": "jurisdictionC",
};

/** Node's subject ("CN=a + OU=b\nO=Acme\, Inc.") as [type, value] pairs in encoded order. */
export function nodeNameParts(text: string): [string, string][] {
  return text
    .split("\n")
    .flatMap((rdn) => rdn.split(" + "))
    .map((pair) => {
      const equals = pair.indexOf("=");
      return [pair.slice(0, equals), pair.slice(equals + 1).replace(/\\(.)/g, "$1")];
    });
}

/** IPv6 as OpenSSL prints it in subjectAltName: eight groups, no zero compression, uppercase. */
export function opensslIp(address: string): string {
  if (!address.includes(":")) {
    return address;
  }
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = address.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = address.includes("::") ? [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right] : left;
  return groups.map((group) => Number.parseInt(group, 16).toString(16).toUpperCase()).join(":");
}

/** Node's SAN entries; a value with a comma in it Node quotes as a JSON string ("DirName:\"street=…\u002cO=…\""), unquoted here. */
export function nodeSans(certificate: X509Certificate): string[] {
  const entries = (certificate.subjectAltName ?? "").match(/[^:, ][^:]*:(?:"(?:[^"\\]|\\.)*"|[^,]*)/g) ?? [];
  return entries.map((entry) => {
    const colon = entry.indexOf(":");
    const value = entry.slice(colon + 1);
    return `${entry.slice(0, colon)}:${value.startsWith('"') ? (JSON.parse(value) as string) : value}`;
  });
}

export function ourSansInNodeForm(decoded: DecodedCertificate): string[] {
  const prefix = { dns: "DNS:", ip: "IP Address:", email: "email:", uri: "URI:", other: "" } as const;
  return decoded.subjectAlternativeNames.map((san) => `${prefix[san.type]}${san.type === "ip" ? opensslIp(san.value) : san.value}`);
}

export function assertMatchesNode(decoded: DecodedCertificate, der: Uint8Array): void {
  const node = new X509Certificate(der);
  assert.equal(decoded.fingerprints.sha256, node.fingerprint256);
  assert.equal(decoded.fingerprints.sha1, node.fingerprint);
  assert.equal(decoded.fingerprints.md5, colon(createHash("md5").update(der).digest()));
  assert.equal(decoded.fingerprints.accessMd5, `MD5 Fingerprint=${colon(createHash("md5").update(der).digest())}`);
  assert.equal(decoded.serialNumber.hex, node.serialNumber);
  assert.equal(decoded.serialNumber.decimal, BigInt(`0x${node.serialNumber}`).toString(10));
  assert.equal(decoded.notBefore.getTime(), Date.parse(node.validFrom));
  assert.equal(decoded.notAfter.getTime(), Date.parse(node.validTo));
  assert.deepEqual(
    decoded.subject.parts.map((part) => [NODE_TYPE[part.type] ?? part.type, part.value]),
    nodeNameParts(node.subject),
  );
  assert.deepEqual(
    decoded.issuer.parts.map((part) => [NODE_TYPE[part.type] ?? part.type, part.value]),
    nodeNameParts(node.issuer),
  );
  // OpenSSL spells a DirName's attribute types its own way (street, not STREET).
  assert.deepEqual(
    ourSansInNodeForm(decoded).map((entry) => (entry.startsWith("DirName:") ? entry.toLowerCase() : entry)),
    nodeSans(node).map((entry) => (entry.startsWith("DirName:") ? entry.toLowerCase() : entry)),
  );
  assert.equal(decoded.isCa, node.ca);
  assert.deepEqual(
    decoded.extendedKeyUsage.map((usage) => usage.oid),
    node.keyUsage ?? [],
  );
  // Not checkIssued(): OpenSSL also wants keyCertSign there, and a self-signed leaf lacks it.
  assert.equal(decoded.selfSigned, node.subject === node.issuer && node.verify(node.publicKey));
  const key = node.publicKey;
  const curves: Record<string, string> = { prime256v1: "P-256", secp384r1: "P-384", secp521r1: "P-521" };
  if (key.asymmetricKeyType === "rsa") {
    assert.equal(decoded.publicKey.algorithm, "RSA");
    assert.equal(decoded.publicKey.rsaBits, key.asymmetricKeyDetails?.modulusLength);
    assert.equal(decoded.publicKey.description, `RSA ${key.asymmetricKeyDetails?.modulusLength} bits`);
  } else if (key.asymmetricKeyType === "ec") {
    const curve = curves[key.asymmetricKeyDetails?.namedCurve ?? ""];
    assert.equal(decoded.publicKey.algorithm, "EC");
    assert.equal(decoded.publicKey.curve, curve);
    assert.equal(decoded.publicKey.description, `EC ${curve}`);
  } else {
    assert.equal(key.asymmetricKeyType, "ed25519");
    assert.equal(decoded.publicKey.algorithm, "Ed25519");
    assert.equal(decoded.publicKey.description, "Ed25519");
  }
  // The re-armoured PEM is the same certificate.
  assert.deepEqual(new Uint8Array(new X509Certificate(decoded.pem).raw), der);
  assert.deepEqual(decoded.der, der);
}

