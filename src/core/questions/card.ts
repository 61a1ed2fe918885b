// An answer as a card: lead line, capped item lines, and (when the answer is long) the full list in the thread.
import type { Card } from "../cards/model.js";
import { THREAD_CHUNK } from "../digest/card.js";
import { ANSWER_LIMIT, type Evaluation } from "./evaluate.js";

export function answerCard(ev: Evaluation): Card {
  const [lead, ...rest] = ev.text.split("\n");
  const card: Card = {
    purpose: "answer",
    title: lead ?? "",
    fallback: ev.text,
    blocks: [{ type: "text", text: lead ?? "" }, ...(rest.length ? [{ type: "text" as const, text: rest.join("\n") }] : [])],
  };
  if (ev.query.all && ev.lines.length > ANSWER_LIMIT) {
    // "all": the main message keeps the first items; every item goes to the thread in readable chunks
    card.blocks = [
      { type: "text", text: lead ?? "" },
      { type: "text", text: `${ev.lines.slice(0, ANSWER_LIMIT).join("\n")}\n…the full list of ${ev.total} is in the thread.` },
    ];
    card.thread = [];
    for (let i = 0; i < ev.lines.length; i += THREAD_CHUNK) {
      const part = ev.lines.slice(i, i + THREAD_CHUNK).join("\n");
      const t = `${i + 1} to ${Math.min(ev.lines.length, i + THREAD_CHUNK)} of ${ev.total}`;
      card.thread.push({
        purpose: "answer_list",
        title: t,
        fallback: `${t}\n${part}`,
        blocks: [
          { type: "context", text: t },
          { type: "text", text: part },
        ],
      });
    }
  }
  return card;
}
