// Renders a DigestModel into the one card model: a readable main card (lists cut at LIST_LIMIT with
// "and N more") plus thread cards holding the full lists. Totals always count everything.
import { type Card, type CardAttachment, type CardBlock, type CardMention, mentionMarker, plainMentions } from "../cards/model.js";
import { formatDate } from "../cards/reminder.js";
import { excerpt } from "./facts.js";
import type {
  ChangeItem,
  DigestItem,
  DigestModel,
  Direction,
  DueSoonItem,
  MissingItem,
  OverdueItem,
  SlipItem,
  StatusCount,
} from "./model.js";

export const LIST_LIMIT = 5;
/** milestone titles in list lines are cut to this many characters (plans write whole paragraphs) */
export const TITLE_MAX = 110;
/** thread cards are split so no single message grows unreadably long */
export const THREAD_CHUNK = 40;

const ARROWS: Record<Direction, string> = { up: "↑", down: "↓", flat: "→", new: "–" };
const WORDS: Record<Direction, string> = { up: "improving", down: "worsening", flat: "no change", new: "first digest" };

const TONE_COLORS: Record<string, string> = {
  good: "#2e7d32",
  warning: "#f59e0b",
  attention: "#c62828",
  accent: "#1565c0",
  neutral: "#9e9e9e",
};
const NUMERIC_COLORS: Record<string, string> = { "1": "#c62828", "2": "#f59e0b", "3": "#2e7d32", "4": "#42a5f5", "5": "#1565c0" };

export function statusColor(scaleId: string, c: Pick<StatusCount, "key" | "tone">): string {
  if (scaleId === "numeric5" && NUMERIC_COLORS[c.key]) return NUMERIC_COLORS[c.key] as string;
  return TONE_COLORS[c.tone] ?? "#9e9e9e";
}

/** Data for the status-by-section chart (rendered to PNG outside core by src/charts). */
export function digestChartData(model: DigestModel): {
  title: string;
  series: { section: string; status: string; count: number }[];
  statuses: { label: string; color: string }[];
} {
  const used = model.counts.filter((c) => c.count > 0);
  return {
    title: `${model.board.name}: status by ${model.plan.sectionWord.toLowerCase()} (${formatDate(model.asOf)})`,
    series: model.sections.flatMap((s) =>
      s.counts.filter((c) => c.count > 0).map((c) => ({ section: s.short, status: countLabel(model, c), count: c.count })),
    ),
    statuses: used.map((c) => ({ label: countLabel(model, c), color: statusColor(model.plan.scaleId, c) })),
  };
}

function countLabel(model: DigestModel, c: StatusCount): string {
  return model.plan.scaleId === "numeric5" && c.key !== "none" ? `${c.label} (${c.status.replace("_", " ")})` : c.label;
}

function score(n: number | null): string {
  return n === null ? "n/a" : n.toFixed(1);
}

export function scoreLine(model: DigestModel): string {
  const s = model.score;
  if (s.previous === null)
    return `${model.plan.scoreName}: current ${score(s.current)} (first digest for this board: no previous period to compare)`;
  return `${model.plan.scoreName}: previous period ${score(s.previous)}, current ${score(s.current)} ${ARROWS[s.direction]} ${WORDS[s.direction]}`;
}

export function countsLine(model: DigestModel): string {
  const parts = model.counts.filter((c) => c.count > 0).map((c) => `${countLabel(model, c)}: ${c.count}`);
  return `${model.totals.milestones} milestone${model.totals.milestones === 1 ? "" : "s"} (${model.totals.open} open) — ${parts.join(" · ") || "none"}`;
}

function base(i: DigestItem): string {
  const owners = i.owners.length ? i.owners.join(", ") : "no owner";
  return `${i.ref ? `${i.ref} ` : ""}${excerpt(i.title, TITLE_MAX)} — ${owners}`;
}

