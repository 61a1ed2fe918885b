// One scored assignment of roles to columns. Each column's content profile says what it can be (dates -> due,
// people -> owner, status words -> status, refs -> ref, running text filled down -> action, ...); header words
// are hints that raise a role, and a header that names another role lowers the rest. The best (column, role)
// pairs are taken first, one column per role; --map pins a column. Pure.
import { ImportError } from "./errors.js";
import { ACTION_FALLBACKS, type Column, classify, type Field, type HeaderHint, monthHeader, normHeader, SINGLE } from "./headers.js";
import { type ColumnProfile, looksLikeRef, profileColumn, textness } from "./profile.js";

export interface Scored {
  field: Field;
  /** 0..1 */
  score: number;
}

export interface AssignedColumn extends Column {
  /** how sure the assignment is of this column's role, 0..1 (1 for --map) */
  confidence: number;
  /** the column's next best role */
  runnerUp: Scored | null;
  /** what decided it */
  by: "map" | "header" | "content" | "header+content" | "fallback" | "heading" | "none";
}

export interface Assignment {
  columns: AssignedColumn[];
  /** the best columns for the action, best first (for errors and the dry-run report) */
  actionCandidates: { header: string; score: number }[];
  /** two columns that fit the action equally well by content alone (the import stops and asks for --map) */
  ambiguous: [string, string] | null;
}

/** Below this the action is not taken as found: the import stops and names the candidates. */
export const ACTION_THRESHOLD = 0.3;
/** Below this a column's best free role is not taken; the column is kept as extra text. */
const TAKE_THRESHOLD = 0.25;
/** Whole assignments closer than this, with the action on different columns found by content, are a tie. */
const AMBIGUOUS_MARGIN = 0.05;

// roles content alone can find; the others need a header hint (content then only confirms it)
const CONTENT_FINDS: ReadonlySet<Field> = new Set<Field>(["section", "ref", "action", "milestone", "owner", "due", "status"]);
// roles whose content is specific (dates, status words, refs): clear content outweighs another role's header word
const SPECIFIC: ReadonlySet<Field> = new Set<Field>(["due", "status", "ref"]);
const ROLES: Field[] = [
  "section",
  "ref",
  "outcome",
  "action",
  "milestone",
  "successMeasure",
  "lead",
  "owner",
  "start",
  "due",
  "status",
  "progress",
  "impact",
  "percent",
  "recommendation",
];

/** How well a column's content fits a role, 0..1. */
export function contentScore(role: Field, p: ColumnProfile): number {
  if (p.fill === 0) return 0;
  const t = textness(p);
  switch (role) {
    case "section":
      // short labels written once per block of rows; long repeated text is an outcome or a priority statement
      return (
        (0.45 * p.sectionLabel + 0.55 * p.parent) *
        (p.distinct <= 0.35 ? 1 : 0.3) *
        (p.meanLen <= 70 || p.sectionLabel >= 0.5 ? 1 : 0.5) *
        (1 - Math.max(p.date, p.person, p.status, p.ref))
      );
    case "ref":
      // refs name one action each: mostly distinct (a repeated "0" or "P1" is a count or a parent, not a ref)
      return p.ref * (p.distinct >= 0.6 ? 0.6 + 0.4 * p.distinct : 0.2);
    case "action":
      // numbered labels ("1. Strategic Partnerships") are sections or a contents list, not actions
      return t * (0.45 + 0.3 * p.verb + 0.25 * p.parent) * (1 - 0.8 * p.sectionLabel);
    case "milestone":
    case "monthMilestone":
      // one per row: a text repeated or filled down over rows is a parent (action, outcome), not a milestone
      return t * (0.5 + 0.5 * (1 - p.verb)) * (1 - 0.7 * p.parent);
    case "owner":
      return p.person * (0.75 + 0.25 * (1 - p.parent));
    case "lead":
      return p.person * (0.6 + 0.4 * p.parent);
    case "due":
    case "start":
      return p.date;
    case "status":
    case "rating":
      return p.status;
    case "percent":
      return Math.max(p.percent, p.number);
    default:
      return t;
  }
}

/** One column's score for each role. */
export function scoreColumn(header: string, p: ColumnProfile): { hint: HeaderHint; scores: Scored[] } {
  let hint = classify(header);
  const month = hint.score === 0 ? monthHeader(header) : null;
  // a month alone heads a milestone column only when its cells are text (not Thurrock's monthly figures)
  if (month && textness(p) >= 0.2) hint = { field: "monthMilestone", score: 2, ...month, fromMonth: true };
  const h = hint.score >= 3 ? 1 : hint.score >= 2 ? 0.67 : 0;
  const roles = hint.field === "rating" || hint.field === "monthMilestone" ? [...ROLES, hint.field] : ROLES;
  const scores: Scored[] = [];
  for (const field of roles) {
    const c = contentScore(field, p);
    let s = 0;
    if (h > 0 && hint.field === field) s = 0.35 + 0.35 * h + 0.3 * c;
    // a header naming another role lowers this one, unless the cells are unmistakable (all dates, all status
    // words: "Progress so far" over Green/Amber/Red is the status)
    else if (CONTENT_FINDS.has(field) && p.fill >= 0.1) s = 0.7 * c * (h === 0 || (SPECIFIC.has(field) && c >= 0.8) ? 1 : 0.4);
    if (s > 0) scores.push({ field, score: Math.round(s * 100) / 100 });
  }
  scores.sort((a, b) => b.score - a.score);
  return { hint, scores };
}

