// The playground for main.ts: in local mode (no Slack or Teams credentials) the log platform's messenger is the
// playground's inbox, the worker and scheduler run on the playground's shiftable clock, and the demo plan is
// imported when the database has no plan. The page is served by the same HTTP server as /healthz.
import type { Clock } from "../clock.js";
import type { OutboxWorker } from "../delivery/worker.js";
import type { Logger } from "../logger.js";
import { importDemoIfEmpty } from "../services/demo.js";
import type { Db } from "../storage/db.js";
import { OffsetClock } from "./clock.js";
import { PlaygroundInbox, PlaygroundMessenger } from "./inbox.js";
import { Playground } from "./playground.js";
import { playgroundHandler } from "./server.js";

export interface PlaygroundSetup {
  clock: OffsetClock;
  messenger: PlaygroundMessenger;
  /** the page's HTTP handler, once the worker exists; `ready` settles when the demo is in and the first round ran */
  attach(worker: Pick<OutboxWorker, "drainOnce">): {
    handle: ReturnType<typeof playgroundHandler>;
    playground: Playground;
    ready: Promise<void>;
  };
}

export async function preparePlayground(o: { db: Db; log: Logger; base: Clock; host: string; admins?: string }): Promise<PlaygroundSetup> {
  const clock = new OffsetClock(o.base);
  const inbox = new PlaygroundInbox();
  await inbox.restore(o.db);
  // the clock never goes back behind what was already sent (after a restart it resumes from the last message)
  const last = inbox.latest();
  if (last) clock.jumpTo(last);
  clock.intoWindow();
  const messenger = new PlaygroundMessenger(inbox, () => clock.now(), o.log);
  return {
    clock,
    messenger,
    attach(worker) {
      const playground = new Playground({ db: o.db, clock, inbox, worker, log: o.log, admins: o.admins });
      const ready = (async () => {
        const demo = await importDemoIfEmpty(o.db, clock.now());
        if (demo)
          o.log.info(
            { plan: demo.planKey, weeksShifted: demo.weeksShifted, board: demo.board, meetings: demo.meetings },
            "playground: demo plan imported (remove it with `ragtime demo remove`)",
          );
        const r = await playground.tick();
        o.log.info({ now: clock.now().toISOString(), ...r, messages: inbox.count() }, "playground: ready");
      })();
      return { handle: playgroundHandler(playground, o.log, o.host), playground, ready };
    },
  };
}
