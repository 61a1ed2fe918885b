// One message as each platform's messenger would post it, and as it looks after a click: Block Kit from
// adapters/slack/render.ts (the item's blocks replaced in place, as the Slack listener's chat.update does) and
// an Adaptive Card from adapters/teams/render.ts (the whole card replaced, as a Universal Action reply does).

import { replaceItemBlocks } from "../adapters/slack/actions.js";
import type { SlackBlock } from "../adapters/slack/limits.js";
import { renderMessage, renderModal } from "../adapters/slack/render.js";
import { renderOutcome } from "../adapters/teams/card-actions.js";
import { byteSize, TEAMS_CARD_LIMIT } from "../adapters/teams/fit.js";
import { dataUrl, withoutImages } from "../adapters/teams/images.js";
import { type AdaptiveCard, renderAdaptiveCard } from "../adapters/teams/render.js";
import type { Card } from "../core/cards/model.js";
import { cardActors } from "../core/cards/model.js";
import type { Outcome } from "./act.js";

export interface SlackView {
  text: string;
  blocks: SlackBlock[];
  /** later pages, thread cards, and uploaded files (charts), in the order the messenger posts them */
  thread: { blocks?: SlackBlock[]; file?: { name: string; src: string; alt: string } }[];
}

export interface TeamsView {
  card: AdaptiveCard;
  thread: AdaptiveCard[];
}

/** As TeamsMessenger.render: read-only in a shared channel when the card has people who may act, editable in a 1:1. */
function teamsCard(card: Card, shared: boolean, personId?: string): AdaptiveCard {
  const mode = shared && cardActors(card, personId).length ? ("read" as const) : ("edit" as const);
  const out = renderAdaptiveCard(card, { mode });
  return card.attachments?.length && byteSize(out) > TEAMS_CARD_LIMIT ? renderAdaptiveCard(withoutImages(card), { mode }) : out;
}

export function slackView(card: Card): SlackView {
  const { text, pages } = renderMessage(card);
  const thread: SlackView["thread"] = pages.slice(1).map((blocks) => ({ blocks }));
  for (const a of card.attachments ?? []) {
    const img = card.blocks.find((b) => b.type === "image" && b.attachment === a.key);
    thread.push({ file: { name: a.filename, src: dataUrl(a), alt: img?.type === "image" ? img.alt : card.title } });
  }
  for (const t of card.thread ?? []) for (const blocks of renderMessage(t).pages) thread.push({ blocks });
  return { text, blocks: pages[0] ?? [], thread };
}

export function teamsView(card: Card, shared: boolean, personId?: string): TeamsView {
  return { card: teamsCard(card, shared, personId), thread: (card.thread ?? []).map((t) => teamsCard(t, shared, personId)) };
}

export type SlackResult =
  | { kind: "update"; blocks: SlackBlock[]; text: string }
  | { kind: "modal"; view: Record<string, unknown> }
  | { kind: "ephemeral"; text: string }
  | { kind: "none" };

/**
 * What Slack shows after the outcome, as adapters/slack/actions.ts shows it: the item replaced in place, a
 * modal, or the refusal told to the person alone (an ephemeral message).
 */
export function slackResult(o: Outcome, current: SlackBlock[], milestoneId: string, rev: string, meta: { messageId: string }): SlackResult {
  switch (o.kind) {
    case "none":
      return { kind: "none" };
    case "refusal":
      return { kind: "ephemeral", text: o.card.fallback };
    case "form": {
      const one = new Set(current.map((b) => String(b.block_id ?? "").split("|")[1]).filter(Boolean)).size <= 1;
      return {
        kind: "modal",
        view: renderModal(o.card, { m: o.milestoneId, s: o.scaleId, tz: o.timeZone, c: "playground", t: meta.messageId, o: one ? 1 : 0 }),
      };
    }
    case "card": {
      const rendered = renderMessage(o.card, { milestoneId, rev });
      return { kind: "update", blocks: replaceItemBlocks(current, milestoneId, rendered.pages.flat()), text: o.card.fallback };
    }
  }
}

/** What Teams shows after the outcome: the card that replaces the message, as the Teams invoke handler answers. */
export function teamsResult(o: Outcome, version: string): AdaptiveCard {
  return renderOutcome(o, version).body.value;
}
