// 2. Decoding a 1,000-certificate PEM bundle: readCertificates (src/certificates/read.ts: split,
// decode every field, three fingerprints, order the chain and verify each link) against Node's
// own crypto.X509Certificate (split, parse, SHA-256 fingerprint of each). Ours does much more per
// certificate (every field we show is decoded, none lazily, and each chain link is verified), so
// the rows "of which" split our time into decoding and chain analysis. Issue 16's target: ours
// within 2× of node:crypto's time for the same bundle, in the same run.
import { X509Certificate } from "node:crypto";
import { analyzeChainNow } from "../../src/certificates/chain";
import { decodeCertificateNow, type DecodedCertificate } from "../../src/certificates/decode";
import { DecodeCache } from "../../src/certificates/decodeCache";
import { splitPem } from "../../src/certificates/pem";
import { DEFAULT_MAX_BYTES, readCertificates } from "../../src/certificates/read";
import { makeCertificate, type KeyAlgorithm, type MadeCertificate } from "../support/makeCertificates";
import { formatCount, formatKb, formatMs, formatRatio, median, spread } from "./stats";
import type { BenchSection } from "./table";

export const BUNDLE_SIZE = 1000;
/** Issue 16: our time for the bundle at most this many times node:crypto's. */
export const TARGET_RATIO = 2.0;
const INTERMEDIATES = 9;

export interface DecodingResult {
  readonly certificates: number;
  readonly bundleBytes: number;
  readonly ours: Timing;
  readonly node: Timing;
  readonly oursDecodeOnly: Timing;
  readonly oursChainOnly: Timing;
}

export interface Timing {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly perSecond: number;
}

/**
 * A root, nine intermediates under it, and leaves under the intermediates: RSA-2048 and P-256
 * mixed, every subject distinct. Keys are shared (makeCertificate keeps four per algorithm), so
 * generating takes seconds, not minutes.
 */
export async function makeBundle(size: number): Promise<string> {
  const root = await makeCertificate({ subject: "CN=Bench Root CA, O=Example Inc., C=US", keyAlgorithm: "RSA-2048", ca: true, pathLength: 1 });
  const intermediates: MadeCertificate[] = [];
  for (let index = 0; index < INTERMEDIATES; index++) {
    const keyAlgorithm: KeyAlgorithm = index % 2 === 0 ? "RSA-2048" : "P-256";
    intermediates.push(await makeCertificate({ subject: `CN=Bench Intermediate CA ${index}, O=Example Inc., C=US`, keyAlgorithm, issuer: root, ca: true, pathLength: 0 }));
  }
  const leaves: MadeCertificate[] = [];
  for (let index = 0; leaves.length < size - 1 - INTERMEDIATES; index++) {
    const issuer = intermediates[index % INTERMEDIATES] ?? root;
    const keyAlgorithm: KeyAlgorithm = index % 2 === 0 ? "P-256" : "RSA-2048";
    const name = `client${index}.bench.example.com`;
    leaves.push(await makeCertificate({ subject: `CN=${name}, O=Example Inc.`, keyAlgorithm, issuer, ca: false, dnsNames: [name], extendedKeyUsages: ["1.3.6.1.5.5.7.3.2"] }));
  }
  return [...leaves, ...intermediates, root].map((certificate) => certificate.pem).join("");
}

type Work = () => Promise<number> | number;

function summarize(samples: readonly number[], count: number): Timing {
  const medianMs = median(samples);
  const { min, max } = spread(samples);
  return { medianMs, minMs: min, maxMs: max, perSecond: (count / medianMs) * 1000 };
}

/**
 * Times every piece of work `runs` times after one warm-up each, taking turns within a run so
 * that whatever else the machine is doing weighs on all of them alike.
 */
async function timeInTurns<K extends string>(runs: number, works: Record<K, Work>, expected: number): Promise<Record<K, Timing>> {
  const names = Object.keys(works) as K[];
  const samples = new Map<K, number[]>(names.map((name) => [name, []]));
  for (let run = -1; run < runs; run++) {
    for (const name of names) {
      const started = performance.now();
      const count = await works[name]();
      const ms = performance.now() - started;
      if (count !== expected) {
        throw new Error(`${name}: decoded ${count} certificates, expected ${expected}`);
      }
      if (run >= 0) {
        samples.get(name)?.push(ms);
      }
    }
  }
  return Object.fromEntries(names.map((name) => [name, summarize(samples.get(name) ?? [], expected)])) as Record<K, Timing>;
}

