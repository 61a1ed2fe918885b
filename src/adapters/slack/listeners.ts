// Bolt listeners. Card clicks reach them through the durable intake (intake.ts): already stored and acked,
// from the work queue, with the stored row in context.inboundId. They resolve the Slack user to a person,
// call the service, render the result (chat.update in place, a modal, or an ephemeral refusal) and mark the
// stored interaction processed. Modal submissions are validated first (field errors go back in the ack), then
// stored, acked and processed.
import type { App } from "@slack/bolt";
import { parseActionId, SNOOZE_CHOICES, type SnoozeChoice } from "../../core/cards/actions.js";
import { type DetailUpdate, validateDetail } from "../../core/cards/detail.js";
import type { Card } from "../../core/cards/model.js";
import { detailCard, formatDate, recordedCard, statusButtons } from "../../core/cards/reminder.js";
import { scaleOf } from "../../core/status.js";
import type { Logger } from "../../logger.js";
import type { InboundJournal } from "../../services/inbound-journal.js";
import type { Db } from "../../storage/db.js";
import type { RawPayloadContext } from "./http-receiver.js";
import { actionKey, type IntakeContext, type IntakeReceiver } from "./intake.js";
import { LIMITS, type SlackBlock } from "./limits.js";
import { registerQuestionListeners } from "./questions.js";
import { DETAIL_CALLBACK_ID, esc, formValuesFromState, type ModalMeta, renderMessage, renderModal } from "./render.js";
import type { SlackServices } from "./services.js";

export interface ListenerDeps {
  db: Db;
  log: Logger;
  now: () => Date;
  services: SlackServices;
  admins?: string;
  /** where a modal submission is stored before its ack (the intake's journal) */
  journal: InboundJournal;
  /** runs work that continues after an ack given by a listener (modal submissions; stop() and tests wait via idle()) */
  run<T>(job: () => Promise<T>, opts?: { urgent?: boolean }): Promise<T>;
}

/** Lets pending socket reads (the next request's ack) run between database steps (SQLite calls are synchronous). */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** YYYY-MM-DD of an instant in a time zone. */
export function todayIn(timeZone: string, at: Date): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
}

/** Blocks of a message with one milestone's blocks (block ids "<k>|<milestoneId>|...") replaced. */
export function replaceItemBlocks(blocks: SlackBlock[], milestoneId: string, replacement: SlackBlock[]): SlackBlock[] {
  const mine = (b: SlackBlock) => typeof b.block_id === "string" && b.block_id.split("|")[1] === milestoneId;
  const first = blocks.findIndex(mine);
  if (first < 0) return replacement;
  const rest = blocks.filter((b) => !mine(b));
  return [...rest.slice(0, first), ...replacement, ...rest.slice(first)];
}

function milestonesIn(blocks: SlackBlock[]): Set<string> {
  const ids = new Set<string>();
  for (const b of blocks) {
    const parts = typeof b.block_id === "string" ? b.block_id.split("|") : [];
    if (parts.length >= 3 && /^[a-z]$/.test(parts[0] ?? "") && parts[1]) ids.add(parts[1]);
  }
  return ids;
}

interface ActionBody {
  user: { id: string };
  trigger_id: string;
  container?: { message_ts?: string; channel_id?: string };
  channel?: { id: string };
  message?: { ts: string; text?: string; blocks?: SlackBlock[] };
  view?: { id: string };
}

interface ViewBody {
  user: { id: string };
  view: { id: string; hash: string; private_metadata: string; state: { values: unknown } };
}

interface ActionEl {
  action_id: string;
  block_id: string;
  action_ts: string;
  value?: string;
  selected_option?: { value: string };
}

/** A stored interaction as the retry worker hands it over. */
export interface StoredInbound {
  id: string;
  kind: string;
  payloadJson: string;
  receivedAt: Date;
}

export interface Listeners {
  /** processes one interaction stored (and acked) but not processed (services/inbound-retry.ts claims it first) */
  processStored(intake: IntakeReceiver, row: StoredInbound, now: Date): Promise<void>;
}

