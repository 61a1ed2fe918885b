// `ragtime export --board "<name>" --as-of <date> --xlsx|--docx|--pdf`: the board paper rendered from the
// STORED digest snapshot of that date ("one snapshot, many renderings"), never recomputed from today's data.
import { writeFile } from "node:fs/promises";
import { boardPaper, type PaperDoc } from "../core/digest/paper.js";
import type { PaperIndicators } from "../core/digest/paper-indicators.js";
import { withUnowned } from "../core/digest/paper-unowned.js";
import type { IndicatorDigest } from "../core/indicators/digest.js";
import { findBoardByName } from "../storage/boards.js";
import type { Db } from "../storage/db.js";
import { findDigest } from "../storage/digests.js";
import { asOfDate, parseSnapshot } from "./digest.js";

export type PaperFormat = "xlsx" | "docx" | "pdf";

/** A user error with a code and the fix. */
export class BoardPaperError extends Error {
  constructor(
    readonly code: "BOARD_NOT_FOUND" | "NO_DIGEST" | "OLD_SNAPSHOT" | "BAD_DATE",
    message: string,
    readonly fix: string,
  ) {
    super(`${message} (${code}). ${fix}`);
  }
}

export interface PaperResult {
  file: string;
  format: PaperFormat;
  board: string;
  asOf: string;
  rows: number;
  bytes: number;
  /** what the paper could not include (e.g. charts that could not be drawn) */
  warnings: string[];
}

/** The paper's tables from the board's stored digest of that date. */
export async function loadBoardPaper(
  db: Db,
  boardName: string,
  asOf: string,
): Promise<PaperDoc & { rowCount: number; warnings: string[] }> {
  const board = await findBoardByName(db, boardName);
  if (!board) throw new BoardPaperError("BOARD_NOT_FOUND", `no board named "${boardName}"`, "See `ragtime board list`.");
  let day: Date;
  try {
    day = asOfDate(asOf);
  } catch (e) {
    throw new BoardPaperError("BAD_DATE", `--as-of: ${(e as Error).message}`, "Give the digest's date as YYYY-MM-DD.");
  }
  const row = await findDigest(db, board.id, day);
  if (!row)
    throw new BoardPaperError(
      "NO_DIGEST",
      `board "${board.name}" has no stored digest for ${asOf}`,
      `A board paper shows a digest as presented: post it first with \`ragtime digest --board "${board.name}" --as-of ${asOf}\`.`,
    );
  const snap = parseSnapshot(row.snapshotJson);
  if (!snap?.paper || snap.model.version !== 2)
    throw new BoardPaperError(
      "OLD_SNAPSHOT",
      `the digest of ${asOf} was stored by an earlier version of ragtime without the board paper's table`,
      "Export a digest posted by this version (snapshots are never rewritten).",
    );
  const doc = withUnowned(boardPaper(snap.model, snap.paper), snap.model);
  const warnings: string[] = [];
  if (doc.indicators && snap.model.indicators) {
    const problem = await addIndicatorCharts(doc.indicators, snap.model.indicators);
    if (problem) warnings.push(`the indicator trend charts could not be drawn (${problem}); the paper has their tables only`);
  }
  return { ...doc, rowCount: snap.paper.length, warnings };
}

/**
 * A trend chart per section, drawn from the snapshot's indicators (the values as the board was shown them).
 * A chart that cannot be drawn leaves its table without one, never the paper without its tables.
 */
async function addIndicatorCharts(paper: PaperIndicators, section: IndicatorDigest): Promise<string | null> {
  try {
    // loaded on first use: vega and resvg are heavy, and only papers with indicators need them
    const [{ indicatorTrendPngs }, { pngSize }] = await Promise.all([
      import("../charts/indicatorTrends.js"),
      import("../charts/statusChart.js"),
    ]);
    const charts = await indicatorTrendPngs(section);
    for (const s of paper.sections) {
      const c = charts.find((x) => x.section === s.section);
      if (c) s.chart = { section: s.section, png: c.png, ...pngSize(c.png) };
    }
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export async function renderBoardPaper(doc: PaperDoc, format: PaperFormat): Promise<Buffer> {
  if (format === "pdf") return (await import("../paper/pdf.js")).renderPdf(doc);
  if (format === "docx") return (await import("../paper/docx.js")).renderDocx(doc);
  return (await import("../paper/xlsx.js")).renderXlsx(doc);
}

export async function exportBoardPaper(
  db: Db,
  o: { board: string; asOf: string; format: PaperFormat; file: string },
): Promise<PaperResult> {
  const doc = await loadBoardPaper(db, o.board, o.asOf);
  const bytes = await renderBoardPaper(doc, o.format);
  await writeFile(o.file, bytes);
  return { file: o.file, format: o.format, board: o.board, asOf: o.asOf, rows: doc.rowCount, bytes: bytes.length, warnings: doc.warnings };
}
