// Card (src/core/cards) -> Adaptive Card 1.5 for Teams. Buttons become Action.Execute (Universal Actions) whose
// verb is the shared actionId(...) and whose data repeats it, so an adaptiveCard/action invoke parses back to
// the same Submission as a Slack click. Form inputs keep the DETAIL_INPUTS ids; validation errors are shown
// as red text right under the input they belong to.
import { actionId } from "../../core/cards/actions.js";
import {
  type Card,
  type CardAttachment,
  type CardBlock,
  type CardButton,
  type CardInput,
  type CardMenu,
  plainMentions,
  splitMentions,
  type Tone,
} from "../../core/cards/model.js";
import { type AcElement, tableElements, textBlock, textBlocks } from "./layout.js";

export const ADAPTIVE_CARD_VERSION = "1.5";
export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
/** verb of the card-level refresh action (Teams asks for the user-specific view with it) */
export const REFRESH_VERB = "rt|refresh";
/** Teams shows at most 6 actions per action set; longer scales are split over several sets */
const MAX_ACTIONS = 6;

export type { AcElement };

export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: string;
  version: string;
  fallbackText: string;
  speak?: string;
  body: AcElement[];
  actions?: AcElement[];
  refresh?: { action: AcElement; userIds?: string[] };
  msteams?: { width: "Full"; entities?: MentionEntity[] };
}

/** A Teams mention in an Adaptive Card (msteams.entities): `text` appears verbatim in a TextBlock or Fact. */
export interface MentionEntity {
  type: "mention";
  text: string;
  /** id: the person's Teams user id as stored (Entra object id, "29:…" or "8:orgid:…"; all accepted by Teams) */
  mentioned: { id: string; name: string };
}

/**
 * Characters Teams cannot have inside <at>…</at> (the entity text must match the body text exactly), and those
 * a name would need escaped: such names are written as plain (escaped) text instead.
 */
const AT_UNSAFE = /[<>[\]\r\n]/;

const ZWSP = "\u200b";

/**
 * Text from a plan or a person made inert for a TextBlock/Fact (Teams renders markdown there): a zero-width space
 * after every "<" (no <at> mention, autolink or tag), "&" (no entity: "&amp;" stays as typed) and "]" (no
 * markdown link, inline or by reference). Backslash escapes are not used: Teams clients render them differently
 * (AdaptiveCards#4677, msteams-docs#5793). The text reads the same; only the markup is gone.
 */
export function escTeams(s: string): string {
  return s.replace(/[<&\]]/g, (c) => c + ZWSP);
}

/**
 * Turns mention markers (`@[token]`, see Card.mentions) into `<at>Name</at>` for people with a Teams user id
 * and collects one entity per person, in the order they first appear; later occurrences of the same person,
 * people without a Teams id and names Teams could not match are written as plain names.
 */
export function teamsMentions(card: Pick<Card, "mentions">): { text: (s: string) => string; entities: MentionEntity[] } {
  const entities: MentionEntity[] = [];
  const byToken = new Set<string>();
  const byText = new Set<string>();
  const text = (s: string) =>
    splitMentions(s, card.mentions)
      .map((part) => {
        if (typeof part === "string") return escTeams(part);
        const { mention: m, token } = part;
        const id = m.teamsUserId?.trim();
        const at = `<at>${m.name}</at>`;
        if (!id || byToken.has(token) || byText.has(at) || AT_UNSAFE.test(m.name)) return escTeams(m.name);
        byToken.add(token);
        byText.add(at);
        entities.push({ type: "mention", text: at, mentioned: { id, name: m.name } });
        return at;
      })
      .join("");
  return { text, entities };
}

export interface RenderOptions {
  /**
   * "edit": buttons and inputs as built; "read": the same content without anything to click (what people who
   * may not act on the card see). Default "edit".
   */
  mode?: "edit" | "read";
  /** user-specific view: Teams re-asks the bot (verb REFRESH_VERB, this data) for each of these users */
  refresh?: { userIds: string[]; data: Record<string, string> };
  /**
   * This rendering's version, put in every Action.Execute's data (`v`): the invoke's key hashes the data, so the
   * same button on a new rendering is a new answer (a changed mind) while a double click on one rendering stays
   * one. The outbox reference for a sent card, the invoke's stored id for a card answered to an invoke.
   */
  version?: string;
  /** the outbox reference of the message the card is ("<outbox id>" or "<outbox id>:<part>"), in data `m` */
  message?: string;
  /** where an attached image is fetched from (default: inline data URL) */
  imageUrl?: (a: CardAttachment) => string;
}

function style(tone: Tone | undefined): string | undefined {
  if (tone === "good" || tone === "accent") return "positive";
  if (tone === "attention") return "destructive";
  return undefined;
}