export function overdueLine(i: OverdueItem): string {
  return `• ${base(i)} — due ${formatDate(i.due as string)}, ${i.daysOverdue} day${i.daysOverdue === 1 ? "" : "s"} overdue — ${i.status}`;
}
export function dueSoonLine(i: DueSoonItem): string {
  const when = i.daysToDue === 0 ? "today" : `in ${i.daysToDue} day${i.daysToDue === 1 ? "" : "s"}`;
  return `• ${base(i)} — due ${formatDate(i.due as string)} (${when}) — ${i.status}`;
}
export function changeLine(i: ChangeItem): string {
  const who = i.by ? ` — by ${i.by}${i.at ? ` on ${formatDate(i.at)}` : ""}` : "";
  return `• ${base(i)}: ${i.from} → ${i.to}${who}${i.narrative ? ` — “${i.narrative}”` : ""}`;
}
export function slipLine(i: SlipItem): string {
  const times = `moved ${i.timesMoved} time${i.timesMoved === 1 ? "" : "s"}`;
  return `• ${base(i)} — baseline ${formatDate(i.baselineDue)}, now ${formatDate(i.due as string)} (${i.daysSlipped} days later, ${times})${i.reason ? ` — reason: ${i.reason}` : " — no reason given"}`;
}
/** The person as written in a list: an @mention marker for people who opted in (see Card.mentions), else the name. */
export function personRef(i: MissingItem): string {
  return i.mention && (i.mention.slackUserId || i.mention.teamsUserId) ? mentionMarker(i.personId) : i.name;
}

/** card.mentions for the people of these missing-updates items who opted in (undefined when nobody did). */
export function missingMentions(items: MissingItem[]): Record<string, CardMention> | undefined {
  const out: Record<string, CardMention> = {};
  for (const i of items)
    if (i.mention && (i.mention.slackUserId || i.mention.teamsUserId))
      out[i.personId] = { name: i.name, slackUserId: i.mention.slackUserId, teamsUserId: i.mention.teamsUserId };
  return Object.keys(out).length ? out : undefined;
}

function withoutMention(i: MissingItem): MissingItem {
  if (!i.mention) return i;
  const { mention: _, ...rest } = i;
  return rest;
}

export function missingLine(i: MissingItem): string {
  if (i.reason === "no_answer")
    return `• ${personRef(i)} — asked${i.askedOn ? ` on ${formatDate(i.askedOn)}` : ""}, ${i.items} item${i.items === 1 ? "" : "s"} not updated`;
  return `• ${i.name} — no chat account (${i.items} open item${i.items === 1 ? "" : "s"}); ask an admin to map them`;
}

interface ListSpec<T> {
  key: string;
  title: string;
  empty: string;
  items: T[];
  line: (i: T) => string;
}

function lists(model: DigestModel): ListSpec<unknown>[] {
  const noAnswer = model.missing.filter((m) => m.reason === "no_answer");
  const noChat = model.missing.filter((m) => m.reason === "no_chat");
  return [
    { key: "overdue", title: "Overdue", empty: "Nothing is overdue.", items: model.overdue, line: overdueLine },
    {
      key: "due",
      title: "Due in the next 14 days",
      empty: "Nothing falls due in the next 14 days.",
      items: model.dueSoon,
      line: dueSoonLine,
    },
    {
      key: "changed",
      title: model.previousAsOf ? `Changed since the last digest (${formatDate(model.previousAsOf)})` : "Changed in the last week",
      empty: "No status changes.",
      items: model.changed,
      line: changeLine,
    },
    {
      key: "slipped",
      title: "Slipped (due date moved beyond the baseline)",
      empty: "Nothing has slipped.",
      items: model.slipped,
      line: slipLine,
    },
    {
      key: "no_answer",
      title: "Asked for an update and not answered",
      empty: "Everyone asked this cycle has answered.",
      items: noAnswer,
      line: missingLine,
    },
    {
      key: "no_chat",
      title: "Owners with no chat account",
      empty: "Every owner can be reached in chat.",
      items: noChat,
      line: missingLine,
    },
  ] as ListSpec<unknown>[];
}

