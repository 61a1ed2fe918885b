// Header detection by meaning, not position. Each council names its columns its own way ("Who", "Lead
// Officer", "Responsible Officer"; "Date", "Time", "End date"; "Progress & RAG", "Update/RAG", "RAG 01/18").
import { parseUkDate } from "../core/dates.js";
import { ImportError } from "./errors.js";

export const FIELDS = [
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
  "rating",
  "progress",
  "impact",
  "percent",
  "recommendation",
  "monthMilestone",
  "extra",
  "ignore",
] as const;
export type Field = (typeof FIELDS)[number];

/** Fields one column at most may hold; the others (rating, monthMilestone, extra, ignore) may repeat. */
export const SINGLE: ReadonlySet<Field> = new Set(FIELDS.filter((f) => !["rating", "monthMilestone", "extra", "ignore"].includes(f)));

export interface Column {
  index: number;
  header: string;
  field: Field;
  /** monthMilestone: the due date the column stands for (last day of its month); rating: the period label */
  due?: string;
  dueRaw?: string;
  period?: string;
}

export interface HeaderMap {
  /** 0-based index of the header row in the grid */
  headerRow: number;
  columns: Column[];
}

export function normHeader(h: string): string {
  return h
    .toLowerCase()
    .replace(/[’']/g, "")
    .replace(/%/g, " percent ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

// [field, exact headers, prefix/contains patterns] — exact scores 3, pattern 2, fallback 1.
const RULES: [Field, string[], RegExp[]][] = [
  [
    "section",
    ["section", "priority", "theme", "strand", "work strand", "workstream", "work stream", "priority area", "area", "area of focus"],
    [],
  ],
  ["ref", ["ref", "reference", "ref no", "no", "number", "id", "action ref", "action no", "ref number", "item"], [/^ref\b/]],
  [
    "outcome",
    ["outcome", "outcomes", "expected outcome", "expected outcomes", "intended outcome", "objective", "objectives", "aim", "aims"],
    [/\boutcomes?\b/],
  ],
  [
    "action",
    ["action", "actions", "action s", "task", "tasks", "activity", "activities", "what we will do", "key actions"],
    [/^actions?\b/, /^key actions?\b/],
  ],
  [
    "milestone",
    ["milestone", "milestones", "pid milestones", "key milestones", "deliverable", "deliverables", "targets milestones"],
    [/\bmilestones?\b/],
  ],
  [
    "successMeasure",
    ["success measure", "success measures", "success measure s", "success criteria", "measures of success", "how will we know"],
    [/^success\b/],
  ],
  ["lead", ["lead", "leads", "lead s", "action lead", "lead person", "strategic lead", "accountable"], []],
  [
    "owner",
    ["who", "owner", "owners", "responsible officer", "lead officer", "responsible", "officer", "by whom", "responsible person"],
    [/\bofficers?\b/, /^responsib/],
  ],
  ["start", ["start", "start date", "from", "date started", "begin"], [/^start\b/]],
  [
    "due",
    [
      "due",
      "date due",
      "due date",
      "completion date",
      "end date",
      "time",
      "timescale",
      "timescales",
      "dates",
      "date",
      "deadline",
      "target date",
      "by when",
      "when",
      "end",
      "timeframe",
    ],
    [/\bdue\b/, /^target date/, /^completion\b/],
  ],
  [
    "status",
    ["status", "rag", "rag rating", "rag status", "rating", "progress rag", "update rag", "progress and rag", "brag"],
    [/\brag\b/, /\bstatus\b/],
  ],
  [
    "progress",
    [
      "progress",
      "progress update",
      "update",
      "updates",
      "current position",
      "latest update",
      "commentary",
      "comments",
      "comment",
      "notes",
      "position",
      "narrative",
      "progress to date",
    ],
    [/^progress\b/, /\bupdate\b/],
  ],
  [
    "impact",
    ["is it making a difference", "making a difference", "impact", "performance", "difference", "impact evidence"],
    [/making a difference/, /\bimpact\b/],
  ],
  ["percent", ["percent complete", "percent", "percentage complete", "complete percent", "percent completed"], [/\bpercent/]],
  [
    "recommendation",
    ["recommendation", "recommendations", "ofsted recommendation", "inspection recommendation", "recco"],
    [/recommendation/],
  ],
];

// columns that can stand in for the action when a plan has no action column (Durham's recommendations list,
// Thurrock's indicator list)
export const ACTION_FALLBACKS: [Field | "indicator", RegExp][] = [
  ["recommendation", /recommendation/],
  ["indicator", /^(indicator|measure|kpi|performance indicator)s?\b/],
];

export interface HeaderHint {
  field: Field;
  /** 3: the header is one of the field's words; 2: it contains one; 0: no hint */
  score: number;
  due?: string;
  dueRaw?: string;
  period?: string;
  /** the hint is a month alone, confirmed by text in the cells */
  fromMonth?: boolean;
}

/** A header that is a month alone ("August 2017"): a month's milestone column if its cells are text. */
export function monthHeader(header: string): { due: string; dueRaw: string } | null {
  const h = header.trim();
  if (!/[a-z]/i.test(h) || h.length > 30) return null;
  const d = parseUkDate(h);
  return d.kind === "date" && d.dates.length === 1 && d.due ? { due: d.due, dueRaw: h } : null;
}

/** What a header's words alone suggest (the hint the content-based assignment starts from). */
export function classify(header: string): HeaderHint {
  const h = normHeader(header);
  if (!h) return { field: "extra", score: 0 };
  // "Targets/Milestones: August 2017": one milestone column per month
  if (/milestone|target/.test(h)) {
    const afterColon = header.includes(":") ? header.slice(header.indexOf(":") + 1).trim() : header;
    const d = parseUkDate(afterColon);
    if (d.kind === "date" && d.dates.length === 1) return { field: "monthMilestone", score: 3, due: d.due as string, dueRaw: afterColon };
  }
  // "RAG Initial", "RAG 01/18": one rating per period (not "RAG Rating" / "RAG status")
  const period = /^rag\s+(.+)$/i.exec(header.trim());
  if (period && !/^(rating|status|score)$/i.test((period[1] as string).trim())) {
    return { field: "rating", score: 3, period: (period[1] as string).trim() };
  }
  let best: { field: Field; score: number } = { field: "extra", score: 0 };
  for (const [field, exact, patterns] of RULES) {
    if (exact.includes(h)) return { field, score: 3 };
    if (best.score < 2 && patterns.some((p) => p.test(h))) best = { field, score: 2 };
  }
  return best;
}

/** Map one header row (no overrides applied). */
export function mapHeaders(headers: string[], overrides: Record<string, Field> = {}): Column[] {
  const normOverrides = new Map(Object.entries(overrides).map(([k, v]) => [normHeader(k), v]));
  const cols: (Column & { score: number })[] = headers.map((header, index) => {
    const forced = normOverrides.get(normHeader(header));
    if (forced) {
      const c = classify(header);
      return { index, header, field: forced, score: 10, due: c.due, dueRaw: c.dueRaw, period: c.period ?? header };
    }
    return { index, header, ...classify(header) };
  });
  // one column per single field: highest score wins, ties go to the leftmost; the rest are kept as extra text
  for (const field of SINGLE) {
    const holders = cols.filter((c) => c.field === field);
    if (holders.length < 2) continue;
    const winner = holders.reduce((a, b) => (b.score > a.score ? b : a));
    for (const c of holders) if (c !== winner) c.field = "extra";
  }
  // no action column: a recommendation or indicator column is the action
  if (!cols.some((c) => c.field === "action")) {
    for (const [, re] of ACTION_FALLBACKS) {
      const c = cols.find((col) => (col.field === "recommendation" || col.field === "extra") && re.test(normHeader(col.header)));
      if (c) {
        c.field = "action";
        break;
      }
    }
  }
  return cols.map(({ score: _score, ...c }) => {
    const out: Column = { index: c.index, header: c.header, field: c.field };
    if (c.due) out.due = c.due;
    if (c.dueRaw) out.dueRaw = c.dueRaw;
    if (c.field === "rating") out.period = c.period ?? c.header;
    return out;
  });
}

/** Parse --map "header=field" options. */
export function parseMapOptions(maps: string[] | undefined): Record<string, Field> {
  const out: Record<string, Field> = {};
  for (const m of maps ?? []) {
    const i = m.lastIndexOf("=");
    if (i <= 0) throw new ImportError("bad_option", `--map "${m}": expected header=field, e.g. --map "Who=owner"`);
    const header = m.slice(0, i).trim();
    const field = m.slice(i + 1).trim() as Field;
    if (!(FIELDS as readonly string[]).includes(field)) {
      throw new ImportError("bad_option", `--map "${m}": unknown field "${field}"; fields: ${FIELDS.join(", ")}`);
    }
    out[header] = field;
  }
  return out;
}
