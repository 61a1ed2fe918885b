// Questions about indicators, as a separate intent beside the plan questions: "how is the early help
// assessment rate doing", "which indicators are off target", "indicators for priority 2". Pure: the parser
// knows no plan; matchIndicator picks the indicator a "how is … doing" names, and answers are written from
// the digest's indicator rows (core/indicators/digest.ts).
import type { IndicatorRow } from "../indicators/digest.js";

export type IndicatorQuery =
  | { kind: "indicator_how"; text: string }
  | { kind: "indicators_off_target"; section?: string }
  | { kind: "indicators_for"; section?: string; missing?: boolean };

const SECTION = /\b(?:priority|priorities|theme|section|workstream|strand|area|objective|p)\s*(\d+[a-z]?)\b/i;

export function parseIndicatorQuestion(text: string): IndicatorQuery | null {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[?!.]+$/, "")
    .replace(/\s+/g, " ");
  const section = SECTION.exec(t)?.[1];
  const aboutIndicators = /\b(indicators?|kpis?|measures|performance figures)\b/.test(t);
  if (aboutIndicators && /\b(off|not on|below|missing|behind|under|away from|near) (their |the )?targets?\b|\boff[- ]target\b/.test(t))
    return { kind: "indicators_off_target", ...(section ? { section } : {}) };
  if (aboutIndicators && /\b(no|without a|missing a?) (value|figure|return)s?\b/.test(t))
    return { kind: "indicators_for", missing: true, ...(section ? { section } : {}) };
  if (aboutIndicators && (section || /^(show |list |what are )?(the |all )?(indicators|kpis)$/.test(t)))
    return { kind: "indicators_for", ...(section ? { section } : {}) };
  const how = /^how (?:is|are|'s) (?:the |our )?(.+?)(?: doing| going| performing| looking| trending)?$/.exec(t);
  if (how?.[1] && how[1].split(" ").length >= 2) return { kind: "indicator_how", text: how[1] };
  return null;
}

const STOP = new Set([
  "the",
  "a",
  "an",
  "of",
  "in",
  "for",
  "to",
  "and",
  "our",
  "rate",
  "%",
  "percent",
  "per",
  "by",
  "with",
  "within",
  "is",
]);
function words(s: string): string[] {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, " ")
    .split(" ")
    .filter((w) => w && !STOP.has(w))
    .map((w) => (w.length > 3 ? w.replace(/s$/, "") : w));
}

/** The indicator the words name best (every meaningful word found in its ref or name), or null. */
export function matchIndicator<T extends Pick<IndicatorRow, "name" | "ref">>(rows: readonly T[], text: string): T | null {
  const want = words(text);
  if (want.length === 0) return null;
  let best: { row: T; score: number } | null = null;
  for (const row of rows) {
    if (row.ref && row.ref.toLowerCase() === text.trim().toLowerCase()) return row;
    const have = new Set(words(`${row.ref ?? ""} ${row.name}`));
    const hits = want.filter((w) => have.has(w)).length;
    const score = hits / want.length - have.size * 0.001; // ties go to the shorter name
    if (hits === want.length && (!best || score > best.score)) best = { row, score };
  }
  return best?.row ?? null;
}

function title(r: IndicatorRow): string {
  return r.ref ? `${r.ref} ${r.name}` : r.name;
}

/** "OI3 % assessments … (Theme 2): 78% for Oct 2023 — target 80% by 2023-10-31: Orange, ↑ improving" */
export function indicatorLine(r: IndicatorRow): string {
  const latest = r.latest ? `${r.latest.text} for ${r.latest.period}` : "no value yet";
  const target = r.target ? `target ${r.target.text} by ${r.target.date}` : "no target";
  const rag = r.rag === "No RAG" ? "" : `: ${r.rag}`;
  return `${title(r)} (${r.section}): ${latest} — ${target}${rag}${r.arrow ? `, ${r.arrow}` : ""}`;
}

export function answerIndicatorQuery(
  q: IndicatorQuery,
  rows: readonly IndicatorRow[],
  extra: (r: IndicatorRow) => string[] = () => [],
): { lead: string; lines: string[]; total: number } {
  const inSection = (r: IndicatorRow) => !("section" in q) || !q.section || r.sectionNumber === q.section;
  const where =
    "section" in q && q.section ? ` in ${rows.find((r) => r.sectionNumber === q.section)?.section ?? `section ${q.section}`}` : "";
  if (q.kind === "indicator_how") {
    const r = matchIndicator(rows, q.text);
    if (!r) return { lead: `I couldn't find an indicator called “${q.text}”.`, lines: [], total: 0 };
    return { lead: indicatorLine(r), lines: extra(r), total: 1 };
  }
  if (q.kind === "indicators_off_target") {
    const off = rows.filter((r) => inSection(r) && (r.status === "off_track" || r.status === "at_risk"));
    const noRag = rows.filter((r) => inSection(r) && r.status === "unknown").length;
    const note = noRag ? ` (${noRag} more have no target, value or polarity, so no RAG)` : "";
    if (off.length === 0) return { lead: `No indicators${where} are off target${note}.`, lines: [], total: 0 };
    return {
      lead: `${off.length} indicator${off.length === 1 ? " is" : "s are"} off or near target${where}${note}:`,
      lines: off.map(indicatorLine),
      total: off.length,
    };
  }
  const list = rows.filter((r) => inSection(r) && (!q.missing || r.missing));
  if (list.length === 0) return { lead: `There are no indicators${q.missing ? " without a value" : ""}${where}.`, lines: [], total: 0 };
  const what = q.missing ? "without a value for this period" : "";
  return {
    lead: `${list.length} indicator${list.length === 1 ? "" : "s"}${where}${what ? ` ${what}` : ""}:`,
    lines: list.map(indicatorLine),
    total: list.length,
  };
}
