// Pure: the upload decisions that do not need a UI — which destinations make sense for what the
// user has, the default name, hostname parsing, what goes in the request, and the summary the
// final confirmation shows.
import type { AccessCertificateInput, AccessScope, MtlsCertificateUpload } from "../cloudflare/types";
import type { CertificateDocument } from "../certificates/read";
import type { CertificateWarning, UploadTarget } from "../certificates/warnings";

export type UploadDestination =
  | { readonly kind: "mtlsCa"; readonly accountId: string; readonly accountName: string }
  | { readonly kind: "mtlsLeaf"; readonly accountId: string; readonly accountName: string }
  | { readonly kind: "accessRoot"; readonly accountId: string; readonly accountName: string; readonly scope: AccessScope; readonly scopeName: string };

export interface UploadKindChoice {
  readonly target: UploadTarget | "accessZoneRoot";
  readonly label: string;
  readonly detail: string;
  readonly recommended: boolean;
}

/** The kinds of upload offered, the most fitting first. */
export function uploadKindChoices(document: CertificateDocument, fixed?: "mtls" | "access"): UploadKindChoice[] {
  const first = document.certificates[0];
  const isCa = first?.isCa ?? false;
  const choices: UploadKindChoice[] = [
    {
      target: "mtlsCa",
      label: "Account mTLS: CA certificate",
      detail: "Bring your own CA for API Shield, Workers mTLS bindings and other services (ca: true).",
      recommended: isCa,
    },
    {
      target: "mtlsLeaf",
      label: "Account mTLS: leaf certificate",
      detail: "A client or server certificate, optionally with its private key (ca: false).",
      recommended: !isCa,
    },
    {
      target: "accessRoot",
      label: "Access: root CA for the account",
      detail: "Cloudflare Access trusts client certificates signed by this CA, on the account's Access applications.",
      recommended: isCa,
    },
    {
      target: "accessZoneRoot",
      label: "Access: root CA for a zone",
      detail: "As above, limited to one zone's Access applications.",
      recommended: false,
    },
  ];
  const allowed = choices.filter((choice) => (fixed === "mtls" ? choice.target.startsWith("mtls") : fixed === "access" ? choice.target.startsWith("access") : true));
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
export function parseHostnames(text: string): { hostnames: string[]; invalid: string[] } {
  const parts = text
    .split(/[\s,;]+/)
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part.length > 0);
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

export function validateHostnames(text: string): string | undefined {
  const { invalid } = parseHostnames(text);
  return invalid.length > 0 ? `Not a hostname: ${invalid.slice(0, 3).join(", ")}${invalid.length > 3 ? "…" : ""}` : undefined;
}

export function warningTarget(destination: UploadDestination): UploadTarget {
  return destination.kind;
}

export function mtlsUploadBody(destination: UploadDestination, document: CertificateDocument, name: string, privateKeyPem?: string): MtlsCertificateUpload {
  const body: MtlsCertificateUpload = { ca: destination.kind === "mtlsCa", certificates: document.pem, name: name.trim() };
  // A private key only ever accompanies a leaf, and only when the user chose it.
  return destination.kind === "mtlsLeaf" && privateKeyPem ? { ...body, private_key: privateKeyPem } : body;
}

export function accessUploadBody(document: CertificateDocument, name: string, hostnames: readonly string[]): AccessCertificateInput {
  return { name: name.trim(), certificate: document.pem, associated_hostnames: [...hostnames] };
}

export function describeDestination(destination: UploadDestination): string {
  switch (destination.kind) {
    case "mtlsCa":
      return `a CA certificate of account ${destination.accountName}`;
    case "mtlsLeaf":
      return `a leaf certificate of account ${destination.accountName}`;
    case "accessRoot":
      return destination.scope.kind === "accounts"
        ? `an Access root certificate of account ${destination.accountName}`
        : `an Access root certificate of zone ${destination.scopeName}`;
  }
}

export function uploadSummary(
  destination: UploadDestination,
  document: CertificateDocument,
  name: string,
  options: { readonly includePrivateKey: boolean; readonly hostnames: readonly string[]; readonly warnings: readonly CertificateWarning[] },
): { message: string; detail: string } {
  const first = document.certificates[0];
  const lines = [
    `Subject: ${first?.subject.text ?? "?"}`,
    `Issuer: ${first?.issuer.text ?? "?"}`,
    `Expires: ${first ? first.notAfter.toISOString() : "?"}`,
    `Certificates in the file: ${document.certificates.length}`,
  ];
  if (destination.kind === "mtlsLeaf") {
    lines.push(options.includePrivateKey ? "Private key: uploaded with the certificate" : "Private key: not uploaded");
  }
  if (destination.kind === "accessRoot") {
    lines.push(`Associated hostnames: ${options.hostnames.length > 0 ? options.hostnames.join(", ") : "none yet"}`);
  }
  if (options.warnings.length > 0) {
    lines.push("", "Warnings:", ...options.warnings.map((warning) => `• ${warning.message}`));
  }
  return { message: `Upload “${name.trim()}” as ${describeDestination(destination)}?`, detail: lines.join("\n") };
}
