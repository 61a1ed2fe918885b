// Core Card -> Block Kit. Messages are split into pages of at most 50 blocks (the messenger posts later pages
// as thread replies); long text is split across blocks at line/word boundaries — nothing is ever cut.
// Every block that belongs to a milestone gets a block_id "<k>|<milestoneId>|<rev>|<n>" so a listener can
// replace exactly that item's blocks in place (chat.update) and a double click on the same rendering
// yields the same idempotency key.
import { actionId } from "../../core/cards/actions.js";
import {
  type Card,
  type CardBlock,
  type CardButton,
  type CardInput,
  type CardMention,
  type CardMenu,
  plainMentions,
  replaceMentions,
} from "../../core/cards/model.js";
import { LIMITS, type SlackBlock } from "./limits.js";

export interface RenderOptions {
  /** rendering revision, part of block ids (changes when a card is re-rendered by Edit) */
  rev?: string;
  /** give every block a block id bound to this milestone (recorded/edit summaries of one item) */
  milestoneId?: string;
  /** attachment key -> Slack file id of the uploaded image: the image shows inline in this message */
  imageFiles?: Record<string, string>;
}

export interface RenderedMessage {
  /** notification / accessibility text (the card's fallback) */
  text: string;
  /** one or more pages of <= 50 blocks; page 0 is the message, later pages are thread replies */
  pages: SlackBlock[][];
}

/** Slack mrkdwn needs &, < and > escaped; plan text often has "&". */
export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * Mention markers (`@[token]`, see Card.mentions) in already-escaped mrkdwn -> `<@U…>` for people with a Slack
 * user id, their (escaped) name for everyone else. Escaping leaves markers intact ("@", "[", "]" need none).
 */
export function slackMentions(escaped: string, mentions: Record<string, CardMention> | undefined): string {
  return replaceMentions(escaped, mentions, (m) =>
    m.slackUserId && SLACK_USER_ID.test(m.slackUserId) ? `<@${m.slackUserId}>` : esc(m.name),
  );
}

/** Splits text into chunks of at most max chars, preferring line then word boundaries; loses nothing. */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf("\n", max);
    if (cut < max / 2) cut = rest.lastIndexOf(" ", max);
    if (cut < max / 2) cut = max;
    // never cut inside an escape sequence such as &amp;
    const amp = rest.lastIndexOf("&", cut - 1);
    if (amp > 0 && cut - amp < 6 && rest.indexOf(";", amp) >= cut) cut = amp;
    // nor inside Slack markup such as a <@U123> mention (text "<" is always escaped, so "<" opens markup)
    const lt = rest.lastIndexOf("<", cut - 1);
    if (lt > 0 && rest.lastIndexOf(">", cut - 1) < lt && rest.indexOf(">", lt) >= cut) cut = lt;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, "");
  }
  if (rest.length > 0 || out.length === 0) out.push(rest);
  return out;
}

