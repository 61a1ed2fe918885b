// One line (or a few) of digest text per item, shared by the chat card and the board paper.
import { formatDate } from "../cards/reminder.js";
import { excerpt } from "./facts.js";
import type {
  ChangeItem,
  ContradictionItem,
  DigestItem,
  DigestModel,
  Direction,
  DueSoonItem,
  EscalationItem,
  ExceptionItem,
  MissingItem,
  OverdueItem,
  RecommendationRow,
  SectionRow,
  SlipItem,
  StatusCount,
  UnownedItem,
} from "./types.js";

/** milestone titles in list lines are cut to this many characters (plans write whole paragraphs) */
export const TITLE_MAX = 110;

export const ARROWS: Record<Direction, string> = { up: "↑", down: "↓", flat: "→", new: "–" };
export const WORDS: Record<Direction, string> = { up: "improving", down: "worsening", flat: "no change", new: "no previous period" };

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;

export function score(n: number | null): string {
  return n === null ? "n/a" : n.toFixed(1);
}

export function countLabel(model: Pick<DigestModel, "plan">, c: StatusCount): string {
  return model.plan.scaleId === "numeric5" && c.key !== "none" ? `${c.label} (${c.status.replace("_", " ")})` : c.label;
}

/** "Score 3.1 ↑ from 2.9 (RAG Initial …)" — the score, its trend and what it is compared with. */
export function scoreLine(model: DigestModel): string {
  const s = model.score;
  const name = model.plan.scoreName;
  if (!model.previous || s.previous === null)
    return `${name}: ${score(s.current)} — no previous period to compare (first digest, and the plan has no earlier ratings)`;
  const against =
    model.previous.source === "digest" && model.previous.asOf ? `the digest of ${formatDate(model.previous.asOf)}` : model.previous.label;
  return `${name}: ${score(s.current)} ${ARROWS[s.direction]} ${WORDS[s.direction]}, from ${score(s.previous)} (${against})`;
}

export function coverageLine(model: DigestModel): string {
  const c = model.coverage;
  const unrated = c.total - c.rated;
  return `Rated ${c.rated} of ${c.total} milestone${c.total === 1 ? "" : "s"}${unrated ? ` (${unrated} with no status)` : ""}; the score is the average of ${c.scored} scored rating${c.scored === 1 ? "" : "s"}.`;
}

export function countsText(model: Pick<DigestModel, "plan">, counts: StatusCount[] | null): string {
  if (!counts) return "–";
  const parts = counts.filter((c) => c.count > 0).map((c) => `${countLabel(model, c)} ${c.count}`);
  return parts.join(", ") || "none";
}

export function countsLine(model: DigestModel): string {
  return `${plural(model.totals.milestones, "milestone")} (${model.totals.open} open) — ${countsText(model, model.counts)}`;
}

/** One line per priority for the top of the message: score, trend and what needs looking at. */
export function priorityLine(s: SectionRow): string {
  const trend =
    s.direction === "new" || s.previousScore === null
      ? score(s.score)
      : `${score(s.score)} ${ARROWS[s.direction]} from ${score(s.previousScore)}`;
  const red = s.counts.filter((c) => c.status === "off_track").reduce((n, c) => n + c.count, 0);
  const flags = [red ? `${red} red` : "", s.rated < s.total ? `rated ${s.rated}/${s.total}` : ""].filter(Boolean).join(", ");
  return `• ${excerpt(s.heading, 60)}: ${trend}${flags ? ` — ${flags}` : ""}`;
}

function base(i: DigestItem): string {
  const owners = i.owners.length ? i.owners.join(", ") : "no owner";
  return `${i.ref ? `${i.ref} ` : ""}${excerpt(i.title, TITLE_MAX)} — ${owners}`;
}

function statusOf(i: DigestItem): string {
  return i.statusNote ? `${i.status}: “${excerpt(i.statusNote, 120)}”` : i.status;
}

export function exceptionLine(i: ExceptionItem): string {
  const late = i.daysOverdue > 0 ? `, ${plural(i.daysOverdue, "day")} overdue (due ${formatDate(i.due as string)})` : "";
  const word = i.latestUpdate
    ? `\n   Latest${i.latestAt ? ` (${formatDate(i.latestAt)})` : ""}: ${i.latestUpdate}`
    : "\n   No update or mitigation recorded.";
  return `• ${base(i)} — ${statusOf(i)}${late}${word}`;
}

