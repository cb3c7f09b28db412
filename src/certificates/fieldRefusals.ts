// Refusals about one field of a certificate that otherwise parsed (a time that is no time, an
// extension too large to decode): the reason is kept apart from the message, so the reader of a
// bundle can say where the certificate is ("Block 2 (line 31) holds a certificate that cannot be
// read: its notAfter …").
import { CertificateInputError } from "./errors";

/** Why a certificate that parsed cannot be read, for refusals that name where it is (read.ts). */
const fieldReasons = new WeakMap<CertificateInputError, string>();

/** The reason of a refusal about one field of a certificate ("its notAfter … is “…”, …"), or undefined. */
export function fieldRefusalReason(error: CertificateInputError): string | undefined {
  return fieldReasons.get(error);
}

/** A refusal about one field: "The certificate cannot be read: <reason>". */
export function refuseField(reason: string): CertificateInputError {
  const error = new CertificateInputError("undecodable", `The certificate cannot be read: ${reason}`);
  fieldReasons.set(error, reason);
  return error;
}
