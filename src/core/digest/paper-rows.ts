// The board paper's full table, one row per milestone in the board's scope, computed when the digest is
// stored and kept in its snapshot, so the paper renders exactly what the board was shown.
import { revisionsOf } from "./changes.js";
import { recommendationRef, updatesByMilestone, whoOf } from "./exceptions.js";
import { excerpt, type PlanFacts, statusKey, statusWords } from "./facts.js";
import { inScope } from "./model.js";
import { sectionShort, sectionWordOf } from "./sections.js";
import type { Revision } from "./types.js";

export interface PaperHistoryEntry {
  /** YYYY-MM-DD, or the rating period ("RAG Initial") for imported history */
  when: string;
  status: string;
  by: string | null;
  note: string | null;
}

export interface PaperRow {
  milestoneId: string;
  section: string;
  ref: string | null;
  action: string;
  milestone: string;
  owners: string[];
  outcome: string | null;
  successMeasures: string | null;
  recommendation: string | null;
  baselineDue: string | null;
  due: string | null;
  dueRaw: string | null;
  revisions: Revision[];
  /** scale option id ("green", "3"; "none") for the colour, and the status as the plan writes it */
  statusKey: string;
  status: string;
  statusNote: string | null;
  percent: number | null;
  latestUpdate: string | null;
  impact: string | null;
  history: PaperHistoryEntry[];
}

/** history entries kept per row (the latest ones): enough for a board to see the trend, short enough to print */
export const HISTORY_MAX = 6;

export function paperRows(facts: PlanFacts, sections: string[] | null, asOf: string): PaperRow[] {
  const scale = facts.plan.scale;
  const scope = inScope(facts, sections);
  const word = sectionWordOf(facts.sections);
  const secById = new Map(scope.sections.map((s) => [s.id, s]));
  const ups = updatesByMilestone(facts.updates, `${asOf}T23:59:59.999Z`);
  return scope.milestones.map((m) => {
    const list = ups.get(m.id) ?? [];
    const history = list.slice(-HISTORY_MAX).map((u) => {
      const period = u.source === "import" && u.narrative?.startsWith("RAG ") ? u.narrative : null;
      return {
        when: period ?? u.createdAt.slice(0, 10),
        status: statusWords(scale, u.status, u.statusLabel),
        by: u.source === "import" ? "import" : whoOf(u),
        note: period ? null : excerpt(u.narrative ?? u.impact ?? null, 90),
      };
    });
    const s = m.sectionId ? secById.get(m.sectionId) : undefined;
    const note =
      m.statusLabel && m.statusLabel.length > 24 && !scale.options.some((o) => o.label.toLowerCase() === m.statusLabel?.toLowerCase());
    return {
      milestoneId: m.id,
      section: s ? sectionShort(s, word) : "No section",
      ref: m.ref,
      action: excerpt(m.actionTitle, 160) ?? "",
      milestone: excerpt(m.title, 220) ?? "",
      owners: m.owners.map((o) => o.name),
      outcome: excerpt(m.outcome, 160),
      successMeasures: excerpt(m.successMeasures, 160),
      // "Recommendation 14" when numbered (the text is usually the action's own outcome), else the text
      recommendation: recommendationRef(m.recommendation) ?? excerpt(m.recommendation, 160),
      baselineDue: m.baselineDue,
      due: m.due,
      dueRaw: m.dueRaw,
      revisions: revisionsOf(m, list),
      statusKey: statusKey(scale, m),
      status: statusWords(scale, m.status, m.statusLabel),
      statusNote: note ? excerpt(m.statusLabel, 160) : null,
      percent: m.percentComplete ?? null,
      latestUpdate: excerpt(m.latestUpdate, 300),
      impact: excerpt(m.impact, 200),
      history,
    };
  });
}
