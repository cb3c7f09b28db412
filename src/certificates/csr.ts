// Certificate signing requests for a client certificate, built with @peculiar/x509 from a key
// pair made on this machine (keyGeneration.ts). The subject is given field by field and passed to
// x509 as a JSON name, never as DN text, so a comma or an equals sign in a value stays a value.
//
// Field limits are RFC 5280's upper bounds (ub-common-name 64, ub-organization-name 64,
// ub-organizational-unit-name 64, ub-locality-name 128, ub-state-name 128) and the country is an
// ISO 3166 two-letter code: what every CA, Cloudflare's managed CA included, can encode.
import { CertificateInputError } from "./errors";
import { signingParameters, type ClientKeyPair } from "./keyGeneration";
import { x509 } from "./x509Setup";

export interface CsrSubjectInput {
  /** Required: names the client (a user, a device, a service). */
  readonly commonName: string;
  readonly organization?: string;
  readonly organizationalUnit?: string;
  /** L. */
  readonly locality?: string;
  /** ST. */
  readonly state?: string;
  /** C: two letters, e.g. "US"; upper-cased. */
  readonly country?: string;
}

export type CsrSubjectField = keyof CsrSubjectInput;

export interface CreatedCsr {
  /** "-----BEGIN CERTIFICATE REQUEST-----", newline-encoded as Cloudflare asks. */
  readonly pem: string;
  readonly der: Uint8Array;
  /** The subject as sent, trimmed, empty optional fields left out. */
  readonly subject: CsrSubjectInput;
}

interface FieldRule {
  readonly label: string;
  readonly oid: string;
  readonly shortName: string;
  readonly maxLength: number;
}

const FIELD_RULES: Readonly<Record<CsrSubjectField, FieldRule>> = {
  commonName: { label: "Common name (CN)", oid: "2.5.4.3", shortName: "CN", maxLength: 64 },
  organization: { label: "Organization (O)", oid: "2.5.4.10", shortName: "O", maxLength: 64 },
  organizationalUnit: { label: "Organizational unit (OU)", oid: "2.5.4.11", shortName: "OU", maxLength: 64 },
  locality: { label: "Locality (L)", oid: "2.5.4.7", shortName: "L", maxLength: 128 },
  state: { label: "State or province (ST)", oid: "2.5.4.8", shortName: "ST", maxLength: 128 },
  country: { label: "Country (C)", oid: "2.5.4.6", shortName: "C", maxLength: 2 },
};

/** Encoding order, most general first, as CAs and OpenSSL write names. */
const ENCODING_ORDER: readonly CsrSubjectField[] = ["country", "state", "locality", "organization", "organizationalUnit", "commonName"];

// C0 and C1 control characters, and the Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Why `value` cannot be the subject field, or undefined when it can (after trimming; an empty
 * optional field is fine and is left out). For live validation in an input box.
 */
export function subjectFieldProblem(field: CsrSubjectField, value: string | undefined): string | undefined {
  const rule = FIELD_RULES[field];
  const text = (value ?? "").trim();
  if (text === "") {
    return field === "commonName" ? `${rule.label} is required: it names the client that presents the certificate.` : undefined;
  }
  if (CONTROL.test(text)) {
    return `${rule.label} contains a line break or another control character.`;
  }
  if (field === "country") {
    return /^[A-Za-z]{2}$/.test(text) ? undefined : `${rule.label} must be a two-letter ISO 3166 code such as US, DE or JP, not “${text}”.`;
  }
  // Counted in code points, as the ASN.1 bounds are.
  const length = [...text].length;
  if (length > rule.maxLength) {
    return `${rule.label} is ${length} characters long; certificates allow at most ${rule.maxLength}.`;
  }
  return undefined;
}

/** The subject trimmed and checked; throws CertificateInputError "invalidSubject" naming the first bad field. */
export function checkCsrSubject(input: CsrSubjectInput): CsrSubjectInput {
  const checked: { -readonly [K in CsrSubjectField]?: string } = {};
  for (const field of ENCODING_ORDER) {
    const problem = subjectFieldProblem(field, input[field]);
    if (problem) {
      throw new CertificateInputError("invalidSubject", problem);
    }
    const text = (input[field] ?? "").trim();
    if (text !== "") {
      checked[field] = field === "country" ? text.toUpperCase() : text;
    }
  }
  return checked as CsrSubjectInput;
}

function jsonName(subject: CsrSubjectInput): x509.JsonName {
  return ENCODING_ORDER.flatMap((field) => {
    const value = subject[field];
    return value === undefined ? [] : [{ [FIELD_RULES[field].shortName]: [value] }];
  });
}

/** Builds and signs a PKCS#10 request for the key pair. Throws CertificateInputError "invalidSubject". */
export async function createCsr(subject: CsrSubjectInput, keyPair: ClientKeyPair): Promise<CreatedCsr> {
  const checked = checkCsrSubject(subject);
  const request = await x509.Pkcs10CertificateRequestGenerator.create({
    name: jsonName(checked),
    keys: keyPair.keys,
    signingAlgorithm: signingParameters(keyPair.algorithm),
  });
  return { pem: `${request.toString("pem")}\n`, der: new Uint8Array(request.rawData), subject: checked };
}
