// Distinguished names in the three spellings the extension needs: RFC 4514 text for people,
// the string Cloudflare's API returns in `issuer`, and a key for matching an issuer to a subject.
import * as asn1js from "asn1js";
import { serializeDer } from "./asn1";
import { AttributeValue, type AttributeTypeAndValue, type Name } from "@peculiar/asn1-x509";

export interface DistinguishedNamePart {
  /** "CN", "O", "OU", "C", "ST", "L", "E", … or the OID when the attribute has no short name. */
  readonly type: string;
  readonly oid: string;
  /** The string value; a value that is not a string is "#" + the hex of its DER. */
  readonly value: string;
}

export interface DistinguishedName {
  /**
   * As Cloudflare's API prints `issuer`, e.g. "O=Example Inc.,L=California,ST=San Francisco,C=US".
   * Cloudflare formats names with Go's crypto/x509/pkix Name.String(), reproduced here: the
   * attributes Go knows come in its fixed order (C, ST, L, STREET, POSTALCODE, O, OU, CN,
   * SERIALNUMBER, reversed when printed), so for the usual "C first … CN last" encoding this is
   * the encoded order reversed; other attributes (E included) follow as OID=#hex.
   */
  readonly cloudflare: string;
  /** RFC 4514: RDNs last to first, "," between them, "+" inside a multi-valued RDN. */
  readonly text: string;
  /** The last CN, the most specific one (Go keeps the same). */
  readonly commonName?: string;
  /** Every attribute in encoded order (first RDN first). */
  readonly parts: readonly DistinguishedNamePart[];
}

const SHORT_NAMES: Readonly<Record<string, string>> = {
  "2.5.4.3": "CN",
  "2.5.4.4": "SN",
  "2.5.4.5": "SERIALNUMBER",
  "2.5.4.6": "C",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.9": "STREET",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.12": "T",
  "2.5.4.17": "POSTALCODE",
  "2.5.4.42": "GN",
  "0.9.2342.19200300.100.1.1": "UID",
  "0.9.2342.19200300.100.1.25": "DC",
  "1.2.840.113549.1.9.1": "E",
};

const COMMON_NAME = "2.5.4.3";

/** Go's attributeTypeNames, and the order Go's Name.ToRDNSequence() writes them in. */
const GO_ORDER: readonly (readonly [oid: string, name: string, multiValued: boolean])[] = [
  ["2.5.4.6", "C", true],
  ["2.5.4.8", "ST", true],
  ["2.5.4.7", "L", true],
  ["2.5.4.9", "STREET", true],
  ["2.5.4.17", "POSTALCODE", true],
  ["2.5.4.10", "O", true],
  ["2.5.4.11", "OU", true],
  ["2.5.4.3", "CN", false],
  ["2.5.4.5", "SERIALNUMBER", false],
];
const GO_KNOWN = new Set(GO_ORDER.map(([oid]) => oid));

interface Attribute {
  readonly oid: string;
  /** The value when it is one of the string types; undefined for any other ASN.1 value. */
  readonly string?: string;
  /** The DER of a non-string value. */
  readonly other?: ArrayBuffer;
}

/**
 * String types asn1-x509's AttributeValue leaves as raw DER (anyValue): NumericString (18),
 * VisibleString (26), GraphicString (25), GeneralString (27). asn1js reads their text.
 */
const OTHER_STRING_TAGS = new Set([18, 25, 26, 27]);
const UNIVERSAL_CLASS = 1;

function otherStringOf(der: ArrayBuffer): string | undefined {
  const parsed = asn1js.fromBER(der, { parseEmbedded: false });
  const element = parsed.result;
  if (parsed.offset !== der.byteLength || element.idBlock.tagClass !== UNIVERSAL_CLASS || !OTHER_STRING_TAGS.has(element.idBlock.tagNumber)) {
    return undefined;
  }
  return element instanceof asn1js.BaseStringBlock ? element.getValue() : undefined;
}

function attributeOf(atv: AttributeTypeAndValue): Attribute {
  if (atv.value.anyValue) {
    const string = otherStringOf(atv.value.anyValue);
    return string === undefined ? { oid: atv.type, other: atv.value.anyValue } : { oid: atv.type, string };
  }
  return { oid: atv.type, string: atv.value.toString() };
}

function hex(bytes: ArrayBuffer): string {
  return Buffer.from(bytes).toString("hex");
}