export interface DigestCardOptions {
  /** PNG of the status-by-section chart (from src/charts) */
  chartPng?: { base64: string };
  limit?: number;
}

/** The digest as one card (main message) with the full lists in card.thread. */
export function digestCard(model: DigestModel, opts: DigestCardOptions = {}): Card {
  const limit = opts.limit ?? LIST_LIMIT;
  const title = `${model.board.name} — progress as of ${formatDate(model.asOf)}`;
  const blocks: CardBlock[] = [
    { type: "text", text: `${model.plan.name}. ${countsLine(model)}` },
    { type: "text", text: scoreLine(model) },
  ];
  const attachments: CardAttachment[] = [];
  if (opts.chartPng) {
    attachments.push({ key: "chart", filename: `digest-${model.asOf}.png`, mimeType: "image/png", base64: opts.chartPng.base64 });
    blocks.push({
      type: "image",
      attachment: "chart",
      alt: `Status of milestones by ${model.plan.sectionWord.toLowerCase()}`,
      title: "Status by section",
    });
  }
  const shown = model.counts.filter((c) => c.count > 0);
  blocks.push({ type: "heading", text: `By ${model.plan.sectionWord.toLowerCase()}` });
  blocks.push({
    type: "table",
    columns: [model.plan.sectionWord, ...shown.map((c) => countLabel(model, c)), "Score", "Trend"],
    rows: model.sections.map((s) => [
      s.heading,
      ...shown.map((c) => String(s.counts.find((x) => x.key === c.key)?.count ?? 0)),
      score(s.score),
      s.direction === "new" ? "–" : `${ARROWS[s.direction]} ${s.previousScore === null ? "" : `from ${score(s.previousScore)}`}`.trim(),
    ]),
  });

  const thread: Card[] = [];
  const summary: string[] = [title, `${model.plan.name}. ${countsLine(model)}`, scoreLine(model)];
  for (const l of lists(model)) {
    blocks.push({ type: "divider" });
    blocks.push({ type: "heading", text: `${l.title} (${l.items.length})` });
    summary.push(`${l.title}: ${l.items.length}`);
    if (l.items.length === 0) {
      blocks.push({ type: "text", text: l.empty });
      continue;
    }
    const head = l.items.slice(0, limit).map(l.line);
    const more = l.items.length - head.length;
    if (more > 0) head.push(`…and ${more} more — the full list of ${l.items.length} is in the thread below.`);
    blocks.push({ type: "text", text: head.join("\n") });
    if (more > 0) {
      // people already @mentioned in the main message are named (not pinged a second time) in the thread
      const full = l.key === "no_answer" ? (l.items as MissingItem[]).map((m, n) => (n < limit ? withoutMention(m) : m)) : l.items;
      for (let i = 0; i < full.length; i += THREAD_CHUNK) {
        const part = full.slice(i, i + THREAD_CHUNK);
        const range = l.items.length > THREAD_CHUNK ? ` — ${i + 1} to ${i + part.length} of ${l.items.length}` : "";
        const t = `${l.title} (${l.items.length})${range}`;
        const text = part.map(l.line).join("\n");
        const mentions = l.key === "no_answer" ? missingMentions(part as MissingItem[]) : undefined;
        thread.push({
          purpose: "digest_list",
          title: t,
          fallback: plainMentions(`${t}\n${text}`, mentions),
          blocks: [{ type: "text", text }],
          ...(mentions ? { mentions } : {}),
        });
      }
    }
  }
  const prev = model.previousAsOf ? ` Direction of travel compares with the digest of ${formatDate(model.previousAsOf)}.` : "";
  blocks.push({ type: "context", text: `As presented to the board on ${formatDate(model.asOf)}.${prev}` });
  const mentions = missingMentions(model.missing.filter((m) => m.reason === "no_answer").slice(0, limit));
  return {
    purpose: "digest",
    title,
    fallback: summary.join("\n"),
    blocks,
    ...(attachments.length ? { attachments } : {}),
    ...(thread.length ? { thread } : {}),
    ...(mentions ? { mentions } : {}),
  };
}
