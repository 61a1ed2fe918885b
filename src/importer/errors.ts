// Errors that stop an import before anything is written (the CLI turns them into exit code 2).
export type ImportErrorCode = "unreadable" | "empty" | "no_action_column" | "bad_option" | "strict";

export class ImportError extends Error {
  constructor(
    public readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ImportError";
  }
}

/** A bad row or cell: reported with its 1-based data row and the column header; the other rows still import. */
export interface RowError {
  row: number;
  column: string;
  message: string;
}