function fitPlain(s: string, max: number): string {
  // button/option labels: the plan's labels are short; the full text is kept in the message text anyway
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

const mrkdwn = (text: string) => ({ type: "mrkdwn", text });
const plain = (text: string) => ({ type: "plain_text", text, emoji: true });

function styleOf(b: CardButton): "primary" | "danger" | undefined {
  if (b.tone === "good") return "primary";
  if (b.tone === "attention") return "danger";
  return undefined;
}

export function buttonElement(b: CardButton): Record<string, unknown> {
  const el: Record<string, unknown> = {
    type: "button",
    action_id: actionId(b),
    text: plain(fitPlain(b.label, LIMITS.buttonText)),
    value: b.value ?? b.kind,
  };
  const style = styleOf(b);
  if (style) el.style = style;
  const a11y = b.description ? `${b.label}: ${b.description}` : b.label;
  if (a11y !== b.label || b.label.length > LIMITS.buttonText) el.accessibility_label = fitPlain(a11y, LIMITS.buttonText);
  if (b.kind === "not_mine")
    el.confirm = {
      title: plain("Not yours?"),
      text: plain("I'll ask the plan's administrators to reassign this milestone. You won't be reminded about it meanwhile."),
      confirm: plain("Ask to reassign"),
      deny: plain("Cancel"),
    };
  return el;
}

function menuElement(m: CardMenu): Record<string, unknown> {
  return {
    type: "static_select",
    action_id: actionId({ kind: m.kind, milestoneId: m.milestoneId }),
    placeholder: plain(fitPlain(m.placeholder, 150)),
    options: m.options.slice(0, LIMITS.selectOptions).map((o) => ({ text: plain(fitPlain(o.label, LIMITS.optionText)), value: o.value })),
  };
}

/** Button and menu elements split into actions blocks of <= 25 elements. */
function actionsBlocks(elements: Record<string, unknown>[], blockId: (n: number) => string | undefined): SlackBlock[] {
  const out: SlackBlock[] = [];
  for (let i = 0; i < elements.length; i += LIMITS.actionsElements) {
    const id = blockId(out.length);
    out.push({ type: "actions", ...(id ? { block_id: id } : {}), elements: elements.slice(i, i + LIMITS.actionsElements) });
  }
  return out;
}

function sectionBlocks(text: string, blockId: (n: number) => string | undefined): SlackBlock[] {
  return splitText(text, LIMITS.sectionText).map((t, n) => {
    const id = blockId(n);
    return { type: "section", ...(id ? { block_id: id } : {}), text: mrkdwn(t) };
  });
}

function contextBlocks(text: string, blockId: (n: number) => string | undefined): SlackBlock[] {
  return splitText(text, LIMITS.contextText).map((t, n) => {
    const id = blockId(n);
    return { type: "context", ...(id ? { block_id: id } : {}), elements: [mrkdwn(t)] };
  });
}

type Group = SlackBlock[];

/** Renders one card block into a group of Slack blocks that must stay on the same page. */
function renderBlock(b: CardBlock, idx: number, card: Card, opts: RenderOptions): Group {
  const rev = opts.rev ?? "0";
  const scoped = (k: string) => (n: number) => (opts.milestoneId ? `${k}|${opts.milestoneId}|${rev}|${idx}.${n}` : undefined);
  // card text -> mrkdwn: escaped, with mention markers resolved before any splitting so a split never cuts one
  const md = (s: string) => slackMentions(esc(s), card.mentions);
  switch (b.type) {
    case "heading": {
      // headers are plain_text (no mentions there): markers become names
      const t = plainMentions(b.text.trim() || card.title, card.mentions);
      if (t.length <= LIMITS.headerText && !opts.milestoneId) return [{ type: "header", text: plain(t) }];
      return sectionBlocks(`*${esc(t)}*`, scoped("r"));
    }
    case "text":
      return sectionBlocks(md(b.text), scoped("r"));
    case "context":
      return contextBlocks(md(b.text), scoped("r"));
    case "divider":
      return [{ type: "divider", ...(opts.milestoneId ? { block_id: `r|${opts.milestoneId}|${rev}|${idx}` } : {}) }];
    case "fields": {
      const out: SlackBlock[] = [];
      let batch: { type: string; text: string }[] = [];
      const flush = () => {
        if (batch.length) {
          const id = scoped("r")(out.length);
          out.push({ type: "section", ...(id ? { block_id: id } : {}), fields: batch });
        }
        batch = [];
      };
      for (const f of b.fields) {
        const t = `*${md(f.label)}*\n${md(f.value)}`;
        if (t.length > LIMITS.fieldText) {
          flush();
          out.push(...sectionBlocks(t, (n) => scoped("r")(out.length + n)));
          continue;
        }
        batch.push(mrkdwn(t));
        if (batch.length === LIMITS.sectionFields) flush();
      }
      flush();
      return out;
    }
    case "image": {
      const fileId = opts.imageFiles?.[b.attachment];
      if (fileId)
        return [
          {
            type: "image",
            slack_file: { id: fileId },
            alt_text: fitPlain(plainMentions(b.alt, card.mentions), 2000),
            ...(b.title ? { title: plain(fitPlain(b.title, 2000)) } : {}),
          },
        ];
      const att = card.attachments?.find((a) => a.key === b.attachment);
      const where = att ? " — the image is in the thread" : "";
      return contextBlocks(`:bar_chart: ${esc(b.title ?? b.alt)}${where}`, scoped("r"));
    }
    case "item": {
      const id = (k: string) => (n: number) => `${k}|${b.milestoneId}|${rev}|${n}`;
      const lines = [`*${md(b.title)}*`, ...b.fields.map((f) => `*${md(f.label)}:* ${md(f.value)}`)];
      if (b.statusLine) lines.push(`_${md(b.statusLine)}_`);
      const out: SlackBlock[] = [{ type: "divider", block_id: `d|${b.milestoneId}|${rev}|0` }, ...sectionBlocks(lines.join("\n"), id("i"))];
      // a numeric scale's buttons already carry the plan key's meaning ("3 · On track": optionButtonLabel)
      const elements = [...b.buttons.map(buttonElement), ...b.menus.map(menuElement)];
      if (elements.length) out.push(...actionsBlocks(elements, id("a")));
      return out;
    }
    case "actions": {
      const mids = new Set(b.buttons.map((x) => x.milestoneId));
      const mid = opts.milestoneId ?? (mids.size === 1 ? [...mids][0] : undefined);
      const elements = [...b.buttons.map(buttonElement), ...(b.menus ?? []).map(menuElement)];
      if (elements.length === 0) return [];
      return actionsBlocks(elements, (n) => (mid ? `a|${mid}|${rev}|${idx}.${n}` : `x|${idx}|${n}`));
    }
    case "form":
      // forms open as a modal (renderModal); in a message they show as a button that opens it
      return [
        ...sectionBlocks(`*${esc(plainMentions(card.title, card.mentions))}*`, scoped("r")),
        ...actionsBlocks(
          [buttonElement({ kind: "detail", milestoneId: b.milestoneId, label: "Add detail" })],
          (n) => `a|${b.milestoneId}|${rev}|${idx}.${n}`,
        ),
      ];
    case "table": {
      const lines = [b.columns.map((c) => `*${md(c)}*`).join("  ·  "), ...b.rows.map((r) => r.map(md).join("  ·  "))];
      return sectionBlocks(lines.join("\n"), scoped("r"));
    }
  }
}

/** Packs groups into pages of at most `max` blocks, never splitting a group unless it alone is too big. */
function paginate(groups: Group[], max: number): SlackBlock[][] {
  const pages: SlackBlock[][] = [[]];
  for (const g of groups) {
    let page = pages[pages.length - 1] as SlackBlock[];
    if (page.length + g.length > max && page.length > 0) {
      page = [];
      pages.push(page);
    }
    for (const block of g) {
      if (page.length === max) {
        page = [];
        pages.push(page);
      }
      page.push(block);
    }
  }
  return pages.filter((p) => p.length > 0);
}

/**
 * The message's top-level `text` (notifications, screen readers, clients without blocks). Slack parses it like
 * mrkdwn, so plan and person text is escaped here as in the blocks: "<!channel>" or "<http://x|click>" from a
 * plan stays text. Mention markers become names.
 */
export function fallbackText(card: Card): string {
  const t = esc(plainMentions(card.fallback || card.title, card.mentions));
  if (t.length <= LIMITS.fallbackText) return t;
  // the full content is in the blocks; the notification text says so instead of ending mid-sentence
  let head = t.slice(0, LIMITS.fallbackText - 40);
  head = head.slice(0, head.lastIndexOf("\n") > 0 ? head.lastIndexOf("\n") : head.length);
  // never end inside an escape such as &amp;
  const amp = head.lastIndexOf("&");
  if (amp >= 0 && head.indexOf(";", amp) < 0) head = head.slice(0, amp);
  return `${head}\n… (more in the message)`;
}

/** Card -> one Slack message (or several pages when it is longer than 50 blocks). */
export function renderMessage(card: Card, opts: RenderOptions = {}): RenderedMessage {
  const groups = card.blocks.map((b, i) => renderBlock(b, i, card, opts)).filter((g) => g.length > 0);
  if (groups.length === 0) groups.push(sectionBlocks(esc(plainMentions(card.title, card.mentions)), () => undefined));
  // reserve one block per page for a "part k of n" line when paging is needed
  let pages = paginate(groups, LIMITS.messageBlocks);
  if (pages.length > 1) {
    pages = paginate(groups, LIMITS.messageBlocks - 1);
    pages = pages.map((p, i) => [...p, { type: "context", elements: [mrkdwn(`Part ${i + 1} of ${pages.length} of this message`)] }]);
  }
  return { text: fallbackText(card), pages };
}

// ---------------------------------------------------------------------------------------------------------
// Modals (the "Add detail" form)

export const DETAIL_CALLBACK_ID = "rt_detail";

export interface ModalMeta {
  /** milestone id */
  m: string;
  /** scale id (validation needs it before ack, without a database round trip) */
  s: string;
  /** time zone for "today" in date validation */
  tz: string;
  /** the message to update in place after saving: channel + ts */
  c?: string;
  t?: string;
  /** 1 when that message shows only this milestone, so it can be replaced in place */
  o?: number;
}

function inputElement(i: CardInput): Record<string, unknown> {
  switch (i.type) {
    case "choice": {
      const opts = i.options.map((o) => ({
        text: plain(fitPlain(o.label, LIMITS.optionText)),
        value: o.value,
        ...(o.description && o.description !== o.label ? { description: plain(fitPlain(o.description, LIMITS.optionText)) } : {}),
      }));
      const initial = opts.find((o) => o.value === i.value);
      if (opts.length <= LIMITS.radioOptions)
        return { type: "radio_buttons", action_id: i.id, options: opts, ...(initial ? { initial_option: initial } : {}) };
      const flat = opts.map(({ text, value }) => ({ text, value }));
      const init = flat.find((o) => o.value === i.value);
      return { type: "static_select", action_id: i.id, options: flat, ...(init ? { initial_option: init } : {}) };
    }
    case "number":
      return {
        type: "number_input",
        action_id: i.id,
        is_decimal_allowed: false,
        min_value: String(i.min),
        max_value: String(i.max),
        ...(i.value !== undefined ? { initial_value: String(i.value) } : {}),
      };
    case "text":
      return {
        type: "plain_text_input",
        action_id: i.id,
        multiline: Boolean(i.multiline),
        max_length: Math.min(i.maxLength, LIMITS.plainTextInput),
        ...(i.placeholder ? { placeholder: plain(fitPlain(i.placeholder, 150)) } : {}),
        ...(i.value ? { initial_value: i.value } : {}),
      };
    case "date":
      return { type: "datepicker", action_id: i.id, ...(i.value ? { initial_date: i.value } : {}) };
    case "url":
      return { type: "url_text_input", action_id: i.id, ...(i.value ? { initial_value: i.value } : {}) };
  }
}

function modalTitle(card: Card): string {
  const ref = /^Update (\S+)/.exec(card.title)?.[1];
  const t = ref ? `Update ${ref}` : "Update";
  return t.length <= LIMITS.modalTitle ? t : "Update milestone";
}

/** A form card (detailCard) -> a Slack modal view for views.open. */
export function renderModal(card: Card, meta: ModalMeta): Record<string, unknown> {
  const form = card.blocks.find((b) => b.type === "form");
  if (form?.type !== "form") throw new Error(`card "${card.purpose}" has no form to show as a modal`);
  const blocks: SlackBlock[] = [
    ...sectionBlocks(
      `*${esc(plainMentions(card.title, card.mentions))}*\n${esc(plainMentions(card.fallback.replace(card.title, "").trim(), card.mentions))}`,
      () => undefined,
    ),
  ];
  for (const i of form.inputs) {
    const hint = "hint" in i && i.hint ? i.hint : undefined;
    blocks.push({
      type: "input",
      block_id: i.id,
      optional: !i.required,
      label: plain(fitPlain(i.label, LIMITS.inputLabel)),
      ...(hint ? { hint: plain(fitPlain(hint, LIMITS.inputHint)) } : {}),
      element: inputElement(i),
    });
    const err = form.errors?.[i.id];
    if (err) blocks.push({ type: "context", block_id: `err|${i.id}`, elements: [mrkdwn(`:warning: ${esc(err)}`)] });
  }
  const metaJson = JSON.stringify(meta);
  if (metaJson.length > LIMITS.privateMetadata) throw new Error("modal metadata too long");
  return {
    type: "modal",
    callback_id: DETAIL_CALLBACK_ID,
    title: plain(modalTitle(card)),
    submit: plain(fitPlain(form.submit.label, LIMITS.modalButton)),
    close: plain("Cancel"),
    private_metadata: metaJson,
    blocks,
  };
}

/** view.state.values -> raw form values keyed by input id (DETAIL_INPUTS). */
export function formValuesFromState(values: Record<string, Record<string, Record<string, unknown>>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(values ?? {})) {
    for (const [actionIdKey, v] of Object.entries(actions ?? {})) {
      const key = actionIdKey || blockId;
      const selected = v.selected_option as { value?: string } | null | undefined;
      const raw = v.value ?? selected?.value ?? v.selected_date ?? null;
      if (raw !== null && raw !== undefined) out[key] = String(raw);
    }
  }
  return out;
}