export function escalationLine(i: EscalationItem): string {
  const who = i.by ? ` — ${i.by}` : "";
  return `• ${base(i)} — ${i.kind === "raised" ? "escalated" : "chased"} ${formatDate(i.at)}${who}: ${i.text}`;
}

export function contradictionLine(i: ContradictionItem): string {
  return `• ${base(i)} — rated “${i.says}” but ${plural(i.daysOverdue, "day")} overdue (due ${formatDate(i.due as string)})`;
}

export function overdueLine(i: OverdueItem): string {
  return `• ${base(i)} — due ${formatDate(i.due as string)}, ${plural(i.daysOverdue, "day")} overdue — ${statusOf(i)}`;
}

export function dueSoonLine(i: DueSoonItem): string {
  const when = i.daysToDue === 0 ? "today" : `in ${plural(i.daysToDue, "day")}`;
  return `• ${base(i)} — due ${formatDate(i.due as string)} (${when}) — ${statusOf(i)}`;
}

const KIND_WORDS: Record<string, string> = {
  status: "status",
  narrative: "progress",
  impact: "impact",
  percent: "% complete",
  date: "new date",
  escalation: "escalation",
  evidence: "evidence",
  confirmed: "status confirmed, no change",
};

/** Progress and impact side by side for one changed item. */
export function changeLines(i: ChangeItem): string {
  const who = i.by ? ` — ${i.by}${i.at ? `, ${formatDate(i.at)}` : ""}` : "";
  const move = i.from === i.to ? `${i.to} (unchanged)` : `${i.from} → ${i.to}`;
  const pct =
    i.percent !== null
      ? ` · ${i.previousPercent !== null && i.previousPercent !== i.percent ? `${i.previousPercent}% → ` : ""}${i.percent}%`
      : "";
  const out = [`• ${base(i)}: ${move}${pct}${who} [${i.kinds.map((k) => KIND_WORDS[k] ?? k).join(", ")}]`];
  out.push(`   Progress: ${i.narrative ?? "—"}`);
  out.push(`   Impact: ${i.impact ?? "—"}`);
  if (i.escalation) out.push(`   Escalated: ${i.escalation}`);
  return out.join("\n");
}

export function slipLine(i: SlipItem): string {
  const times = `moved ${plural(i.timesMoved, "time")}`;
  const revs = i.revisions.length
    ? i.revisions
        .map(
          (r, n) =>
            `${n + 1}) ${r.due ? formatDate(r.due) : "no date"}${r.at ? ` (recorded ${formatDate(r.at)})` : ""}: ${r.reason ?? "no reason given"}`,
        )
        .join("; ")
    : (i.reason ?? "no reason given");
  return `• ${base(i)} — baseline ${formatDate(i.baselineDue)}, revised ${formatDate(i.due as string)} (${i.daysSlipped} days later, ${times}) — ${revs}`;
}

/** "• 1.1 Senior management … (Priority 1 — Workforce) — Kara Haskayne said it is not theirs on 15 Jan 2018 …" */
export function unownedLine(i: UnownedItem): string {
  const who = i.disownedBy ?? "Its owner";
  const ago = i.daysUnowned > 0 ? ` (${plural(i.daysUnowned, "day")} ago)` : "";
  const to = i.with.length ? `with ${i.with.join(", ")} to reassign` : "nobody has been asked to reassign it";
  return `• ${i.ref ? `${i.ref} ` : ""}${excerpt(i.title, TITLE_MAX)} (${excerpt(i.section, 60)}) — ${who} said it is not theirs on ${formatDate(i.since)}${ago}; ${to} — ${statusOf(i)}`;
}

export function recommendationLine(r: RecommendationRow): string {
  const open = r.milestones - r.complete;
  const state =
    open === 0 ? "all complete" : `${r.complete} complete, ${open} open${r.overdue ? ` (${r.overdue} overdue)` : ""}, worst ${r.worst}`;
  return `• ${r.ref}: ${plural(r.milestones, "milestone")} — ${state}`;
}

export function missingLine(i: MissingItem, who: string = i.name): string {
  if (i.reason === "no_answer")
    return `• ${who} — asked${i.askedOn ? ` on ${formatDate(i.askedOn)}` : ""}, ${plural(i.items, "item")} not updated`;
  return `• ${i.name} — cannot be asked: no chat account (${plural(i.items, "open item")}); ask an admin to map them`;
}