export function describeName(name: Name): DistinguishedName {
  // Array.from, not Name.map: mapping an AsnArray subclass constructs more of it through Symbol.species.
  const rdns = Array.from(name, (rdn) => Array.from(rdn, attributeOf));
  const parts = rdns.flat().map((attribute) => ({
    type: SHORT_NAMES[attribute.oid] ?? attribute.oid,
    oid: attribute.oid,
    value: attribute.string ?? `#${hex(attribute.other ?? new ArrayBuffer(0))}`,
  }));
  const commonNames = rdns.flat().filter((attribute) => attribute.oid === COMMON_NAME && attribute.string !== undefined);
  const commonName = commonNames[commonNames.length - 1]?.string;
  const result: DistinguishedName = { cloudflare: goNameString(rdns), text: rfc4514(rdns), parts };
  return commonName === undefined ? result : { ...result, commonName };
}

function rfc4514(rdns: readonly (readonly Attribute[])[]): string {
  return [...rdns]
    .reverse()
    .map((rdn) =>
      rdn
        .map((attribute) => {
          const type = SHORT_NAMES[attribute.oid] ?? attribute.oid;
          const value = attribute.string === undefined ? `#${hex(attribute.other ?? new ArrayBuffer(0))}` : escapeRfc4514(attribute.string);
          return `${type}=${value}`;
        })
        .join("+"),
    )
    .join(",");
}

function escapeRfc4514(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are among those that need escaping
  if (!/[\\"+,;<>\x00-\x1f\x7f]|^[ #]| $/.test(value)) {
    return value;
  }
  const characters = [...value];
  return characters
    .map((character, index) => {
      if ('\\"+,;<>'.includes(character)) {
        return `\\${character}`;
      }
      const code = character.charCodeAt(0);
      if (code < 0x20 || code === 0x7f) {
        return `\\${code.toString(16).toUpperCase().padStart(2, "0")}`;
      }
      if ((character === " " || character === "#") && index === 0) {
        return `\\${character}`;
      }
      return character === " " && index === characters.length - 1 ? "\\ " : character;
    })
    .join("");
}

/**
 * Go's pkix.Name.String() on a parsed name: unknown attributes first (so they print last, each
 * as its own RDN, as OID=#hex of the value re-marshalled by Go), then the known ones in Go's
 * order, multi-valued attributes joined with "+", and the whole sequence printed in reverse.
 */
function goNameString(rdns: readonly (readonly Attribute[])[]): string {
  const flat = rdns.flat();
  const sequence: (readonly { readonly text: string }[])[] = [];
  for (const attribute of flat) {
    if (!GO_KNOWN.has(attribute.oid)) {
      sequence.push([{ text: `${attribute.oid}=#${hex(goMarshal(attribute))}` }]);
    }
  }
  for (const [oid, typeName, multiValued] of GO_ORDER) {
    // Go only fills its named fields from values that decoded to strings.
    const values = flat.filter((attribute) => attribute.oid === oid && attribute.string !== undefined).map((attribute) => attribute.string ?? "");
    const kept = multiValued ? values : values.slice(-1).filter((value) => value.length > 0);
    if (kept.length > 0) {
      sequence.push(kept.map((value) => ({ text: `${typeName}=${escapeGo(value)}` })));
    }
  }
  return sequence
    .reverse()
    .map((rdn) => rdn.map((attribute) => attribute.text).join("+"))
    .join(",");
}

function escapeGo(value: string): string {
  if (!/[,+"\\<>;]|^[ #]| $/.test(value)) {
    return value;
  }
  const characters = [...value];
  return characters
    .map((character, index) => {
      const escape =
        ',+"\\<>;'.includes(character) || (character === " " && (index === 0 || index === characters.length - 1)) || (character === "#" && index === 0);
      return escape ? `\\${character}` : character;
    })
    .join("");
}

/**
 * Go's asn1.Marshal of a string: PrintableString when every character allows it, else UTF8String.
 * A value of another type (NumericString, SEQUENCE, …) keeps its own DER here; Go would
 * re-marshal some of those, a difference only such rare names can show.
 */
function goMarshal(attribute: Attribute): ArrayBuffer {
  if (attribute.string === undefined) {
    return attribute.other ?? new ArrayBuffer(0);
  }
  const value = /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(attribute.string) ? new AttributeValue({ printableString: attribute.string }) : new AttributeValue({ utf8String: attribute.string });
  return serializeDer(value);
}

/**
 * A key under which an issuer name and a subject name compare equal when they name the same
 * entity: RDN by RDN, attributes sorted, string values case-folded with white space collapsed
 * (the comparison RFC 5280 section 7.1 asks for, as OpenSSL does it).
 */
export function nameMatchKey(name: Name): string {
  return Array.from(name, (rdn) =>
    Array.from(rdn, attributeOf)
      .map((attribute) => `${attribute.oid}=${attribute.string === undefined ? `#${hex(attribute.other ?? new ArrayBuffer(0))}` : attribute.string.trim().replace(/\s+/g, " ").toLowerCase()}`)
      .sort()
      .join("+"),
  ).join(",");
}
