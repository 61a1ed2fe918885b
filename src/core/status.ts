// Canonical statuses and each plan's own scale. Owners answer in their plan's labels; the product stores
// the canonical status and the label as written.

export const STATUSES = ["not_started", "on_track", "at_risk", "off_track", "complete", "unknown"] as const;
export type Status = (typeof STATUSES)[number];

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}

export interface ScaleOption {
  /** stable id used in cards and submissions, e.g. "green", "3", "behind" */
  id: string;
  /** label in the plan's own words */
  label: string;
  /** one-line meaning (shown on hover / as description) */
  description: string;
  /** the plan key's short meaning, for scales whose labels are bare numbers: "3" -> "On track" */
  short?: string;
  status: Status;
  /** score used for the board's average (plan's own numbers where it has them) */
  score: number | null;
  /** Block Kit button style / Adaptive Card emphasis hint */
  tone: "good" | "warning" | "attention" | "neutral" | "accent";
}

export const SCALE_IDS = ["rag", "brag", "numeric5", "telford", "blackpool"] as const;
export type ScaleId = (typeof SCALE_IDS)[number];

export interface Scale {
  id: ScaleId;
  name: string;
  options: ScaleOption[];
  /** how the board's overall score is described ("RAG summary", "average rating") */
  scoreName: string;
}

/**
 * Complete is the best a milestone can be, so on every scale it scores above "on track": a section whose only
 * change is Green -> Complete goes up, never down. (Thurrock's own 1-5 already does this: 4 and 5 are complete.)
 * Not started, Grey and no status are not scored; the digest shows how many were rated beside the score.
 */
export const COMPLETE_SCORE = 4;

const rag: Scale = {
  id: "rag",
  name: "RAG",
  scoreName: "RAG score (Complete 4, Green 3, Amber 2, Red 1)",
  options: [
    { id: "green", label: "Green", description: "On track", status: "on_track", score: 3, tone: "good" },
    { id: "amber", label: "Amber", description: "At risk: some delay or concern", status: "at_risk", score: 2, tone: "warning" },
    { id: "red", label: "Red", description: "Off track: significant delay", status: "off_track", score: 1, tone: "attention" },
    { id: "complete", label: "Complete", description: "Done", status: "complete", score: COMPLETE_SCORE, tone: "accent" },
  ],
};

const brag: Scale = {
  id: "brag",
  name: "BRAG",
  scoreName: "BRAG score (Blue 4, Green 3, Amber 2, Red 1)",
  options: [
    { id: "blue", label: "Blue", description: "Complete", status: "complete", score: COMPLETE_SCORE, tone: "accent" },
    ...rag.options.filter((o) => o.id !== "complete"),
  ],
};

const numeric5: Scale = {
  id: "numeric5",
  name: "Thurrock 1-5",
  scoreName: "RAG summary (average of 1-5 ratings)",
  options: [
    {
      id: "1",
      label: "1",
      short: "Significant delay",
      description: "Not started or significant delay",
      status: "off_track",
      score: 1,
      tone: "attention",
    },
    { id: "2", label: "2", short: "Some delay", description: "Started with some delay", status: "at_risk", score: 2, tone: "warning" },
    { id: "3", label: "3", short: "On track", description: "On track", status: "on_track", score: 3, tone: "good" },
    {
      id: "4",
      label: "4",
      short: "Complete, monitoring",
      description: "Completed and sustained; stays in the plan for monitoring",
      status: "complete",
      score: 4,
      tone: "accent",
    },
    {
      id: "5",
      label: "5",
      short: "Complete, can close",
      description: "Completed and sustained; can be removed",
      status: "complete",
      score: 5,
      tone: "accent",
    },
  ],
};

const telford: Scale = {
  id: "telford",
  name: "Telford",
  scoreName: "score (complete 4, on schedule 3, behind 2, overdue 1)",
  options: [
    { id: "on_schedule", label: "In progress on schedule", description: "On schedule", status: "on_track", score: 3, tone: "good" },
    { id: "behind", label: "In progress behind schedule", description: "Behind schedule", status: "at_risk", score: 2, tone: "warning" },
    { id: "overdue", label: "Overdue", description: "Past its date and not complete", status: "off_track", score: 1, tone: "attention" },
    { id: "complete", label: "Complete", description: "Done", status: "complete", score: COMPLETE_SCORE, tone: "accent" },
  ],
};

