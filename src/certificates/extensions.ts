// The extensions of a certificate, read from the ASN.1 structures of @peculiar/asn1-x509: each
// value is parsed once, straight from its OCTET STRING (x509's own extension classes re-encode
// and re-parse every extension, which would triple the cost of decoding a certificate).
// The parsed lists are AsnArray subclasses; they are copied with Array.from, because their own
// map() would build more AsnArrays through Symbol.species.
// An extension whose value cannot be parsed is still listed; only its fields stay empty, so one
// odd extension never hides the rest of a certificate.
import * as asn1js from "asn1js";
import { isTooManyElements, MAX_ASN1_ELEMENTS, MAX_SCHEMA_SAN_ELEMENTS, parseDer, PARSE_OPTIONS, tooManyElementsReason } from "./asn1";
import { bytesOf, childrenOf, countElements, elementAt } from "./derLayout";
import { refuseField } from "./fieldRefusals";
import {
  GeneralName,
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  CertificatePolicies,
  CRLDistributionPoints,
  ExtendedKeyUsage,
  KeyUsage,
  SubjectKeyIdentifier,
  type Extension,
} from "@peculiar/asn1-x509";
import { colonHex } from "./fingerprints";
import { describeName } from "./names";
import { x509 } from "./x509Setup";

export type SubjectAlternativeNameType = "dns" | "ip" | "email" | "uri" | "other";

export interface SubjectAlternativeNameEntry {
  readonly type: SubjectAlternativeNameType;
  /** For "other": a prefixed form such as "DirName:CN=…", "UPN:…", "RID:1.2.3". */
  readonly value: string;
}

export interface ExtendedKeyUsageEntry {
  readonly oid: string;
  /** OpenSSL's name ("TLS Web Client Authentication"), or the OID when it has none. */
  readonly name: string;
}

export interface BasicConstraintsValue {
  readonly ca: boolean;
  readonly pathLength?: number;
  readonly critical: boolean;
}

export interface AuthorityInfoAccessEntry {
  /** "ocsp", "caIssuers", or the access method's OID. (`string & {}` keeps the named ones visible to editors.) */
  readonly method: "ocsp" | "caIssuers" | (string & {});
  readonly uri: string;
}

export interface ExtensionSummary {
  readonly oid: string;
  /** A readable name, or the OID when it has none. */
  readonly name: string;
  readonly critical: boolean;
}

export interface ExtensionFields {
  readonly subjectAlternativeNames: readonly SubjectAlternativeNameEntry[];
  /** e.g. ["digitalSignature", "keyCertSign", "cRLSign"]; empty when the extension is absent. */
  readonly keyUsage: readonly string[];
  /** Whether the keyUsage extension is there at all (absent means "any usage"). */
  readonly hasKeyUsage: boolean;
  readonly extendedKeyUsage: readonly ExtendedKeyUsageEntry[];
  readonly basicConstraints?: BasicConstraintsValue;
  /** Uppercase colon hex. */
  readonly subjectKeyIdentifier?: string;
  readonly authorityKeyIdentifier?: string;
  readonly crlDistributionPoints: readonly string[];
  readonly authorityInfoAccess: readonly AuthorityInfoAccessEntry[];
  /** Policy OIDs. */
  readonly certificatePolicies: readonly string[];
  /** Every extension present, in certificate order. */
  readonly extensions: readonly ExtensionSummary[];
}

export const EXTENSION_OIDS = {
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAlternativeName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  crlDistributionPoints: "2.5.29.31",
  certificatePolicies: "2.5.29.32",
  authorityKeyIdentifier: "2.5.29.35",
  extendedKeyUsage: "2.5.29.37",
  authorityInfoAccess: "1.3.6.1.5.5.7.1.1",
} as const;

