// chat.update calls to one message go out one at a time, in the order their answers were decided, so the
// message ends showing the last answer (two updates in flight at once may land in either order). An update
// still waiting when a newer one for the same message arrives is not sent: the newer one replaces the whole
// message anyway (its blocks were built from the message as the person saw it, like the older one's). Updates
// to different messages go out side by side. Each update to a message waits a few milliseconds (gatherMs) for
// the answers decided with it, so a message is updated at most about once per gatherMs, with its latest state
// (Slack rate-limits updates; a burst of answers on one card sends a few updates, not one per answer).
export interface MessageUpdates {
  /** runs `send` for this message after the one in flight; resolves false if a newer update replaced it unsent */
  send(message: string, send: () => Promise<unknown>): Promise<boolean>;
}

/** opts.gatherMs: each update to a message waits this long for newer ones, which replace it */
export function createMessageUpdates(opts: { gatherMs?: number } = {}): MessageUpdates {
  const gatherMs = opts.gatherMs ?? 0;
  const lanes = new Map<
    string,
    { next: { send: () => Promise<unknown>; done: (sent: boolean) => void; fail: (e: unknown) => void } | null }
  >();

  async function run(
    message: string,
    lane: { next: { send: () => Promise<unknown>; done: (sent: boolean) => void; fail: (e: unknown) => void } | null },
  ) {
    while (lane.next) {
      if (gatherMs > 0) await new Promise((r) => setTimeout(r, gatherMs));
      const job = lane.next;
      if (!job) break;
      lane.next = null;
      try {
        await job.send();
        job.done(true);
      } catch (e) {
        job.fail(e);
      }
    }
    lanes.delete(message);
  }

  return {
    send(message, send) {
      return new Promise<boolean>((done, fail) => {
        const lane = lanes.get(message);
        if (lane) {
          // a newer update for a message that is being updated: the waiting one (if any) is dropped
          lane.next?.done(false);
          lane.next = { send, done, fail };
          return;
        }
        const fresh = { next: { send, done, fail } };
        lanes.set(message, fresh);
        void run(message, fresh);
      });
    },
  };
}
