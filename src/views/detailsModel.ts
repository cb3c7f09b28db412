// Pure: builds what the details view shows from decoded certificates and Cloudflare's records.
// Values that can be copied get a key; the panel keeps key → value, so the webview only ever asks
// for a key and never decides what lands on the clipboard.
import type { AccessCertificate, MtlsCertificate, MtlsCertificateAssociation } from "../cloudflare/types";
import type { CertificateDocument, DecodedCertificate } from "../certificates/read";
import { describeExpiry, type ExpiryState } from "../certificates/expiry";
import { fingerprintHex, sameFingerprint } from "../certificates/fingerprints";
import type { CertificateWarning } from "../certificates/warnings";
import { describeAssociation } from "./associationText";
import type { DetailsAction } from "./detailsProtocol";
import { formatInstant, type ExpirySettings } from "./treeModel";

export interface DetailsRow {
  readonly label: string;
  readonly value: string;
  /** Present when the row has a copy button. */
  readonly copyKey?: string;
  /** Fingerprints, serials, identifiers, PEM: shown in the editor font, and the only values broken anywhere to fit. */
  readonly monospace?: boolean;
  /** Characters after which the value may wrap (a distinguished name's "," and "+", a path's "/"); other values wrap only between words. */
  readonly breakAfter?: string;
}

/** Where distinguished names and file paths may wrap. */
export const BREAK_AFTER = { distinguishedName: ",+", path: "/\\" } as const;

export interface DetailsGroup {
  readonly title: string;
  readonly rows: readonly DetailsRow[];
}

export interface ValidityView {
  readonly state: ExpiryState;
  readonly label: string;
  readonly notBefore?: string;
  readonly notAfter: string;
  /** 0–100: how much of the validity period has passed. */
  readonly elapsedPercent: number;
}

export interface CertificateSectionView {
  readonly heading: string;
  readonly summary: string;
  readonly validity: ValidityView;
  readonly groups: readonly DetailsGroup[];
}

export interface ChainView {
  readonly complete: boolean;
  readonly steps: readonly { readonly name: string; readonly note: string; readonly ok: boolean | undefined }[];
  readonly breaks: readonly string[];
}

export interface DetailsViewModel {
  readonly title: string;
  readonly subtitle: string;
  readonly overview: readonly DetailsRow[];
  readonly validity?: ValidityView;
  readonly notice?: string;
  readonly warnings: readonly string[];
  readonly certificates: readonly CertificateSectionView[];
  readonly chain?: ChainView;
  readonly actions: readonly { readonly action: DetailsAction; readonly label: string; readonly icon: string }[];
  /** key → text for every copy button. */
  readonly copyValues: ReadonlyMap<string, string>;
}

class CopyRegistry {
  readonly values = new Map<string, string>();
  private next = 0;

  row(label: string, value: string | undefined, options: { copy?: boolean; monospace?: boolean; breakAfter?: string } = {}): DetailsRow | undefined {
    if (value === undefined || value === "") {
      return undefined;
    }
    let copyKey: string | undefined;
    if (options.copy) {
      copyKey = `v${this.next++}`;
      this.values.set(copyKey, value);
    }
    return { label, value, copyKey, monospace: options.monospace, breakAfter: options.breakAfter };
  }
}

/** The buttons that copy how code refers to the certificate (src/wrangler): a Worker binds only leaf mTLS certificates. */
const COPY_WRANGLER_BINDING = { action: "copyWranglerBinding", label: "Copy as Wrangler Binding…", icon: "copy" } as const;
const COPY_TERRAFORM_IMPORT = { action: "copyTerraformImport", label: "Copy Terraform Import…", icon: "copy" } as const;

function rows(...candidates: (DetailsRow | undefined)[]): DetailsRow[] {
  return candidates.filter((row): row is DetailsRow => row !== undefined);
}

