// Pure: what the editor says about each mTLS binding of a wrangler file, from the account mTLS
// certificates the extension already listed (never a request per keystroke): which certificate
// an id names (hover), and the problems (Problems panel) of an id that no shown account holds, of
// a certificate that expired or expires within expiryWarningDays, and of a CA bound where a Worker
// needs a leaf: a binding presents a client certificate with its private key to the origin, and
// Cloudflare keeps a private key only for leaf uploads.
import { describeExpiry } from "../certificates/expiry";
import type { TextRange } from "./configTree";
import type { MtlsBinding } from "./mtlsBindings";

export interface KnownCertificate {
  readonly id: string;
  readonly name?: string;
  readonly ca: boolean;
  readonly expiresOn: string;
  readonly accountId: string;
  readonly accountName: string;
}

/** The account mTLS certificates of the shown accounts, as far as they could be listed. */
export interface CertificateCatalog {
  readonly state: "ready";
  readonly certificates: ReadonlyMap<string, KnownCertificate>;
  readonly accountNames: readonly string[];
  /** Accounts whose list failed: an id missing from the others may be there. */
  readonly unlisted: readonly { readonly accountName: string; readonly reason: string }[];
}

/** Why no certificate can be looked up (signed out, no account shown). */
export interface UnavailableCatalog {
  readonly state: "unavailable";
  readonly reason: string;
}

export type CatalogState = CertificateCatalog | UnavailableCatalog;

export type FindingCode = "unknownCertificate" | "expiredCertificate" | "expiringCertificate" | "caCertificate" | "emptyCertificateId";

export interface BindingFinding {
  readonly range: TextRange;
  readonly severity: "error" | "warning";
  readonly code: FindingCode;
  readonly message: string;
}

export interface ExpiryContext {
  readonly now: Date;
  readonly warningDays: number;
}

function bindingLabel(binding: MtlsBinding): string {
  const name = binding.binding?.value ? `binding ${binding.binding.value}` : "this binding";
  return binding.environment === undefined ? name : `${name} (env ${binding.environment})`;
}

function certificateLabel(certificate: KnownCertificate): string {
  return certificate.name ? `“${certificate.name}”` : certificate.id;
}

function listOf(names: readonly string[]): string {
  return names.length === 0 ? "none" : names.join(", ");
}

export function checkBindings(bindings: readonly MtlsBinding[], catalog: CatalogState, context: ExpiryContext): BindingFinding[] {
  if (catalog.state !== "ready") {
    return [];
  }
  const findings: BindingFinding[] = [];
  for (const binding of bindings) {
    const id = binding.certificateId;
    if (!id) {
      continue;
    }
    if (id.value.trim() === "") {
      findings.push({ range: id.range, severity: "error", code: "emptyCertificateId", message: `The certificate_id of ${bindingLabel(binding)} is empty.` });
      continue;
    }
    const certificate = catalog.certificates.get(id.value.trim());
    if (!certificate) {
      // An account whose list failed may hold it: say nothing rather than something wrong.
      if (catalog.unlisted.length === 0) {
        findings.push({
          range: id.range,
          severity: "error",
          code: "unknownCertificate",
          message: `No account mTLS certificate has the ID ${id.value} in the shown accounts (${listOf(catalog.accountNames)}). Wrangler refuses to deploy a binding to a certificate the account does not hold.`,
        });
      }
      continue;
    }
    const expiry = describeExpiry({ notAfter: new Date(certificate.expiresOn) }, context.now, context.warningDays);
    if (expiry.state === "expired") {
      findings.push({ range: id.range, severity: "error", code: "expiredCertificate", message: `${certificateLabel(certificate)} (${bindingLabel(binding)}) ${expiry.label}: the origin will refuse it.` });
    } else if (expiry.state === "expiring") {
      findings.push({ range: id.range, severity: "warning", code: "expiringCertificate", message: `${certificateLabel(certificate)} (${bindingLabel(binding)}) ${expiry.label}.` });
    }
    if (certificate.ca) {
      findings.push({
        range: id.range,
        severity: "warning",
        code: "caCertificate",
        message: `${certificateLabel(certificate)} is a CA certificate: a Worker's mTLS binding presents a leaf certificate and its private key, uploaded with “ca: false”.`,
      });
    }
  }
  return findings;
}

/** A hover's content: a heading and label/value lines, as plain text (the editor layer escapes it). */
export interface BindingHover {
  readonly heading: string;
  readonly lines: readonly { readonly label: string; readonly value: string }[];
  readonly note?: string;
}

export function describeBinding(binding: MtlsBinding, catalog: CatalogState, context: ExpiryContext): BindingHover | undefined {
  const id = binding.certificateId?.value.trim();
  if (id === undefined) {
    return undefined;
  }
  if (catalog.state !== "ready") {
    return { heading: "Account mTLS certificate", lines: [{ label: "ID", value: id }], note: catalog.reason };
  }
  const certificate = catalog.certificates.get(id);
  if (!certificate) {
    const unlisted = catalog.unlisted.map((entry) => `${entry.accountName} (${entry.reason})`);
    return {
      heading: "Unknown mTLS certificate",
      lines: [{ label: "ID", value: id }],
      note:
        unlisted.length > 0
          ? `Not in the shown accounts that could be listed (${listOf(catalog.accountNames.filter((name) => !catalog.unlisted.some((entry) => entry.accountName === name)))}); not checked: ${unlisted.join(", ")}.`
          : `In none of the shown accounts (${listOf(catalog.accountNames)}).`,
    };
  }
  const expiry = describeExpiry({ notAfter: new Date(certificate.expiresOn) }, context.now, context.warningDays);
  return {
    heading: certificate.name || certificate.id,
    lines: [
      { label: "Kind", value: certificate.ca ? "CA certificate" : "Leaf certificate" },
      { label: "Expires", value: `${certificate.expiresOn.slice(0, 10)} (${expiry.label})` },
      { label: "Account", value: certificate.accountName },
      { label: "ID", value: certificate.id },
    ],
  };
}
