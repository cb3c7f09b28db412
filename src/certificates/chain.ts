// Who signed whom in a bundle: the certificates put in order from leaf to root, whatever order
// the file had them in, and each link checked as RFC 5280 path validation (and OpenSSL's
// verification) checks it: name chaining, key identifiers, the signature, the issuer's
// basicConstraints cA and keyUsage keyCertSign, its pathLenConstraint; validity nesting is a
// warning. Every verdict is data on the link, with a message that says where the chain breaks.
//
// Bounded on hostile input: issuers are looked up in indexes (subject name, key identifier),
// each (certificate, issuer) pair is verified at most once, the search stops at the first issuer
// that verifies, at most MAX_CANDIDATES_PER_CERTIFICATE are tried for one certificate, and
// candidates that only a name ties to the certificate share one budget per file. When that
// leaves a link undecided, the analysis says the chain is ambiguous.
import { internalsOf, type CertificateInternals } from "./certificateInternals";
import type { DecodedCertificate, DistinguishedName } from "./decode";
import { MAX_SELF_SIGNATURE_CHECKS } from "./decodeCache";
import { EXTENSION_OIDS } from "./extensions";
import { runInSlices, runNow } from "./slices";

export type ChainProblemCode =
  /** The next certificate is not this one's issuer by name. */
  | "wrongIssuer"
  /** The next certificate has the issuer's name but another key identifier. */
  | "otherCaWithSameName"
  /** A self-signed root is followed by another certificate. */
  | "afterRoot"
  | "signatureInvalid"
  | "selfSignatureInvalid"
  /** The issuer has basicConstraints CA:FALSE. */
  | "issuerNotCa"
  /** The issuer has no basicConstraints (and is not a version 1 self-signed root). */
  | "issuerWithoutBasicConstraints"
  /** The issuer has a keyUsage extension without keyCertSign. */
  | "issuerWithoutKeyCertSign"
  /** More CA certificates below an issuer than its pathLenConstraint allows. */
  | "pathLengthExceeded"
  /** Warning: the certificate is valid before or after its issuer. */
  | "validityNotNested"
  /** Warning: several certificates could be the issuer, and the checks could not tell which. */
  | "ambiguousIssuer";

export type ChainProblemSeverity = "error" | "warning";

export interface ChainProblem {
  readonly code: ChainProblemCode;
  /** Errors make the chain incomplete (clients refuse it); warnings do not. */
  readonly severity: ChainProblemSeverity;
  readonly message: string;
}

export interface ChainLink {
  readonly certificate: DecodedCertificate;
  /** The next certificate in `ordered` is this one's issuer (names and key identifiers); undefined for the last. */
  readonly issuedByNext: boolean | undefined;
  /**
   * The signature verifies with the issuer's key: the next certificate's, or for the last one,
   * its own when it names itself as issuer. Undefined when there was nothing to check it with
   * (or its algorithm cannot be checked).
   */
  readonly signatureVerified: boolean | undefined;
  /** What is wrong with this certificate's link to the next one (or, for the last, with its own signature). */
  readonly problems: readonly ChainProblem[];
}

export interface ChainBreak {
  /** Index in `ordered` of the certificate whose link to the next one is broken. */
  readonly index: number;
  readonly code: ChainProblemCode;
  readonly severity: ChainProblemSeverity;
  readonly reason: string;
}

export interface ChainAnalysis {
  /** Leaf → root. Every certificate of the input appears once; unrelated ones follow each other. */
  readonly ordered: readonly ChainLink[];
  /** Ends in a self-signed root, every link verifies, and no link has an error. */
  readonly complete: boolean;
  /** Every link's problems, errors and warnings, in chain order. */
  readonly breaks: readonly ChainBreak[];
}

/** Issuer candidates whose signature check is tried for one certificate. */
export const MAX_CANDIDATES_PER_CERTIFICATE = 4;
/** Entries of an index looked at to find those candidates (some are left out: the certificate itself, a copy, another key identifier). */
const MAX_SCANNED_CANDIDATES = 64;
/**
 * Signature checks per file beyond each certificate's first candidate confirmed by its key
 * identifier: candidates that only the name ties to a certificate, and second and later ones.
 */
