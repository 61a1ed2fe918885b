// The platform-free services the Slack listeners call, gathered behind one interface so tests (and main.ts)
// can see exactly what the adapter depends on. Defaults are the real services.

import type { Clock } from "../../clock.js";
import type { Submission } from "../../core/cards/actions.js";
import type { Card } from "../../core/cards/model.js";
import type { EnabledPlatforms } from "../../delivery/outbox.js";
import { type ActOutcome, type Actor, act, type Surface } from "../../services/act.js";
import { type ActRequest, type ActSettled, actMany } from "../../services/act-batch.js";
import { answerQuestion } from "../../services/answer.js";
import { pendingInbound } from "../../services/inbound.js";
import { createInboundSettler } from "../../services/inbound-settle.js";
import { findPersonByPlatformId } from "../../services/people.js";
import { shareScope } from "../../services/share.js";
import type { Db } from "../../storage/db.js";

export interface AnswerLike {
  understood: boolean;
  text: string;
  card: Card;
}

export interface SlackServices {
  findPersonBySlackId(db: Db, slackUserId: string): Promise<{ id: string; name: string; timeZone: string } | null>;
  /** the interaction service (services/act.ts) with this app's admins and platforms */
  act(db: Db, submission: Submission, actor: Actor, surface: Surface, now: Date): Promise<ActOutcome>;
  /** the same for a burst, in order (services/act-batch.ts): the status answers recorded together */
  actMany(db: Db, reqs: ActRequest[]): Promise<ActSettled[]>;
  /**
   * records how processing ended, stamped by the surface's clock; "retry": a database fault, left for the retry
   * worker. Marks given together are written together (services/inbound-settle.ts).
   */
  markInboundProcessed(db: Db, id: string, outcome: unknown): Promise<"done" | "retry">;
  /** stored but never processed interactions received before `before` (oldest first) */
  pendingInbound(db: Db, source: string, before: Date): Promise<{ id: string; kind: string; payloadJson: string; receivedAt: Date }[]>;
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
  const settle = createInboundSettler({ retryOnFault: true });
  return {
    findPersonBySlackId: (db, slackUserId) => findPersonByPlatformId(db, { slackUserId }),
    act: (db, submission, actor, surface, now) =>
      act({ db, now, admins: opts.admins ?? null, enabled: opts.enabled }, submission, actor, surface),
    actMany: (db, reqs) => actMany({ db, admins: opts.admins ?? null, enabled: opts.enabled }, reqs),
    markInboundProcessed: (db, id, outcome) => settle(db, id, outcome, opts.clock.now()),
    pendingInbound,
    answerQuestion: (db, text, asker, asOf, o) => answerQuestion(db, text, asker, asOf, o),
    shareScope,
  };
}
