// What every reader yields: the tables of a file, each with the heading written just above it (Word), its
// sheet (Excel), and the rows that are full-width headings inside it (a merged "Priority 2: Early Help" row).
export interface SourceTable {
  /** the grid as written; row i is row i + 1 as the person sees it (Excel's row number, a table's n-th row) */
  rows: string[][];
  /** the heading just above the table (DOCX), or the sheet name when a plan is split over several sheets */
  heading: string | null;
  /** where it came from: "file", 'sheet "Plan"', "table 3" */
  source: string;
  /** row index -> text of a full-width merged row (a section heading inside the table) */
  bands: Map<number, string>;
}

export interface Source {
  format: "csv" | "xlsx" | "docx";
  tables: SourceTable[];
  /** CSV only: the encoding and delimiter detected */
  encoding?: string;
  delimiter?: string;
  /** XLSX only: every sheet's name, in order */
  sheets?: string[];
}

export function isBlankRow(row: string[] | undefined): boolean {
  return !row || row.every((c) => c.trim() === "");
}
