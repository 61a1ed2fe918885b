// From a file's tables to the plan's one table: find each table's header row and column roles, skip the tables
// that are not the plan (contents, glossary, sign-off, a cover sheet) and list them, join the tables that share
// the plan's header (one per priority in Word, one per sheet), and give rows the section written above them (the
// heading above the table, or a full-width row inside it) when the table has no section column.
import { type AssignedColumn, type Assignment, ambiguousError, assignColumns, detectHeader, type HeaderDetection } from "./assign.js";
import { ImportError } from "./errors.js";
import { type Field, normHeader } from "./headers.js";
import { isBlankRow, type Source, type SourceTable } from "./tables.js";

export interface SkippedTable {
  source: string;
  heading: string | null;
  reason: string;
}

export interface PlanTable extends Assignment {
  headers: string[];
  dataRows: string[][];
  /** per data row: its number as the person sees it (Excel's row, the row of its Word table) */
  rowNumbers: number[];
  /** per data row: the table it came from, when the plan was read from more than one table */
  rowSources: (string | null)[] | null;
  /** 1-based header row of the first plan table */
  headerRow: number;
  used: string[];
  skipped: SkippedTable[];
}

const SECTION_FROM_HEADINGS = "(heading above the table)";

/** a header row as compared with the rows below it (the same header typed again is skipped) */
export function signature(headers: string[]): string {
  return headers.map(normHeader).filter(Boolean).join("|");
}

/** signature(row) === header, without normalising every cell of every row (most differ at their first cell) */
export function isHeader(row: string[], header: string): boolean {
  let at = 0;
  for (const c of row) {
    if (!c) continue;
    const n = normHeader(c);
    if (!n) continue;
    if (at > 0) {
      if (header[at] !== "|") return false;
      at++;
    }
    if (!header.startsWith(n, at)) return false;
    at += n.length;
  }
  return at === header.length;
}

interface Found {
  table: SourceTable;
  det: HeaderDetection;
}

function dataOf(f: Found): { rows: string[][]; numbers: number[]; sections: (string | null)[] } {
  const rows: string[][] = [];
  const numbers: number[] = [];
  const sections: (string | null)[] = [];
  let band: string | null = null;
  const header = signature(f.table.rows[f.det.headerRow] as string[]);
  for (let i = f.det.headerRow + 1; i < f.table.rows.length; i++) {
    const b = f.table.bands.get(i);
    if (b !== undefined) {
      band = b;
      continue;
    }
    // the header typed again further down (a table pasted after another, a header repeated by hand)
    if (isHeader(f.table.rows[i] as string[], header)) continue;
    rows.push(f.table.rows[i] as string[]);
    numbers.push(i + 1);
    sections.push(band ?? f.table.heading);
  }
  return { rows, numbers, sections };
}

/** Up to n rows in a few contiguous runs spread over the table (runs keep the fill-down pattern readable). */
function sample(rows: string[][], n: number, runs = 4): string[][] {
  if (rows.length <= n) return rows;
  const len = Math.floor(n / runs);
  const out: string[][] = [];
  for (let k = 0; k < runs; k++) {
    const start = Math.floor((k * (rows.length - len)) / (runs - 1));
    out.push(...rows.slice(start, start + len));
  }
  return out;
}