function validityView(notAfter: Date, notBefore: Date | undefined, context: ExpirySettings): ValidityView {
  const status = describeExpiry({ notAfter, notBefore }, context.now, context.warningDays);
  let elapsedPercent = 100;
  if (notBefore) {
    const total = notAfter.getTime() - notBefore.getTime();
    const elapsed = context.now.getTime() - notBefore.getTime();
    elapsedPercent = total > 0 ? Math.min(100, Math.max(0, Math.round((elapsed / total) * 100))) : 100;
  } else if (status.state !== "expired") {
    elapsedPercent = Math.max(0, Math.min(100, 100 - Math.round((status.daysLeft / Math.max(context.warningDays * 12, 1)) * 100)));
  }
  return { state: status.state, label: status.label, notBefore: notBefore ? formatInstant(notBefore) : undefined, notAfter: formatInstant(notAfter), elapsedPercent };
}

function chainRole(index: number, count: number, certificate: DecodedCertificate): string {
  if (count === 1) {
    return certificate.isCa ? (certificate.selfSigned ? "Root CA" : "CA certificate") : "Certificate";
  }
  if (index === 0) {
    return certificate.isCa ? "CA certificate" : "Leaf";
  }
  return certificate.selfSigned ? "Root CA" : "Intermediate CA";
}

function selfSignedText(certificate: DecodedCertificate): string {
  if (certificate.selfSigned) {
    return "yes";
  }
  return certificate.selfSignatureUnchecked ? "not checked: it names itself as issuer, but the file holds more such certificates than are checked" : "no";
}

function certificateSection(certificate: DecodedCertificate, heading: string, registry: CopyRegistry, context: ExpirySettings): CertificateSectionView {
  const name = certificate.subject.commonName ?? certificate.subject.text;
  const sans = certificate.subjectAlternativeNames.map((san) => `${san.type.toUpperCase()}: ${san.value}`);
  const constraints = certificate.basicConstraints
    ? `${certificate.basicConstraints.ca ? "CA" : "Not a CA"}${certificate.basicConstraints.pathLength !== undefined ? `, path length ${certificate.basicConstraints.pathLength}` : ""}${certificate.basicConstraints.critical ? " (critical)" : ""}`
    : "absent";
  const groups: DetailsGroup[] = [
    {
      title: "Names",
      rows: rows(
        registry.row("Subject", certificate.subject.text, { copy: true, breakAfter: BREAK_AFTER.distinguishedName }),
        registry.row("Issuer", certificate.issuer.text, { copy: true, breakAfter: BREAK_AFTER.distinguishedName }),
        registry.row("Issuer (as Cloudflare shows it)", certificate.issuer.cloudflare, { breakAfter: BREAK_AFTER.distinguishedName }),
        registry.row("Subject alternative names", sans.join("\n") || "none"),
      ),
    },
    {
      title: "Identity",
      rows: rows(
        registry.row("Serial number", certificate.serialNumber.decimal, { copy: true, monospace: true }),
        registry.row("Serial number (hex)", certificate.serialNumber.hex, { copy: true, monospace: true }),
        registry.row("Public key", certificate.publicKey.description),
        registry.row("Signature algorithm", certificate.signatureAlgorithm.cloudflare),
        registry.row("Self-signed", selfSignedText(certificate)),
      ),
    },
    {
      title: "Usage",
      rows: rows(
        registry.row("Basic constraints", constraints),
        registry.row("Key usage", certificate.keyUsage.join(", ") || "absent"),
        registry.row("Extended key usage", certificate.extendedKeyUsage.map((usage) => usage.name || usage.oid).join(", ") || "absent"),
      ),
    },
    {
      title: "Extensions",
      rows: rows(
        registry.row("Subject key identifier", certificate.subjectKeyIdentifier, { monospace: true }),
        registry.row("Authority key identifier", certificate.authorityKeyIdentifier, { monospace: true }),
        registry.row("CRL distribution points", certificate.crlDistributionPoints.join("\n")),
        registry.row("Authority information access", certificate.authorityInfoAccess.map((entry) => `${entry.method}: ${entry.uri}`).join("\n")),
        registry.row("Certificate policies", certificate.certificatePolicies.join("\n")),
        registry.row("All extensions", certificate.extensions.map((extension) => `${extension.name || extension.oid}${extension.critical ? " (critical)" : ""}`).join("\n")),
      ),
    },
    {
      title: "Fingerprints",
      rows: rows(
        registry.row("SHA-256", certificate.fingerprints.sha256, { copy: true, monospace: true }),
        registry.row("SHA-1", certificate.fingerprints.sha1, { copy: true, monospace: true }),
        registry.row("MD5", certificate.fingerprints.md5, { copy: true, monospace: true }),
      ),
    },
    { title: "PEM", rows: rows(registry.row("Certificate", certificate.pem.trim(), { copy: true, monospace: true })) },
  ];
  return {
    heading: `${heading}: ${name}`,
    summary: `${certificate.publicKey.description} · ${certificate.signatureAlgorithm.cloudflare}`,
    validity: validityView(certificate.notAfter, certificate.notBefore, context),
    groups: groups.filter((group) => group.rows.length > 0),
  };
}

