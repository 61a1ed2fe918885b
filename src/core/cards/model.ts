// The one card model. Every message ragtime shows (reminders, recorded summaries, the detail form, digests,
// answers) is built as a Card here; adapters/slack renders it to Block Kit and adapters/teams to an
// Adaptive Card. Both renderers carry the same action ids and input ids, so one submission parser per
// platform yields the same Submission (see actions.ts).

export type Tone = "good" | "warning" | "attention" | "neutral" | "accent";

export interface CardField {
  label: string;
  value: string;
}

/** What a button does; encoded into the platform's action id / data by actions.ts. */
export type CardActionKind =
  | "status"
  | "detail"
  | "snooze"
  | "not_mine"
  | "edit"
  | "submit_detail"
  | "page"
  /** indicators (core/cards/indicator.ts): open the value form / save it; milestoneId holds the indicator id, value the period */
  | "ind_value"
  | "ind_submit";

export interface CardButton {
  kind: CardActionKind;
  /** milestone the action applies to ("" for card-level actions such as paging) */
  milestoneId: string;
  /** status option id, snooze choice, page number... */
  value?: string;
  label: string;
  /** hover text / description (e.g. Thurrock's meaning of "3") */
  description?: string;
  tone?: Tone;
}

/** A choice among options, shown as a menu (snooze) */
export interface CardMenu {
  kind: CardActionKind;
  milestoneId: string;
  placeholder: string;
  options: { value: string; label: string }[];
}

export type CardInput =
  | {
      type: "choice";
      id: string;
      label: string;
      options: { value: string; label: string; description?: string }[];
      value?: string;
      required?: boolean;
    }
  | {
      type: "text";
      id: string;
      label: string;
      placeholder?: string;
      multiline?: boolean;
      maxLength: number;
      value?: string;
      required?: boolean;
      hint?: string;
    }
  | { type: "number"; id: string; label: string; min: number; max: number; value?: number; required?: boolean }
  | { type: "date"; id: string; label: string; value?: string; required?: boolean; hint?: string }
  | { type: "url"; id: string; label: string; value?: string; maxLength: number; required?: boolean };

export type CardBlock =
  | { type: "heading"; text: string }
  | { type: "text"; text: string }
  | { type: "fields"; fields: CardField[] }
  | { type: "context"; text: string }
  | { type: "divider" }
  /** an image attached to the message (attachment key, e.g. "chart") */
  | { type: "image"; attachment: string; alt: string; title?: string }
  /** one plan item with its own buttons (a reminder lists one or several) */
  | { type: "item"; milestoneId: string; title: string; fields: CardField[]; buttons: CardButton[]; menus: CardMenu[]; statusLine?: string }
  | { type: "actions"; buttons: CardButton[]; menus?: CardMenu[] }
  /** a form (the "Add detail" modal in Slack, inline inputs in Teams) */
  | { type: "form"; formId: string; milestoneId: string; inputs: CardInput[]; submit: CardButton; errors?: Record<string, string> }
  | { type: "table"; columns: string[]; rows: string[][] };

export interface CardAttachment {
  key: string;
  filename: string;
  mimeType: "image/png";
  /** base64 payload (kept in the outbox so a send can be retried without rebuilding) */
  base64: string;
}

/**
 * A person a card may @mention. Text in blocks never holds a platform mention itself: it holds the marker
 * `@[token]` (see mentionMarker) and card.mentions[token] says who that is. Each renderer turns the marker
 * into its own mention when it has the person's id on that platform — Slack `<@U…>`, Teams `<at>Name</at>`
 * plus a mention entity — and into the plain name otherwise; cardToText always gives the plain name.
 */
export interface CardMention {
  name: string;
  slackUserId?: string | null;
  teamsUserId?: string | null;
}

export interface Card {
  /** what the card is (for logs, tests and the outbox): "reminder", "recorded", "detail", "digest", "answer" */
  purpose: string;
  title: string;
  /** plain text used for notifications, screen readers and the log messenger; always complete */
  fallback: string;
  blocks: CardBlock[];
  attachments?: CardAttachment[];
  /** people who may act on this card (Teams refresh.userIds; Slack checks on click) */
  actors?: string[];
  /** continuation posted as a thread reply / follow-up (full lists, digest details) */
  thread?: Card[];
  /**
   * People this card may @mention, keyed by token. Marker syntax: `@[token]` (token: letters, digits, "_" or
   * "-", 1-64 chars; ragtime uses the person id) in the text of heading/text/context blocks, field labels and
   * values, item titles/fields/status lines and table cells. A marker whose token is not a key here is not a
   * marker (it is shown as written). Builders put only people who opted in to mentions here; everyone else
   * is written as a plain name. Title, fallback, button labels and inputs should be plain text (renderers
   * still turn markers there into plain names).
   */
  mentions?: Record<string, CardMention>;
}

const MARKER = /@\[([A-Za-z0-9_-]{1,64})\]/g;

/** The marker for a mention token (the token must be a key of card.mentions). */
export function mentionMarker(token: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(token)) throw new Error(`"${token}" cannot be a mention token`);
  return `@[${token}]`;
}

