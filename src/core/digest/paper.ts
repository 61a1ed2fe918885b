// The board paper as plain tables, from a stored digest snapshot: cover summary, RAG by priority (previous vs
// current), exceptions, slipped, not updated, then the full table. The XLSX, DOCX and PDF renderers
// (src/paper) only lay these out. Every cell is export-safe text (safeCell): nothing can become a formula.
import { formatDate } from "../cards/reminder.js";
import { statusColor } from "./card.js";
import { countLabel, countsLine, coverageLine, score, scoreLine } from "./lines.js";
import { type PaperCell, type PaperTable, safeCell } from "./paper-cells.js";
import { type PaperIndicators, paperIndicators } from "./paper-indicators.js";
import type { PaperRow } from "./paper-rows.js";
import type { DigestModel } from "./types.js";

export type { PaperCell, PaperTable } from "./paper-cells.js";
export { safeCell } from "./paper-cells.js";

export interface PaperDoc {
  title: string;
  subtitle: string;
  summary: string[];
  key: { label: string; meaning: string; fill: string; light: boolean }[];
  tables: PaperTable[];
  /** the indicators section (after "who has not updated"); absent when the board's scope has no indicators */
  indicators?: PaperIndicators;
}

const DARK = new Set(["#c62828", "#2e7d32", "#1565c0"]);

function statusFill(model: DigestModel, key: string): { fill: string; light: boolean } | undefined {
  const c = model.counts.find((x) => x.key === key);
  if (!c || key === "none") return undefined;
  const fill = statusColor(model.plan.scaleId, c);
  return { fill, light: DARK.has(fill) };
}

const cell = (text: string | null | undefined, extra: Partial<PaperCell> = {}): PaperCell => ({ text: safeCell(text), ...extra });
const d = (iso: string | null | undefined) => (iso ? formatDate(iso) : "");

function revisionsText(r: Pick<PaperRow, "revisions" | "baselineDue" | "due" | "dueRaw">): string {
  const lines = [`Baseline: ${r.baselineDue ? d(r.baselineDue) : (r.dueRaw ?? "no date")}`];
  r.revisions.forEach((v, i) => {
    lines.push(
      `Revised ${i + 1}: ${v.due ? d(v.due) : "no date"}${v.at ? ` (recorded ${d(v.at)})` : ""} — ${v.reason ?? "no reason given"}`,
    );
  });
  return lines.join("\n");
}