function documentSections(document: CertificateDocument, registry: CopyRegistry, context: ExpirySettings): { sections: CertificateSectionView[]; chain?: ChainView } {
  const ordered = document.chain.ordered.length === document.certificates.length ? document.chain.ordered.map((link) => link.certificate) : [...document.certificates];
  const sections = ordered.map((certificate, index) => certificateSection(certificate, chainRole(index, ordered.length, certificate), registry, context));
  if (ordered.length < 2) {
    return { sections };
  }
  const chain: ChainView = {
    complete: document.chain.complete,
    steps: document.chain.ordered.map((link, index) => {
      // A signature that verifies is not enough: the issuer must be allowed to issue (cA, keyCertSign, pathLenConstraint).
      const refused = link.problems.some((problem) => problem.severity === "error");
      return {
        name: link.certificate.subject.commonName ?? link.certificate.subject.text,
        note:
          link.issuedByNext === undefined
            ? link.certificate.selfSigned
              ? "self-signed root"
              : "issuer not in this file"
            : link.issuedByNext && link.signatureVerified
              ? `signed by certificate ${index + 2}${refused ? ", which may not issue it" : ""}`
              : `not signed by certificate ${index + 2}`,
        ok: link.issuedByNext === undefined ? link.certificate.selfSigned || undefined : link.issuedByNext && link.signatureVerified === true && !refused,
      };
    }),
    breaks: document.chain.breaks.map((item) => `Certificate ${item.index + 1}${item.severity === "warning" ? " (warning)" : ""}: ${item.reason}`),
  };
  return { sections, chain };
}

function warningsText(warnings: readonly CertificateWarning[]): string[] {
  return warnings.map((warning) => warning.message);
}

export function localFileDetails(fileLabel: string, document: CertificateDocument, warnings: readonly CertificateWarning[], context: ExpirySettings): DetailsViewModel {
  const registry = new CopyRegistry();
  const { sections, chain } = documentSections(document, registry, context);
  const first = document.certificates[0];
  const keyNote = document.privateKeys.length > 0 ? `This file also holds ${document.privateKeys.length === 1 ? "a private key" : `${document.privateKeys.length} private keys`}: it is never shown here and never uploaded unless you choose to.` : undefined;
  return {
    title: first?.subject.commonName ?? fileLabel,
    subtitle: `Local file · ${fileLabel} · ${document.certificates.length === 1 ? "1 certificate" : `${document.certificates.length} certificates`}${document.source === "der" ? " (DER)" : ""}`,
    overview: rows(registry.row("File", fileLabel, { copy: true, breakAfter: BREAK_AFTER.path })),
    validity: first ? validityView(first.notAfter, first.notBefore, context) : undefined,
    notice: keyNote,
    warnings: warningsText(warnings),
    certificates: sections,
    chain,
    actions: [],
    copyValues: registry.values,
  };
}