/** Action data keys: the rendering's version (`v`, as issue 15's render version) and the message it belongs to (`m`). */
export const VERSION_KEY = "v";
export const MESSAGE_KEY = "m";
type ActionData = Record<string, string>;

export function executeAction(
  b: Pick<CardButton, "kind" | "milestoneId" | "value" | "label" | "description" | "tone">,
  extra: ActionData = {},
): AcElement {
  const verb = actionId(b);
  const a: AcElement = { type: "Action.Execute", title: b.label, verb, data: { rt: verb, ...extra } };
  const s = style(b.tone);
  if (s) a.style = s;
  if (b.description) a.tooltip = b.description;
  return a;
}

function menuAction(m: CardMenu, extra: ActionData): AcElement {
  return {
    type: "Action.ShowCard",
    title: m.placeholder,
    card: {
      type: "AdaptiveCard",
      body: [],
      actions: m.options.map((o) => executeAction({ kind: m.kind, milestoneId: m.milestoneId, value: o.value, label: o.label }, extra)),
    },
  };
}

/** Status buttons first (one set per 6), then the other buttons and menus. */
function actionSets(buttons: CardButton[], menus: CardMenu[] = [], extra: ActionData = {}): AcElement[] {
  const status = buttons.filter((b) => b.kind === "status");
  const other = buttons.filter((b) => b.kind !== "status");
  const sets: AcElement[] = [];
  // a row of buttons shares the card's width (~540 px in Teams): long labels ("4 · Complete, monitoring") get
  // fewer buttons a row so that none is cut off
  const longest = Math.max(0, ...status.map((b) => b.label.length));
  const perRow = longest > 16 ? 2 : longest > 9 ? 3 : MAX_ACTIONS;
  for (let i = 0; i < status.length; i += perRow)
    sets.push({ type: "ActionSet", actions: status.slice(i, i + perRow).map((b) => executeAction(b, extra)) });
  const rest = [...other.map((b) => executeAction(b, extra)), ...menus.map((m) => menuAction(m, extra))];
  for (let i = 0; i < rest.length; i += MAX_ACTIONS) sets.push({ type: "ActionSet", actions: rest.slice(i, i + MAX_ACTIONS) });
  return sets;
}

function choiceTitle(o: { label: string; description?: string }): string {
  if (!o.description || o.description.toLowerCase() === o.label.toLowerCase()) return o.label;
  return `${o.label} — ${o.description}`;
}

export function inputElement(i: CardInput): AcElement {
  const base: AcElement = { id: i.id, label: i.label };
  if (i.required) {
    base.isRequired = true;
    base.errorMessage = `${i.label} is required`;
  }
  switch (i.type) {
    case "choice":
      return {
        ...base,
        type: "Input.ChoiceSet",
        style: "expanded",
        choices: i.options.map((o) => ({ title: choiceTitle(o), value: o.value })),
        ...(i.value !== undefined ? { value: i.value } : {}),
      };
    case "text":
      return {
        ...base,
        type: "Input.Text",
        isMultiline: Boolean(i.multiline),
        maxLength: i.maxLength,
        ...(i.placeholder ? { placeholder: i.placeholder } : {}),
        ...(i.value !== undefined ? { value: i.value } : {}),
      };
    case "number":
      return { ...base, type: "Input.Number", min: i.min, max: i.max, ...(i.value !== undefined ? { value: i.value } : {}) };
    case "date":
      return { ...base, type: "Input.Date", ...(i.value !== undefined ? { value: i.value } : {}) };
    case "url":
      return {
        ...base,
        type: "Input.Text",
        style: "Url",
        maxLength: i.maxLength,
        placeholder: "https://",
        ...(i.value !== undefined ? { value: i.value } : {}),
      };
  }
}

function actionData(o: RenderOptions): ActionData {
  return { ...(o.version ? { [VERSION_KEY]: o.version } : {}), ...(o.message ? { [MESSAGE_KEY]: o.message } : {}) };
}

function imageUrl(card: Card, key: string, resolve: RenderOptions["imageUrl"]): string | null {
  const a = card.attachments?.find((x) => x.key === key);
  if (!a) return null;
  return resolve ? resolve(a) : `data:${a.mimeType};base64,${a.base64}`;
}

