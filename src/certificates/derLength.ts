// The length a DER element's header declares, read without any ASN.1 library: the one check
// every certificate needs before parsing (is it whole? is anything after it?), and all MD5
// matching of workspace files needs.

/**
 * The length a DER element says it has (header included), read from its first bytes, or
 * undefined when the header is not a definite DER length. Only the outer header is read:
 * asn1js would answer the same by decoding the whole element, which costs as much as parsing
 * the certificate, and this check runs for every certificate.
 */
export function declaredDerLength(der: Uint8Array): number | undefined {
  const first = der[1];
  if (first === undefined) {
    return undefined;
  }
  if (first < 0x80) {
    return 2 + first;
  }
  const count = first & 0x7f;
  if (count === 0 || count > 4 || der.length < 2 + count) {
    return undefined;
  }
  let length = 0;
  for (let index = 0; index < count; index++) {
    length = length * 256 + (der[2 + index] ?? 0);
  }
  return 2 + count + length;
}