/** Assign roles to the columns of one header row, given the data rows below it. */
export function assignColumns(headers: string[], dataRows: string[][], overrides: Record<string, Field> = {}): Assignment {
  // a loop, not Math.max(...rows): one argument per row overflows the stack on a very large sheet
  let width = headers.length;
  for (const r of dataRows) if (r.length > width) width = r.length;
  const forced = new Map(Object.entries(overrides).map(([k, v]) => [normHeader(k), v]));
  const cols = Array.from({ length: width }, (_, index) => {
    const header = headers[index] ?? "";
    const profile = profileColumn(dataRows.map((r) => r[index] ?? ""));
    return { index, header, profile, ...scoreColumn(header, profile) };
  });
  const out: AssignedColumn[] = cols.map((c) => ({
    index: c.index,
    header: c.header,
    field: "extra",
    confidence: 0,
    runnerUp: null,
    by: "none",
  }));
  const taken = new Set<Field>();
  for (const c of cols) {
    const f = forced.get(normHeader(c.header));
    if (!f || !c.header.trim()) continue;
    const o = out[c.index] as AssignedColumn;
    Object.assign(o, { field: f, confidence: 1, by: "map" });
    if (f === "monthMilestone" || f === "rating") {
      const d = monthHeader(c.header.includes(":") ? c.header.slice(c.header.indexOf(":") + 1) : c.header);
      if (f === "monthMilestone" && d) Object.assign(o, d);
      if (f === "rating") o.period = c.hint.period ?? c.header;
    }
    if (SINGLE.has(f)) taken.add(f);
  }
  const pairs = cols
    .filter((c) => out[c.index]?.by !== "map")
    .flatMap((c) => c.scores.map((s) => ({ col: c, ...s, fromHeader: c.hint.field === s.field && c.hint.score > 0 })));
  // best first; equal scores: the header's own role, then the leftmost column
  pairs.sort((a, b) => b.score - a.score || Number(b.fromHeader) - Number(a.fromHeader) || a.col.index - b.col.index);
  const greedy = (res: AssignedColumn[], used: Set<Field>): number => {
    for (const p of pairs) {
      const o = res[p.col.index] as AssignedColumn;
      if (o.by !== "none" || p.score < TAKE_THRESHOLD || (SINGLE.has(p.field) && used.has(p.field))) continue;
      o.field = p.field;
      o.confidence = p.score;
      const c = contentScore(p.field, p.col.profile);
      o.by = p.fromHeader ? (c >= 0.5 || p.col.hint.fromMonth ? "header+content" : "header") : "content";
      if (p.field === "monthMilestone") Object.assign(o, { due: p.col.hint.due, dueRaw: p.col.hint.dueRaw });
      if (p.field === "rating") o.period = p.col.hint.period ?? p.col.header;
      if (SINGLE.has(p.field)) used.add(p.field);
    }
    return res.reduce((n, o) => n + (o.field === "extra" ? 0 : o.confidence), 0);
  };
  // the action is required: try each likely action column with the best assignment of the rest, keep the
  // strongest whole (so a lone column in the council's own words is the action, not an optional milestone)
  const actionPairs = taken.has("action") ? [] : pairs.filter((p) => p.field === "action" && p.score >= TAKE_THRESHOLD).slice(0, 4);
  let best: { total: number; res: AssignedColumn[]; header: string; fromHeader: boolean } | null = null;
  let second: { total: number; header: string } | null = null;
  for (const ap of actionPairs) {
    const res = out.map((o) => ({ ...o }));
    const used = new Set(taken);
    const o = res[ap.col.index] as AssignedColumn;
    const c = contentScore("action", ap.col.profile);
    Object.assign(o, { field: "action", confidence: ap.score, by: ap.fromHeader ? (c >= 0.5 ? "header+content" : "header") : "content" });
    used.add("action");
    const total = greedy(res, used);
    const option = { total, res, header: ap.col.header, fromHeader: ap.fromHeader };
    if (!best || total > best.total + 1e-9) {
      if (best) second = best;
      best = option;
    } else if (!second || total > second.total) second = option;
  }
  if (best) out.splice(0, out.length, ...best.res);
  else greedy(out, taken);
  // two columns that would make equally good actions, neither named so by its header: say so, never guess
  const ambiguous: [string, string] | null =
    best && second && !best.fromHeader && best.total - second.total < AMBIGUOUS_MARGIN ? [best.header, second.header] : null;
  // no action column: a recommendation or indicator column is the action (Durham's list, Thurrock's indicators)
  if (!out.some((o) => o.field === "action")) {
    for (const [, re] of ACTION_FALLBACKS) {
      const o = out.find(
        (x) => (x.field === "recommendation" || x.field === "extra" || x.by === "content") && re.test(normHeader(x.header)),
      );
      if (o) {
        Object.assign(o, { field: "action", by: "fallback", confidence: Math.max(o.confidence, 0.7) });
        break;
      }
    }
  }
  for (const o of out) {
    const c = cols[o.index] as (typeof cols)[number];
    o.runnerUp = c.scores.find((s) => s.field !== o.field) ?? null;
    if (o.field === "extra" && !o.header.trim() && c.profile.fill === 0) o.field = "extra";
  }
  // the columns that could be the action, best first: its score, or what its content alone says; columns
  // firmly placed elsewhere (a due date, the owners) are not candidates
  const actionCandidates = cols
    .filter((c) => c.header.trim() && c.profile.fill > 0)
    .filter((c) => (out[c.index] as AssignedColumn).field === "action" || (out[c.index] as AssignedColumn).confidence < 0.6)
    .map((c) => ({ header: c.header, score: c.scores.find((s) => s.field === "action")?.score ?? 0 }))
    .sort((a, b) => b.score - a.score)
    .slice(0, 3);
  return { columns: out, actionCandidates, ambiguous };
}

