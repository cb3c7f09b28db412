// Who signed whom in a bundle: the certificates put in order from leaf to root, whatever order
// the file had them in, with each link checked by name, key identifier and signature.
import { internalsOf, type CertificateInternals } from "./certificateInternals";
import type { DecodedCertificate, DistinguishedName } from "./decode";

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
}

export interface ChainBreak {
  /** Index in `ordered` of the certificate whose link to the next one is broken. */
  readonly index: number;
  readonly reason: string;
}

export interface ChainAnalysis {
  /** Leaf → root. Every certificate of the input appears once; unrelated ones follow each other. */
  readonly ordered: readonly ChainLink[];
  /** Ends in a self-signed root and every link verifies. */
  readonly complete: boolean;
  readonly breaks: readonly ChainBreak[];
}

function displayName(name: DistinguishedName): string {
  return name.commonName ?? name.text;
}

function nameOf(certificate: DecodedCertificate): string {
  return displayName(certificate.subject);
}

interface Issuer {
  readonly index: number;
  readonly verified: boolean;
}

/** For each certificate, the one in the bundle that issued it, preferring one whose key verifies it. */
function findIssuers(certificates: readonly DecodedCertificate[], internals: readonly CertificateInternals[]): (Issuer | undefined)[] {
  const bySubject = new Map<string, number[]>();
  internals.forEach((item, index) => {
    const list = bySubject.get(item.subjectNameKey) ?? [];
    list.push(index);
    bySubject.set(item.subjectNameKey, list);
  });
  return certificates.map((certificate, index) => {
    const self = internals[index];
    if (!self || certificate.selfSigned) {
      return undefined;
    }
    let fallback: Issuer | undefined;
    for (const candidate of bySubject.get(self.issuerNameKey) ?? []) {
      const issuer = internals[candidate];
      const other = certificates[candidate];
      if (candidate === index || !issuer || !other || other.fingerprints.sha256 === certificate.fingerprints.sha256 || !self.namesAsIssuer(issuer)) {
        continue;
      }
      if (self.signedBy(issuer) === true) {
        return { index: candidate, verified: true };
      }
      fallback ??= { index: candidate, verified: false };
    }
    return fallback;
  });
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

function linkBreak(certificate: DecodedCertificate, self: CertificateInternals, next: DecodedCertificate, nextInternals: CertificateInternals): string {
  if (certificate.selfSigned) {
    return `“${nameOf(certificate)}” is a self-signed root, so its chain ends there, but “${nameOf(next)}” follows it.`;
  }
  if (self.issuerNameKey === nextInternals.subjectNameKey) {
    return `“${nameOf(certificate)}” names “${displayName(certificate.issuer)}” as its issuer, but its authority key identifier does not match the key of the next certificate: they are different CAs with the same name.`;
  }
  return `“${nameOf(certificate)}” was issued by “${displayName(certificate.issuer)}”, but the next certificate is “${nameOf(next)}”.`;
}

/** The chain analysis, synchronously: everything is in memory and CPU-bound. */
export function analyzeChainNow(certificates: readonly DecodedCertificate[]): ChainAnalysis {
  const internals = certificates.map((certificate) => internalsOf(certificate));
  const issuers = findIssuers(certificates, internals);
  const order = orderIndexes(certificates, issuers);
  const ordered: ChainLink[] = [];
  const breaks: ChainBreak[] = [];
  order.forEach((documentIndex, position) => {
    const certificate = certificates[documentIndex];
    const self = internals[documentIndex];
    if (!certificate || !self) {
      return;
    }
    const nextIndex = order[position + 1];
    const next = nextIndex === undefined ? undefined : certificates[nextIndex];
    const nextInternals = nextIndex === undefined ? undefined : internals[nextIndex];
    if (!next || !nextInternals) {
      const selfIssued = self.issuerNameKey === self.subjectNameKey;
      const signatureVerified = selfIssued ? self.signedBy(self) : undefined;
      if (selfIssued && signatureVerified === false) {
        breaks.push({ index: position, reason: `“${nameOf(certificate)}” names itself as issuer, but its signature does not verify with its own key.` });
      }
      ordered.push({ certificate, issuedByNext: undefined, signatureVerified });
      return;
    }
    const issuedByNext = !certificate.selfSigned && self.namesAsIssuer(nextInternals);
    const known = issuers[documentIndex];
    const signatureVerified = issuedByNext ? (known && known.index === nextIndex ? known.verified : self.signedBy(nextInternals)) : undefined;
    if (!issuedByNext) {
      breaks.push({ index: position, reason: linkBreak(certificate, self, next, nextInternals) });
    } else if (signatureVerified === false) {
      breaks.push({ index: position, reason: `The signature of “${nameOf(certificate)}” does not verify with the public key of “${nameOf(next)}”, which has the issuer's name.` });
    }
    ordered.push({ certificate, issuedByNext, signatureVerified });
  });
  const last = ordered[ordered.length - 1];
  const complete =
    last !== undefined &&
    last.certificate.selfSigned &&
    ordered.slice(0, -1).every((link) => link.issuedByNext === true && link.signatureVerified === true);
  return { ordered, complete, breaks };
}

/** Orders `certificates` leaf → root and checks every link. */
export function analyzeChain(certificates: readonly DecodedCertificate[]): Promise<ChainAnalysis> {
  return new Promise((resolve) => resolve(analyzeChainNow(certificates)));
}
