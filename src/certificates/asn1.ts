// How the certificate core drives the ASN.1 libraries (@peculiar/asn1-schema over asn1js): the
// parse options every certificate is read with, and three converters that replace the library's
// where it loses what the certificate says.
// - UTCTime: asn1js accepts only YYMMDDHHMMSSZ; the forms without seconds or with a ±hhmm offset
//   (not DER, but found in old certificates) come back as 1899-11-30 with no error. OpenSSL and
//   Node read them as instants, and so do we; anything else becomes an invalid Date, which
//   decoding refuses, naming the field.
// - GeneralizedTime: the same guard, for the fractional and offset forms.
// - UniversalString: asn1js cuts every character to 16 bits ("😀" becomes U+F600).
// The converters are declared with asn1-schema's own AsnProp decorator, applied again to the
// properties that declare those types (Time, DirectoryString and its subclass AttributeValue,
// which holds its own copy of the schema): the same declaration, with our converter in it.
// Serializing keeps the library's own toASN.
import { AsnConvert, AsnGeneralizedTimeConverter, AsnParser, AsnProp, AsnPropTypes, AsnUniversalStringConverter, AsnUTCTimeConverter, type IAsnParseOptions } from "@peculiar/asn1-schema";
import { AttributeValue, DirectoryString, Time } from "@peculiar/asn1-x509";
import * as asn1js from "asn1js";
import type { GeneralizedTime, UniversalString, UTCTime } from "asn1js";

/**
 * Most ASN.1 elements one structure (a certificate, one extension's value) may hold. asn1js's own
 * default is 10,000, which a valid certificate with 10,000 SANs exceeds; the limit bounds the
 * work on hostile input (asn1js takes 5 to 20 µs an element, so one structure stays near or
 * under 100 ms even on a loaded machine).
 */
export const MAX_ASN1_ELEMENTS = 12_000;

/** Options for every parse: OCTET STRINGs are not speculatively parsed as nested ASN.1 (extensions are parsed on purpose, once). */
export const PARSE_OPTIONS: IAsnParseOptions = { berOptions: { maxNodes: MAX_ASN1_ELEMENTS, parseEmbedded: false } };

const TOO_MANY_ELEMENTS = "Maximum ASN.1 node count exceeded";

/** Whether a parse failed only because the input holds more elements than MAX_ASN1_ELEMENTS. */
export function isTooManyElements(error: unknown): boolean {
  return error instanceof Error && error.message.includes(TOO_MANY_ELEMENTS);
}

/** AsnConvert.parse with PARSE_OPTIONS. */
export function parseDer<T>(data: ArrayBuffer | ArrayBufferView, type: new () => T): T {
  return AsnParser.parse(data, type, PARSE_OPTIONS);
}

/**
 * parseDer in its two steps: asn1js's tree of the bytes (BER; bounded by PARSE_OPTIONS), which
 * can be measured before asn1-schema, the slow step, matches it to a type (fromBerTree).
 */
export function parseBerTree(data: ArrayBuffer): asn1js.AsnType {
  const parsed = asn1js.fromBER(data, PARSE_OPTIONS.berOptions);
  if (parsed.result.error) {
    throw new Error(parsed.result.error);
  }
  return parsed.result;
}

export function fromBerTree<T>(tree: asn1js.AsnType, type: new () => T): T {
  return AsnParser.fromASN(tree, type, PARSE_OPTIONS);
}

/** The children of a constructed element of an asn1js tree; undefined for a primitive one. */
export function treeChildren(node: asn1js.AsnType): readonly asn1js.AsnType[] | undefined {
  const value: unknown = node.idBlock.isConstructed ? (node.valueBlock as { value?: unknown }).value : undefined;
  return Array.isArray(value) ? (value as asn1js.AsnType[]) : undefined;
}

/** The elements of an asn1js tree, the root included, counting no further than `limit` + 1. */
export function countTreeElements(root: asn1js.AsnType, limit: number): number {
  let count = 0;
  const pending: asn1js.AsnType[] = [root];
  for (let node = pending.pop(); node !== undefined && count <= limit; node = pending.pop()) {
    count++;
    for (const child of treeChildren(node) ?? []) {
      pending.push(child);
    }
  }
  return count;
}

/** The text of each time value that did not read as an instant, for the refusal to quote. */
const unreadableTimes = new WeakMap<Date, string>();

/** The encoded text of a time that decoded to an invalid Date, or undefined. */
export function unreadableTimeText(date: Date): string | undefined {
  return unreadableTimes.get(date);
}

function invalidTime(text: string): Date {
  const date = new Date(Number.NaN);
  unreadableTimes.set(date, text);
  return date;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * An instant from its parts, as OpenSSL's ASN1_TIME_to_tm checks them (month 1–12, a day the
 * month has, hour < 24, minute and second < 60, offset up to ±12:59), or undefined.
 */
