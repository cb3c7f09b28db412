// Pure: the upload decisions that do not need a UI — which destinations make sense for what the
// user has, the default name, hostname parsing, what goes in the request, and the summary the
// final confirmation shows.
import type { Account, AccessCertificateInput, MtlsCertificateUpload } from "../cloudflare/types";
import type { CertificateDocument } from "../certificates/read";
import type { CertificateWarning, UploadRole } from "../certificates/warnings";
import { scopeLabel, type CertificateKind, type CertificateScope } from "../views/certificateKind";
import { formatInstant } from "../views/treeModel";

/** Where an upload goes: an account's mTLS certificates (as a CA or a leaf), or an account's or zone's Access certificates. */
export type UploadDestination =
  | { readonly kind: "mtlsCertificate"; readonly role: UploadRole; readonly account: Account }
  | { readonly kind: "accessCertificate"; readonly scope: CertificateScope };

/** A destination before its account (and zone) is chosen: `<kind>.<role or scope>`. */
export type UploadChoiceTarget = "mtlsCertificate.ca" | "mtlsCertificate.leaf" | "accessCertificate.accounts" | "accessCertificate.zones";

export interface UploadKindChoice {
  readonly target: UploadChoiceTarget;
  readonly label: string;
  readonly detail: string;
  readonly recommended: boolean;
}

/** The role the certificate is uploaded in: Access certificates are always CAs. */
export function uploadRole(destination: UploadDestination): UploadRole {
  return destination.kind === "mtlsCertificate" ? destination.role : "ca";
}

/** The kinds of upload offered, the most fitting first; `fixed` keeps one kind's. */
export function uploadKindChoices(document: CertificateDocument, fixed?: CertificateKind): UploadKindChoice[] {
  const first = document.certificates[0];
  const isCa = first?.isCa ?? false;
  const choices: UploadKindChoice[] = [
    {
      target: "mtlsCertificate.ca",
      label: "Account mTLS: CA certificate",
      detail: "Bring your own CA for API Shield, Workers mTLS bindings and other services (ca: true).",
      recommended: isCa,
    },
    {
      target: "mtlsCertificate.leaf",
      label: "Account mTLS: leaf certificate",
      detail: "A client or server certificate, optionally with its private key (ca: false).",
      recommended: !isCa,
    },
    {
      target: "accessCertificate.accounts",
      label: "Access: root CA for the account",
      detail: "Cloudflare Access trusts client certificates signed by this CA, on the account's Access applications.",
      recommended: isCa,
    },
    {
      target: "accessCertificate.zones",
      label: "Access: root CA for a zone",
      detail: "As above, limited to one zone's Access applications.",
      recommended: false,
    },
  ];
  const allowed = choices.filter((choice) => fixed === undefined || choice.target.startsWith(`${fixed}.`));
  return [...allowed.filter((choice) => choice.recommended), ...allowed.filter((choice) => !choice.recommended)];
}

function baseName(fileLabel: string): string {
  const last = fileLabel.split(/[\\/]/).pop() ?? fileLabel;
  return last.replace(/\.(pem|crt|cer|der|ca-bundle)$/i, "");
}

/** The subject's common name, else the file's name, else "certificate". */
export function defaultCertificateName(document: CertificateDocument, fileLabel?: string): string {
  const name = document.certificates[0]?.subject.commonName?.trim() || (fileLabel ? baseName(fileLabel) : "") || "certificate";
  return name.slice(0, 255);
}

export function validateCertificateName(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed.length === 0) {
    return "Give the certificate a name (Cloudflare shows it in lists).";
  }
  if (trimmed.length > 255) {
    return "Use at most 255 characters.";
  }
  return undefined;
}