export interface HeaderDetection extends Assignment {
  /** 0-based index of the header row in the grid */
  headerRow: number;
}

const SAMPLE = 400;

function headerLikeness(row: string[]): number {
  const cells = row.map((c) => c.trim()).filter(Boolean);
  if (cells.length === 0) return 0;
  const dataLike = cells.filter((c) => c.length > 60 || looksLikeRef(c) || /\d{1,2}[/-]\d{1,2}[/-]\d{2,4}/.test(c)).length;
  return 1 - (0.6 * dataLike) / cells.length;
}

/**
 * Find the header row among the first 15 rows: the first whose assignment finds an action and another role,
 * unless a later row's assignment is much stronger (a title row above it has too few cells; a data row's cells
 * read as data), then assign its columns.
 */
export function detectHeader(
  rows: string[][],
  overrides: Record<string, Field> = {},
  skip: (i: number) => boolean = () => false,
): HeaderDetection {
  const limit = Math.min(rows.length, 15);
  // --map headers pick the header row (when one holds them all; a header that is nowhere is reported later)
  let wanted = Object.keys(overrides).map(normHeader);
  if (!rows.slice(0, limit).some((row) => wanted.every((w) => row.some((c) => normHeader(c) === w)))) wanted = [];
  let best: { total: number; det: HeaderDetection } | null = null;
  let fallback: HeaderDetection | null = null;
  let firstNonEmpty: string[] | null = null;
  for (let r = 0; r < limit; r++) {
    const row = rows[r] ?? [];
    const filled = row.filter((c) => c.trim() !== "").length;
    if (filled === 0 || skip(r)) continue;
    firstNonEmpty ??= row;
    if (filled < 2 && row.length > 1) continue;
    const names = new Set(row.map(normHeader));
    if (wanted.length && !wanted.every((w) => names.has(w))) continue;
    const data: string[][] = [];
    for (let i = r + 1; i < rows.length && data.length < SAMPLE; i++) if (!skip(i)) data.push(rows[i] as string[]);
    const a = assignColumns(row, data, overrides);
    const det = { headerRow: r, ...a };
    fallback ??= det;
    const action = a.columns.find((c) => c.field === "action");
    const known = a.columns.filter((c) => c.field !== "extra" && c.field !== "ignore").length;
    if (!action || action.confidence < ACTION_THRESHOLD || known < 2) continue;
    const total = a.columns.reduce((n, c) => n + (c.field === "extra" ? 0 : c.confidence), 0) * headerLikeness(row);
    // the first row that reads as a header, unless a later one reads much better (a two-cell title row above
    // the real header); a data row read as headers scores lower, having no header words
    if (!best || total > best.total * 1.25) best = { total, det };
  }
  if (best?.det.ambiguous) throw ambiguousError(best.det.ambiguous);
  if (best) return best.det;
  if (!firstNonEmpty) throw new ImportError("empty", "the file has no rows");
  throw noActionError(fallback, firstNonEmpty);
}

export function ambiguousError([a, b]: [string, string]): ImportError {
  return new ImportError(
    "ambiguous_action",
    `"${a}" and "${b}" fit the action equally well (their cells read alike). Say which: --map "${a}=action" (the other is then read by its content)`,
  );
}

export function noActionError(det: HeaderDetection | null, headerRow: string[]): ImportError {
  const seen = headerRow
    .map((h) => h.trim())
    .filter(Boolean)
    .map((h) => `"${h}"`)
    .join(", ");
  const cands = det?.actionCandidates ?? [];
  const best = cands[0]?.header ?? "<header>";
  const list = cands.length ? `; best candidates: ${cands.map((c) => `"${c.header}" (${c.score.toFixed(2)})`).join(", ")}` : "";
  return new ImportError(
    "no_action_column",
    `no column looks like the action (headers found: ${seen}${list}). Map it: --map "${best}=action"`,
  );
}
