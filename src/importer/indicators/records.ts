// Rows of an indicator table -> indicator records: name, section (filled down), owner, polarity, unit,
// baseline, comparator, targets by date and values by period. Cells that are neither a number nor "TBC"
// where a number belongs are reported (row, column) and kept as text; nothing is invented.
import { createHash } from "node:crypto";
import {
  type IndicatorTargetFact,
  type Polarity,
  polarityFromCell,
  polarityFromName,
  readValueCell,
  type Unit,
  unitFromText,
} from "../../core/indicators/index.js";
import type { RowError } from "../errors.js";
import { sectionParts } from "../sections.js";
import type { IndicatorHeader } from "./detect.js";

export interface IndicatorValueRecord {
  period: string;
  periodEnd: string;
  value: number;
  raw: string;
}

export interface IndicatorRecord {
  key: string;
  ref: string | null;
  name: string;
  sectionLabel: string | null;
  sectionNumber: string | null;
  sectionTitle: string | null;
  owner: string | null;
  polarity: Polarity;
  /** where the polarity came from: the table's own column, the name (plain cases only), or nowhere */
  polaritySource: "table" | "name" | null;
  unit: Unit;
  baseline: { value: number | null; raw: string; date: string | null } | null;
  comparator: { name: string; value: number | null; raw: string } | null;
  targets: IndicatorTargetFact[];
  values: IndicatorValueRecord[];
  notes: string | null;
  /** other columns as written, { header: value } */
  extra: Record<string, string>;
  sourceRow: number;
}

export interface IndicatorModel {
  records: IndicatorRecord[];
  errors: RowError[];
  rows: number;
  skippedRows: number;
}

function keyOf(sectionNumber: string | null, sectionLabel: string | null, name: string): string {
  const basis = `${sectionNumber ?? sectionLabel ?? ""}|${name.toLowerCase().replace(/\s+/g, " ").trim()}`;
  return `i:${createHash("sha1").update(basis).digest("hex").slice(0, 16)}`;
}

export function buildIndicatorModel(rows: string[][], header: IndicatorHeader): IndicatorModel {
  const cols = header.columns;
  const col = (role: string) => cols.find((c) => c.role === role);
  const nameCol = col("name");
  const sectionCol = col("section");
  const numberCol = col("sectionNumber");
  const records: IndicatorRecord[] = [];
  const errors: RowError[] = [];
  let section: string | null = null;
  let sectionNo: string | null = null;
  let skipped = 0;
  const data = rows.slice(header.headerRow + 1);
  data.forEach((row, i) => {
    const rowNo = header.headerRow + 2 + i; // 1-based, as a spreadsheet shows it
    const cell = (index: number | undefined) => (index === undefined ? "" : (row[index] ?? "").trim());
    if (sectionCol && cell(sectionCol.index)) section = cell(sectionCol.index);
    if (numberCol && cell(numberCol.index)) sectionNo = cell(numberCol.index);
    const name = cell(nameCol?.index);
    if (!name) {
      skipped++;
      return;
    }
    const parts = section ? sectionParts(section) : null;
    const number = parts?.number ?? (sectionNo ? (/(\d+[a-z]?)/i.exec(sectionNo)?.[1] ?? null) : null);
    const rec: IndicatorRecord = {
      key: "",
      ref: cell(col("ref")?.index) || null,
      name,
      sectionLabel: section,
      sectionNumber: number,
      sectionTitle: parts?.title ?? null,
      owner: cell(col("owner")?.index) || null,
      polarity: null,
      polaritySource: null,
      unit: "number",
      baseline: null,
      comparator: null,
      targets: [],
      values: [],
      notes: null,
      extra: {},
      sourceRow: rowNo,
    };
    const samples: string[] = [];
    const notes: string[] = [];
    const number_ = (c: { header: string; index: number }, raw: string): number | null | "bad" => {
      const v = readValueCell(raw);
      if (v.kind === "value") return v.value;
      if (v.kind === "tbc" || v.kind === "blank") return null;
      errors.push({ row: rowNo, column: c.header, message: `"${raw.slice(0, 60)}" is not a number; kept as text` });
      rec.extra[c.header] = raw;
      return "bad";
    };
    for (const c of cols) {
      const raw = cell(c.index);
      if (!raw) continue;
      switch (c.role) {
        case "polarity": {
          const p = polarityFromCell(raw);
          if (p) {
            rec.polarity = p;
            rec.polaritySource = "table";
          } else rec.extra[c.header] = raw; // "Asked John Cooke": a note in the polarity column, not a polarity
          break;
        }
        case "unit":
          samples.push(raw);
          rec.extra[c.header] = raw;
          break;
        case "baseline": {
          samples.push(raw);
          const v = number_(c, raw);
          if (v !== "bad") rec.baseline = { value: v, raw, date: c.date ?? null };
          break;
        }
        case "target": {
          samples.push(raw);
          const v = number_(c, raw);
          if (v === "bad") break;
          if (!c.date) {
            errors.push({ row: rowNo, column: c.header, message: "the target's date cannot be read from the header; kept as text" });
            rec.extra[c.header] = raw;
          } else rec.targets.push({ date: c.date, value: v, raw });
          break;
        }
        case "value": {
          samples.push(raw);
          const v = number_(c, raw);
          if (typeof v === "number" && c.period) rec.values.push({ period: c.period.id, periodEnd: c.period.end, value: v, raw });
          break;
        }
        case "comparator": {
          const v = number_(c, raw);
          if (v !== "bad") rec.comparator = { name: c.label ?? c.header, value: v, raw };
          break;
        }
        case "notes":
          notes.push(raw);
          break;
        case "extra":
          if (c.header) rec.extra[c.header] = raw;
          break;
        default:
          break;
      }
    }
    // the headers of the number columns say what the numbers are too ("% identified as good in Audit ...")
    const about = `${name} ${cols
      .filter((c) => c.role === "target" || c.role === "value" || c.role === "baseline" || c.role === "unit")
      .map((c) => (c.role === "unit" ? cell(c.index) : c.header.replace(/\b(target|baseline|outcome)\b.*$/i, "")))
      .join(" ")}`;
    rec.unit = unitFromText(about, samples);
    if (!rec.polarity) {
      rec.polarity = polarityFromName(about, rec.unit);
      rec.polaritySource = rec.polarity ? "name" : null;
    }
    rec.notes = notes.length ? notes.join("\n") : null;
    rec.key = rec.ref ? `r:${rec.ref}` : keyOf(number, section, name);
    records.push(rec);
  });
  return { records, errors, rows: data.length, skippedRows: skipped };
}
