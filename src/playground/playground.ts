// The playground's operations behind the page: who you are, what you were sent, clicks (parsed as the Slack
// and Teams adapters parse them, then act.ts), questions, "post the digest now" and moving the clock. Each
// goes through the real services, outbox and worker; nothing here decides what a click means.
import { randomUUID } from "node:crypto";
import { formValuesFromState, type ModalMeta, renderMessage } from "../adapters/slack/render.js";
import { invokeKey, parseInvokeValue } from "../adapters/teams/submission.js";
import { localDate } from "../core/calendar.js";
import { parseActionId, type Submission } from "../core/cards/actions.js";
import { validateDetail } from "../core/cards/detail.js";
import { scaleOf } from "../core/status.js";
import type { EnabledPlatforms } from "../delivery/outbox.js";
import type { OutboxWorker } from "../delivery/worker.js";
import type { Logger } from "../logger.js";
import { answerQuestion } from "../services/answer.js";
import { PlanNotLiveError, postDigest, runDigestTick } from "../services/digest.js";
import { personForPlayground, playgroundBoards, playgroundPeople, sentLogIds } from "../services/playground-data.js";
import { runReminderTick } from "../services/reminders.js";
import type { Db } from "../storage/db.js";
import { type Actor, playgroundAct as act } from "./act.js";
import type { OffsetClock } from "./clock.js";
import type { InboxMessage, PlaygroundInbox } from "./inbox.js";
import { slackResult, teamsResult } from "./views.js";

export interface PlaygroundDeps {
  db: Db;
  clock: OffsetClock;
  inbox: PlaygroundInbox;
  worker: Pick<OutboxWorker, "drainOnce">;
  log: Logger;
  admins?: string;
}

/** In the playground no platform is on: everything goes to the log platform, which the inbox is. */
const ENABLED: EnabledPlatforms = { slack: false, teams: false };

export class PlaygroundError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const view = (m: InboxMessage) => ({
  id: m.id,
  at: m.at,
  rev: m.rev,
  title: m.card.title,
  kind: m.card.purpose,
  slack: { ...m.slack, notice: m.slackNotice ?? null },
  teams: m.teams,
  asked: m.asked ?? null,
});

export class Playground {
  constructor(private readonly d: PlaygroundDeps) {}

  private async actor(id: unknown): Promise<Actor> {
    const p = typeof id === "string" && id ? await personForPlayground(this.d.db, id) : null;
    if (!p) throw new PlaygroundError(400, "pick who you are first (unknown person)");
    return p;
  }

  private message(id: unknown): InboxMessage {
    const m = typeof id === "string" ? this.d.inbox.get(id) : undefined;
    if (!m) throw new PlaygroundError(404, "no such message (was the demo reset?)");
    return m;
  }

  /** Delivers what the outbox holds now (twice: a row queued during a running drain is caught by the second). */
  async deliver(): Promise<void> {
    await this.d.worker.drainOnce();
    await this.d.worker.drainOnce();
  }

  /** One scheduler round at the playground's time: reminders, digests, then delivery. */
  async tick(): Promise<{ reminders: number; digests: number }> {
    const now = this.d.clock.now();
    const r = await runReminderTick(this.d.db, now, { enabled: ENABLED });
    const g = await runDigestTick(this.d.db, now, ENABLED);
    await this.deliver();
    return { reminders: r.written.length, digests: g.filter((x) => !x.notLive).length };
  }

  async state(as?: string) {
    const people = await playgroundPeople(this.d.db);
    const boards = await playgroundBoards(this.d.db);
    this.d.inbox.forgetExcept(await sentLogIds(this.d.db), new Set(people.map((p) => p.id)));
    const withDms = people.map((p) => ({ ...p, dms: this.d.inbox.list({ personId: p.id }).length }));
    // first visit: the person with the most messages, so there is a card to click straight away
    const me = withDms.find((p) => p.id === as) ?? [...withDms].sort((a, b) => b.dms - a.dms)[0] ?? null;
    const now = this.d.clock.now();
    return {
      now: now.toISOString(),
      today: localDate(now, "Europe/London"),
      people: withDms,
      as: me?.id ?? null,
      dms: me ? this.d.inbox.list({ personId: me.id }).map(view) : [],
      boards: boards.map((b) => ({
        id: b.id,
        name: b.name,
        plan: b.plan.name,
        chairId: b.chairId,
        meetings: JSON.parse(b.meetingsJson || "[]") as string[],
        messages: this.d.inbox.list({ boardId: b.id }).map(view),
      })),
    };
  }

  /** A Block Kit button or menu: parsed from its action_id as the Slack listener parses it. */
  async slackAction(body: { as?: string; messageId?: string; actionId?: string; blockId?: string; value?: string }) {
    const person = await this.actor(body.as);
    const m = this.message(body.messageId);
    const parsed = parseActionId(String(body.actionId ?? ""));
    if (!parsed || parsed.kind === "page" || parsed.kind === "submit_detail") throw new PlaygroundError(400, "not a ragtime action");
    const s: Submission = { ...parsed, ...(body.value ? { value: body.value } : {}) };
    const key = `playground:slack:${m.id}:${body.blockId}:${body.actionId}:${body.value ?? ""}:${person.id}`;
    const outcome = await act(this.ctx(), s, person, key);
    const r = slackResult(outcome, m.slack.blocks, s.milestoneId, String(m.rev + 1), { messageId: m.id });
    m.slackNotice = r.kind === "ephemeral" ? r.text : undefined;
    if (r.kind === "update") {
      m.slack = { ...m.slack, blocks: r.blocks };
      m.rev += 1;
    }
    await this.deliver();
    return { result: r.kind, modal: r.kind === "modal" ? { ...r.view, id: randomUUID() } : null, message: view(m) };
  }

