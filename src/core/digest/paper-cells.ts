// The board paper's cells and tables (plain text, export-safe), shared by its sections and renderers.

export interface PaperCell {
  text: string;
  /** background colour (#rrggbb) for status cells */
  fill?: string;
  /** white text on dark fills */
  light?: boolean;
}

export interface PaperTable {
  key: string;
  title: string;
  /** header and relative width of each column */
  columns: { header: string; width: number }[];
  rows: PaperCell[][];
  empty: string;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell that spreadsheets would read as a formula (it starts with =, +, -, @, tab or CR) gets a leading
 * apostrophe, so no export ever carries a live formula from plan or person text.
 */
export function safeCell(text: string | null | undefined): string {
  const t = text ?? "";
  return FORMULA_START.test(t) ? `'${t}` : t;
}