const EXTENSION_NAMES: Readonly<Record<string, string>> = {
  "2.5.29.9": "Subject Directory Attributes",
  "2.5.29.14": "Subject Key Identifier",
  "2.5.29.15": "Key Usage",
  "2.5.29.16": "Private Key Usage Period",
  "2.5.29.17": "Subject Alternative Name",
  "2.5.29.18": "Issuer Alternative Name",
  "2.5.29.19": "Basic Constraints",
  "2.5.29.30": "Name Constraints",
  "2.5.29.31": "CRL Distribution Points",
  "2.5.29.32": "Certificate Policies",
  "2.5.29.33": "Policy Mappings",
  "2.5.29.35": "Authority Key Identifier",
  "2.5.29.36": "Policy Constraints",
  "2.5.29.37": "Extended Key Usage",
  "2.5.29.46": "Freshest CRL",
  "2.5.29.54": "Inhibit Any Policy",
  "1.3.6.1.5.5.7.1.1": "Authority Information Access",
  "1.3.6.1.5.5.7.1.11": "Subject Information Access",
  "1.3.6.1.5.5.7.1.24": "TLS Feature",
  "1.3.6.1.4.1.11129.2.4.2": "CT Precertificate SCTs",
  "1.3.6.1.4.1.11129.2.4.3": "CT Precertificate Poison",
  "2.16.840.1.113730.1.1": "Netscape Cert Type",
  "2.16.840.1.113730.1.13": "Netscape Comment",
  "1.3.6.1.4.1.311.20.2": "Microsoft Certificate Template Name",
  "1.3.6.1.4.1.311.21.1": "Microsoft CA Version",
  "1.3.6.1.4.1.311.21.7": "Microsoft Certificate Template",
  "1.3.6.1.4.1.311.21.10": "Microsoft Application Policies",
};

/** OpenSSL 3's names (its obj_dat.h long names), as `openssl x509 -text` prints them. */
const EXTENDED_KEY_USAGE_NAMES: Readonly<Record<string, string>> = {
  "1.3.6.1.4.1.11129.2.4.4": "CT Precertificate Signer",
  "1.3.6.1.4.1.311.10.3.1": "Microsoft Trust List Signing",
  "1.3.6.1.4.1.311.10.3.3": "Microsoft Server Gated Crypto",
  "1.3.6.1.4.1.311.10.3.4": "Microsoft Encrypted File System",
  "1.3.6.1.4.1.311.2.1.21": "Microsoft Individual Code Signing",
  "1.3.6.1.4.1.311.2.1.22": "Microsoft Commercial Code Signing",
  "1.3.6.1.4.1.311.20.2.2": "Microsoft Smartcard Login",
  "1.3.6.1.5.2.3.4": "PKINIT Client Auth",
  "1.3.6.1.5.2.3.5": "Signing KDC Response",
  "1.3.6.1.5.5.7.3.1": "TLS Web Server Authentication",
  "1.3.6.1.5.5.7.3.10": "dvcs",
  "1.3.6.1.5.5.7.3.17": "ipsec Internet Key Exchange",
  "1.3.6.1.5.5.7.3.18": "Ctrl/provision WAP Access",
  "1.3.6.1.5.5.7.3.19": "Ctrl/Provision WAP Termination",
  "1.3.6.1.5.5.7.3.2": "TLS Web Client Authentication",
  "1.3.6.1.5.5.7.3.21": "SSH Client",
  "1.3.6.1.5.5.7.3.22": "SSH Server",
  "1.3.6.1.5.5.7.3.23": "Send Router",
  "1.3.6.1.5.5.7.3.24": "Send Proxied Router",
  "1.3.6.1.5.5.7.3.25": "Send Owner",
  "1.3.6.1.5.5.7.3.26": "Send Proxied Owner",
  "1.3.6.1.5.5.7.3.27": "CMC Certificate Authority",
  "1.3.6.1.5.5.7.3.28": "CMC Registration Authority",
  "1.3.6.1.5.5.7.3.29": "CMC Archive Server",
  "1.3.6.1.5.5.7.3.3": "Code Signing",
  "1.3.6.1.5.5.7.3.30": "BGPsec Router",
  "1.3.6.1.5.5.7.3.31": "Brand Indicator for Message Identification",
  "1.3.6.1.5.5.7.3.32": "Certificate Management Key Generation Authority",
  "1.3.6.1.5.5.7.3.4": "E-mail Protection",
  "1.3.6.1.5.5.7.3.5": "IPSec End System",
  "1.3.6.1.5.5.7.3.6": "IPSec Tunnel",
  "1.3.6.1.5.5.7.3.7": "IPSec User",
  "1.3.6.1.5.5.7.3.8": "Time Stamping",
  "1.3.6.1.5.5.7.3.9": "OCSP Signing",
  "2.16.840.1.113730.4.1": "Netscape Server Gated Crypto",
  "2.5.29.37.0": "Any Extended Key Usage",
};

