// `npm run bench`: every performance figure the README quotes, measured in one run on this
// machine, as medians, with the reference beside ours. Prints one table and writes it (with every
// sample) to bench-results/latest.json. Progress goes to stderr, the table to stdout.
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { benchDecoding, decodingSection } from "./decoding";
import { benchExpiryScan, expiryScanSection } from "./expiryScan";
import { benchHostileInput, hostileInputSection } from "./hostileInput";
import { benchListing, listingSection } from "./listing";
import { benchScale, scaleSection } from "./scale";
import { benchStartup, startupSection } from "./startup";
import { formatMs } from "./stats";
import { readmePerformanceBlock, writeReadmeTable } from "./readmeTable";
import { renderMarkdown, renderTable, type BenchSection } from "./table";
import { benchTreeModel, treeModelSection } from "./treeModel";

/** Runs per measurement (after one warm-up each); the median is reported. */
const RUNS = { listing: 5, decoding: 7, startup: 9, treeModel: 15, hostileInput: 5, scale: 3, expiryScan: 1 } as const;

type BenchName = keyof typeof RUNS;


function selected(name: BenchName): boolean {
  return SELECTED.size === 0 || SELECTED.has(name);
}

/**
 * `npm run bench -- decoding hostileInput` runs only those; no names runs them all.
 * `--readme` (full runs only) also writes the table into README's Performance section.
 */
const ARGUMENTS = process.argv.slice(2);
const WRITE_README = ARGUMENTS.includes("--readme");
const SELECTED = new Set(ARGUMENTS.filter((argument) => argument !== "--readme"));
const ROOT = join(__dirname, "..", "..");
/** A selective run writes beside the full one, never over it. */
const OUTPUT = join(ROOT, "bench-results", SELECTED.size === 0 ? "latest.json" : `latest-${[...SELECTED].sort().join("-")}.json`);

function progress(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const machine = {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    /** 1-minute load average when the run began and ended: other work on a shared machine shows here. */
    loadAverage: { start: loadavg()[0] ?? 0, end: 0 },
  };
  progress(`${machine.cpus} cores (${machine.cpuModel}), Node ${machine.node}, ${machine.platform}`);

  if (WRITE_README && SELECTED.size > 0) {
    throw new Error("--readme writes README's whole table: run every bench (no names) with it");
  }
  for (const name of SELECTED) {
    if (!(name in RUNS)) {
      throw new Error(`no bench named ${name}: choose from ${Object.keys(RUNS).join(", ")}`);
    }
  }
  // Start-up first: its child processes should not share the cores with anything else of ours.
  const startup = selected("startup") ? await benchStartup(RUNS.startup, progress) : undefined;
  const treeModel = selected("treeModel") ? benchTreeModel(RUNS.treeModel, progress) : undefined;
  const decoding = selected("decoding") ? await benchDecoding(RUNS.decoding, progress) : undefined;
  const listing = selected("listing") ? await benchListing(RUNS.listing, progress) : undefined;
  const hostileInput = selected("hostileInput") ? await benchHostileInput(RUNS.hostileInput, progress) : undefined;
  const scale = selected("scale") ? await benchScale(RUNS.scale, progress) : undefined;
  const expiryScan = selected("expiryScan") ? await benchExpiryScan(progress) : undefined;

  const sections: BenchSection[] = [
    ...(listing ? [listingSection(listing)] : []),
    ...(decoding ? [decodingSection(decoding)] : []),
    ...(hostileInput ? [hostileInputSection(hostileInput)] : []),
    ...(startup ? [startupSection(startup)] : []),
    ...(treeModel ? [treeModelSection(treeModel)] : []),
    ...(scale ? [scaleSection(scale)] : []),
    ...(expiryScan ? [expiryScanSection(expiryScan)] : []),
  ];
  const totalMs = performance.now() - started;
  machine.loadAverage.end = loadavg()[0] ?? 0;
  const load = `load average ${machine.loadAverage.start.toFixed(1)} → ${machine.loadAverage.end.toFixed(1)}`;
  const header = `Cloudflare mTLS benchmark: ${machine.cpus} cores (${load}), Node ${machine.node}, ${machine.platform}; medians of ${RUNS.listing} (listing), ${RUNS.decoding} (decoding), ${RUNS.hostileInput} (hostile input), ${RUNS.startup} (start-up), ${RUNS.treeModel} (tree), ${RUNS.scale} (scale) runs; ratio = reference time ÷ ours.`;
  process.stdout.write(`\n${header}\n\n${renderTable(sections)}\n\nTotal ${formatMs(totalMs)}. Written to ${OUTPUT}.\n`);

  mkdirSync(join(ROOT, "bench-results"), { recursive: true });
  const report = {
    generatedAt: new Date().toISOString(),
    machine,
    runs: RUNS,
    totalMs,
    sections,
    markdown: renderMarkdown(sections),
    results: { listing, decoding, hostileInput, startup, treeModel, scale, expiryScan },
  };
  writeFileSync(OUTPUT, `${JSON.stringify(report, null, 2)}\n`);
  if (WRITE_README) {
    writeReadmeTable(join(ROOT, "README.md"), readmePerformanceBlock(report.markdown, machine, new Date(report.generatedAt)));
    progress("README.md: Performance table rewritten from this run");
  }

  if (startup && startup.eagerActivationEvents.length > 0) {
    progress(`FAIL: package.json activates eagerly: ${startup.eagerActivationEvents.join(", ")}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