  /** A Slack modal submission: validated before anything is stored (errors go back on the form), then recorded. */
  async slackView(body: { as?: string; viewId?: string; privateMetadata?: string; values?: unknown }) {
    const person = await this.actor(body.as);
    let meta: ModalMeta;
    try {
      meta = JSON.parse(String(body.privateMetadata)) as ModalMeta;
    } catch {
      throw new PlaygroundError(400, "This form has expired; open it again from the reminder.");
    }
    const values = formValuesFromState((body.values ?? {}) as never);
    const checked = validateDetail(values, scaleOf(meta.s), localDate(this.d.clock.now(), meta.tz));
    if (!checked.ok) return { errors: checked.errors };
    const s: Submission = { kind: "submit_detail", milestoneId: meta.m, values };
    const outcome = await act(this.ctx(), s, person, `playground:slack:view:${body.viewId}`);
    const m = meta.t ? this.d.inbox.get(meta.t) : undefined;
    if (m && outcome.kind === "card") {
      const page = renderMessage(outcome.card, { milestoneId: meta.m, rev: String(m.rev + 1) }).pages[0] ?? [];
      // a one-item reminder is replaced in place; in a multi-item one the others keep their buttons
      if (meta.o === 1) m.slack = { ...m.slack, blocks: page };
      else m.slack = { ...m.slack, thread: [...m.slack.thread, { blocks: page }] };
      m.rev += 1;
    }
    if (m && outcome.kind === "refusal") m.slackNotice = outcome.card.fallback;
    await this.deliver();
    return { errors: null, message: m ? view(m) : null };
  }

  /** An Adaptive Card Action.Execute: the invoke value parsed as the Teams adapter parses it. */
  async teamsExecute(body: { as?: string; messageId?: string; verb?: string; data?: Record<string, unknown> }) {
    const person = await this.actor(body.as);
    const m = this.message(body.messageId);
    const value = { action: { type: "Action.Execute", verb: body.verb, data: body.data ?? {} }, trigger: "manual" };
    const parsed = parseInvokeValue(value);
    if (parsed.kind !== "action") throw new PlaygroundError(400, "not a ragtime action");
    const key = invokeKey({
      fromId: person.id,
      conversationId: `playground:${m.to.personId ?? m.to.boardId}`,
      replyToId: `${m.id}:${m.rev}`,
      value,
    });
    const outcome = await act(this.ctx(), parsed.submission, person, key);
    m.teams = { ...m.teams, card: teamsResult(outcome, `${m.id}:${m.rev + 1}`) };
    m.rev += 1;
    await this.deliver();
    return { message: view(m) };
  }

  /** A question typed to the bot: answered in the person's DM, as Slack and Teams would. */
  async ask(body: { as?: string; text?: string }) {
    const person = await this.actor(body.as);
    const text = String(body.text ?? "").trim();
    if (!text) throw new PlaygroundError(400, "type a question, e.g. “what is overdue”");
    const a = await answerQuestion(this.d.db, text, { personId: person.id }, this.d.clock.now());
    const to = { personId: person.id, personName: person.name };
    const m = this.d.inbox.add(`ask-${randomUUID()}`, `ask:${text}`, to, a.card, this.d.clock.now());
    m.asked = text;
    return { message: view(m), understood: a.understood };
  }

  /** "Post the digest now": the board's digest for today, stored as its snapshot and sent through the outbox. */
  async digest(body: { boardId?: string }) {
    const boards = await playgroundBoards(this.d.db);
    const b = boards.find((x) => x.id === body.boardId) ?? boards[0];
    if (!b) throw new PlaygroundError(404, "there is no board (run `ragtime demo reset`)");
    const now = this.d.clock.now();
    const r = await postDigest(this.d.db, b.id, new Date(`${localDate(now, "Europe/London")}T00:00:00Z`), now, ENABLED).catch(
      (e: unknown) => {
        // a board of a plan that is not live gets no digest: said, with the fix
        if (e instanceof PlanNotLiveError) throw new PlaygroundError(409, `${e.message}. ${e.fix ?? ""}`.trim());
        throw e;
      },
    );
    await this.deliver();
    return { created: r.created, note: r.created ? null : "Today's digest was already posted; move the clock on for the next one." };
  }

  /** Moves the playground clock ("day", "week" or "meeting") and runs the scheduler's round at the new time. */
  async advance(body: { to?: string }) {
    const c = this.d.clock;
    if (body.to === "day") c.nextWorkingDay(1);
    else if (body.to === "week") c.nextWorkingDay(5);
    else if (body.to === "meeting") {
      const meetings = (await playgroundBoards(this.d.db)).flatMap((b) => JSON.parse(b.meetingsJson || "[]") as string[]);
      if (!c.nextOf(meetings)) throw new PlaygroundError(409, "no board meeting after today");
    } else throw new PlaygroundError(400, 'to must be "day", "week" or "meeting"');
    const before = this.d.inbox.count();
    const r = await this.tick();
    this.d.log.info({ now: c.now().toISOString(), ...r }, "playground: clock moved");
    return { now: c.now().toISOString(), ...r, arrived: this.d.inbox.count() - before };
  }

  private ctx() {
    return { db: this.d.db, now: () => this.d.clock.now(), admins: this.d.admins, enabled: ENABLED };
  }
}
