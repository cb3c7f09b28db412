// The benchmark's pure helpers: the median it reports, the ratio wording and the table layout.
// No timings here: these check arithmetic and formatting only.
import assert from "node:assert/strict";
import { formatCount, formatKb, formatMs, formatRatio, maxInFlight, median, spread } from "../../bench/stats";
import { renderMarkdown, renderTable, type BenchSection } from "../../bench/table";
import type { RecordedRequest } from "../../support/cloudflareSandbox";

suite("bench helpers", () => {
  test("median of odd and even counts, order-independent, and never of nothing", () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([7]), 7);
    assert.throws(() => median([]), RangeError);
    assert.deepEqual(spread([5, 2, 9]), { min: 2, max: 9 });
  });

  test("ratio = reference ÷ ours, worded both ways", () => {
    assert.equal(formatRatio(300, 100), "3.0× faster");
    assert.equal(formatRatio(2000, 100), "20× faster");
    assert.equal(formatRatio(100, 101), "1.0× (same)");
    assert.equal(formatRatio(100, 400), "0.25× (4.0× slower)");
    assert.equal(formatRatio(100, 0), "n/a");
  });

  test("numbers as the table prints them", () => {
    assert.equal(formatMs(53.71), "53.7 ms");
    assert.equal(formatMs(1127.4), "1127 ms");
    assert.equal(formatMs(12_345), "12.3 s");
    assert.equal(formatCount(2500), "2,500");
    assert.equal(formatKb(578_941), "565.4 KB");
  });

  test("max in flight counts overlapping requests, not all of them", () => {
    const request = (startedAt: number, finishedAt: number): RecordedRequest => ({ method: "GET", path: "/x", query: {}, headers: {}, body: undefined, startedAt, finishedAt });
    assert.equal(maxInFlight([request(0, 10), request(10, 20), request(20, 30)]), 1);
    assert.equal(maxInFlight([request(0, 10), request(1, 10), request(2, 10), request(10, 20)]), 3);
    assert.equal(maxInFlight([]), 0);
  });

  test("the table aligns columns and lists footnotes; the Markdown escapes pipes", () => {
    const sections: BenchSection[] = [
      { title: "Section A", rows: [{ measurement: "one", ours: "1 ms", reference: "2 ms", ratio: "2.0× faster", note: "a|b" }], footnotes: ["how"] },
      { title: "Section B", rows: [{ measurement: "a longer one", ours: "10 ms", reference: "", ratio: "", note: "" }] },
    ];
    const lines = renderTable(sections).split("\n");
    assert.equal(lines[0]?.indexOf("│"), "a longer one".length + 1);
    assert.equal(lines[3]?.indexOf("│"), lines[0]?.indexOf("│"));
    assert.deepEqual(lines.slice(-2), ["", "* how"]);
    assert.match(renderMarkdown(sections), /\| one \| 1 ms \| 2 ms \| 2\.0× faster \| a\\\|b \|/);
  });
});
