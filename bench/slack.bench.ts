// Interaction ack latency: 1,000 signed block_actions (status clicks) at concurrency 50 against the running
// Bolt app (HTTP receiver on a local port, real SQLite, fake Slack Web API). Ack time is what Slack's
// 3-second limit applies to; the work after the ack (store raw, record, chat.update) is timed separately.
import { performance } from "node:perf_hooks";
import { renderMessage } from "../src/adapters/slack/render.js";
import { reminderCards } from "../src/core/cards/reminder.js";
import { SCALES } from "../src/core/status.js";
import { createSqliteTestDb } from "../tests/helpers/db.js";
import { blockActionsPayload, startSlackHarness } from "../tests/integration/slack-harness.js";
import { seedSlackPlan } from "../tests/integration/slack-seed.js";
import { figure, fmtMs, peakRssMb, percentile } from "./util.js";

export const title = "Slack: interaction ack latency (1,000 signed block_actions, concurrency 50)";

const N = 1000;
const CONCURRENCY = 50;

export async function run(): Promise<void> {
  const tdb = await createSqliteTestDb();
  const seed = await seedSlackPlan(tdb.db);
  const h = await startSlackHarness(tdb.db, { now: () => new Date("2026-11-23T10:00:00Z") });
  try {
    const [card] = reminderCards({
      kind: "due",
      planName: "Thurrock Children's Social Care Development Plan 2017-19",
      scale: SCALES.numeric5,
      recipientName: "Kara",
      items: [
        {
          milestoneId: seed.milestoneId,
          sectionLabel: "Priority 3",
          ref: "3.1",
          actionTitle: "Embed supervision policy",
          milestoneTitle: "Quarterly case file audit completed",
          due: "2026-11-23",
          dueRaw: null,
          daysToDue: 0,
          status: "at_risk",
          statusLabel: "2",
          lastUpdateAt: null,
          owners: ["Kara Haskayne"],
        },
      ],
    });
    const blocks = renderMessage(card as never).pages[0] as Record<string, unknown>[];
    const actions = blocks.find((b) => b.type === "actions") as { block_id: string; elements: Record<string, unknown>[] };
    const buttons = actions.elements.filter((e) => e.type === "button" && String(e.action_id).startsWith("rt|status|"));
    const message = { ts: "1795000001.000001", text: "Due today", blocks };

    // warm up (JIT, connection pool, Prisma)
    for (let i = 0; i < 20; i++) {
      await h.interact(
        blockActionsPayload({
          user: "U0KARA",
          channel: "D0KARA",
          message,
          blockId: `${actions.block_id}w${i}`,
          element: buttons[i % buttons.length] as Record<string, unknown>,
          actionTs: `1795000002.${String(i).padStart(6, "0")}`,
        }),
      );
    }
    await h.surface.idle();

    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= N) return;
        // each click is a distinct rendering (block id), so every one records a real StatusUpdate
        const payload = blockActionsPayload({
          user: "U0KARA",
          channel: "D0KARA",
          message,
          blockId: `${actions.block_id}r${i}`,
          element: buttons[i % buttons.length] as Record<string, unknown>,
          actionTs: `1795001000.${String(i).padStart(6, "0")}`,
        });
        const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
        const t0 = performance.now();
        const res = await h.post(body, { contentType: "application/x-www-form-urlencoded" });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`ack returned ${res.status}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const ackedAll = performance.now() - started;
    await h.surface.idle();
    const doneAll = performance.now() - started;
    latencies.sort((a, b) => a - b);
    const recorded = await tdb.db.statusUpdate.count({ where: { source: "slack" } });
    figure("ack latency p50", fmtMs(percentile(latencies, 50)));
    figure("ack latency p99", fmtMs(percentile(latencies, 99)), "< 50 ms");
    figure("ack latency max", fmtMs(latencies[latencies.length - 1] ?? Number.NaN));
    figure("acks per second", `${Math.round((N / ackedAll) * 1000)}/s`);
    figure("all 1,000 processed (stored, recorded, chat.update)", fmtMs(doneAll));
    figure("status updates recorded", `${recorded - 20} of ${N}`);
    figure("chat.update calls", String(h.fake.callsOf("chat.update").length - 20));
    figure("peak RSS", `${peakRssMb().toFixed(0)} MB`);
  } finally {
    await h.close();
    await tdb.cleanup();
  }
}
