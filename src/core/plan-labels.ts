// A plan's own status words -> canonical statuses, and which scale a plan uses. Pure: no I/O.
//
// Cells in status columns come in three kinds:
// - a label of the plan's scale or a common RAG word: "Completed", "Achieved", "On Track", "green", "G", "A",
//   "Amber", "Orange", "At Risk", "Red", "Overdue", "Not Started", "Grey", Thurrock's "1".."5";
// - a cell that STARTS with a clear status word and goes on in free text ("On track with revised timeline ...",
//   "Achieved Caseloads were holding ..."): both a status and a progress update;
// - free text ("July completed", "Audit rescheduled to September ..."): a progress update, status unknown.
import { type Scale, type ScaleId, type Status, scaleOf } from "./status.js";

export interface StatusReading {
  kind: "empty" | "status" | "text" | "invalid";
  status: Status;
  /** the label as the plan writes it ("Achieved", "green", "3"), null when no status was read */
  label: string | null;
  /** free text to keep as the latest update (the whole cell when it is more than a label) */
  update: string | null;
}

// longest phrases first so "in progress behind schedule" wins over "in progress"
const WORDS: [string, Status][] = (
  [
    ["in progress on schedule", "on_track"],
    ["in progress behind schedule", "at_risk"],
    ["not yet started", "not_started"],
    ["behind schedule", "at_risk"],
    ["on schedule", "on_track"],
    ["not started", "not_started"],
    ["on track", "on_track"],
    ["on-track", "on_track"],
    ["off track", "off_track"],
    ["at risk", "at_risk"],
    ["completed", "complete"],
    ["complete", "complete"],
    ["achieved", "complete"],
    ["green", "on_track"],
    ["amber", "at_risk"],
    ["orange", "at_risk"],
    ["red", "off_track"],
    ["overdue", "off_track"],
    ["blue", "complete"],
    ["grey", "not_started"],
    ["gray", "not_started"],
  ] as [string, Status][]
).sort((a, b) => b[0].length - a[0].length);

// single letters only count when they are the whole cell
const LETTERS: Record<string, Status> = { g: "on_track", a: "at_risk", r: "off_track", b: "complete", c: "complete" };

function clean(cell: string): string {
  return cell.replace(/\s+/g, " ").trim();
}

function fromScale(scale: Scale, text: string): Status | null {
  const t = text.toLowerCase();
  const opt = scale.options.find((o) => o.label.toLowerCase() === t || o.id.toLowerCase() === t);
  return opt ? opt.status : null;
}

/** The canonical status of one label (no free text), using the plan's scale first. */
export function statusOfLabel(label: string, scale: Scale): Status | null {
  const t = clean(label)
    .replace(/[.!:;,]+$/, "")
    .toLowerCase();
  if (!t) return null;
  const s = fromScale(scale, t);
  if (s) return s;
  if (/^\d+$/.test(t)) return null; // numbers only mean something on a numeric scale (handled by fromScale)
  if (LETTERS[t]) return LETTERS[t] as Status;
  const w = WORDS.find(([word]) => word === t);
  return w ? w[1] : null;
}

/** Read a status / "Progress & RAG" / "Update/RAG" cell. */
export function readStatusCell(cell: string | null | undefined, scale: Scale): StatusReading {
  const text = clean(cell ?? "");
  if (!text) return { kind: "empty", status: "unknown", label: null, update: null };
  const whole = statusOfLabel(text, scale);
  if (whole) return { kind: "status", status: whole, label: text.replace(/[.!:;,]+$/, ""), update: null };
  // a run of labels only ("Completed Completed On Track": one per milestone in a merged cell): the last one
  // describes the latest milestone, which is the one whose date we keep as due
  const run = labelRun(text, scale);
  if (run.length > 1) {
    const last = run[run.length - 1] as { label: string; status: Status };
    return { kind: "status", status: last.status, label: last.label, update: null };
  }
  // starts with a clear status word: "On track with revised timeline ...", "Achieved Caseloads were ..."
  const lower = text.toLowerCase();
  for (const [word, status] of WORDS) {
    if (lower.startsWith(word) && /^[\s,.;:\-–—)]/.test(lower.slice(word.length) || " ")) {
      const scaled = fromScale(scale, word) ?? status;
      return { kind: "status", status: scaled, label: text.slice(0, word.length), update: text };
    }
  }
  // a rating written as a sentence ("Work progressing but high risk of delay due ..."): the status the sentence
  // states, with the sentence itself kept as the label so it is what people read
  const stated = statedStatus(lower);
  if (stated) {
    const scaled = scale.options.find((o) => o.status === stated) ? stated : "unknown";
    if (scaled !== "unknown") return { kind: "status", status: scaled, label: sentenceLabel(text), update: text };
  }
  return { kind: "text", status: "unknown", label: null, update: text };
}

