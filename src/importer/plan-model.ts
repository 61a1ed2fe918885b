// The plan as read from a file, before it is written: sections, actions, milestones, the dry run's records.
import type { OwnerRef } from "../core/owners.js";
import type { ScaleId, Status } from "../core/status.js";
import type { RowError } from "./errors.js";

/** One line of `--dry-run --json` "records" (exact shape of issue 2). */
export interface ImportRecord {
  row: number;
  section: string | null;
  ref: string | null;
  action: string;
  milestone: string | null;
  owners: string[];
  ownerRoles: (string | null)[];
  due: string | null;
  dueRaw: string | null;
  status: Status;
  statusRaw: string | null;
  latestUpdate: string | null;
}

export interface SectionModel {
  label: string;
  number: string | null;
  title: string;
  position: number;
}

export interface ActionModel {
  key: string;
  sectionLabel: string | null;
  ref: string | null;
  title: string;
  outcome: string | null;
  successMeasures: string | null;
  recommendation: string | null;
  startRaw: string | null;
  start: string | null;
  extra: Record<string, string>;
  position: number;
  leads: OwnerRef[];
}

export interface HistoryEntry {
  status: Status;
  label: string;
  /** where the rating came from ("RAG Initial", "RAG 01/18") */
  period: string;
}

export interface MilestoneModel {
  actionKey: string;
  key: string;
  title: string;
  dueRaw: string | null;
  due: string | null;
  status: Status;
  statusLabel: string | null;
  percentComplete: number | null;
  latestUpdate: string | null;
  impact: string | null;
  position: number;
  sourceRow: number;
  owners: OwnerRef[];
  /** earlier ratings (oldest first), then the current one is the milestone's own status */
  history: HistoryEntry[];
}

export interface PlanModel {
  scale: ScaleId;
  scaleDetected: boolean;
  sections: SectionModel[];
  actions: ActionModel[];
  /** every milestone, or none when a streamed import passes them to the writer in chunks (`chunks`) */
  milestones: MilestoneModel[];
  /** how many milestones the file has (milestones.length, unless they were streamed) */
  milestoneCount: number;
  /** a streamed import: the milestones read again, a chunk at a time, and each owner as first written */
  streamed?: { chunks(): AsyncIterable<MilestoneModel[]>; owners: OwnerRef[] };
  records: ImportRecord[];
  errors: RowError[];
  /** data rows read (after the header), and how many were blank/template rows skipped */
  rows: number;
  skippedRows: number;
}