/** Key usage bits in the order RFC 5280 numbers them (bit 0 first). */
const KEY_USAGE_NAMES = [
  "digitalSignature",
  "nonRepudiation",
  "keyEncipherment",
  "dataEncipherment",
  "keyAgreement",
  "keyCertSign",
  "cRLSign",
  "encipherOnly",
  "decipherOnly",
] as const;

const ACCESS_METHODS: Readonly<Record<string, string>> = {
  "1.3.6.1.5.5.7.48.1": "ocsp",
  "1.3.6.1.5.5.7.48.2": "caIssuers",
};

function generalNameText(name: GeneralName): SubjectAlternativeNameEntry {
  if (name.dNSName !== undefined) {
    return { type: "dns", value: name.dNSName };
  }
  if (name.iPAddress !== undefined) {
    return { type: "ip", value: name.iPAddress };
  }
  if (name.rfc822Name !== undefined) {
    return { type: "email", value: name.rfc822Name };
  }
  if (name.uniformResourceIdentifier !== undefined) {
    return { type: "uri", value: name.uniformResourceIdentifier };
  }
  if (name.directoryName) {
    return { type: "other", value: `DirName:${describeName(name.directoryName).text}` };
  }
  if (name.registeredID !== undefined) {
    return { type: "other", value: `RID:${name.registeredID}` };
  }
  if (name.otherName) {
    try {
      // x509 knows the Microsoft UPN and GUID forms of otherName.
      const known = new x509.GeneralName(name);
      return { type: "other", value: `${known.type.toUpperCase()}:${known.value}` };
    } catch {
      return { type: "other", value: `othername:${name.otherName.typeId}` };
    }
  }
  return { type: "other", value: name.x400Address ? "X400Address" : "EdiPartyName" };
}

function parseValue<T>(extension: Extension, type: new () => T): T | undefined {
  try {
    return parseDer(extension.extnValue, type);
  } catch (error) {
    if (isTooManyElements(error)) {
      throw refuseField(tooManyElementsReason(`its ${EXTENSION_NAMES[extension.extnID] ?? extension.extnID} extension`));
    }
    return undefined;
  }
}

const CONTEXT_CLASS = 3;
/** GeneralName tags whose value is an IA5String: rfc822Name [1], dNSName [2], uniformResourceIdentifier [6]. */
const IA5_NAMES: Readonly<Record<number, SubjectAlternativeNameType>> = { 1: "email", 2: "dns", 6: "uri" };
/** The same, as the identifier octet of a primitive context-specific element ([1] is 0x81). */
const IA5_NAME_TAGS: Readonly<Record<number, SubjectAlternativeNameType>> = { 0x81: "email", 0x82: "dns", 0x86: "uri" };
const SEQUENCE_TAG = 0x30;

/**
 * The SAN list. asn1-schema matches each GeneralName against every CHOICE alternative, about
 * 16 µs a name, and asn1js takes 5 to 20 µs an element just to read the list, so a certificate
 * with 10,000 SANs would hold the event loop for 100 ms or more. The list's headers are read
 * instead (derLayout.ts): its size is known before anything is parsed, the IA5String names
 * (almost all of them) are taken from their bytes, and the rest go through the schema.
 */
