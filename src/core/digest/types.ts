// The digest model's shapes (built by model.ts, stored as the snapshot, rendered by card.ts and the board paper).
import type { Tone } from "../cards/model.js";
import type { IndicatorDigest } from "../indicators/digest.js";
import type { Status } from "../status.js";
import type { PersonMention } from "./facts.js";

export type Direction = "up" | "down" | "flat" | "new";

export interface StatusCount {
  /** scale option id; "none" for milestones with no rating */
  key: string;
  label: string;
  status: Status;
  tone: Tone;
  count: number;
}

export interface SectionRow {
  sectionId: string | null;
  number: string | null;
  heading: string;
  /** "Priority 3" for charts and tables */
  short: string;
  total: number;
  /** milestones with a rating (not "No status") */
  rated: number;
  counts: StatusCount[];
  /** counts in the previous period (previous digest, or the plan's own rating history); null when there is none */
  previousCounts: StatusCount[] | null;
  score: number | null;
  previousScore: number | null;
  direction: Direction;
}

export interface DigestItem {
  milestoneId: string;
  ref: string | null;
  actionTitle: string;
  title: string;
  owners: string[];
  section: string;
  due: string | null;
  dueRaw: string | null;
  status: string;
  /** the rating as the plan wrote it when that is a sentence ("Work progressing but high risk of delay") */
  statusNote?: string;
}

export interface OverdueItem extends DigestItem {
  daysOverdue: number;
}
export interface DueSoonItem extends DigestItem {
  daysToDue: number;
}

/** An exception: red, or overdue, with the latest word on it (progress narrative or mitigation). */
export interface ExceptionItem extends DigestItem {
  /** days past due (0 when not overdue) */
  daysOverdue: number;
  latestUpdate: string | null;
  latestAt: string | null;
}

export interface EscalationItem extends DigestItem {
  /** what was escalated: the person's "blockers / help needed", or that chasers went unanswered */
  text: string;
  by: string | null;
  at: string;
  kind: "raised" | "unanswered";
}

/** "on track" (or a rating that says all is well) while the due date has passed */
export interface ContradictionItem extends DigestItem {
  daysOverdue: number;
  says: string;
}

/** what an update did: moved the status, only told the story, only moved %, confirmed the same status ... */
export type ChangeKind = "status" | "narrative" | "impact" | "percent" | "date" | "escalation" | "evidence" | "confirmed";

export interface ChangeItem extends DigestItem {
  from: string;
  to: string;
  kinds: ChangeKind[];
  /** who recorded the change ("Kara Haskayne", "Joe Tynan on behalf of S Murphy"); null when unknown */
  by: string | null;
  at: string | null;
  /** progress narrative */
  narrative: string | null;
  /** "is it making a difference?" */
  impact: string | null;
  percent: number | null;
  previousPercent: number | null;
  escalation: string | null;
}

export interface Revision {
  /** the due date it moved to (YYYY-MM-DD) */
  due: string | null;
  reason: string | null;
  /** when it was recorded (YYYY-MM-DD); null for a change found in an import */
  at: string | null;
}

export interface SlipItem extends DigestItem {
  baselineDue: string;
  /** the latest reason */
  reason: string | null;
  /** every revision, oldest first, each with its reason */
  revisions: Revision[];
  timesMoved: number;
  daysSlipped: number;
}

/** A milestone an owner said is not theirs ("Not mine"): with its lead (or the plan officer) to reassign. */
export interface UnownedItem extends DigestItem {
  /** YYYY-MM-DD of the first "Not mine" */
  since: string;
  daysUnowned: number;
  /** who said it is not theirs */
  disownedBy: string | null;
  /** who was asked to reassign it (empty: nobody could be) */
  with: string[];
}

export interface MissingItem {
  personId: string;
  name: string;
  /** no_answer: asked in chat and not answered; no_chat: cannot be asked (no chat account), listed once, here only */
  reason: "no_answer" | "no_chat";
  /** open milestones in scope the person was asked about and has not updated (no_answer) or owns (no_chat) */
  items: number;
  askedOn: string | null;
  /** present only for people who opted in to @mentions (no_answer): the digest mentions them, others get their name */
  mention?: PersonMention;
}

export interface Coverage {
  total: number;
  /** milestones with a rating */
  rated: number;
  /** ratings that count towards the score */
  scored: number;
}

export interface RecommendationRow {
  /** "Recommendation 14" when the plan numbers it, else the text cut short */
  ref: string;
  text: string;
  milestones: number;
  complete: number;
  overdue: number;
  /** worst current status among its open milestones, in the plan's words ("" when all are complete) */
  worst: string;
}

export interface PreviousPeriod {
  /** YYYY-MM-DD of the previous digest; null when seeded from the plan's own rating history */
  asOf: string | null;
  /** "the digest of 3 Dec 2026" or "RAG Initial (the plan's own rating history)" */
  label: string;
  source: "digest" | "history";
}

export interface DigestSnapshotRef {
  asOf: string;
  score: number | null;
  sections: { sectionId: string | null; score: number | null }[];
  /** milestone id -> status key at that digest */
  statuses: Record<string, string>;
  /** set when this "previous period" was seeded from the plan's rating history rather than a digest */
  label?: string;
  source?: "digest" | "history";
}

export interface DigestModel {
  version: 2;
  board: { id: string; name: string };
  plan: { id: string; key: string; name: string; scaleId: string; scoreName: string; sectionWord: string };
  asOf: string;
  previousAsOf: string | null;
  previous: PreviousPeriod | null;
  scope: { sections: string[] | null };
  totals: {
    milestones: number;
    open: number;
    overdue: number;
    dueSoon: number;
    changed: number;
    slipped: number;
    noAnswer: number;
    noChat: number;
    exceptions: number;
  };
  counts: StatusCount[];
  previousCounts: StatusCount[] | null;
  score: { current: number | null; previous: number | null; direction: Direction };
  coverage: Coverage;
  sections: SectionRow[];
  exceptions: {
    red: ExceptionItem[];
    overdue: ExceptionItem[];
    escalations: EscalationItem[];
    contradictions: ContradictionItem[];
  };
  overdue: OverdueItem[];
  dueSoon: DueSoonItem[];
  changed: ChangeItem[];
  slipped: SlipItem[];
  missing: MissingItem[];
  /**
   * open milestones in scope that an owner said are not theirs, longest first; nobody is chased for them until
   * they are reassigned. Absent in snapshots stored before it existed.
   */
  unowned?: UnownedItem[];
  /** inspection recommendation coverage; null when the plan names no recommendations */
  recommendations: RecommendationRow[] | null;
  /** milestone id -> status key, kept in the snapshot so the next digest can tell what changed */
  statuses: Record<string, string>;
  /** the plan's indicators in scope (services/indicator-digest.ts); absent when it has none */
  indicators?: IndicatorDigest;
}