export function planTable(src: Source, overrides: Record<string, Field>, file: string): PlanTable {
  const found: Found[] = [];
  const skipped: SkippedTable[] = [];
  const failed: { table: SourceTable; error: ImportError }[] = [];
  let firstError: ImportError | null = null;
  for (const table of src.tables) {
    if (table.rows.every(isBlankRow)) {
      skipped.push({ source: table.source, heading: table.heading, reason: "empty" });
      continue;
    }
    try {
      found.push({ table, det: detectHeader(table.rows, overrides, (i) => table.bands.has(i)) });
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      firstError ??= e;
      failed.push({ table, error: e });
    }
  }
  // a table too short to read on its own, under the same header as a plan table, is part of the plan (and a
  // table whose own reading took a data row for its header, when an earlier row is another table's header)
  const known = new Map(found.map((f) => [signature(f.table.rows[f.det.headerRow] as string[]), f.det]));
  for (const f of found) {
    const at = f.table.rows.slice(0, f.det.headerRow).findIndex((r, i) => !f.table.bands.has(i) && known.has(signature(r)));
    const det = at >= 0 ? known.get(signature(f.table.rows[at] as string[])) : undefined;
    if (det) f.det = { ...det, headerRow: at };
  }
  for (const { table } of failed) {
    const at = table.rows.slice(0, 15).findIndex((r, i) => !table.bands.has(i) && known.has(signature(r)));
    const det = at >= 0 ? known.get(signature(table.rows[at] as string[])) : undefined;
    if (det) {
      found.push({ table, det: { ...det, headerRow: at } });
      continue;
    }
    const head = table.rows.find((r) => !isBlankRow(r)) ?? [];
    const cols = head
      .map((c) => c.trim())
      .filter(Boolean)
      .slice(0, 4)
      .join(" | ");
    skipped.push({
      source: table.source,
      heading: table.heading,
      reason: `not a plan table (no action column; starts "${cols.slice(0, 80)}")`,
    });
  }
  found.sort((a, b) => src.tables.indexOf(a.table) - src.tables.indexOf(b.table));
  if (found.length === 0) {
    if (src.tables.length === 1 && firstError) throw firstError;
    if (src.format === "xlsx") {
      const sheets = (src.sheets ?? []).map((s) => `"${s}"`).join(", ");
      throw new ImportError(
        "no_action_column",
        `no sheet of ${file} looks like a plan (sheets: ${sheets}). Choose the plan's sheet with --sheet "<name>", and its action column with --map "<header>=action" if needed`,
      );
    }
    const list = skipped.map((s) => `${s.source}${s.heading ? ` under "${s.heading}"` : ""}`).join(", ");
    throw new ImportError(
      "no_action_column",
      `no table of ${file} looks like a plan (tables: ${list}). The plan's table needs an action column; map it with --map "<header>=action"`,
    );
  }
  // the tables sharing one header are one plan; the biggest group is the plan
  const groups = new Map<string, Found[]>();
  for (const f of found) {
    const key = signature(f.table.rows[f.det.headerRow] as string[]);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const size = (g: Found[]) => g.reduce((n, f) => n + f.table.rows.length - f.det.headerRow - 1, 0);
  const plan = [...groups.values()].reduce((a, b) => (size(b) > size(a) ? b : a));
  const first = plan[0] as Found;
  for (const g of groups.values()) {
    if (g === plan) continue;
    for (const f of g) {
      const own = (f.table.rows[f.det.headerRow] as string[]).map((h) => h.trim()).filter(Boolean);
      skipped.push({
        source: f.table.source,
        heading: f.table.heading,
        reason: `reads like a plan table, but its header (${own.slice(0, 5).join(" | ")}${own.length > 5 ? " | ..." : ""}) differs from ${first.table.source}'s, the plan's; not imported (give it the plan's header, or import it on its own)`,
      });
    }
  }
  const headers = [...(first.table.rows[first.det.headerRow] as string[])];
  const dataRows: string[][] = [];
  const rowNumbers: number[] = [];
  const sections: (string | null)[] = [];
  const rowSources: (string | null)[] = [];
  // one sheet of a plan split over several: the sheet's name is where its rows belong
  const sheetHeadings = src.format === "xlsx" && plan.length > 1;
  for (const f of plan) {
    const d = dataOf(sheetHeadings ? { ...f, table: { ...f.table, heading: f.table.source.replace(/^sheet "|"$/g, "") } } : f);
    dataRows.push(...d.rows);
    rowNumbers.push(...d.numbers);
    sections.push(...d.sections);
    for (let i = 0; i < d.rows.length; i++) rowSources.push(f.table.source);
  }
  let assignment: Assignment = plan.length === 1 ? first.det : assignColumns(headers, sample(dataRows, 1000), overrides);
  if (assignment.ambiguous) throw ambiguousError(assignment.ambiguous);
  // headings above several tables (or full-width rows inside one) are the sections: a column that only reads
  // like a section (Thurrock's "Priority" beside its headings) is kept as text; --map still decides
  // (a sheet's name only fills in for a missing section column: it is a weaker sign than a heading)
  const headed =
    new Set(plan.map((f) => f.table.heading).filter((h) => h !== null)).size >= 2 ||
    plan.some((f) => [...f.table.bands.keys()].some((i) => i > f.det.headerRow));
  const sectionCol = assignment.columns.find((c) => c.field === "section");
  if (sectionCol && headed && sectionCol.by !== "map") {
    assignment = {
      ...assignment,
      columns: assignment.columns.map((c) =>
        c === sectionCol
          ? { ...c, field: "extra" as Field, runnerUp: { field: "section" as Field, score: c.confidence }, by: "heading" as const }
          : c,
      ),
    };
  }
  const hasSection = assignment.columns.some((c) => c.field === "section");
  if (!hasSection && sections.some((s) => s !== null)) {
    // a loop, not Math.max(...rows): one argument per row overflows the stack on a very large sheet
    let index = headers.length;
    for (const r of dataRows) if (r.length > index) index = r.length;
    headers[index] = SECTION_FROM_HEADINGS;
    dataRows.forEach((r, i) => {
      // sized once ([...r] then row[index] = grew each of 50,000 rows' store to three times its cells)
      const row: string[] = new Array(index + 1);
      for (let k = 0; k < r.length; k++) row[k] = r[k] as string;
      row[index] = sections[i] ?? "";
      dataRows[i] = row;
    });
    const col: AssignedColumn = { index, header: SECTION_FROM_HEADINGS, field: "section", confidence: 1, runnerUp: null, by: "heading" };
    assignment = { ...assignment, columns: [...assignment.columns, col] };
  }
  const order = (source: string) => src.tables.findIndex((t) => t.source === source);
  skipped.sort((a, b) => order(a.source) - order(b.source));
  return {
    ...assignment,
    headers,
    dataRows,
    rowNumbers,
    rowSources: src.tables.length > 1 ? rowSources : null,
    headerRow: first.det.headerRow + 1,
    used: plan.map((f) => f.table.source),
    skipped,
  };
}
