// The platform-free services the Slack listeners call, gathered behind one interface so tests (and main.ts)
// can see exactly what the adapter depends on. Defaults are the real services.

import type { Clock } from "../../clock.js";
import type { SnoozeChoice } from "../../core/cards/actions.js";
import type { Card } from "../../core/cards/model.js";
import type { EnabledPlatforms } from "../../delivery/outbox.js";
import { type CanRecordResult, canRecord } from "../../services/access.js";
import { answerQuestion } from "../../services/answer.js";
import { markInboundProcessed, pendingInbound } from "../../services/inbound.js";
import { notMine } from "../../services/notMine.js";
import { findPersonByPlatformId } from "../../services/people.js";
import { type RecordInput, type RecordResult, recordUpdate } from "../../services/recordUpdate.js";
import { shareScope } from "../../services/share.js";
import { snooze } from "../../services/snooze.js";
import { detailFormView } from "../../services/views.js";
import type { Db } from "../../storage/db.js";

export interface AnswerLike {
  understood: boolean;
  text: string;
  card: Card;
}

export interface SlackServices {
  findPersonBySlackId(db: Db, slackUserId: string): Promise<{ id: string; name: string; timeZone: string } | null>;
  canRecord(db: Db, milestoneId: string, personId: string): Promise<CanRecordResult>;
  recordUpdate(db: Db, input: RecordInput): Promise<RecordResult>;
  detailFormView: typeof detailFormView;
  /** records how processing ended, stamped by the surface's clock; "retry": a database fault, left for the retry worker */
  markInboundProcessed(db: Db, id: string, outcome: unknown): Promise<"done" | "retry">;
  /** stored but never processed interactions received before `before` (oldest first) */
  pendingInbound(db: Db, source: string, before: Date): Promise<{ id: string; kind: string; payloadJson: string; receivedAt: Date }[]>;
  notMine(db: Db, milestoneId: string, personId: string, now: Date): Promise<{ ok: boolean; card: Card }>;
  snooze(db: Db, milestoneId: string, personId: string, choice: SnoozeChoice, now: Date): Promise<{ until: Date }>;
  answerQuestion(
    db: Db,
    text: string,
    asker: { personId: string | null; isAdmin?: boolean },
    asOf: Date,
    opts?: { planKey?: string },
  ): Promise<AnswerLike>;
  /** where `/ragtime share` may post plan content (services/share.ts) */
  shareScope: typeof shareScope;
}

export function defaultServices(opts: { admins?: string; enabled: EnabledPlatforms; clock: Clock }): SlackServices {
  const access = { admins: opts.admins ?? null };
  return {
    findPersonBySlackId: (db, slackUserId) => findPersonByPlatformId(db, { slackUserId }),
    canRecord: (db, m, p) => canRecord(db, m, p, access),
    recordUpdate: (db, input) => recordUpdate(db, input, access),
    detailFormView,
    markInboundProcessed: (db, id, outcome) => markInboundProcessed(db, id, outcome, opts.clock.now(), { retryOnFault: true }),
    pendingInbound,
    notMine: (db, m, p, now) => notMine(db, m, p, now, { ...access, enabled: opts.enabled }),
    snooze: (db, m, p, choice, now) => snooze(db, m, p, choice, now),
    answerQuestion: (db, text, asker, asOf, o) => answerQuestion(db, text, asker, asOf, o),
    shareScope,
  };
}