function readSubjectAlternativeNames(extension: Extension): SubjectAlternativeNameEntry[] | undefined {
  const value = new Uint8Array(extension.extnValue.buffer);
  const list = elementAt(value, 0);
  const count = list && list.tag === SEQUENCE_TAG && list.end === value.length ? countElements(value, list, MAX_ASN1_ELEMENTS) : undefined;
  const names = list && count !== undefined ? childrenOf(value, list) : undefined;
  if (!names) {
    // Not plain DER (or not a list at all): asn1js reads it, or says it cannot.
    return readSubjectAlternativeNamesWithAsn1js(extension);
  }
  if (count !== undefined && count > MAX_ASN1_ELEMENTS) {
    throw refuseField(tooManyElementsReason("its Subject Alternative Name extension"));
  }
  let schemaElements = 0;
  for (const name of names) {
    schemaElements += IA5_NAME_TAGS[name.tag] ? 0 : (countElements(value, name, MAX_SCHEMA_SAN_ELEMENTS) ?? 0);
    if (schemaElements > MAX_SCHEMA_SAN_ELEMENTS) {
      throw refuseField(
        `its Subject Alternative Name extension holds more than ${MAX_SCHEMA_SAN_ELEMENTS.toLocaleString("en-US")} ASN.1 elements in names other than DNS names, e-mail addresses and URIs, the most this extension decodes in one certificate (to stay responsive on hostile files).`,
      );
    }
  }
  const entries: SubjectAlternativeNameEntry[] = [];
  for (const name of names) {
    const type = IA5_NAME_TAGS[name.tag];
    if (type) {
      entries.push({ type, value: Buffer.from(value.buffer, value.byteOffset + name.contentStart, name.end - name.contentStart).toString("latin1") });
      continue;
    }
    try {
      entries.push(generalNameText(parseDer(bytesOf(value, name), GeneralName)));
    } catch {
      return undefined;
    }
  }
  return entries;
}

/** The SAN list read by asn1js, for a value whose headers are not plain DER. */
function readSubjectAlternativeNamesWithAsn1js(extension: Extension): SubjectAlternativeNameEntry[] | undefined {
  const { berOptions } = PARSE_OPTIONS;
  const parsed = asn1js.fromBER(extension.extnValue.buffer, berOptions);
  if (parsed.result.error === "Maximum ASN.1 node count exceeded") {
    throw refuseField(tooManyElementsReason("its Subject Alternative Name extension"));
  }
  if (parsed.offset !== extension.extnValue.byteLength || !(parsed.result instanceof asn1js.Sequence)) {
    return undefined;
  }
  const entries: SubjectAlternativeNameEntry[] = [];
  for (const element of parsed.result.valueBlock.value) {
    const type = element.idBlock.tagClass === CONTEXT_CLASS && !element.idBlock.isConstructed ? IA5_NAMES[element.idBlock.tagNumber] : undefined;
    if (type && element instanceof asn1js.Primitive) {
      entries.push({ type, value: Buffer.from(element.valueBlock.valueHexView).toString("latin1") });
      continue;
    }
    try {
      entries.push(generalNameText(parseDer(element.valueBeforeDecodeView, GeneralName)));
    } catch {
      return undefined;
    }
  }
  return entries;
}

/** pathLenConstraint as a number: asn1-schema gives INTEGERs of 4 bytes or more as decimal strings. */
function pathLengthOf(value: number | string): number {
  return typeof value === "number" ? value : Number(value);
}