// phrases that state a rating inside a sentence; risk and delay words win over "progressing"
const STATED: [RegExp, Status][] = [
  [/\b(significant(ly)? delay(ed)?|off[- ]track|not on track|severely delayed)\b/, "off_track"],
  [/\b(high risk|at risk|risk of (delay|slippage)|some delay|delayed|behind (schedule|plan))\b/, "at_risk"],
];

function statedStatus(lower: string): Status | null {
  for (const [re, status] of STATED) if (re.test(lower)) return status;
  return null;
}

/** The first sentence of a rating sentence, kept short enough to read as a status. */
function sentenceLabel(text: string): string {
  const first = text.split(/(?<=[.!?])\s/)[0] ?? text;
  return first.length <= 120 ? first.replace(/[.!:;,]+$/, "") : `${first.slice(0, 119).trimEnd()}…`;
}

function labelRun(text: string, scale: Scale): { label: string; status: Status }[] {
  const out: { label: string; status: Status }[] = [];
  let rest = text;
  while (rest) {
    const lower = rest.toLowerCase();
    const hit = WORDS.find(([w]) => lower.startsWith(w) && /^(\s|$)/.test(lower.slice(w.length)));
    if (!hit) return [];
    out.push({ label: rest.slice(0, hit[0].length), status: fromScale(scale, hit[0]) ?? hit[1] });
    rest = rest.slice(hit[0].length).trim();
  }
  return out;
}

/**
 * Read one rating of a "RAG <period>" column (Thurrock: RAG Initial, RAG 01/18, ...). "0" and blank mean not
 * rated yet; anything that is not a label of the scale ("re", "Jan-00") is invalid and reported.
 */
export function readRating(cell: string | null | undefined, scale: Scale): StatusReading {
  const text = clean(cell ?? "");
  if (!text || text === "0" || text === "-") return { kind: "empty", status: "unknown", label: null, update: null };
  const s = statusOfLabel(text, scale);
  if (s) return { kind: "status", status: s, label: text, update: null };
  return { kind: "invalid", status: "unknown", label: null, update: null };
}

/** Guess a plan's scale from the values in its status columns. */
export function detectScale(values: Iterable<string>): ScaleId {
  const tally = scaleTally();
  for (const raw of values) tally.add(raw);
  return tally.scale();
}

/** detectScale one cell at a time (a streamed import sees its cells once, before it reads the rows again). */
export function scaleTally(): { add(raw: string): void; scale(): ScaleId } {
  let numeric = 0;
  let nonEmpty = 0;
  let telford = false;
  let blackpool = false;
  let brag = false;
  return {
    add(raw) {
      const v = clean(raw).toLowerCase();
      if (!v || v === "0") return;
      nonEmpty++;
      if (/^[1-5]$/.test(v)) numeric++;
      if (/in progress (on|behind) schedule/.test(v)) telford = true;
      if (/^(orange|grey|gray)\b/.test(v)) blackpool = true;
      if (v === "b" || /^blue\b/.test(v)) brag = true;
    },
    scale() {
      if (nonEmpty > 0 && numeric / nonEmpty >= 0.5) return "numeric5";
      if (telford) return "telford";
      if (blackpool) return "blackpool";
      if (brag) return "brag";
      return "rag";
    },
  };
}

export { scaleOf };