/** The part of a remote certificate's details that comes from the PEM Cloudflare returned. */
function remotePemParts(
  expires: Date,
  document: CertificateDocument | undefined,
  decoded: { sections: CertificateSectionView[]; chain?: ChainView },
  decodeProblem: string | undefined,
  registry: CopyRegistry,
  context: ExpirySettings,
): Pick<DetailsViewModel, "validity" | "notice" | "warnings" | "certificates" | "chain" | "actions" | "copyValues"> {
  return {
    validity: Number.isNaN(expires.getTime()) ? undefined : validityView(expires, document?.certificates[0]?.notBefore, context),
    notice: decodeProblem ? `The PEM Cloudflare returned could not be decoded: ${decodeProblem}` : undefined,
    warnings: [],
    certificates: decoded.sections,
    chain: decoded.chain,
    actions: [{ action: "savePem", label: "Save PEM As…", icon: "save" }, COPY_TERRAFORM_IMPORT],
    copyValues: registry.values,
  };
}

export function mtlsCertificateDetails(
  accountName: string,
  record: MtlsCertificate,
  associations: readonly MtlsCertificateAssociation[] | undefined,
  document: CertificateDocument | undefined,
  decodeProblem: string | undefined,
  context: ExpirySettings,
): DetailsViewModel {
  const registry = new CopyRegistry();
  const decoded = document ? documentSections(document, registry, context) : { sections: [] };
  const expires = new Date(record.expires_on);
  const pemParts = remotePemParts(expires, document, decoded, decodeProblem, registry, context);
  const associationText =
    associations === undefined ? undefined : associations.length === 0 ? "none" : associations.map(describeAssociation).join("\n");
  return {
    title: record.name || record.id,
    subtitle: `Account mTLS certificate · ${record.ca ? "CA" : "Leaf"} · ${accountName}`,
    overview: rows(
      registry.row("ID", record.id, { copy: true, monospace: true }),
      registry.row("Name", record.name),
      registry.row("Kind", record.ca ? "CA certificate" : "Leaf certificate"),
      registry.row("Managed by", record.type && record.type !== "custom" ? record.type.replace(/_/g, " ") : "you (custom upload)"),
      registry.row("Issuer", record.issuer, { breakAfter: BREAK_AFTER.distinguishedName }),
      registry.row("Serial number", record.serial_number, { monospace: true }),
      registry.row("Signature", record.signature),
      registry.row("Uploaded", record.uploaded_on),
      registry.row("Used by", associationText),
    ),
    ...pemParts,
    actions: record.ca ? pemParts.actions : [...pemParts.actions, COPY_WRANGLER_BINDING],
  };
}

export function accessCertificateDetails(
  scopeLabel: string,
  record: AccessCertificate,
  localMatch: { readonly fileLabel: string; readonly document: CertificateDocument } | undefined,
  context: ExpirySettings,
): DetailsViewModel {
  const registry = new CopyRegistry();
  const decoded = localMatch ? documentSections(localMatch.document, registry, context) : { sections: [] };
  const expires = new Date(record.expires_on);
  return {
    title: record.name || record.id,
    subtitle: `Access mTLS root certificate · ${scopeLabel}`,
    overview: rows(
      registry.row("ID", record.id, { copy: true, monospace: true }),
      registry.row("Name", record.name),
      registry.row("MD5 fingerprint", fingerprintHex(record.fingerprint), { copy: true, monospace: true }),
      registry.row("Associated hostnames", (record.associated_hostnames ?? []).join("\n") || "none"),
      registry.row("Created", record.created_at),
      registry.row("Updated", record.updated_at),
      registry.row("Matching local file", localMatch?.fileLabel, { breakAfter: BREAK_AFTER.path }),
    ),
    // The start of validity comes from the certificate that matched (a file may hold a leaf before its root).
    validity: Number.isNaN(expires.getTime())
      ? undefined
      : validityView(expires, localMatch?.document.certificates.find((certificate) => sameFingerprint(certificate.fingerprints.accessMd5, record.fingerprint))?.notBefore, context),
    notice: localMatch
      ? undefined
      : "Cloudflare does not return the PEM of Access certificates. Pick the local file you uploaded to see its subject, extensions and chain: it is matched by its MD5 fingerprint.",
    warnings: [],
    certificates: decoded.sections,
    chain: decoded.chain,
    actions: [{ action: "pickLocalFile", label: localMatch ? "Pick Another Local File…" : "Pick Matching Local File…", icon: "folder-opened" }, COPY_TERRAFORM_IMPORT],
    copyValues: registry.values,
  };
}