// The last label: 2–63 characters, no hyphen at either end, not all digits (that is an IP address).
const HOSTNAME = /^(\*\.)?(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?![0-9]+$)[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/i;

/** Splits "a.example.com, b.example.com" (commas, spaces or new lines) into hostnames. */
/** The items of a typed hostname list: commas, semicolons, spaces or new lines between them. */
export function splitHostnameList(text: string): string[] {
  return text.split(/[\s,;]+/).filter((part) => part.length > 0);
}

export function parseHostnames(text: string): { hostnames: string[]; invalid: string[] } {
  const parts = splitHostnameList(text).map((part) => part.toLowerCase());
  const hostnames: string[] = [];
  const invalid: string[] = [];
  for (const part of parts) {
    if (!HOSTNAME.test(part)) {
      invalid.push(part);
    } else if (!hostnames.includes(part)) {
      hostnames.push(part);
    }
  }
  return { hostnames, invalid };
}

/** Hostnames are separated by commas or spaces, everywhere: the message names each piece that is not one, in quotes. */
export function validateHostnames(text: string): string | undefined {
  const { invalid } = parseHostnames(text);
  if (invalid.length === 0) {
    return undefined;
  }
  const shown = `${invalid
    .slice(0, 3)
    .map((part) => `“${part}”`)
    .join(", ")}${invalid.length > 3 ? ` and ${invalid.length - 3} more` : ""}`;
  return `${invalid.length === 1 ? "Not a hostname" : "Not hostnames"}: ${shown}. Separate hostnames with commas or spaces, e.g. app.example.com, admin.example.com.`;
}

/** What the hostname input boxes say about their format. */
export const HOSTNAMES_FORMAT = "separated by commas or spaces";

export function mtlsUploadBody(role: UploadRole, document: CertificateDocument, name: string, privateKeyPem?: string): MtlsCertificateUpload {
  const body: MtlsCertificateUpload = { ca: role === "ca", certificates: document.pem, name: name.trim() };
  // A private key only ever accompanies a leaf, and only when the user chose it.
  return role === "leaf" && privateKeyPem ? { ...body, private_key: privateKeyPem } : body;
}

export function accessUploadBody(document: CertificateDocument, name: string, hostnames: readonly string[]): AccessCertificateInput {
  return { name: name.trim(), certificate: document.pem, associated_hostnames: [...hostnames] };
}

/** "a CA certificate", "an Access root certificate": what the upload creates. */
export function describeCreated(destination: UploadDestination): string {
  switch (destination.kind) {
    case "mtlsCertificate":
      return destination.role === "ca" ? "a CA certificate" : "a leaf certificate";
    case "accessCertificate":
      return "an Access root certificate";
  }
}

export function describeDestination(destination: UploadDestination): string {
  switch (destination.kind) {
    case "mtlsCertificate":
      return `${describeCreated(destination)} of account ${destination.account.name || destination.account.id}`;
    case "accessCertificate":
      return `${describeCreated(destination)} of ${scopeLabel(destination.scope)}`;
  }
}

export function uploadSummary(
  destination: UploadDestination,
  document: CertificateDocument,
  name: string,
  options: {
    /** Where the private key sent with a leaf comes from ("key.pem"); undefined when none is sent. */
    readonly privateKeySource?: string;
    readonly hostnames: readonly string[];
    readonly warnings: readonly CertificateWarning[];
  },
): { message: string; detail: string } {
  const first = document.certificates[0];
  const lines = [
    `Subject: ${first?.subject.text ?? "?"}`,
    `Issuer: ${first?.issuer.text ?? "?"}`,
    `Expires: ${first ? formatInstant(first.notAfter) : "?"}`,
    `Certificates in the file: ${document.certificates.length}`,
  ];
  if (destination.kind === "mtlsCertificate" && destination.role === "leaf") {
    lines.push(options.privateKeySource !== undefined ? `Private key: ${options.privateKeySource}, uploaded with the certificate` : "Private key: not uploaded");
  }
  if (destination.kind === "accessCertificate") {
    lines.push(`Associated hostnames: ${options.hostnames.length > 0 ? options.hostnames.join(", ") : "none yet"}`);
  }
  if (options.warnings.length > 0) {
    lines.push("", "Warnings:", ...options.warnings.map((warning) => `• ${warning.message}`));
  }
  return { message: `Upload “${name.trim()}” as ${describeDestination(destination)}?`, detail: lines.join("\n") };
}
