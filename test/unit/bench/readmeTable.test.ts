// README's Performance table is rewritten between its markers only, and never guessed at.
import assert from "node:assert/strict";
import { README_TABLE_END, README_TABLE_START, readmePerformanceBlock, replaceReadmeTable } from "../../bench/readmeTable";

const machine = { cpus: 2, cpuModel: "AMD EPYC 7B13 ", memoryGb: 24, node: "v20.20.2", platform: "linux-x64", loadAverage: { start: 1.94, end: 2.5 } };

suite("README performance table", () => {
  test("the block names the date and the machine, then the table", () => {
    const block = readmePerformanceBlock("| a | b |", machine, new Date("2026-12-02T03:00:00Z"));
    assert.equal(block, "Measured on 2026-12-02 on 2 cores (AMD EPYC 7B13), 24 GiB, Node v20.20.2, linux-x64; load average 1.9 → 2.5 (other work on the machine shows here).\n\n| a | b |");
  });

  test("only the text between the markers changes, and a second write replaces the first", () => {
    const readme = `# Title\n\n## Performance\n\n${README_TABLE_START}\nold table\n${README_TABLE_END}\n\nProse after.\n`;
    const once = replaceReadmeTable(readme, "new table");
    assert.equal(once, `# Title\n\n## Performance\n\n${README_TABLE_START}\nnew table\n${README_TABLE_END}\n\nProse after.\n`);
    assert.equal(replaceReadmeTable(once, "newer"), `# Title\n\n## Performance\n\n${README_TABLE_START}\nnewer\n${README_TABLE_END}\n\nProse after.\n`);
  });

  test("a README without both markers is refused", () => {
    assert.throws(() => replaceReadmeTable("# Title\n", "table"), /no .* pair/);
    assert.throws(() => replaceReadmeTable(`${README_TABLE_END}\n${README_TABLE_START}`, "table"), /no .* pair/);
  });
});
