// Just enough DER reading to take the issuer, serial, validity and signature algorithm out of a
// certificate exactly as they are encoded. Node's X509Certificate validates the certificate as a
// whole; this reads the fields whose encoded form decides what Cloudflare shows.

export interface DerElement {
  readonly tag: number;
  /** The whole element: tag, length and content. */
  readonly encoded: Uint8Array;
  readonly content: Uint8Array;
}

export const DerTag = {
  integer: 0x02,
  bitString: 0x03,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  t61String: 0x14,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  universalString: 0x1c,
  bmpString: 0x1e,
  numericString: 0x12,
  sequence: 0x30,
  set: 0x31,
  contextConstructed0: 0xa0,
} as const;

export function readElement(bytes: Uint8Array, offset = 0): DerElement {
  const tag = byteAt(bytes, offset);
  if ((tag & 0x1f) === 0x1f) {
    throw new Error("DER: multi-byte tags are not supported");
  }
  const first = byteAt(bytes, offset + 1);
  let length: number;
  let headerLength: number;
  if (first < 0x80) {
    length = first;
    headerLength = 2;
  } else {
    const lengthBytes = first & 0x7f;
    if (lengthBytes === 0 || lengthBytes > 4) {
      throw new Error("DER: unsupported length encoding");
    }
    length = 0;
    for (let i = 0; i < lengthBytes; i++) {
      length = length * 256 + byteAt(bytes, offset + 2 + i);
    }
    headerLength = 2 + lengthBytes;
  }
  const end = offset + headerLength + length;
  if (end > bytes.length) {
    throw new Error("DER: element runs past the end of the data");
  }
  return { tag, encoded: bytes.subarray(offset, end), content: bytes.subarray(offset + headerLength, end) };
}

/** The elements inside a constructed element (SEQUENCE, SET, [n]). */
export function childrenOf(element: DerElement): DerElement[] {
  const children: DerElement[] = [];
  let offset = 0;
  while (offset < element.content.length) {
    const child = readElement(element.content, offset);
    children.push(child);
    offset += child.encoded.length;
  }
  return children;
}

export function expectTag(element: DerElement | undefined, tag: number, what: string): DerElement {
  if (!element || element.tag !== tag) {
    throw new Error(`DER: expected ${what}`);
  }
  return element;
}

export function decodeOid(content: Uint8Array): string {
  if (content.length === 0) {
    throw new Error("DER: empty OID");
  }
  const first = byteAt(content, 0);
  const parts: number[] = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40];
  let value = 0;
  for (let i = 1; i < content.length; i++) {
    const byte = byteAt(content, i);
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join(".");
}

/** A DER INTEGER as a signed big integer (two's complement), as Go's math/big reads serials. */
export function decodeInteger(content: Uint8Array): bigint {
  if (content.length === 0) {
    throw new Error("DER: empty INTEGER");
  }
  let value = BigInt("0x" + Buffer.from(content).toString("hex"));
  if ((byteAt(content, 0) & 0x80) !== 0) {
    value -= 1n << BigInt(content.length * 8);
  }
  return value;
}

/** UTCTime or GeneralizedTime in their DER form ("YYMMDDHHMMSSZ" / "YYYYMMDDHHMMSSZ"). */
export function decodeTime(element: DerElement): Date {
  const text = Buffer.from(element.content).toString("latin1");
  const match = element.tag === DerTag.utcTime ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) {
    throw new Error(`DER: unsupported time "${text}"`);
  }
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  // RFC 5280: two-digit years 50–99 are 19xx, 00–49 are 20xx.
  const year = element.tag === DerTag.utcTime ? (y >= 50 ? 1900 + y : 2000 + y) : y;
  return new Date(Date.UTC(year, mo - 1, d, h, mi, s));
}

/** The text of a directory string, or undefined when the element is not a string type. */
export function decodeString(element: DerElement): string | undefined {
  const content = Buffer.from(element.content);
  switch (element.tag) {
    case DerTag.utf8String:
      return content.toString("utf8");
    case DerTag.printableString:
    case DerTag.ia5String:
    case DerTag.numericString:
    case DerTag.t61String:
      return content.toString("latin1");
    case DerTag.bmpString:
      return content.swap16().toString("utf16le");
    case DerTag.universalString: {
      let text = "";
      for (let i = 0; i + 3 < content.length; i += 4) {
        text += String.fromCodePoint(content.readUInt32BE(i));
      }
      return text;
    }
    default:
      return undefined;
  }
}

function byteAt(bytes: Uint8Array, index: number): number {
  const byte = bytes[index];
  if (byte === undefined) {
    throw new Error("DER: unexpected end of data");
  }
  return byte;
}