/** What the details of a client certificate issued by the zone's Cloudflare-managed CA show. */
export interface ClientCertificateFacts {
  readonly id: string;
  readonly commonName?: string;
  readonly status?: string;
  readonly issuerName?: string;
  readonly issuedOn?: string;
  readonly expiresOn?: string;
  readonly serialNumber?: string;
  readonly fingerprintSha256?: string;
  readonly validityDays?: number;
}

export function clientCertificateDetails(
  zoneName: string,
  facts: ClientCertificateFacts,
  document: CertificateDocument | undefined,
  decodeProblem: string | undefined,
  context: ExpirySettings,
): DetailsViewModel {
  const registry = new CopyRegistry();
  const decoded = document ? documentSections(document, registry, context) : { sections: [] };
  const expires = new Date(facts.expiresOn ?? "");
  return {
    title: facts.commonName || facts.id,
    subtitle: `Client certificate · zone ${zoneName}`,
    overview: rows(
      registry.row("ID", facts.id, { copy: true, monospace: true }),
      registry.row("Common name", facts.commonName),
      registry.row("Status", facts.status?.replace(/_/g, " ")),
      registry.row("Issued by", facts.issuerName ? `${facts.issuerName} (Cloudflare-managed CA)` : "the zone's Cloudflare-managed CA"),
      registry.row("Issued", facts.issuedOn),
      registry.row("Validity", facts.validityDays === undefined ? undefined : `${facts.validityDays} days`),
      registry.row("Serial number", facts.serialNumber, { monospace: true }),
      registry.row("SHA-256 fingerprint", facts.fingerprintSha256, { copy: true, monospace: true }),
    ),
    ...remotePemParts(expires, document, decoded, decodeProblem, registry, context),
  };
}

/** What the details of a local certificate signing request show. */
export interface CsrFacts {
  readonly subjectText: string;
  readonly commonName?: string;
  readonly publicKey: string;
  readonly signatureAlgorithm: string;
  /** true: verifies with its own key; false: does not; undefined: cannot be checked here. */
  readonly signatureValid: boolean | undefined;
  /** Why Cloudflare would refuse it, if it would. */
  readonly refusal?: string;
  readonly pem: string;
}

export function localCsrDetails(fileLabel: string, csr: CsrFacts): DetailsViewModel {
  const registry = new CopyRegistry();
  const signature = csr.signatureValid === true ? "valid: signed by the key it carries" : csr.signatureValid === false ? "INVALID: the request was not signed by the key it carries" : "cannot be checked here";
  return {
    title: csr.commonName ?? fileLabel,
    subtitle: `Local certificate signing request · ${fileLabel}`,
    overview: rows(
      registry.row("File", fileLabel, { copy: true }),
      registry.row("Subject", csr.subjectText, { copy: true }),
      registry.row("Public key", csr.publicKey),
      registry.row("Signature algorithm", csr.signatureAlgorithm),
      registry.row("Signature", signature),
      registry.row("Request (PEM)", csr.pem.trim(), { copy: true, monospace: true }),
    ),
    notice: csr.refusal ? `Cloudflare's managed CA would not sign it: ${csr.refusal}` : "Create Client Certificate from CSR… sends exactly this request to a zone's Cloudflare-managed CA; your key stays where it is.",
    warnings: csr.signatureValid === false ? ["The signature does not verify: the request was changed after it was signed, or made with another key."] : [],
    certificates: [],
    actions: [],
    copyValues: registry.values,
  };
}