/** Replaces every marker whose token is in `mentions` with render(mention, token); other text is kept. */
export function replaceMentions(
  text: string,
  mentions: Record<string, CardMention> | undefined,
  render: (m: CardMention, token: string) => string,
): string {
  if (!mentions || !text.includes("@[")) return text;
  return text.replace(MARKER, (whole, token: string) => {
    const m = Object.hasOwn(mentions, token) ? mentions[token] : undefined;
    return m ? render(m, token) : whole;
  });
}

/**
 * Text split at its mention markers: plain strings (to be escaped by a renderer) and the mentions between them
 * (rendered as the renderer's own mention), so escaping never touches a marker.
 */
export function splitMentions(
  text: string,
  mentions: Record<string, CardMention> | undefined,
): (string | { mention: CardMention; token: string })[] {
  if (!mentions || !text.includes("@[")) return [text];
  const out: (string | { mention: CardMention; token: string })[] = [];
  let last = 0;
  for (const m of text.matchAll(MARKER)) {
    const token = m[1] as string;
    const mention = Object.hasOwn(mentions, token) ? mentions[token] : undefined;
    if (!mention) continue;
    out.push(text.slice(last, m.index), { mention, token });
    last = (m.index ?? 0) + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

/** Markers -> plain names (fallback text, plain_text fields, the log). */
export function plainMentions(text: string, mentions: Record<string, CardMention> | undefined): string {
  return replaceMentions(text, mentions, (m) => m.name);
}

/**
 * The same card with every mention marker written as the plain name and no card.mentions (thread included):
 * for showing a stored card again (e.g. "digest" asked in a channel) without pinging people a second time.
 */
export function withoutMentions(card: Card): Card {
  const { mentions, ...rest } = card;
  const p = (s: string) => plainMentions(s, mentions);
  const fields = (fs: CardField[]) => fs.map((f) => ({ label: p(f.label), value: p(f.value) }));
  const blocks = card.blocks.map((b): CardBlock => {
    switch (b.type) {
      case "heading":
      case "text":
      case "context":
        return { ...b, text: p(b.text) };
      case "fields":
        return { ...b, fields: fields(b.fields) };
      case "item":
        return { ...b, title: p(b.title), fields: fields(b.fields), ...(b.statusLine ? { statusLine: p(b.statusLine) } : {}) };
      case "table":
        return { ...b, columns: b.columns.map(p), rows: b.rows.map((r) => r.map(p)) };
      default:
        return b;
    }
  });
  return {
    ...rest,
    title: p(card.title),
    fallback: p(card.fallback),
    blocks,
    ...(card.thread ? { thread: card.thread.map(withoutMentions) } : {}),
  };
}

/** Does the card carry anything to act on (plan items or a form)? */
function actionable(card: Card): boolean {
  return card.blocks.some((b) => b.type === "item" || b.type === "form");
}

/** Who may act on a card: its actors, else (for actionable cards) the person it was sent to. */
export function cardActors(card: Card, personId: string | undefined): string[] {
  if (card.actors?.length) return card.actors;
  return personId && actionable(card) ? [personId] : [];
}

/** Milestones a card's items and forms are about. */
export function cardMilestoneIds(card: Card): string[] {
  const ids = new Set<string>();
  for (const b of card.blocks) if ((b.type === "item" || b.type === "form") && b.milestoneId) ids.add(b.milestoneId);
  return [...ids];
}

/** Collects every button in a card (renderers and contract tests use this). */
export function cardButtons(card: Card): CardButton[] {
  const out: CardButton[] = [];
  for (const b of card.blocks) {
    if (b.type === "item" || b.type === "actions") out.push(...b.buttons);
    if (b.type === "form") out.push(b.submit);
  }
  return out;
}

/** Plain-text rendering of any card: the log messenger prints this; renderers use it as fallback text. */
export function cardToText(card: Card): string {
  const lines: string[] = [card.title];
  for (const b of card.blocks) {
    switch (b.type) {
      case "heading":
      case "text":
      case "context":
        lines.push(b.text);
        break;
      case "fields":
        for (const f of b.fields) lines.push(`${f.label}: ${f.value}`);
        break;
      case "divider":
        lines.push("—");
        break;
      case "image":
        lines.push(`[chart: ${b.alt}]`);
        break;
      case "item":
        lines.push(`• ${b.title}`);
        for (const f of b.fields) lines.push(`  ${f.label}: ${f.value}`);
        if (b.statusLine) lines.push(`  ${b.statusLine}`);
        if (b.buttons.length) lines.push(`  [${b.buttons.map((x) => x.label).join("] [")}]`);
        break;
      case "actions":
        lines.push(`[${b.buttons.map((x) => x.label).join("] [")}]`);
        break;
      case "form":
        for (const i of b.inputs) lines.push(`  ${i.label}${b.errors?.[i.id] ? ` — ${b.errors[i.id]}` : ""}`);
        break;
      case "table":
        lines.push(b.columns.join(" | "));
        for (const r of b.rows) lines.push(r.join(" | "));
        break;
    }
  }
  return plainMentions(lines.join("\n"), card.mentions);
}
