// Teams refuses a message over ~28 KB. Every card is measured as the activity that would be posted (the
// Adaptive Card inside its attachment, as UTF-8 bytes) before it is sent; one that is too big is split into
// several cards at block boundaries ("part 1 of 3"), as reminders are already paged, and the parts go out as
// follow-up messages (thread replies in a channel). A single block too big on its own is split by lines;
// a single line too big on its own is the only thing ever shortened, and says so. Nothing oversized is sent.
import type { Card, CardBlock } from "../../core/cards/model.js";
import { cardAttachment, renderAdaptiveCard } from "./render.js";

/** Teams' documented limit is ~28 KB for the whole activity; the card gets this much, the rest is headroom */
export const TEAMS_CARD_LIMIT = 26 * 1024;

export type Measure = (card: Card) => number;

/** the most a refresh block can add: 60 user ids of the longest form and an outbox reference */
const WORST_REFRESH = { userIds: Array.from({ length: 60 }, () => `8:orgid:${"0".repeat(36)}`), data: { outbox: "x".repeat(40) } };
const HOSTED_IMAGE = `https://${"x".repeat(60)}/teams/images/${"x".repeat(40)}/chart.png?sig=${"x".repeat(32)}`;

/**
 * The size a card is cut by: the posted activity with the largest refresh block any viewer could get (cards
 * someone can act on) and
 * images as hosted URLs (inline images that do not fit give way to their description when rendered). It
 * depends on the card only, so the sender and a later refresh cut a message into the same parts.
 */
export function measureCard(card: Card): number {
  // only cards someone can act on carry a refresh block (messenger.ts: cardActors)
  const actionable = Boolean(card.actors?.length) || card.blocks.some((b) => b.type === "item" || b.type === "form");
  const content = renderAdaptiveCard(card, {
    mode: "edit",
    ...(actionable ? { refresh: WORST_REFRESH } : {}),
    imageUrl: () => HOSTED_IMAGE,
  });
  return byteSize({ type: "message", summary: card.fallback.split("\n")[0]?.slice(0, 200) ?? "", attachments: [cardAttachment(content)] });
}

export function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}

const CUT_NOTE = " … (shortened to fit Teams; the full text is in the plan)";

/** A text block with too many lines becomes two; a single over-long line is shortened. */
function halve(b: CardBlock): CardBlock[] | null {
  if (b.type !== "text" && b.type !== "context") return null;
  const lines = b.text.split("\n");
  if (lines.length > 1) {
    const mid = Math.ceil(lines.length / 2);
    return [
      { ...b, text: lines.slice(0, mid).join("\n") },
      { ...b, text: lines.slice(mid).join("\n") },
    ];
  }
  if (b.text.length < 200) return null;
  return [{ ...b, text: b.text.slice(0, Math.floor(b.text.length / 2)) + CUT_NOTE }];
}

function page(card: Card, blocks: CardBlock[], n: number, of: number): Card {
  const { thread: _thread, ...rest } = card;
  if (of === 1) return { ...rest, blocks };
  const title = `${card.title} (part ${n} of ${of})`;
  return { ...rest, title, fallback: n === 1 ? card.fallback : title, blocks };
}

/**
 * The cards one core card is sent as (its thread not included): [card] when it fits, else parts that each
 * fit. Deterministic, so a retried send and a later refresh cut the same parts.
 */
export function fitCard(card: Card, measure: Measure = measureCard, limit = TEAMS_CARD_LIMIT): Card[] {
  const { thread: _thread, ...alone } = card;
  if (measure(alone) <= limit) return [alone];
  const fits = (blocks: CardBlock[]) => measure({ ...alone, title: `${card.title} (part 99 of 99)`, blocks }) <= limit;
  // blocks in groups that stay together: a divider goes with the block after it
  const queue: CardBlock[][] = [];
  for (const b of card.blocks) {
    const last = queue[queue.length - 1];
    if (last && last.length === 1 && last[0]?.type === "divider") last.push(b);
    else queue.push([b]);
  }
  const pages: CardBlock[][] = [];
  let current: CardBlock[] = [];
  while (queue.length) {
    const group = queue.shift() as CardBlock[];
    if (fits([...current, ...group])) {
      current.push(...group);
      continue;
    }
    if (current.length) {
      pages.push(current);
      current = [];
      queue.unshift(group);
      continue;
    }
    // the group alone is too big: split its last block, or as a last resort leave it out with a note
    const last = group[group.length - 1] as CardBlock;
    const split = halve(last);
    if (split) queue.unshift(...split.map((b, i) => (i === 0 ? [...group.slice(0, -1), b] : [b])));
    else pages.push([{ type: "text", text: "This part was too large for a Teams message; ask the bot or see the plan for it." }]);
  }
  if (current.length) pages.push(current);
  return pages.map((blocks, i) => page(card, blocks, i + 1, pages.length));
}

/** Every message a card with its thread is sent as, in order: the root's parts, then each thread card's. */
export function teamsParts(card: Card, measure: Measure = measureCard, limit = TEAMS_CARD_LIMIT): Card[] {
  return [card, ...(card.thread ?? [])].flatMap((c) => fitCard(c, measure, limit));
}