export const MAX_UNCONFIRMED_CHECKS = 256;

function displayName(name: DistinguishedName): string {
  return name.commonName ?? name.text;
}

function nameOf(certificate: DecodedCertificate): string {
  return `“${displayName(certificate.subject)}”`;
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

interface Issuer {
  readonly index: number;
  readonly verified: boolean;
  /** Set when other candidates exist and the checks could not settle which one it is. */
  readonly ambiguity?: string;
}

/**
 * Signature checks of one analysis: each pair is verified once (CertificateInternals keeps the
 * answers). A certificate's first check against a candidate its authority key identifier names
 * is free; every other check draws on one budget, and is not made once that is spent.
 */
class SignatureChecks {
  private unconfirmedLeft = MAX_UNCONFIRMED_CHECKS;
  private readonly freeUsed = new Set<number>();
  private readonly made = new Set<number>();

  constructor(private readonly internals: readonly CertificateInternals[]) {}

  /** The issuer's key identifier is the one the certificate names. */
  confirmed(index: number, issuerIndex: number): boolean {
    const authority = this.internals[index]?.authorityKeyIdentifier;
    return authority !== undefined && authority === this.internals[issuerIndex]?.subjectKeyIdentifier;
  }

  /** The verdict, or "unchecked" when the budget is spent. */
  verify(index: number, issuerIndex: number): boolean | undefined | "unchecked" {
    const self = this.internals[index];
    const issuer = this.internals[issuerIndex];
    if (!self || !issuer) {
      return undefined;
    }
    const pair = index * this.internals.length + issuerIndex;
    if (!this.made.has(pair)) {
      if (!this.freeUsed.has(index) && this.confirmed(index, issuerIndex)) {
        this.freeUsed.add(index);
      } else if (this.unconfirmedLeft > 0) {
        this.unconfirmedLeft--;
      } else {
        return "unchecked";
      }
      this.made.add(pair);
    }
    return self.signedBy(issuer);
  }
}

/** For one certificate, the one in the bundle that issued it, preferring one whose key verifies it. */
function findIssuer(
  index: number,
  certificates: readonly DecodedCertificate[],
  internals: readonly CertificateInternals[],
  bySubject: ReadonlyMap<string, readonly number[]>,
  bySubjectKey: ReadonlyMap<string, readonly number[]>,
  checks: SignatureChecks,
): Issuer | undefined {
  const certificate = certificates[index];
  const self = internals[index];
  if (!certificate || !self || certificate.selfSigned) {
    return undefined;
  }
  const named = bySubject.get(self.issuerNameKey) ?? [];
  const usable = (candidate: number): boolean => {
    const issuer = internals[candidate];
    return candidate !== index && issuer !== undefined && certificates[candidate]?.fingerprints.sha256 !== certificate.fingerprints.sha256 && self.namesAsIssuer(issuer);
  };
  // The one the authority key identifier names first (from the key identifier index), then the
  // others with the name in document order; never more than a bounded scan of either list.
  const keyed = self.authorityKeyIdentifier ? (bySubjectKey.get(`${self.issuerNameKey}\u0000${self.authorityKeyIdentifier}`) ?? []) : [];
  const candidates: number[] = [];
  for (const list of [keyed, named]) {
    for (let position = 0; position < list.length && position < MAX_SCANNED_CANDIDATES && candidates.length < MAX_CANDIDATES_PER_CERTIFICATE; position++) {
      const candidate = list[position];
      if (candidate !== undefined && usable(candidate) && !candidates.includes(candidate)) {
        candidates.push(candidate);
      }
    }
  }
  const first = candidates[0];
  if (first === undefined) {
    return undefined;
  }
  // How many other certificates have the issuer's name, for the message (the index holds the certificate itself when it is self-issued).
  const sameName = named.length - (self.subjectNameKey === self.issuerNameKey ? 1 : 0);
  let tried = 0;
  let stopped = sameName > candidates.length;
  for (const candidate of candidates) {
    const verdict = checks.verify(index, candidate);
    if (verdict === "unchecked") {
      stopped = true;
      break;
    }
    tried++;
    if (verdict === true) {
      return { index: candidate, verified: true };
    }
  }
  if (sameName > 1 || tried === 0) {
    const reason =
      tried === 0
        ? "its signature was not checked (this extension checks at most " + `${MAX_UNCONFIRMED_CHECKS} signatures a file that no key identifier points to)`
        : stopped
          ? `checking stopped after ${tried} of them`
          : "none of their keys verifies its signature";
    return {
      index: first,
      verified: false,
      ambiguity: `${nameOf(certificate)} names “${displayName(certificate.issuer)}” as its issuer, and ${plural(sameName, "certificate")} in the file ${sameName === 1 ? "has" : "have"} that name; ${reason}, so which one issued it cannot be told.`,
    };
  }
  return { index: first, verified: false };
}

/** Leaf first: follow issuers from each certificate nobody else names as issuer, leaves (non-CA) first. */
function orderIndexes(certificates: readonly DecodedCertificate[], issuers: readonly (Issuer | undefined)[]): number[] {
  const isIssuer = new Set(issuers.flatMap((issuer) => (issuer ? [issuer.index] : [])));
  const indexes = certificates.map((_certificate, index) => index);
  const starts = [
    ...indexes.filter((index) => !isIssuer.has(index) && !certificates[index]?.isCa),
    ...indexes.filter((index) => !isIssuer.has(index) && certificates[index]?.isCa),
    // Whatever is left sits on a cycle; start it in document order.
    ...indexes,
  ];
  const visited = new Set<number>();
  const ordered: number[] = [];
  for (const start of starts) {
    let current: number | undefined = start;
    while (current !== undefined && !visited.has(current)) {
      visited.add(current);
      ordered.push(current);
      current = issuers[current]?.index;
    }
  }
  return ordered;
}

function error(code: ChainProblemCode, message: string): ChainProblem {
  return { code, severity: "error", message };
}

function nameBreak(certificate: DecodedCertificate, self: CertificateInternals, next: DecodedCertificate, nextInternals: CertificateInternals): ChainProblem {
  if (certificate.selfSigned) {
    return error("afterRoot", `${nameOf(certificate)} is a self-signed root, so its chain ends there, but ${nameOf(next)} follows it.`);
  }
  if (self.issuerNameKey === nextInternals.subjectNameKey) {
    return error(
      "otherCaWithSameName",
      `${nameOf(certificate)} names “${displayName(certificate.issuer)}” as its issuer, but its authority key identifier does not match the key of the next certificate: they are different CAs with the same name.`,
    );
  }
  return error("wrongIssuer", `${nameOf(certificate)} was issued by “${displayName(certificate.issuer)}”, but the next certificate is ${nameOf(next)}.`);
}

/** Whether `issuer` may issue certificates, as OpenSSL's X509_check_ca and RFC 5280 6.1.4 (k), (n) see it. */
function issuerProblems(certificate: DecodedCertificate, issuer: DecodedCertificate, issuerInternals: CertificateInternals): ChainProblem[] {
  const problems: ChainProblem[] = [];
  const signed = `${nameOf(issuer)} signed ${nameOf(certificate)}, but`;
  if (!issuer.basicConstraints) {
    // OpenSSL accepts a version 1 self-signed certificate as a CA: it cannot have extensions.
    if (!(issuerInternals.version === 1 && issuer.selfSigned)) {
      problems.push(error("issuerWithoutBasicConstraints", `${signed} it has no basicConstraints extension, so it is not a CA: clients refuse the certificates it issues.`));
    }
  } else if (!issuer.basicConstraints.ca) {
    problems.push(error("issuerNotCa", `${signed} it is not a CA (basicConstraints CA:FALSE): clients refuse the certificates it issues.`));
  }
  const hasKeyUsage = issuer.extensions.some((extension) => extension.oid === EXTENSION_OIDS.keyUsage);
  if (hasKeyUsage && !issuer.keyUsage.includes("keyCertSign")) {
    problems.push(error("issuerWithoutKeyCertSign", `${signed} its key usage lacks keyCertSign: clients refuse the certificates it issues.`));
  }
  return problems;
}

/** Validity nesting: a certificate valid outside its issuer's validity (a warning, as RFC 5280 does not require it). */
function validityProblems(certificate: DecodedCertificate, issuer: DecodedCertificate): ChainProblem[] {
  const problems: ChainProblem[] = [];
  if (certificate.notAfter.getTime() > issuer.notAfter.getTime()) {
    problems.push({
      code: "validityNotNested",
      severity: "warning",
      message: `${nameOf(certificate)} is valid until ${isoDate(certificate.notAfter)}, but ${nameOf(issuer)}, which issued it, expires on ${isoDate(issuer.notAfter)}: clients will refuse it from then.`,
    });
  }
  if (certificate.notBefore.getTime() < issuer.notBefore.getTime()) {
    problems.push({
      code: "validityNotNested",
      severity: "warning",
      message: `${nameOf(certificate)} is valid from ${isoDate(certificate.notBefore)}, before ${nameOf(issuer)}, which issued it, is (from ${isoDate(issuer.notBefore)}).`,
    });
  }
  return problems;
}

interface LinkDraft {
  readonly certificate: DecodedCertificate;
  readonly internals: CertificateInternals;
  readonly issuedByNext: boolean | undefined;
  readonly signatureVerified: boolean | undefined;
  readonly problems: ChainProblem[];
}

/**
 * pathLenConstraint along each run of linked certificates, counted as OpenSSL's
 * check_chain_extensions counts it: at position i of a run (0 = the certificate the run starts
 * from), the non-self-issued certificates at positions 1 … i-1 must not outnumber position i's
 * pathLenConstraint. The break is put on the link into the issuer whose constraint is exceeded.
 */
function addPathLengthProblems(links: readonly LinkDraft[]): void {
  let start = 0;
  while (start < links.length) {
    let end = start;
    while (links[end]?.issuedByNext === true && end + 1 < links.length) {
      end++;
    }
    let below = 0;
    for (let position = start; position <= end; position++) {
      const link = links[position];
      if (!link) {
        break;
      }
      const depth = position - start;
      const limit = link.certificate.basicConstraints?.pathLength;
      if (depth > 1 && limit !== undefined && below > limit) {
        links[position - 1]?.problems.push(
          error(
            "pathLengthExceeded",
            `${nameOf(link.certificate)} allows ${plural(limit, "CA certificate")} between itself and the leaf (pathLenConstraint ${limit}), but this chain has ${below}: clients refuse the chain.`,
          ),
        );
      }
      if (depth > 0 && link.internals.subjectNameKey !== link.internals.issuerNameKey) {
        below++;
      }
    }
    start = end + 1;
  }
}

/** Yields between certificates, so a caller can give the event loop a turn. */
function* analysisSteps(certificates: readonly DecodedCertificate[]): Generator<void, ChainAnalysis> {
  const internals = certificates.map((certificate) => internalsOf(certificate));
  const bySubject = new Map<string, number[]>();
  const bySubjectKey = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, index: number): void => {
    const list = map.get(key);
    if (list) {
      list.push(index);
    } else {
      map.set(key, [index]);
    }
  };
  internals.forEach((item, index) => {
    add(bySubject, item.subjectNameKey, index);
    if (item.subjectKeyIdentifier) {
      add(bySubjectKey, `${item.subjectNameKey}\u0000${item.subjectKeyIdentifier}`, index);
    }
  });
  const checks = new SignatureChecks(internals);
  const issuers: (Issuer | undefined)[] = [];
  for (let index = 0; index < certificates.length; index++) {
    issuers.push(findIssuer(index, certificates, internals, bySubject, bySubjectKey, checks));
    yield;
  }
  const order = orderIndexes(certificates, issuers);
  const links: LinkDraft[] = [];
  for (const [position, documentIndex] of order.entries()) {
    const certificate = certificates[documentIndex];
    const self = internals[documentIndex];
    if (!certificate || !self) {
      continue;
    }
    const nextIndex = order[position + 1];
    const next = nextIndex === undefined ? undefined : certificates[nextIndex];
    const nextInternals = nextIndex === undefined ? undefined : internals[nextIndex];
    const problems: ChainProblem[] = [];
    if (!next || nextInternals === undefined || nextIndex === undefined) {
      const selfIssued = self.issuerNameKey === self.subjectNameKey;
      // decodeCertificate checked the self-signature already (CertificateInternals kept the answer).
      const signatureVerified = selfIssued && !self.selfSignatureUnchecked ? self.signedBy(self) : undefined;
      if (selfIssued && self.selfSignatureUnchecked) {
        problems.push(
          error(
            "ambiguousIssuer",
            `${nameOf(certificate)} names itself as issuer, but its signature was not checked: the file holds more than ${MAX_SELF_SIGNATURE_CHECKS} certificates that do, more than this extension checks, so whether it is a self-signed root cannot be told.`,
          ),
        );
      } else if (selfIssued && signatureVerified === false) {
        problems.push(error("selfSignatureInvalid", `${nameOf(certificate)} names itself as issuer, but its signature does not verify with its own key.`));
      }
      links.push({ certificate, internals: self, issuedByNext: undefined, signatureVerified, problems });
      continue;
    }
    const issuedByNext = !certificate.selfSigned && self.namesAsIssuer(nextInternals);
    const known = issuers[documentIndex];
    let signatureVerified: boolean | undefined;
    if (!issuedByNext) {
      problems.push(nameBreak(certificate, self, next, nextInternals));
    } else {
      const verdict = checks.verify(documentIndex, nextIndex);
      signatureVerified = verdict === "unchecked" ? undefined : verdict;
      if (known?.ambiguity && known.index === nextIndex && signatureVerified !== true) {
        problems.push(error("ambiguousIssuer", known.ambiguity));
      } else if (verdict === "unchecked") {
        problems.push(
          error("ambiguousIssuer", `The signature of ${nameOf(certificate)} was not checked against ${nameOf(next)}: the file holds more certificates with the same names than this extension checks.`),
        );
      } else if (signatureVerified === false) {
        problems.push(error("signatureInvalid", `The signature of ${nameOf(certificate)} does not verify with the public key of ${nameOf(next)}, which has the issuer's name.`));
      }
      problems.push(...issuerProblems(certificate, next, nextInternals), ...validityProblems(certificate, next));
    }
    links.push({ certificate, internals: self, issuedByNext, signatureVerified, problems });
    yield;
  }
  addPathLengthProblems(links);
  const ordered: ChainLink[] = links.map(({ certificate, issuedByNext, signatureVerified, problems }) => ({ certificate, issuedByNext, signatureVerified, problems }));
  const breaks: ChainBreak[] = ordered.flatMap((link, index) => link.problems.map((problem) => ({ index, code: problem.code, severity: problem.severity, reason: problem.message })));
  const last = ordered[ordered.length - 1];
  const complete =
    last !== undefined &&
    last.certificate.selfSigned &&
    ordered.slice(0, -1).every((link) => link.issuedByNext === true && link.signatureVerified === true) &&
    breaks.every((item) => item.severity !== "error");
  return { ordered, complete, breaks };
}

/** The chain analysis, synchronously: everything is in memory and CPU-bound. */
export function analyzeChainNow(certificates: readonly DecodedCertificate[]): ChainAnalysis {
  return runNow(analysisSteps(certificates));
}

/**
 * Orders `certificates` leaf → root and checks every link, giving the event loop a turn every
 * SLICE_MS (slices.ts), so a big bundle never holds the extension host for long.
 */
export function analyzeChain(certificates: readonly DecodedCertificate[]): Promise<ChainAnalysis> {
  return runInSlices(analysisSteps(certificates));
}