function instant(year: number, month: number, day: number, hour: number, minute: number, second: number, offset: string | undefined): number | undefined {
  const monthDays = DAYS_IN_MONTH[month - 1];
  if (monthDays === undefined || day < 1 || day > (month === 2 && !isLeap(year) ? 28 : monthDays) || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  let offsetMinutes = 0;
  if (offset !== undefined && offset !== "Z") {
    const hours = Number(offset.slice(1, 3));
    const minutes = Number(offset.slice(3, 5));
    if (hours > 12 || minutes > 59) {
      return undefined;
    }
    offsetMinutes = (offset.startsWith("-") ? -1 : 1) * (hours * 60 + minutes);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
}

const UTC_TIME = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/;
const GENERALIZED_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?(Z|[+-]\d{4})$/;

/** A UTCTime's text as the instant it names (years 50–99 are 19xx, 00–49 are 20xx, as RFC 5280 says). */
export function readUtcTime(text: string): Date {
  const match = UTC_TIME.exec(text);
  if (!match) {
    return invalidTime(text);
  }
  const [, yy, mo, dd, hh, mi, ss, zone] = match;
  const twoDigits = Number(yy);
  const time = instant(twoDigits < 50 ? 2000 + twoDigits : 1900 + twoDigits, Number(mo), Number(dd), Number(hh), Number(mi), Number(ss ?? "0"), zone);
  return time === undefined ? invalidTime(text) : new Date(time);
}

/** A GeneralizedTime's text as an instant; fractions of a second are dropped, as Node shows them. */
export function readGeneralizedTime(text: string): Date {
  const match = GENERALIZED_TIME.exec(text);
  if (!match) {
    return invalidTime(text);
  }
  const [, yyyy, mo, dd, hh, mi, ss, zone] = match;
  const time = instant(Number(yyyy), Number(mo), Number(dd), Number(hh), Number(mi), Number(ss ?? "0"), zone);
  return time === undefined ? invalidTime(text) : new Date(time);
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

/** UCS-4 big-endian, as UniversalString holds it; a value that is no Unicode scalar becomes U+FFFD. */
export function readUcs4(bytes: Uint8Array): string {
  let text = "";
  for (let index = 0; index + 3 < bytes.length; index += 4) {
    const code = (((bytes[index] ?? 0) << 24) | ((bytes[index + 1] ?? 0) << 16) | ((bytes[index + 2] ?? 0) << 8) | (bytes[index + 3] ?? 0)) >>> 0;
    text += code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? "\uFFFD" : String.fromCodePoint(code);
  }
  return bytes.length % 4 === 0 ? text : `${text}\uFFFD`;
}

AsnProp({
  type: AsnPropTypes.UTCTime,
  converter: { fromASN: (value: UTCTime) => readUtcTime(latin1(value.valueBlock.valueHexView)), toASN: (value: Date) => AsnUTCTimeConverter.toASN(value) },
})(Time.prototype, "utcTime");
AsnProp({
  type: AsnPropTypes.GeneralizedTime,
  converter: { fromASN: (value: GeneralizedTime) => readGeneralizedTime(latin1(value.valueBlock.valueHexView)), toASN: (value: Date) => AsnGeneralizedTimeConverter.toASN(value) },
})(Time.prototype, "generalTime");
for (const target of [DirectoryString, AttributeValue]) {
  AsnProp({
    type: AsnPropTypes.UniversalString,
    converter: { fromASN: (value: UniversalString) => readUcs4(value.valueBlock.valueHexView), toASN: (value: string) => AsnUniversalStringConverter.toASN(value) },
  })(target.prototype, "universalString");
}

/** Serializes with asn1-schema (kept here so every use of the library goes through this module). */
export function serializeDer(value: unknown): ArrayBuffer {
  return AsnConvert.serialize(value);
}

/** Why a structure over MAX_ASN1_ELEMENTS is not read, naming what was too large ("its Subject Alternative Name extension"). */
export function tooManyElementsReason(what: string, limit: number = MAX_ASN1_ELEMENTS): string {
  return `${what} holds more than ${limit.toLocaleString("en-US")} ASN.1 elements, the most this extension decodes in one certificate (to stay responsive on hostile files).`;
}

/**
 * Most elements one distinguished name may hold (about 64 attributes; real names have a few to
 * thirty). asn1-schema matches every attribute value against each string type of its CHOICE,
 * 0.1 ms or more an attribute, so a crafted name of 1,450 attributes held the event loop for a
 * quarter of a second.
 */
export const MAX_NAME_ELEMENTS = 256;

/**
 * Most elements of SAN entries that are not DNS names, e-mail addresses or URIs (IP addresses,
 * directory names, other names), which go through asn1-schema's GeneralName CHOICE one by one.
 */
export const MAX_SCHEMA_SAN_ELEMENTS = 1_000;
