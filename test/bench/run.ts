// `npm run bench`: every performance figure the README quotes, measured in one run on this
// machine, as medians, with the reference beside ours. Prints one table and writes it (with every
// sample) to bench-results/latest.json. Progress goes to stderr, the table to stdout.
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { benchDecoding, decodingSection } from "./decoding";
import { benchListing, listingSection } from "./listing";
import { benchStartup, startupSection } from "./startup";
import { formatMs } from "./stats";
import { renderMarkdown, renderTable, type BenchSection } from "./table";
import { benchTreeModel, treeModelSection } from "./treeModel";

/** Runs per measurement (after one warm-up each); the median is reported. */
const RUNS = { listing: 5, decoding: 7, startup: 9, treeModel: 15 } as const;

const ROOT = join(__dirname, "..", "..");
const OUTPUT = join(ROOT, "bench-results", "latest.json");

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

  // Start-up first: its child processes should not share the cores with anything else of ours.
  const startup = await benchStartup(RUNS.startup, progress);
  const treeModel = benchTreeModel(RUNS.treeModel, progress);
  const decoding = await benchDecoding(RUNS.decoding, progress);
  const listing = await benchListing(RUNS.listing, progress);

  const sections: BenchSection[] = [listingSection(listing), decodingSection(decoding), startupSection(startup), treeModelSection(treeModel)];
  const totalMs = performance.now() - started;
  machine.loadAverage.end = loadavg()[0] ?? 0;
  const load = `load average ${machine.loadAverage.start.toFixed(1)} → ${machine.loadAverage.end.toFixed(1)}`;
  const header = `Cloudflare mTLS benchmark: ${machine.cpus} cores (${load}), Node ${machine.node}, ${machine.platform}; medians of ${RUNS.listing} (listing), ${RUNS.decoding} (decoding), ${RUNS.startup} (start-up), ${RUNS.treeModel} (tree) runs; ratio = reference time ÷ ours.`;
  process.stdout.write(`\n${header}\n\n${renderTable(sections)}\n\nTotal ${formatMs(totalMs)}. Written to ${OUTPUT}.\n`);

  mkdirSync(join(ROOT, "bench-results"), { recursive: true });
  const report = {
    generatedAt: new Date().toISOString(),
    machine,
    runs: RUNS,
    totalMs,
    sections,
    markdown: renderMarkdown(sections),
    results: { listing, decoding, startup, treeModel },
  };
  writeFileSync(OUTPUT, `${JSON.stringify(report, null, 2)}\n`);

  if (startup.eagerActivationEvents.length > 0) {
    progress(`FAIL: package.json activates eagerly: ${startup.eagerActivationEvents.join(", ")}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
