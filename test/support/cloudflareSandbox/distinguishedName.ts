// Formats an X.509 Name the way Cloudflare's `issuer` field shows it. The field's spelling
// ("O=Example Inc.,L=California,ST=San Francisco,C=US": no spaces, most specific part last) is
// that of Go's pkix.Name.String(), which the API (a Go service, judging by its signature names)
// most likely uses. Go does not simply reverse the encoded RDNs: it groups the well-known
// attributes in a fixed order (C, ST, L, STREET, POSTALCODE, O, OU, CN, SERIALNUMBER), puts
// any other attribute first, and then prints the sequence reversed. For the usual encoding
// order (C … CN) this is exactly "the encoded RDNs reversed".
import { childrenOf, DerTag, decodeOid, decodeString, expectTag, type DerElement } from "./der";

interface Attribute {
  readonly oid: string;
  readonly value: DerElement;
}

const shortNames: Readonly<Record<string, string>> = {
  "2.5.4.6": "C",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.3": "CN",
  "2.5.4.5": "SERIALNUMBER",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.9": "STREET",
  "2.5.4.17": "POSTALCODE",
};

/** Go's ToRDNSequence order; multi-valued types become one RDN joined with "+". */
const groupedOrder = ["2.5.4.6", "2.5.4.8", "2.5.4.7", "2.5.4.9", "2.5.4.17", "2.5.4.10", "2.5.4.11"];
const commonName = "2.5.4.3";
const serialNumber = "2.5.4.5";

export function formatDistinguishedName(name: DerElement): string {
  const attributes = readAttributes(name);
  const rdns: Attribute[][] = [];
  // Attributes Go does not parse into named fields come first, so they print last.
  for (const attribute of attributes) {
    if (shortNames[attribute.oid] === undefined) {
      rdns.push([attribute]);
    }
  }
  for (const oid of groupedOrder) {
    const values = attributes.filter((a) => a.oid === oid && decodeString(a.value) !== undefined);
    if (values.length > 0) {
      rdns.push(values);
    }
  }
  // Go keeps only the last CN and SERIALNUMBER.
  for (const oid of [commonName, serialNumber]) {
    const last = attributes.filter((a) => a.oid === oid && decodeString(a.value) !== undefined).at(-1);
    if (last && decodeString(last.value) !== "") {
      rdns.push([last]);
    }
  }
  return rdns
    .reverse()
    .map((rdn) => rdn.map(formatAttribute).join("+"))
    .join(",");
}

function readAttributes(name: DerElement): Attribute[] {
  expectTag(name, DerTag.sequence, "Name");
  const attributes: Attribute[] = [];
  for (const rdn of childrenOf(name)) {
    expectTag(rdn, DerTag.set, "RelativeDistinguishedName");
    for (const typeAndValue of childrenOf(rdn)) {
      const [type, value] = childrenOf(expectTag(typeAndValue, DerTag.sequence, "AttributeTypeAndValue"));
      attributes.push({ oid: decodeOid(expectTag(type, DerTag.oid, "attribute type").content), value: expectValue(value) });
    }
  }
  return attributes;
}

function expectValue(value: DerElement | undefined): DerElement {
  if (!value) {
    throw new Error("DER: attribute without a value");
  }
  return value;
}

function formatAttribute(attribute: Attribute): string {
  const name = shortNames[attribute.oid];
  const text = decodeString(attribute.value);
  if (name === undefined || text === undefined) {
    // Go prints unknown types as OID=#<hex of the value re-marshalled by encoding/asn1>.
    return `${attribute.oid}=#${Buffer.from(text === undefined ? attribute.value.encoded : remarshalString(text)).toString("hex")}`;
  }
  return `${name}=${escapeValue(text)}`;
}

/** encoding/asn1 marshals a Go string as PrintableString when it can, else UTF8String. */
function remarshalString(text: string): Uint8Array {
  const printable = /^[A-Za-z0-9 '()+,\-./:=?*&]*$/.test(text);
  const content = Buffer.from(text, printable ? "latin1" : "utf8");
  const tag = printable ? DerTag.printableString : DerTag.utf8String;
  const length = content.length < 0x80 ? [content.length] : lengthBytes(content.length);
  return Buffer.concat([Buffer.from([tag, ...length]), content]);
}

function lengthBytes(length: number): number[] {
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
    bytes.unshift(rest % 256);
  }
  return [0x80 | bytes.length, ...bytes];
}

/** Go's escaping in RDNSequence.String(). */
function escapeValue(value: string): string {
  const characters = [...value];
  return characters
    .map((c, index) => {
      const escape =
        ",+\"\\<>;".includes(c) || (c === " " && (index === 0 || index === characters.length - 1)) || (c === "#" && index === 0);
      return escape ? `\\${c}` : c;
    })
    .join("");
}