/** Slack accepts replies on a slash command's response_url for 30 minutes. */
const RESPONSE_URL_MS = 30 * 60_000;

export function registerListeners(app: App, deps: ListenerDeps): Listeners {
  const { db, log, services: s } = deps;

  const refuse = async (client: App["client"], channel: string | undefined, user: string, text: string) => {
    if (!channel) return;
    await client.chat.postEphemeral({ channel, user, text });
  };

  app.action({ action_id: /^rt\|/ }, async ({ ack, body, action, client, context }) => {
    await ack();
    // page turns and the modal's own button are not stored by the intake: nothing to record for them
    const inboundId = (context as IntakeContext).inboundId;
    if (!inboundId) return;
    await handleAction(client, body as unknown as ActionBody, action as unknown as ActionEl, inboundId);
  });

  /** inboundId: the stored raw interaction (fresh, or replayed after a restart) */
  async function handleAction(client: App["client"], body: ActionBody, action: ActionEl, inboundId: string): Promise<void> {
    const parsed = parseActionId(action.action_id);
    if (!parsed || parsed.kind === "page" || parsed.kind === "submit_detail") return;
    const user = body.user.id;
    const channel = body.container?.channel_id ?? body.channel?.id;
    const messageTs = body.container?.message_ts ?? body.message?.ts;
    const key = actionKey(body, action);
    const receipt = { id: inboundId };
    await breathe();
    try {
      const outcome = await act();
      await s.markInboundProcessed(db, receipt.id, outcome ?? { done: true });
    } catch (e) {
      log.error({ err: e, key }, "slack: interaction failed");
      // a database fault: kept for the retry worker (inbound-retry.ts), which records it once the database is back
      if ((await s.markInboundProcessed(db, receipt.id, e instanceof Error ? e : new Error(String(e)))) === "retry") return;
      await refuse(client, channel, user, "Sorry — that did not save because of an error on our side. Please try again in a minute.").catch(
        () => {},
      );
    }

    async function act(): Promise<unknown> {
      if (!parsed) return null;
      const person = await s.findPersonBySlackId(db, user);
      if (!person) {
        await refuse(
          client,
          channel,
          user,
          'ragtime does not know who you are yet, so nothing was recorded. Ask a plan administrator to link your Slack account (`ragtime people set "<your name>" --slack <member id>`).',
        );
        return { refused: "unknown_person" };
      }
      await breathe();
      const mid = parsed.milestoneId;
      // recordUpdate checks access itself; the other actions are checked here first
      const access = parsed.kind === "status" ? null : await s.canRecord(db, mid, person.id);
      if (access && !access.allowed) {
        const why =
          access.reason === "not_found"
            ? "That milestone is no longer in the plan."
            : "Only the milestone's owner, their deputy, the action lead or a plan administrator can update it, so nothing was recorded.";
        await refuse(client, channel, user, why);
        return { refused: access.reason };
      }
      const now = deps.now();
      const rev = action.action_ts.replace(/\D/g, "").slice(-10) || "1";
      const update = async (card: Card) => {
        if (!channel || !messageTs) return;
        const rendered = renderMessage(card, { milestoneId: mid, rev });
        const current = body.message?.blocks ?? [];
        let blocks = replaceItemBlocks(current, mid, rendered.pages.flat());
        if (blocks.length > LIMITS.messageBlocks) {
          // too long to fit in place: a one-line summary in the card, the whole of it in the card's thread
          const line: SlackBlock = {
            type: "context",
            block_id: `r|${mid}|${rev}|s`,
            elements: [{ type: "mrkdwn", text: `${esc(card.title)} — details in the thread` }],
          };
          blocks = replaceItemBlocks(current, mid, [line]);
          for (const page of rendered.pages)
            await client.chat.postMessage({ channel, thread_ts: messageTs, text: rendered.text, blocks: page as never });
        }
        await client.chat.update({ channel, ts: messageTs, text: card.fallback, blocks: blocks as never });
      };
      switch (parsed.kind) {
        case "status": {
          const res = await s.recordUpdate(db, {
            milestoneId: mid,
            actorPersonId: person.id,
            source: "slack",
            idempotencyKey: `slack:${channel}:${messageTs}:${action.block_id}:${action.action_id}:${user}`,
            now,
            timeZone: person.timeZone,
            optionId: parsed.value,
          });
          if (!res.ok) {
            await refuse(client, channel, user, `${res.message} Nothing was recorded.`);
            return { refused: res.reason };
          }
          if (!res.duplicate) await update(recordedCard(res.recorded));
          return { statusUpdateId: res.statusUpdateId, duplicate: res.duplicate };
        }
        case "edit": {
          const v = await s.detailFormView(db, mid);
          if (!v) return { refused: "not_found" };
          const title = [v.ref, v.milestoneTitle].filter(Boolean).join(" — ");
          await update({
            purpose: "edit",
            title: `Change the status of ${title}`,
            fallback: `Change the status of ${title}`,
            blocks: [
              {
                type: "item",
                milestoneId: mid,
                title,
                fields: [],
                statusLine: "Choose the new status (the earlier one stays in the history):",
                buttons: [...statusButtons(v.scale, mid), { kind: "detail", milestoneId: mid, label: "Add detail" }],
                menus: [],
              },
            ],
          });
          return { edit: true };
        }
        case "detail": {
          const v = await s.detailFormView(db, mid);
          if (!v) return { refused: "not_found" };
          const one = milestonesIn(body.message?.blocks ?? []).size <= 1;
          const meta: ModalMeta = {
            m: mid,
            s: v.scale.id,
            tz: person.timeZone,
            ...(channel && messageTs ? { c: channel, t: messageTs, o: one ? 1 : 0 } : {}),
          };
          await client.views.open({ trigger_id: body.trigger_id, view: renderModal(detailCard(v), meta) as never });
          return { modal: true };
        }
        case "snooze": {
          const choice = (action.selected_option?.value ?? parsed.value) as SnoozeChoice;
          if (!SNOOZE_CHOICES.some((c) => c.value === choice)) return { refused: "bad_choice" };
          const { until } = await s.snooze(db, mid, person.id, choice, now);
          const day = todayIn(person.timeZone, until);
          await update({
            purpose: "snoozed",
            title: "Snoozed",
            fallback: `Snoozed until ${formatDate(day)}`,
            blocks: [{ type: "context", text: `:zzz: Snoozed until ${formatDate(day)} — I'll remind you then.` }],
          });
          return { until: until.toISOString() };
        }
        case "not_mine": {
          const res = await s.notMine(db, mid, person.id, now);
          await update(res.card);
          return { notMine: res.ok };
        }
        default:
          return null;
      }
    }
  }

  app.view(DETAIL_CALLBACK_ID, async ({ ack, body, view, client, context }) => {
    let meta: ModalMeta;
    try {
      meta = JSON.parse(view.private_metadata) as ModalMeta;
    } catch {
      await ack({ response_action: "errors", errors: { status: "This form has expired; open it again from the reminder." } });
      return;
    }
    const values = formValuesFromState(view.state.values as never);
    const result = validateDetail(values, scaleOf(meta.s), todayIn(meta.tz, deps.now()));
    if (!result.ok) {
      await ack({ response_action: "errors", errors: result.errors });
      return;
    }
    // valid: stored before the ack closes the form, like a click (intake.ts); a resubmission has the same key
    let receipt: { id: string | null; fresh: boolean };
    try {
      receipt = await deps.journal.append({
        key: `slack:view:${view.id}:${view.hash}`,
        source: "slack",
        kind: "view_submission",
        payload: (context as RawPayloadContext).rawPayload ?? body,
      });
    } catch (e) {
      log.error({ err: e }, "slack: could not store a form submission");
      await ack({
        response_action: "errors",
        errors: { status: "Sorry — this was not saved because of an error on our side. Please try again." },
      });
      return;
    }
    await ack();
    const inboundId = receipt.id;
    if (!receipt.fresh || !inboundId) return;
    void deps
      .run(() => handleView(client, body as unknown as ViewBody, meta, result.value, inboundId))
      .catch((e: unknown) => log.error({ err: e }, "slack: work after ack failed"));
  });

  async function handleView(client: App["client"], body: ViewBody, meta: ModalMeta, value: DetailUpdate, inboundId: string): Promise<void> {
    const view = body.view;
    const user = body.user.id;
    const key = `slack:view:${view.id}:${view.hash}`;
    const receipt = { id: inboundId };
    try {
      const person = await s.findPersonBySlackId(db, user);
      if (!person) {
        await s.markInboundProcessed(db, receipt.id, { refused: "unknown_person" });
        return;
      }
      const res = await s.recordUpdate(db, {
        milestoneId: meta.m,
        actorPersonId: person.id,
        source: "slack",
        idempotencyKey: key,
        now: deps.now(),
        timeZone: person.timeZone,
        optionId: value.optionId,
        detail: value,
      });
      if (!res.ok) {
        if (meta.c) await refuse(client, meta.c, user, res.message);
        await s.markInboundProcessed(db, receipt.id, { refused: res.reason });
        return;
      }
      if (meta.c && meta.t && !res.duplicate) {
        const rendered = renderMessage(recordedCard(res.recorded), { milestoneId: meta.m, rev: view.id });
        const [first, ...more] = rendered.pages;
        // a one-item reminder is replaced in place; in a multi-item one the others keep their buttons
        if (meta.o === 1) await client.chat.update({ channel: meta.c, ts: meta.t, text: rendered.text, blocks: first as never });
        else await client.chat.postMessage({ channel: meta.c, thread_ts: meta.t, text: rendered.text, blocks: first as never });
        for (const page of more)
          await client.chat.postMessage({ channel: meta.c, thread_ts: meta.t, text: rendered.text, blocks: page as never });
      }
      await s.markInboundProcessed(db, receipt.id, { statusUpdateId: res.statusUpdateId });
    } catch (e) {
      log.error({ err: e, key }, "slack: detail submission failed");
      await s.markInboundProcessed(db, receipt.id, e instanceof Error ? e : new Error(String(e)));
    }
  }

  /**
   * Processes one interaction that was stored (and acked) but not processed: left over from before a restart,
   * or a database fault hit its first attempt. Called by the retry worker (services/inbound-retry.ts); each is
   * recorded once (idempotency keys). Nothing acknowledged expires: only what can no longer be done is closed
   * unprocessed — a click on "Add detail" (its modal's trigger expired 3 s after the click, and it records
   * nothing) and a command whose response_url expired (a question: there is nowhere left to answer it).
   */
  async function processStored(client: App["client"], intake: IntakeReceiver, row: StoredInbound, now: Date): Promise<void> {
    try {
      const body = JSON.parse(row.payloadJson) as ViewBody;
      const age = now.getTime() - row.receivedAt.getTime();
      if (row.kind === "block_actions:detail" || (row.kind === "command" && age > RESPONSE_URL_MS)) {
        await s.markInboundProcessed(db, row.id, { expired: true });
        return;
      }
      if (row.kind === "view_submission") {
        const meta = JSON.parse(body.view.private_metadata) as ModalMeta;
        const result = validateDetail(
          formValuesFromState(body.view.state.values as never),
          scaleOf(meta.s),
          todayIn(meta.tz, row.receivedAt),
        );
        if (result.ok) await handleView(client, body, meta, result.value, row.id);
        else await s.markInboundProcessed(db, row.id, { invalid: result.errors });
      } else await intake.dispatch(body, row.id, false, { replayedFrom: row.receivedAt.toISOString() });
    } catch (e) {
      log.error({ err: e, id: row.id }, "slack: replay failed");
      await s.markInboundProcessed(db, row.id, e instanceof Error ? e : new Error(String(e)));
    }
  }

  registerQuestionListeners(app, deps);
  return { processStored: (intake, row, now) => processStored(app.client, intake, row, now) };
}