export function boardPaper(model: DigestModel, rows: PaperRow[]): PaperDoc {
  const word = model.plan.sectionWord;
  const used = model.counts.filter((c) => c.count > 0 || (model.previousCounts?.find((p) => p.key === c.key)?.count ?? 0) > 0);
  const rag: PaperTable = {
    key: "rag",
    title: `RAG by ${word.toLowerCase()} — previous vs current`,
    columns: [
      { header: word, width: 3 },
      ...used.map((c) => ({ header: countLabel(model, c), width: 2 })),
      { header: "Rated", width: 1.5 },
      { header: "Score (previous → current)", width: 2.5 },
    ],
    rows: model.sections.map((s) => [
      cell(s.heading),
      ...used.map((c) => {
        const cur = s.counts.find((x) => x.key === c.key)?.count ?? 0;
        const prev = s.previousCounts?.find((x) => x.key === c.key)?.count;
        return cell(prev === undefined ? String(cur) : `${prev} → ${cur}`, statusFill(model, c.key) ?? {});
      }),
      cell(`${s.rated} of ${s.total}`),
      cell(s.previousScore === null ? score(s.score) : `${score(s.previousScore)} → ${score(s.score)}`),
    ]),
    empty: `No ${word.toLowerCase()}s in scope.`,
  };
  const statusCell = (text: string, key: string | undefined) => cell(text, key ? (statusFill(model, key) ?? {}) : {});
  const keyOf = (id: string) => model.statuses[id];
  const ex = model.exceptions;
  const exceptions: PaperTable = {
    key: "exceptions",
    title: "Exceptions",
    columns: [
      { header: "Why", width: 1.6 },
      { header: "Ref", width: 0.8 },
      { header: "Milestone", width: 4 },
      { header: "Owners", width: 1.8 },
      { header: "Status", width: 1.8 },
      { header: "Days overdue", width: 1 },
      { header: "Latest update / mitigation / escalation", width: 5 },
    ],
    rows: [...ex.red.map((e) => ["Red", e] as const), ...ex.overdue.map((e) => ["Overdue", e] as const)]
      .map(([why, e]) => [
        cell(why),
        cell(e.ref),
        cell(e.title),
        cell(e.owners.join(", ")),
        statusCell(e.statusNote ? `${e.status}: ${e.statusNote}` : e.status, keyOf(e.milestoneId)),
        cell(e.daysOverdue ? String(e.daysOverdue) : ""),
        cell(e.latestUpdate ? `${e.latestAt ? `${d(e.latestAt)}: ` : ""}${e.latestUpdate}` : "No update or mitigation recorded"),
      ])
      .concat(
        ex.escalations.map((e) => [
          cell(e.kind === "raised" ? "Escalated" : "Chased, no answer"),
          cell(e.ref),
          cell(e.title),
          cell(e.owners.join(", ")),
          statusCell(e.status, keyOf(e.milestoneId)),
          cell(""),
          cell(`${d(e.at)}${e.by ? ` ${e.by}` : ""}: ${e.text}`),
        ]),
        ex.contradictions.map((e) => [
          cell("Rating contradicts dates"),
          cell(e.ref),
          cell(e.title),
          cell(e.owners.join(", ")),
          statusCell(e.status, keyOf(e.milestoneId)),
          cell(String(e.daysOverdue)),
          cell(`Rated “${e.says}” but ${e.daysOverdue} days overdue (due ${d(e.due)})`),
        ]),
      ),
    empty: "No exceptions: nothing is red or overdue, nothing escalated.",
  };
  const byId = new Map(rows.map((r) => [r.milestoneId, r]));
  const slipped: PaperTable = {
    key: "slipped",
    title: "Slipped (due date moved beyond the baseline)",
    columns: [
      { header: "Ref", width: 0.8 },
      { header: "Milestone", width: 4 },
      { header: "Owners", width: 1.8 },
      { header: "Baseline", width: 1.2 },
      { header: "Revised", width: 1.2 },
      { header: "Days later", width: 0.9 },
      { header: "Times moved", width: 0.9 },
      { header: "Every revision and its reason", width: 5 },
    ],
    rows: model.slipped.map((s) => [
      cell(s.ref),
      cell(s.title),
      cell(s.owners.join(", ")),
      cell(d(s.baselineDue)),
      cell(d(s.due)),
      cell(String(s.daysSlipped)),
      cell(String(s.timesMoved)),
      cell(
        revisionsText({ revisions: s.revisions, baselineDue: s.baselineDue, due: s.due, dueRaw: byId.get(s.milestoneId)?.dueRaw ?? null }),
      ),
    ]),
    empty: "Nothing has slipped.",
  };
  const notUpdated: PaperTable = {
    key: "not_updated",
    title: "Who has not updated",
    columns: [
      { header: "Person", width: 3 },
      { header: "Why", width: 5 },
      { header: "Open items", width: 1.2 },
      { header: "Asked on", width: 1.5 },
    ],
    rows: model.missing.map((m) => [
      cell(m.name),
      cell(m.reason === "no_answer" ? "Asked in chat, not answered" : "Cannot be asked: no chat account (ask an admin to map them)"),
      cell(String(m.items)),
      cell(d(m.askedOn)),
    ]),
    empty: "Everyone asked has answered, and every owner can be reached in chat.",
  };
  const all: PaperTable = {
    key: "all",
    title: "All items",
    columns: [
      { header: "Ref", width: 0.7 },
      { header: `${word} / action / milestone`, width: 4 },
      { header: "Owners", width: 1.3 },
      { header: "Outcome / success measure", width: 3.4 },
      { header: "Recommendation", width: 2 },
      { header: "Due: baseline, revisions, reasons", width: 2 },
      { header: "Status", width: 1.4 },
      { header: "Latest update / impact", width: 3.8 },
      { header: "History", width: 2.6 },
    ],
    rows: rows.map((r) => [
      cell(r.ref),
      cell(`${r.section}\n${r.action}${r.milestone && r.milestone !== r.action ? `\n— ${r.milestone}` : ""}`),
      cell(r.owners.join(", ")),
      cell([r.outcome, r.successMeasures].filter(Boolean).join("\n") || "—"),
      cell(r.recommendation ?? "—"),
      cell(revisionsText(r)),
      statusCell(`${r.status}${r.percent !== null ? ` (${r.percent}%)` : ""}${r.statusNote ? `: ${r.statusNote}` : ""}`, r.statusKey),
      cell(`${r.latestUpdate ?? "—"}${r.impact ? `\nImpact: ${r.impact}` : ""}`),
      cell(
        r.history
          .map(
            (h) =>
              `${h.when.length === 10 ? d(h.when) : h.when}: ${h.status}${h.by && h.by !== "import" ? ` (${h.by})` : ""}${h.note ? ` — ${h.note}` : ""}`,
          )
          .join("\n") || "—",
      ),
    ]),
    empty: "No milestones in scope.",
  };
  const reco = model.recommendations;
  const indicators = paperIndicators(model.indicators, model.plan.scaleId);
  const summary = [
    `${model.plan.name}. ${countsLine(model)}`,
    scoreLine(model),
    coverageLine(model),
    `Exceptions: ${model.totals.exceptions} (red ${ex.red.length}, overdue ${ex.overdue.length}, escalations ${ex.escalations.length}, contradictions ${ex.contradictions.length}). Slipped: ${model.totals.slipped}. Updated this period: ${model.totals.changed}. Not updated: ${model.missing.length}.`,
    ...(indicators ? [`Indicators: ${indicators.intro.split(". ")[0]}.`] : []),
    ...(reco
      ? [
          `Ofsted recommendations: ${reco.length} covered by the plan, ${reco.filter((r) => r.complete === r.milestones).length} with every milestone complete.`,
        ]
      : []),
  ].map(safeCell);
  return {
    title: safeCell(`${model.board.name} — board paper`),
    subtitle: safeCell(
      `As presented to the board on ${d(model.asOf)}${model.previous ? `; previous period: ${model.previous.source === "digest" ? `the digest of ${d(model.previous.asOf)}` : model.previous.label}` : ""}`,
    ),
    summary,
    key: model.counts
      .filter((c) => c.key !== "none")
      .map((c) => {
        const f = statusFill(model, c.key) as { fill: string; light: boolean };
        return { label: safeCell(countLabel(model, c)), meaning: c.status.replace("_", " "), fill: f.fill, light: f.light };
      }),
    tables: [rag, exceptions, slipped, notUpdated, all],
    ...(indicators ? { indicators } : {}),
  };
}
