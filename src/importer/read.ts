// Reads a plan file into tables: CSV (encoding and delimiter detected), XLSX (every sheet, or --sheet: each sheet's
// XML read as text, read-xlsx-stream.ts, which gives the grid the whole-workbook read-xlsx.ts gives),
// DOCX (every table, with the heading above it).
import { readFileSync, statSync } from "node:fs";
import { extname } from "node:path";
import { ImportError } from "./errors.js";
import { readCsv } from "./read-csv.js";
import { readDocx } from "./read-docx.js";
import { readXlsxStreamed } from "./read-xlsx-stream.js";
import type { Source } from "./tables.js";

export async function readSource(file: string, opts: { sheet?: string } = {}): Promise<Source> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    throw new ImportError(
      "unreadable",
      `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`,
    );
  }
  const ext = extname(file).toLowerCase();
  if (ext === ".xlsx" || ext === ".xlsm") return readXlsxStreamed(file, opts.sheet);
  if (ext === ".docx") return readDocx(file);
  if (ext !== ".csv" && ext !== ".txt" && ext !== ".tsv" && ext !== "") {
    throw new ImportError("unreadable", `cannot read ${file}: expected a .csv, .xlsx or .docx file (got ${ext})`);
  }
  if (size === 0) throw new ImportError("empty", `${file} is empty: no header row and no data`);
  const csv = await readCsv(readFileSync(file), file);
  return { format: "csv", ...csv };
}