export async function benchDecoding(runs: number, progress: (line: string) => void): Promise<DecodingResult> {
  const started = performance.now();
  const bundle = await makeBundle(BUNDLE_SIZE);
  progress(`decoding: generated ${BUNDLE_SIZE} certificates in ${formatMs(performance.now() - started)}`);
  const bundleBytes = Buffer.byteLength(bundle);
  const maxBytes = bundleBytes + 1;

  const ders = splitPem(bundle).map((block) => block.der);
  const decodedCache = new DecodeCache();
  const decoded: DecodedCertificate[] = ders.map((der) => decodeCertificateNow(der, decodedCache));
  const timings = await timeInTurns(
    runs,
    {
      ours: async () => (await readCertificates(bundle, { maxBytes })).certificates.length,
      node: () => {
        const blocks = bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
        let fingerprinted = 0;
        for (const block of blocks) {
          if (new X509Certificate(block).fingerprint256.length > 0) {
            fingerprinted++;
          }
        }
        return fingerprinted;
      },
      oursDecodeOnly: () => {
        // One cache for the bundle, as readCertificates keeps one per input.
        const cache = new DecodeCache();
        return ders.map((der) => decodeCertificateNow(der, cache)).length;
      },
      oursChainOnly: () => analyzeChainNow(decoded).ordered.length,
    },
    BUNDLE_SIZE,
  );
  const { ours, node, oursDecodeOnly, oursChainOnly } = timings;
  progress(`decoding: ours ${formatMs(ours.medianMs)}, node:crypto ${formatMs(node.medianMs)}`);
  return { certificates: BUNDLE_SIZE, bundleBytes, ours, node, oursDecodeOnly, oursChainOnly };
}

function rate(timing: Timing): string {
  return `${formatCount(timing.perSecond)} certs/s (${formatMs(timing.medianMs)})`;
}

export function decodingSection(result: DecodingResult): BenchSection {
  return {
    title: `Decoding a ${formatCount(result.certificates)}-certificate PEM bundle (${formatKb(result.bundleBytes)}; reference: node:crypto X509Certificate + SHA-256 fingerprint)`,
    rows: [
      {
        measurement: `${formatCount(result.certificates)}-cert bundle: ours ${formatCount(result.ours.perSecond)}/s vs node:crypto ${formatCount(result.node.perSecond)}/s = ${(result.ours.medianMs / result.node.medianMs).toFixed(1)}`,
        ours: formatMs(result.ours.medianMs),
        reference: formatMs(result.node.medianMs),
        ratio: `${(result.ours.medianMs / result.node.medianMs).toFixed(1)}× node's time`,
        note: `target <= ${TARGET_RATIO.toFixed(1)}: ${result.ours.medianMs <= TARGET_RATIO * result.node.medianMs ? "met" : "MISSED"} (issue 16; every field we show, chain verified)`,
      },
      {
        measurement: "readCertificates (whole bundle)",
        ours: rate(result.ours),
        reference: rate(result.node),
        ratio: formatRatio(result.node.medianMs, result.ours.medianMs),
        note: `ours: all fields, SHA-256/SHA-1/MD5, chain order + signature check of each link${result.bundleBytes > DEFAULT_MAX_BYTES ? `; maxBytes raised (the ${formatKb(DEFAULT_MAX_BYTES)} default refuses this bundle)` : ""}`,
      },
      {
        measurement: "  of which: decode each certificate",
        ours: rate(result.oursDecodeOnly),
        reference: "",
        ratio: "",
        note: "decodeCertificateNow over the split DER blocks, one DecodeCache for the bundle (as readCertificates)",
      },
      {
        measurement: "  of which: chain analysis",
        ours: formatMs(result.oursChainOnly.medianMs),
        reference: "",
        ratio: "",
        note: "analyzeChainNow over the decoded certificates",
      },
    ],
  };
}
