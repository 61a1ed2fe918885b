// The board paper's "Unowned" table: milestones an owner said are not theirs ("Not mine"), with who said so,
// when, and who was asked to reassign them. Only in papers that have some: withUnowned adds the table after the
// exceptions and a line to the cover summary (services/boardPaper.ts applies it to boardPaper's document).
import { formatDate } from "../cards/reminder.js";
import { unownedNote } from "./card.js";
import { type PaperDoc, type PaperTable, safeCell } from "./paper.js";
import type { DigestModel } from "./types.js";

export function unownedTables(model: DigestModel): PaperTable[] {
  const list = model.unowned ?? [];
  if (list.length === 0) return [];
  const cell = (text: string | null | undefined) => ({ text: safeCell(text) });
  return [
    {
      key: "unowned",
      title: "Unowned — waiting to be reassigned",
      columns: [
        { header: "Ref", width: 0.8 },
        { header: "Milestone", width: 4 },
        { header: model.plan.sectionWord, width: 2 },
        { header: "Said not theirs by", width: 1.8 },
        { header: "On", width: 1.2 },
        { header: "With, to reassign", width: 1.8 },
        { header: "Status", width: 1.6 },
      ],
      rows: list.map((u) => [
        cell(u.ref),
        cell(u.title),
        cell(u.section),
        cell(u.disownedBy ?? "its owner"),
        cell(`${formatDate(u.since)}${u.daysUnowned ? ` (${u.daysUnowned} days ago)` : ""}`),
        cell(u.with.join(", ") || "nobody: no lead or plan administrator"),
        cell(u.statusNote ? `${u.status}: ${u.statusNote}` : u.status),
      ]),
      empty: "",
    },
  ];
}

/** The cover summary's line about them (none when there are none). */
export function unownedSummary(model: DigestModel): string[] {
  const n = model.unowned?.length ?? 0;
  return n ? [safeCell(`Unowned (said “not mine”, waiting to be reassigned): ${n}. ${unownedNote(model)}`)] : [];
}

/** The paper with the unowned table after the exceptions (or first, if a paper has none) and its summary line. */
export function withUnowned(doc: PaperDoc, model: DigestModel): PaperDoc {
  const tables = unownedTables(model);
  if (tables.length === 0) return doc;
  const at = doc.tables.findIndex((t) => t.key === "exceptions") + 1;
  return {
    ...doc,
    summary: [...doc.summary, ...unownedSummary(model)],
    tables: [...doc.tables.slice(0, at), ...tables, ...doc.tables.slice(at)],
  };
}
