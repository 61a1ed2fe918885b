// Layout for Teams' card width. An Adaptive Card TextBlock runs single "\n" line breaks together (markdown), so
// a text of bullet lines becomes one TextBlock per line. A table wider than Teams can show (the digest's
// 8 columns) is shown as its first and last columns, with explicit column widths, and the whole table sits
// behind "Open the full table" (Action.ShowCard) as one readable fact list per row.
export type AcElement = Record<string, unknown>;

/** columns a Table shows on the card itself; wider tables are narrowed and the full one is behind Open */
export const MAX_TABLE_COLUMNS = 4;

export function textBlock(text: string, extra: AcElement = {}): AcElement {
  return { type: "TextBlock", text, wrap: true, ...extra };
}

/** One TextBlock per line (empty lines dropped); `extra` styles every line, the first keeps `first` too. */
export function textBlocks(text: string, extra: AcElement = {}, first: AcElement = {}): AcElement[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== "");
  if (lines.length <= 1) return [textBlock(lines[0] ?? text, { ...extra, ...first })];
  return lines.map((l, i) => textBlock(l, i === 0 ? { ...extra, ...first } : { ...extra, spacing: "Small" }));
}

/** relative widths: the first (label) column is the widest, numbers are narrow, the last (trend) a little wider */
function widths(n: number): number[] {
  return Array.from({ length: n }, (_, i) => (i === 0 ? 3 : i === n - 1 && n > 2 ? 2 : 1));
}

function table(columns: string[], rows: string[][], tx: (s: string) => string): AcElement {
  return {
    type: "Table",
    firstRowAsHeader: true,
    gridStyle: "accent",
    columns: widths(columns.length).map((width) => ({ width })),
    rows: [columns, ...rows].map((r, i) => ({
      type: "TableRow",
      cells: r.map((c) => ({
        type: "TableCell",
        items: [textBlock(tx(c), i === 0 ? { weight: "Bolder", size: "Small" } : { size: "Small" })],
      })),
    })),
  };
}

/** The columns shown on the card: all of them when few, else the first one and the last MAX-1. */
export function shownColumns(count: number): number[] {
  const all = Array.from({ length: count }, (_, i) => i);
  if (count <= MAX_TABLE_COLUMNS) return all;
  return [0, ...all.slice(count - (MAX_TABLE_COLUMNS - 1))];
}

export function tableElements(columns: string[], rows: string[][], tx: (s: string) => string): AcElement[] {
  const keep = shownColumns(columns.length);
  if (keep.length === columns.length) return [table(columns, rows, tx)];
  const pick = (r: string[]) => keep.map((i) => r[i] ?? "");
  const narrow = table(pick(columns), rows.map(pick), tx);
  // the whole table, one row at a time: its first cell as a heading, every other column as a fact
  const full: AcElement[] = rows.map((r, n) => ({
    type: "Container",
    ...(n > 0 ? { separator: true } : {}),
    items: [
      textBlock(tx(r[0] ?? ""), { weight: "Bolder" }),
      { type: "FactSet", facts: columns.slice(1).map((c, i) => ({ title: tx(c), value: tx(r[i + 1] ?? "") })) },
    ],
  }));
  const hidden = `${columns.length - keep.length} more column${columns.length - keep.length === 1 ? "" : "s"} (${columns
    .filter((_, i) => !keep.includes(i))
    .join(", ")})`;
  return [
    narrow,
    {
      type: "ActionSet",
      actions: [{ type: "Action.ShowCard", title: "Open the full table", tooltip: hidden, card: { type: "AdaptiveCard", body: full } }],
    },
  ];
}
