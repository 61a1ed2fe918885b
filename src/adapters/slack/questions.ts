// Questions: /ragtime <question> (ephemeral reply on response_url; "share ..." posts in the channel),
// @mentions (answered in the thread) and DMs to the bot — all answered by answerQuestion with the asker's
// access. They arrive through the durable intake (intake.ts): stored and acked already, from the work queue,
// with the stored row in context.inboundId; a Slack re-delivery (X-Slack-Retry-Num) never reaches them.
import type { App } from "@slack/bolt";
import { isGlobalAdmin, parseAdmins } from "../../services/access.js";
import { type IntakeContext, isDirectMessage } from "./intake.js";
import type { SlackBlock } from "./limits.js";
import type { ListenerDeps } from "./listener-deps.js";
import { renderMessage } from "./render.js";

export const HELP_TEXT = [
  "*Ask ragtime about the improvement plan* — in a DM, by mentioning me, or with `/ragtime <question>`:",
  "• `/ragtime what is overdue in priority 3`",
  "• `/ragtime status of N7`",
  "• `/ragtime who hasn't updated`",
  "• `/ragtime what's due next week for Janet Simon`",
  "Answers to `/ragtime` are only shown to you; start with `share` (`/ragtime share what is overdue`) to post in the channel.",
].join("\n");

export function registerQuestionListeners(app: App, deps: ListenerDeps): void {
  const { db, log, services: s } = deps;
  const admins = parseAdmins(deps.admins ?? null);

  const askerOf = async (slackUserId: string) => {
    const person = await s.findPersonBySlackId(db, slackUserId);
    const isAdmin = person ? isGlobalAdmin(person as never, { admins }) : admins.includes(slackUserId);
    return { personId: person?.id ?? null, isAdmin };
  };

  /** Answers a question; returns the rendered pages (empty text -> help). planKey: about that plan only. */
  const answer = async (slackUserId: string, text: string, planKey?: string) => {
    const q = text.trim();
    if (!q || /^help\b/i.test(q))
      return { text: HELP_TEXT, pages: [[{ type: "section", text: { type: "mrkdwn", text: HELP_TEXT } }]] as SlackBlock[][] };
    const a = await s.answerQuestion(db, q, await askerOf(slackUserId), deps.now(), planKey ? { planKey } : {});
    return renderMessage(a.card);
  };

  /** `/ragtime share`: the answers to post in the channel, or the refusal (services/share.ts). */
  const shared = async (slackUserId: string, channelId: string, text: string) => {
    const asker = await askerOf(slackUserId);
    const scope = await s.shareScope(db, { slackChannelId: channelId }, { personId: asker.personId, isGlobalAdmin: asker.isAdmin });
    if (!scope.allowed) return { refusal: scope.message, answers: [await answer(slackUserId, text)] };
    const keys = scope.planKeys ?? [undefined];
    const answers = [];
    for (const k of keys) answers.push(await answer(slackUserId, text, k));
    return { refusal: null, answers };
  };

  app.command("/ragtime", async ({ ack, command, respond, context }) => {
    await ack();
    const inboundId = (context as IntakeContext).inboundId;
    if (!inboundId) return;
    let text = command.text ?? "";
    const share = /^\s*share\s+/i.test(text);
    if (share) text = text.replace(/^\s*share\s+/i, "");
    try {
      if (share) {
        const r = await shared(command.user_id, command.channel_id, text);
        if (r.refusal) await respond({ response_type: "ephemeral", text: r.refusal });
        for (const a of r.answers)
          for (const blocks of a.pages)
            await respond({ response_type: r.refusal ? "ephemeral" : "in_channel", text: a.text, blocks: blocks as never });
        await s.markInboundProcessed(db, inboundId, r.refusal ? { answered: true, shareRefused: true } : { answered: true, shared: true });
        return;
      }
      const r = await answer(command.user_id, text);
      for (const blocks of r.pages) await respond({ response_type: "ephemeral", text: r.text, blocks: blocks as never });
      await s.markInboundProcessed(db, inboundId, { answered: true });
    } catch (e) {
      log.error({ err: e }, "slack: /ragtime failed");
      await s.markInboundProcessed(db, inboundId, e instanceof Error ? e : new Error(String(e)));
      await respond({ response_type: "ephemeral", text: "Sorry — I could not answer that because of an error on our side." }).catch(
        () => {},
      );
    }
  });

  const answerEvent = async (
    client: App["client"],
    inboundId: string,
    e: { user?: string; text?: string; channel: string; ts: string; thread_ts?: string },
    inThread: boolean,
  ) => {
    try {
      if (!e.user) {
        await s.markInboundProcessed(db, inboundId, { ignored: "no user" });
        return;
      }
      const text = (e.text ?? "").replace(/<@[A-Z0-9]+>/g, "").trim();
      const r = await answer(e.user, text);
      const thread = inThread ? (e.thread_ts ?? e.ts) : e.thread_ts;
      for (const blocks of r.pages)
        await client.chat.postMessage({
          channel: e.channel,
          text: r.text,
          blocks: blocks as never,
          ...(thread ? { thread_ts: thread } : {}),
        });
      await s.markInboundProcessed(db, inboundId, { answered: true });
    } catch (err) {
      log.error({ err, inboundId }, "slack: answering failed");
      await s.markInboundProcessed(db, inboundId, err instanceof Error ? err : new Error(String(err)));
    }
  };

  app.event("app_mention", async ({ event, client, context }) => {
    const inboundId = (context as IntakeContext).inboundId;
    if (inboundId) await answerEvent(client, inboundId, event, true);
  });

  app.message(async ({ message, client, context }) => {
    const m = message as {
      channel_type?: string;
      subtype?: string;
      bot_id?: string;
      user?: string;
      text?: string;
      channel: string;
      ts: string;
      thread_ts?: string;
    };
    const inboundId = (context as IntakeContext).inboundId;
    if (inboundId && isDirectMessage({ type: "message", ...m })) await answerEvent(client, inboundId, m, false);
  });
}
