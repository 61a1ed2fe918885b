// Card clicks (block_actions). They reach this listener through the durable intake (intake.ts): already stored
// and acked, from the work queue, with the stored row in context.inboundId. Parse -> act (services/act.ts) ->
// render: a card replaces the clicked item in place (chat.update), a form opens as a modal, a refusal is an
// ephemeral message. The stored interaction is then marked processed with act's result.
import type { App } from "@slack/bolt";
import { parseActionId, type Submission } from "../../core/cards/actions.js";
import type { Card } from "../../core/cards/model.js";
import type { ActOutcome } from "../../services/act.js";
import type { ActTicket } from "../../services/act-batch.js";
import type { IntakeContext } from "./intake.js";
import { LIMITS, type SlackBlock } from "./limits.js";
import { breathe, type ListenerDeps, type SlackClient, SORRY, tellPerson } from "./listener-deps.js";
import type { MessageUpdates } from "./message-updates.js";
import { esc, type ModalMeta, renderMessage, renderModal } from "./render.js";

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

export interface ActionBody {
  user: { id: string };
  trigger_id: string;
  container?: { message_ts?: string; channel_id?: string };
  channel?: { id: string };
  message?: { ts: string; text?: string; blocks?: SlackBlock[] };
  view?: { id: string };
}

export interface ActionEl {
  action_id: string;
  block_id: string;
  action_ts: string;
  value?: string;
  selected_option?: { value: string };
}

/** The Submission of a click (a menu's choice is its selected option); null for clicks nothing is recorded for. */
export function submissionOf(action: ActionEl): Submission | null {
  const parsed = parseActionId(action.action_id);
  // indicator clicks are indicator-listeners.ts's
  if (!parsed || parsed.kind === "page" || parsed.kind === "submit_detail" || parsed.kind.startsWith("ind_")) return null;
  if (parsed.kind === "snooze") return { ...parsed, value: action.selected_option?.value ?? parsed.value };
  return parsed;
}

/**
 * The answer's key: the message, the rendering of the clicked block (its block_id holds the render version,
 * which changes each time the item is rendered again), the action and the person. A Slack retry and a double
 * click on the same rendering have the same key; the intake's journal key (intake.ts actionKey) also holds the
 * action_ts, so a double click is two stored deliveries of one answer.
 */
export function answerKey(body: ActionBody, action: ActionEl): string {
  const channel = body.container?.channel_id ?? body.channel?.id;
  const messageTs = body.container?.message_ts ?? body.message?.ts;
  return `slack:${channel}:${messageTs}:${action.block_id}:${action.action_id}:${body.user.id}`;
}

export function registerActionListeners(app: App, deps: ListenerDeps): void {
  const { db, log, services: s } = deps;

  app.action({ action_id: /^rt\|/ }, async ({ ack, body, action, client, context }) => {
    await ack();
    // page turns and the modal's own button are not stored by the intake: nothing to record for them
    const { inboundId, ticket } = context as IntakeContext;
    if (!inboundId) return;
    await handleAction(client, body as unknown as ActionBody, action as unknown as ActionEl, inboundId, ticket);
  });

  /**
   * inboundId: the stored raw interaction (fresh, or replayed after a restart); ticket: its place in line, when
   * it came through the intake's clicks queue (decided in batches, in arrival order: services/act-batch.ts)
   */
  async function handleAction(
    client: SlackClient,
    body: ActionBody,
    action: ActionEl,
    inboundId: string,
    ticket?: ActTicket,
  ): Promise<void> {
    const submission = submissionOf(action);
    if (!submission) return ticket?.release();
    const user = body.user.id;
    const channel = body.container?.channel_id ?? body.channel?.id;
    const key = answerKey(body, action);
    const actor = { platform: "slack" as const, userId: user };
    const surface = { platform: "slack" as const, answerKey: key };
    try {
      let outcome: ActOutcome;
      if (ticket) outcome = await ticket.act({ submission, actor, surface, now: deps.now() });
      else {
        await breathe();
        outcome = await s.act(db, submission, actor, surface, deps.now());
      }
      await show(client, body, action, outcome);
      await s.markInboundProcessed(db, inboundId, outcome.result);
    } catch (e) {
      log.error({ err: e, key }, "slack: interaction failed");
      // a database fault: kept for the retry worker (inbound-retry.ts), which records it once the database is back
      if ((await s.markInboundProcessed(db, inboundId, e instanceof Error ? e : new Error(String(e)))) === "retry") return;
      await tellPerson(client, channel, user, { text: SORRY }).catch(() => {});
    }
  }

  /** Renders act's outcome where the click happened. */
  async function show(client: SlackClient, body: ActionBody, action: ActionEl, outcome: ActOutcome): Promise<void> {
    const user = body.user.id;
    const channel = body.container?.channel_id ?? body.channel?.id;
    const messageTs = body.container?.message_ts ?? body.message?.ts;
    switch (outcome.kind) {
      case "none":
        return;
      case "refusal": {
        const r = renderMessage(outcome.card);
        await tellPerson(client, channel, user, { text: r.text, blocks: r.pages[0] });
        return;
      }
      case "form": {
        const one = milestonesIn(body.message?.blocks ?? []).size <= 1;
        const meta: ModalMeta = {
          m: outcome.milestoneId,
          s: outcome.scaleId,
          tz: outcome.timeZone,
          ...(channel && messageTs ? { c: channel, t: messageTs, o: one ? 1 : 0 } : {}),
        };
        await client.views.open({ trigger_id: body.trigger_id, view: renderModal(outcome.card, meta) as never });
        return;
      }
      case "card":
        // a redelivered answer: the message already shows it
        if (outcome.duplicate || !channel || !messageTs) return;
        await replaceItem(deps.updates, client, body, channel, messageTs, outcome.milestoneId, outcome.card, action);
    }
  }
}

/** The clicked item's blocks in the message replaced by the card (rendered with a new render version). */
async function replaceItem(
  updates: MessageUpdates,
  client: SlackClient,
  body: ActionBody,
  channel: string,
  messageTs: string,
  milestoneId: string,
  card: Card,
  action: ActionEl,
): Promise<void> {
  const rev = action.action_ts.replace(/\D/g, "").slice(-10) || "1";
  const rendered = renderMessage(card, { milestoneId, rev });
  const current = body.message?.blocks ?? [];
  let blocks = replaceItemBlocks(current, milestoneId, rendered.pages.flat());
  if (blocks.length > LIMITS.messageBlocks) {
    // too long to fit in place: a one-line summary in the card, the whole of it in the card's thread
    const line: SlackBlock = {
      type: "context",
      block_id: `r|${milestoneId}|${rev}|s`,
      elements: [{ type: "mrkdwn", text: `${esc(card.title)} — details in the thread` }],
    };
    blocks = replaceItemBlocks(current, milestoneId, [line]);
    for (const page of rendered.pages)
      await client.chat.postMessage({ channel, thread_ts: messageTs, text: rendered.text, blocks: page as never });
  }
  await updates.send(`${channel}:${messageTs}`, () =>
    client.chat.update({ channel, ts: messageTs, text: rendered.text, blocks: blocks as never }),
  );
}
