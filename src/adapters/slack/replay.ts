// Interactions that were stored (and acked) but never processed, e.g. because the process stopped right after
// the ack. Called by start(); each is recorded once (idempotency keys). A click on "Add detail" cannot open its
// modal any more (the trigger expired), nor can a command be answered once its response_url has expired: those
// are marked expired.
import type { IntakeReceiver } from "./intake.js";
import type { ListenerDeps, SlackClient } from "./listener-deps.js";
import { checkView, type registerViewListeners, type ViewBody } from "./views.js";

/** Slack accepts replies on a slash command's response_url for 30 minutes. */
const RESPONSE_URL_MS = 30 * 60_000;
/** Anything older than this at start-up is marked expired rather than acted on a day late. */
const MAX_REPLAY_AGE_MS = 24 * 60 * 60_000;

type HandleView = ReturnType<typeof registerViewListeners>["handleView"];

export async function replayPending(
  deps: ListenerDeps,
  client: SlackClient,
  intake: IntakeReceiver,
  handleView: HandleView,
  before: Date,
): Promise<number> {
  const { db, log, services: s } = deps;
  let n = 0;
  for (const row of await s.pendingInbound(db, "slack", before)) {
    try {
      const body = JSON.parse(row.payloadJson) as ViewBody;
      const age = before.getTime() - row.receivedAt.getTime();
      const expired = age > MAX_REPLAY_AGE_MS || row.kind === "block_actions:detail" || (row.kind === "command" && age > RESPONSE_URL_MS);
      if (expired) {
        await s.markInboundProcessed(db, row.id, { expired: true });
        continue;
      }
      if (row.kind === "view_submission") {
        const { meta, values, errors } = checkView(body, row.receivedAt);
        if (!errors) await handleView(client, body, meta, values, row.id);
        else await s.markInboundProcessed(db, row.id, { invalid: errors });
      } else await intake.dispatch(body, row.id, false, { replayedFrom: row.receivedAt.toISOString() });
      n += 1;
    } catch (e) {
      log.error({ err: e, id: row.id }, "slack: replay failed");
      await s.markInboundProcessed(db, row.id, e instanceof Error ? e : new Error(String(e)));
    }
  }
  return n;
}