function blockElements(card: Card, b: CardBlock, edit: boolean, opts: RenderOptions, tx: (s: string) => string): AcElement[] {
  switch (b.type) {
    case "heading":
      return textBlocks(tx(b.text), { size: "Large", weight: "Bolder" });
    case "text":
      return textBlocks(tx(b.text));
    case "context":
      return textBlocks(tx(b.text), { isSubtle: true, size: "Small" });
    case "fields":
      return [{ type: "FactSet", facts: b.fields.map((f) => ({ title: tx(f.label), value: tx(f.value) })) }];
    case "divider":
      return [];
    case "image": {
      const url = imageUrl(card, b.attachment, opts.imageUrl);
      if (!url) return [textBlock(escTeams(`[chart: ${b.alt}]`), { isSubtle: true })];
      return [
        ...(b.title ? [textBlock(escTeams(b.title), { weight: "Bolder" })] : []),
        { type: "Image", url, altText: b.alt, size: "Stretch" },
      ];
    }
    case "item": {
      const items: AcElement[] = textBlocks(tx(b.title), { weight: "Bolder" });
      if (b.fields.length) items.push({ type: "FactSet", facts: b.fields.map((f) => ({ title: tx(f.label), value: tx(f.value) })) });
      if (b.statusLine) items.push(...textBlocks(tx(b.statusLine), { isSubtle: true }));
      if (edit) items.push(...actionSets(b.buttons, b.menus, actionData(opts)));
      return [{ type: "Container", id: `item-${b.milestoneId}`, items }];
    }
    case "actions":
      return edit ? actionSets(b.buttons, b.menus, actionData(opts)) : [];
    case "form": {
      if (!edit) return [textBlock("Only the owner, their deputy, the action lead or a plan admin can update this.", { isSubtle: true })];
      const out: AcElement[] = [];
      const errors = b.errors ?? {};
      if (Object.keys(errors).length) out.push(textBlock("Please fix the items marked below.", { color: "Attention", weight: "Bolder" }));
      for (const input of b.inputs) {
        out.push(inputElement(input));
        const hint = input.type === "date" || input.type === "text" ? input.hint : undefined;
        if (hint) out.push(textBlock(escTeams(hint), { isSubtle: true, size: "Small", spacing: "None" }));
        const err = errors[input.id];
        if (err) out.push(textBlock(escTeams(err), { color: "Attention", size: "Small", spacing: "None", id: `error-${input.id}` }));
      }
      out.push({ type: "ActionSet", actions: [executeAction(b.submit, actionData(opts))] });
      return out;
    }
    case "table":
      return tableElements(b.columns, b.rows, tx);
  }
}

/** Renders a core Card as an Adaptive Card 1.5 (the only format Teams needs for Universal Actions). */
export function renderAdaptiveCard(card: Card, opts: RenderOptions = {}): AdaptiveCard {
  const edit = (opts.mode ?? "edit") === "edit";
  const mentions = teamsMentions(card);
  const plain = (s: string) => plainMentions(s, card.mentions);
  const body: AcElement[] = [textBlock(escTeams(plain(card.title)), { size: "Medium", weight: "Bolder", style: "heading" })];
  let separate = false;
  for (const b of card.blocks) {
    if (b.type === "divider") {
      separate = true;
      continue;
    }
    const els = blockElements(card, b, edit, opts, mentions.text);
    if (separate && els[0]) {
      els[0] = { ...els[0], separator: true, spacing: "Medium" };
      separate = false;
    }
    body.push(...els);
  }
  const out: AdaptiveCard = {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: ADAPTIVE_CARD_VERSION,
    fallbackText: plain(card.fallback),
    speak: plain(card.fallback).slice(0, 500),
    body,
    msteams: { width: "Full", ...(mentions.entities.length ? { entities: mentions.entities } : {}) },
  };
  if (opts.refresh?.userIds.length) {
    out.refresh = {
      action: { type: "Action.Execute", title: "Refresh", verb: REFRESH_VERB, data: { rt: REFRESH_VERB, ...opts.refresh.data } },
      userIds: opts.refresh.userIds.slice(0, 60),
    };
    // people outside userIds (or whose client did not refresh) can still ask for their own view
    if (!edit)
      out.actions = [{ type: "Action.Execute", title: "Update", verb: REFRESH_VERB, data: { rt: REFRESH_VERB, ...opts.refresh.data } }];
  }
  return out;
}

/** The Bot Framework attachment wrapping an Adaptive Card. */
export function cardAttachment(card: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}

/** Every Action.Execute in an Adaptive Card (nested show-cards included), for tests and the contract test. */
export function executeActions(card: AdaptiveCard | AcElement): AcElement[] {
  const out: AcElement[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (!node || typeof node !== "object") return;
    const o = node as AcElement;
    if (o.type === "Action.Execute") out.push(o);
    for (const v of Object.values(o)) if (v && typeof v === "object") walk(v);
  };
  walk({ ...card, refresh: undefined });
  return out;
}

/** Every input element (id, type) in an Adaptive Card. */
export function inputElements(card: AdaptiveCard | AcElement): AcElement[] {
  const out: AcElement[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const o = node as AcElement;
    if (typeof o.type === "string" && o.type.startsWith("Input.")) out.push(o);
    for (const v of Object.values(o)) if (v && typeof v === "object") walk(v);
  };
  walk(card);
  return out;
}
