// Errors that stop an import before anything is written (the CLI turns them into exit code 2).
import { UserError } from "../core/errors.js";
export type ImportErrorCode = "unreadable" | "empty" | "no_action_column" | "ambiguous_action" | "bad_option" | "strict";

export class ImportError extends UserError {
  declare readonly code: ImportErrorCode;
  constructor(code: ImportErrorCode, message: string, fix?: string) {
    super(code, message, fix);
  }
}

/** A bad or doubtful row or cell: reported with its row and column header; the other rows still import. */
export interface RowError {
  /** the row number the person sees: Excel's row number (the header row is 1), or the row of its Word table */
  row: number;
  column: string;
  message: string;
  /** the table or sheet, when the plan was read from more than one */
  table?: string;
}
