/** One line of the results: a figure and, when it has one, its target. */
export interface Row {
  figure: string;
  value: string;
  target?: { text: string; met: boolean; missedBy: number };
}

/** Against a minimum ("at least"): missed by the share it falls short. */
export function atLeast(value: number, min: number, text: string): Row["target"] {
  return { text, met: value >= min, missedBy: (min - value) / min };
}

/** Against a maximum ("under"): missed by the share it exceeds it. */
export function under(value: number, max: number, text: string): Row["target"] {
  return { text, met: value < max, missedBy: (value - max) / max };
}

export function verdict(row: Row): string {
  if (!row.target) return "";
  if (row.target.met) return "PASS";
  const pct = `MISSED BY ${Math.round(row.target.missedBy * 100)} %`;
  return row.target.missedBy > 1 ? `${pct} (${(row.target.missedBy + 1).toFixed(1)}× the target)` : pct;
}

/** A plain-text table, also valid Markdown, so that BENCHMARKS.md can hold it as printed. */
export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [r.figure, r.value, r.target?.text ?? "", verdict(r)]);
  const header = ["figure", "value", "target", "result"];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.map(line)].join("\n");
}

export const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MB`;
export const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
export const rate = (x: number): string => `${x >= 100 ? x.toFixed(0) : x.toFixed(1)}/s`;