const blackpool: Scale = {
  id: "blackpool",
  name: "Blackpool",
  scoreName: "RAG score (Complete 4, Green 3, Orange 2, At Risk 1)",
  options: [
    { id: "complete", label: "Complete", description: "Done", status: "complete", score: COMPLETE_SCORE, tone: "accent" },
    { id: "green", label: "Green", description: "On track", status: "on_track", score: 3, tone: "good" },
    { id: "orange", label: "Orange", description: "Some concern", status: "at_risk", score: 2, tone: "warning" },
    { id: "at_risk", label: "At Risk", description: "Off track", status: "off_track", score: 1, tone: "attention" },
    { id: "not_started", label: "Not Started", description: "Not started yet", status: "not_started", score: null, tone: "neutral" },
    { id: "grey", label: "Grey", description: "Not yet due / not rated", status: "unknown", score: null, tone: "neutral" },
  ],
};

export const SCALES: Record<ScaleId, Scale> = { rag, brag, numeric5, telford, blackpool };

export function scaleOf(id: string | null | undefined): Scale {
  return SCALES[(id ?? "rag") as ScaleId] ?? rag;
}

export function isScaleId(value: string): value is ScaleId {
  return (SCALE_IDS as readonly string[]).includes(value);
}

/** The option of a scale for a canonical status (first match), used to show a stored status in plan words. */
export function optionForStatus(scale: Scale, status: Status): ScaleOption | undefined {
  return scale.options.find((o) => o.status === status);
}

/**
 * What a button for this option says. A label that is only a number (Thurrock's 1-5) means nothing alone, so
 * it carries the plan key's meaning: "3 · On track". Word labels ("Amber") are shown as they are.
 */
export function optionButtonLabel(o: ScaleOption): string {
  if (!/^\d+$/.test(o.label)) return o.label;
  return `${o.label} · ${o.short ?? o.description}`;
}

const CANONICAL_LABELS: Record<Status, string> = {
  not_started: "Not started",
  on_track: "On track",
  at_risk: "At risk",
  off_track: "Off track",
  complete: "Complete",
  unknown: "No status",
};

/** How a status reads to a person: the plan's own label when known, else a plain English one. */
export function statusText(scale: Scale, status: Status, label?: string | null): string {
  const opt = statusOption(scale, status, label);
  const short = statusLabel(scale, status, label);
  return opt && opt.label === short && scale.id === "numeric5" ? `${opt.label} (${opt.description.toLowerCase()})` : short;
}

/** The scale option a stored status shows as: the one its label names (as written, any case), else the status's. */
export function statusOption(scale: Scale, status: Status, label?: string | null): ScaleOption | undefined {
  const l = label?.trim().toLowerCase();
  if (l) {
    const byLabel = scale.options.find((o) => o.label.toLowerCase() === l || o.id === l);
    if (byLabel) return byLabel;
    return undefined;
  }
  return status === "unknown" ? undefined : optionForStatus(scale, status);
}

/**
 * THE short label of a status, used by every view (CLI table, digest, cards, answers, export): the plan's option
 * ("Amber", "3"), else a short label as the plan wrote it ("Achieved"), else the status's option, else a plain
 * English one ("No status").
 */
export function statusLabel(scale: Scale, status: Status, label?: string | null): string {
  const opt = statusOption(scale, status, label);
  if (opt) return opt.label;
  const l = label?.trim();
  // a word or two is the plan's own label ("Achieved"); a sentence written in the status cell is a note, and the
  // status reads as its option ("Amber"), the sentence being shown beside it where a view has room
  if (l && l.split(/\s+/).length <= 3 && l.length <= 30) return l;
  return optionForStatus(scale, status)?.label ?? l ?? CANONICAL_LABELS[status];
}

export function canonicalLabel(status: Status): string {
  return CANONICAL_LABELS[status];
}
