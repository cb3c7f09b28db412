// `npm run bench -- --readme`: README's Performance table is the table this run printed, with the
// machine and the date it ran on, written between two markers so nothing else in README moves.
// Only a full run may write it (a selective run would drop rows), and a README without both
// markers is an error rather than a guess at where the table goes.
import { readFileSync, writeFileSync } from "node:fs";

export const README_TABLE_START = "<!-- bench:start (written by `npm run bench -- --readme`; do not edit by hand) -->";
export const README_TABLE_END = "<!-- bench:end -->";

export interface BenchMachine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly node: string;
  readonly platform: string;
  readonly loadAverage: { readonly start: number; readonly end: number };
}

/** The block between the markers: where and when it was measured, then the table. */
export function readmePerformanceBlock(markdownTable: string, machine: BenchMachine, generatedAt: Date): string {
  const day = generatedAt.toISOString().slice(0, 10);
  const where = `${machine.cpus} cores (${machine.cpuModel.trim()}), ${machine.memoryGb} GiB, Node ${machine.node}, ${machine.platform}`;
  const load = `load average ${machine.loadAverage.start.toFixed(1)} → ${machine.loadAverage.end.toFixed(1)}`;
  return `Measured on ${day} on ${where}; ${load} (other work on the machine shows here).\n\n${markdownTable}`;
}

/** README's text with the block between the markers replaced. */
export function replaceReadmeTable(readme: string, block: string): string {
  const start = readme.indexOf(README_TABLE_START);
  const end = readme.indexOf(README_TABLE_END);
  if (start < 0 || end < 0 || end < start) {
    throw new Error(`README.md has no "${README_TABLE_START}" … "${README_TABLE_END}" pair to write the table between`);
  }
  return `${readme.slice(0, start + README_TABLE_START.length)}\n${block}\n${readme.slice(end)}`;
}

export function writeReadmeTable(readmePath: string, block: string): void {
  writeFileSync(readmePath, replaceReadmeTable(readFileSync(readmePath, "utf8"), block));
}
