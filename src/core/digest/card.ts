// Renders a DigestModel into the one card model, phone first: a title block (board, date), the score with its
// trend and coverage, one line per priority and the chart at the top of the ROOT message; then, in order,
// exceptions, progress and impact, slipped, RAG by priority previous vs current, coverage, who has not updated
// and what is due soon. Lists are cut at LIST_LIMIT with "and N more"; the full lists go in card.thread.
import { type Card, type CardAttachment, type CardBlock, type CardMention, mentionMarker, plainMentions } from "../cards/model.js";
import { formatDate } from "../cards/reminder.js";
import {
  changeLines,
  contradictionLine,
  countLabel,
  countsLine,
  countsText,
  coverageLine,
  dueSoonLine,
  escalationLine,
  exceptionLine,
  missingLine,
  priorityLine,
  recommendationLine,
  score,
  scoreLine,
  slipLine,
  unownedLine,
} from "./lines.js";
import type { DigestModel, MissingItem, StatusCount } from "./types.js";

export { countsLine, scoreLine } from "./lines.js";

export const LIST_LIMIT = 5;
/** thread cards are split so no single message grows unreadably long */
export const THREAD_CHUNK = 40;

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

export interface ChartData {
  title: string;
  /** score and trend, shown under the title */
  subtitle: string;
  series: { section: string; status: string; count: number }[];
  statuses: { label: string; color: string }[];
}

