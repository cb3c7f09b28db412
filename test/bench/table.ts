// The one table `npm run bench` prints, and the JSON it writes: every measurement becomes rows of
// the same five columns, grouped under a section heading.

export interface BenchRow {
  readonly measurement: string;
  readonly ours: string;
  readonly reference: string;
  readonly ratio: string;
  readonly note: string;
}

export interface BenchSection {
  readonly title: string;
  readonly rows: readonly BenchRow[];
  /** Printed under the table: how a column was derived. */
  readonly footnotes?: readonly string[];
}

const COLUMNS: readonly (keyof BenchRow)[] = ["measurement", "ours", "reference", "ratio", "note"];
const HEADINGS: Record<keyof BenchRow, string> = { measurement: "measurement", ours: "ours", reference: "reference", ratio: "ratio", note: "note" };

/** Display width: code points, so "×" and "·" count as one column. */
function width(text: string): number {
  return [...text].length;
}

function pad(text: string, to: number): string {
  return text + " ".repeat(Math.max(0, to - width(text)));
}

/** A plain-text table: one header, a rule, then each section's title line and its rows. */
export function renderTable(sections: readonly BenchSection[]): string {
  const widths = COLUMNS.map((column) => Math.max(width(HEADINGS[column]), ...sections.flatMap((section) => section.rows.map((row) => width(row[column])))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => pad(cell, widths[index] ?? 0))
      .join(" │ ")
      .trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("─┼─");
  const lines = [line(COLUMNS.map((column) => HEADINGS[column])), rule];
  for (const section of sections) {
    lines.push(`${section.title}`);
    for (const row of section.rows) {
      lines.push(line(COLUMNS.map((column) => row[column])));
    }
  }
  const footnotes = sections.flatMap((section) => section.footnotes ?? []);
  if (footnotes.length > 0) {
    lines.push("", ...footnotes.map((note) => `* ${note}`));
  }
  return lines.join("\n");
}

/** The same rows as a Markdown table (for the README). */
export function renderMarkdown(sections: readonly BenchSection[]): string {
  const escape = (text: string) => text.replace(/\|/g, "\\|");
  const lines = [`| ${COLUMNS.map((column) => HEADINGS[column]).join(" | ")} |`, `|${COLUMNS.map(() => "---").join("|")}|`];
  for (const section of sections) {
    lines.push(`| **${escape(section.title)}** | | | | |`);
    for (const row of section.rows) {
      lines.push(`| ${COLUMNS.map((column) => escape(row[column])).join(" | ")} |`);
    }
  }
  return lines.join("\n");
}