/** What one extension contributes to ExtensionFields: the fields it sets (a later extension of the same kind overrides them, as before). */
export interface ExtensionReading {
  readonly summary: ExtensionSummary;
  readonly fields: Partial<Mutable<ExtensionFields>>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** One extension's fields, read from its value (refusals about a value too large are thrown). */
export function readExtension(extension: Extension): ExtensionReading {
  const oid = extension.extnID;
  const summary: ExtensionSummary = { oid, name: EXTENSION_NAMES[oid] ?? oid, critical: extension.critical };
  switch (oid) {
    case EXTENSION_OIDS.subjectAlternativeName:
      return { summary, fields: { subjectAlternativeNames: readSubjectAlternativeNames(extension) ?? [] } };
    case EXTENSION_OIDS.keyUsage: {
      const flags = parseValue(extension, KeyUsage)?.toNumber() ?? 0;
      return { summary, fields: { hasKeyUsage: true, keyUsage: KEY_USAGE_NAMES.filter((_name, bit) => (flags & (1 << bit)) !== 0) } };
    }
    case EXTENSION_OIDS.extendedKeyUsage:
      return {
        summary,
        fields: { extendedKeyUsage: Array.from(parseValue(extension, ExtendedKeyUsage) ?? [], (usage) => ({ oid: usage, name: EXTENDED_KEY_USAGE_NAMES[usage] ?? usage })) },
      };
    case EXTENSION_OIDS.basicConstraints: {
      const value = parseValue(extension, BasicConstraints);
      // An unreadable value leaves what an earlier basicConstraints extension said.
      return value
        ? {
            summary,
            fields: {
              basicConstraints: {
                ca: value.cA,
                critical: extension.critical,
                ...(value.pathLenConstraint !== undefined ? { pathLength: pathLengthOf(value.pathLenConstraint) } : {}),
              },
            },
          }
        : { summary, fields: {} };
    }
    case EXTENSION_OIDS.subjectKeyIdentifier: {
      const value = parseValue(extension, SubjectKeyIdentifier);
      return { summary, fields: { subjectKeyIdentifier: value ? colonHex(value.buffer) : undefined } };
    }
    case EXTENSION_OIDS.authorityKeyIdentifier: {
      const value = parseValue(extension, AuthorityKeyIdentifier)?.keyIdentifier;
      return { summary, fields: { authorityKeyIdentifier: value ? colonHex(value.buffer) : undefined } };
    }
    case EXTENSION_OIDS.crlDistributionPoints:
      return {
        summary,
        fields: {
          crlDistributionPoints: Array.from(parseValue(extension, CRLDistributionPoints) ?? []).flatMap((point) =>
            Array.from(point.distributionPoint?.fullName ?? [], (name) => name.uniformResourceIdentifier ?? generalNameText(name).value),
          ),
        },
      };
    case EXTENSION_OIDS.authorityInfoAccess:
      return {
        summary,
        fields: {
          authorityInfoAccess: Array.from(parseValue(extension, AuthorityInfoAccessSyntax) ?? [], (description) => ({
            method: ACCESS_METHODS[description.accessMethod] ?? description.accessMethod,
            uri: description.accessLocation.uniformResourceIdentifier ?? generalNameText(description.accessLocation).value,
          })),
        },
      };
    case EXTENSION_OIDS.certificatePolicies:
      return { summary, fields: { certificatePolicies: Array.from(parseValue(extension, CertificatePolicies) ?? [], (policy) => policy.policyIdentifier) } };
    default:
      return { summary, fields: {} };
  }
}

/** The fields of a certificate's extensions, from each extension's reading in certificate order. */
export function combineExtensions(readings: readonly ExtensionReading[]): ExtensionFields {
  const fields: Mutable<ExtensionFields> = {
    subjectAlternativeNames: [],
    keyUsage: [],
    hasKeyUsage: false,
    extendedKeyUsage: [],
    crlDistributionPoints: [],
    authorityInfoAccess: [],
    certificatePolicies: [],
    extensions: [],
  };
  for (const reading of readings) {
    Object.assign(fields, reading.fields);
  }
  const { basicConstraints, subjectKeyIdentifier, authorityKeyIdentifier } = fields;
  return {
    subjectAlternativeNames: fields.subjectAlternativeNames,
    keyUsage: fields.keyUsage,
    hasKeyUsage: fields.hasKeyUsage,
    extendedKeyUsage: fields.extendedKeyUsage,
    ...(basicConstraints ? { basicConstraints } : {}),
    ...(subjectKeyIdentifier ? { subjectKeyIdentifier } : {}),
    ...(authorityKeyIdentifier ? { authorityKeyIdentifier } : {}),
    crlDistributionPoints: fields.crlDistributionPoints,
    authorityInfoAccess: fields.authorityInfoAccess,
    certificatePolicies: fields.certificatePolicies,
    extensions: readings.map((reading) => reading.summary),
  };
}

export function readExtensions(extensions: readonly Extension[] | undefined): ExtensionFields {
  return combineExtensions(Array.from(extensions ?? [], readExtension));
}
