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
export type CardActionKind = "status" | "detail" | "snooze" | "not_mine" | "edit" | "submit_detail" | "page";

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
  return lines.join("\n");
}