/** Data for the status-by-section chart (rendered to PNG outside core by src/charts). */
export function digestChartData(model: DigestModel): ChartData {
  const used = model.counts.filter((c) => c.count > 0);
  const arrow = { up: "↑", down: "↓", flat: "→", new: "" }[model.score.direction];
  const s = model.score;
  const trend = s.previous !== null ? ` ${arrow} from ${score(s.previous)}` : "";
  return {
    title: `${model.board.name} — ${formatDate(model.asOf)}`,
    subtitle: `Score ${score(s.current)}${trend} · rated ${model.coverage.rated} of ${model.coverage.total}`,
    series: model.sections.flatMap((sec) => {
      const t =
        sec.direction === "new" || sec.previousScore === null ? "" : ` ${{ up: "↑", down: "↓", flat: "→", new: "" }[sec.direction]}`;
      const label = `${sec.short}  ${score(sec.score)}${t}`;
      return sec.counts.filter((c) => c.count > 0).map((c) => ({ section: label, status: countLabel(model, c), count: c.count }));
    }),
    statuses: used.map((c) => ({ label: countLabel(model, c), color: statusColor(model.plan.scaleId, c) })),
  };
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

interface ListSpec {
  key: string;
  title: string;
  empty: string;
  lines: string[];
  /** mentions used by this list's lines (no-answer list only) */
  mentions?: (from: number, to: number) => Record<string, CardMention> | undefined;
  /** the line for the thread copy (people mentioned in the main message are only named there) */
  threadLine?: (n: number) => string;
}

export interface DigestCardOptions {
  /** PNG of the status-by-section chart (from src/charts) */
  chartPng?: { base64: string };
  limit?: number;
}

/** What happens to unowned items, and the fix (one wording for the card and the board paper). */
export function unownedNote(model: Pick<DigestModel, "plan">): string {
  return `Nobody is reminded or chased about these until they are reassigned: re-import the plan with the right owner, or \`ragtime resume ${model.plan.key} <ref>\` if the owners were right after all.`;
}

/** The digest as one card (main message) with the full lists in card.thread. */
export function digestCard(model: DigestModel, opts: DigestCardOptions = {}): Card {
  const limit = opts.limit ?? LIST_LIMIT;
  const word = model.plan.sectionWord;
  const title = `${model.board.name} — board digest, ${formatDate(model.asOf)}`;
  const blocks: CardBlock[] = [
    { type: "heading", text: model.board.name },
    { type: "text", text: `Board digest — ${formatDate(model.asOf)}\n${model.plan.name}. ${countsLine(model)}` },
    { type: "text", text: `${scoreLine(model)}\n${coverageLine(model)}` },
    { type: "text", text: model.sections.map((s) => priorityLine(s)).join("\n") || `No ${word.toLowerCase()}s in scope.` },
  ];
  const attachments: CardAttachment[] = [];
  if (opts.chartPng) {
    attachments.push({ key: "chart", filename: `digest-${model.asOf}.png`, mimeType: "image/png", base64: opts.chartPng.base64 });
    blocks.push({
      type: "image",
      attachment: "chart",
      alt: `Status of milestones by ${word.toLowerCase()}, with each ${word.toLowerCase()}'s score and trend`,
      title: `Status by ${word.toLowerCase()}`,
    });
  }
  const thread: Card[] = [];
  const summary: string[] = [title, `${model.plan.name}. ${countsLine(model)}`, scoreLine(model), coverageLine(model)];

  const addList = (l: ListSpec, heading?: string) => {
    if (heading) blocks.push({ type: "text", text: heading });
    if (l.lines.length === 0) {
      blocks.push({ type: "text", text: `${l.title}: ${l.empty}` });
      return;
    }
    const head = l.lines.slice(0, limit);
    const more = l.lines.length - head.length;
    if (more > 0) head.push(`…and ${more} more — the full list of ${l.lines.length} is in the thread below.`);
    blocks.push({ type: "text", text: `${l.title} (${l.lines.length})\n${head.join("\n")}` });
    if (more <= 0) return;
    for (let i = 0; i < l.lines.length; i += THREAD_CHUNK) {
      const to = Math.min(l.lines.length, i + THREAD_CHUNK);
      const range = l.lines.length > THREAD_CHUNK ? ` — ${i + 1} to ${to} of ${l.lines.length}` : "";
      const t = `${l.title} (${l.lines.length})${range}`;
      const text = Array.from({ length: to - i }, (_, n) => (l.threadLine ? l.threadLine(i + n) : (l.lines[i + n] as string))).join("\n");
      const mentions = l.mentions?.(Math.max(i, limit), to);
      thread.push({
        purpose: "digest_list",
        title: t,
        fallback: plainMentions(`${t}\n${text}`, mentions),
        blocks: [{ type: "text", text }],
        ...(mentions ? { mentions } : {}),
      });
    }
  };
  const section = (heading: string, count: number | null) => {
    blocks.push({ type: "divider" });
    blocks.push({ type: "heading", text: count === null ? heading : `${heading} (${count})` });
    summary.push(count === null ? heading : `${heading}: ${count}`);
  };

  // 1. exceptions first
  const ex = model.exceptions;
  section("Exceptions", model.totals.exceptions);
  addList({ key: "red", title: "Red", empty: "nothing is rated red.", lines: ex.red.map(exceptionLine) });
  addList({ key: "overdue", title: "Overdue", empty: "nothing else is overdue.", lines: ex.overdue.map(exceptionLine) });
  addList({ key: "esc", title: "Escalations", empty: "none this period.", lines: ex.escalations.map(escalationLine) });
  addList({
    key: "contra",
    title: "Rating contradicts the dates",
    empty: "no rating contradicts its due date.",
    lines: ex.contradictions.map(contradictionLine),
  });

  // 1b. unowned ("Not mine"): shown only when there are some; nobody is chased for them until reassigned
  const unowned = model.unowned ?? [];
  if (unowned.length) {
    section("Unowned — waiting to be reassigned", unowned.length);
    addList({ key: "unowned", title: "Said “not mine” by their owner", empty: "", lines: unowned.map(unownedLine) });
    blocks.push({ type: "context", text: unownedNote(model) });
  }

  // 2. progress and impact, every kind of update
  section(
    model.previous?.source === "digest" ? `Progress and impact since ${formatDate(model.previous.asOf as string)}` : "Progress and impact",
    model.changed.length,
  );
  addList({ key: "changed", title: "Updated", empty: "no updates this period.", lines: model.changed.map(changeLines) });

  // 3. slipped, with every reason
  section("Slipped (due date moved beyond the baseline)", model.slipped.length);
  addList({ key: "slipped", title: "Slipped", empty: "nothing has slipped.", lines: model.slipped.map(slipLine) });

  // 4. RAG by priority, previous vs current
  section(`RAG by ${word.toLowerCase()} — previous vs current`, null);
  blocks.push({
    type: "table",
    columns: [
      word,
      model.previous
        ? `Previous (${model.previous.source === "digest" ? formatDate(model.previous.asOf as string) : "rating history"})`
        : "Previous",
      "Current",
      "Score",
    ],
    rows: model.sections.map((s) => [
      s.short,
      countsText(model, s.previousCounts),
      countsText(model, s.counts),
      s.previousScore === null ? score(s.score) : `${score(s.previousScore)} → ${score(s.score)}`,
    ]),
  });

  // 5. coverage (and inspection recommendations when the plan has them)
  section("Coverage", null);
  const unrated = model.sections.filter((s) => s.rated < s.total).map((s) => `${s.short} ${s.rated}/${s.total}`);
  blocks.push({ type: "text", text: `${coverageLine(model)}${unrated.length ? `\nNot fully rated: ${unrated.join(", ")}` : ""}` });
  if (model.recommendations) {
    const r = model.recommendations;
    const done = r.filter((x) => x.complete === x.milestones).length;
    addList({
      key: "reco",
      title: `Ofsted recommendations covered by the plan, ${done} with every milestone complete`,
      empty: "",
      lines: r.map(recommendationLine),
    });
  }

  // 6. who has not updated: asked vs unreachable, each person once
  const noAnswer = model.missing.filter((m) => m.reason === "no_answer");
  const noChat = model.missing.filter((m) => m.reason === "no_chat");
  section("Who has not updated", noAnswer.length + noChat.length);
  addList({
    key: "no_answer",
    title: "Asked and not answered",
    empty: "everyone asked this period has answered.",
    lines: noAnswer.map((m) => missingLine(m, personRef(m))),
    threadLine: (n) =>
      n < limit ? missingLine(noAnswer[n] as MissingItem) : missingLine(noAnswer[n] as MissingItem, personRef(noAnswer[n] as MissingItem)),
    mentions: (from, to) => missingMentions(noAnswer.slice(from, to)),
  });
  addList({
    key: "no_chat",
    title: "Cannot be asked (no chat account)",
    empty: "every owner can be reached in chat.",
    lines: noChat.map((m) => missingLine(m)),
  });

  // 7. what is coming up
  section("Due in the next 14 days", model.dueSoon.length);
  addList({ key: "due", title: "Due soon", empty: "nothing falls due in the next 14 days.", lines: model.dueSoon.map(dueSoonLine) });

  const prev = model.previous ? ` Previous period: ${model.previous.label}.` : "";
  blocks.push({ type: "context", text: `As presented to the board on ${formatDate(model.asOf)}.${prev}` });
  const mentions = missingMentions(noAnswer.slice(0, limit));
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
