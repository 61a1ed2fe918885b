// Teams: adaptiveCard/action invoke round trip through the real Teams SDK (JWT validated against the fake
// JWKS, raw stored, status recorded, card rendered) at concurrency 20, the invokes sent from a separate
// process (bench/teams-load.mjs: like Teams, the client does not share the app's event loop); 401 rejection
// time; proactive send rate to the fake connector; Adaptive Card render time for an 8-item reminder.
import { spawn } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { renderAdaptiveCard } from "../src/adapters/teams/render.js";
import { actionId } from "../src/core/cards/actions.js";
import { reminderCards } from "../src/core/cards/reminder.js";
import { SCALES } from "../src/core/status.js";
import { installActivity, invokeActivity, startHarness } from "../tests/integration/teams.harness.js";
import { figure, fmtMs, peakRssMb, percentile } from "./util.js";

export const title = "Teams: invoke round trip (500 signed adaptiveCard/action, concurrency 20), sends, render";

const N = 500;
const CONCURRENCY = 20;
const SENDS = 300;

/** Sends the invokes from a separate process; latencies sorted. */
function runLoad(
  url: string,
  token: string,
  bodies: string[],
  concurrency: number,
): Promise<{ latencies: number[]; statuses: Record<string, number>; elapsedMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, "teams-load.mjs"), url, String(bodies.length), String(concurrency)], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString("utf8");
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`load generator exited ${code}`));
      const r = JSON.parse(out) as { latencies: number[]; statuses: Record<string, number>; elapsedMs: number };
      r.latencies.sort((a, b) => a - b);
      resolve(r);
    });
    child.stdin.end(JSON.stringify({ token, bodies }));
  });
}

export async function run(): Promise<void> {
  const h = await startHarness(new Date("2026-11-23T10:00:00Z"));
  try {
    const db = h.t.db;
    const kara = await db.person.create({ data: { name: "Kara Haskayne", normName: "kara haskayne", teamsUserId: "aad-kara" } });
    const plan = await db.plan.create({ data: { key: "thurrock", name: "Thurrock Development Plan 2017-19", scale: "numeric5" } });
    const action = await db.action.create({ data: { planId: plan.id, key: "3.1", ref: "3.1", title: "Embed supervision policy" } });
    const m = await db.milestone.create({ data: { actionId: action.id, key: "m", title: "Quarterly audit completed" } });
    await db.milestoneOwner.create({ data: { milestoneId: m.id, personId: kara.id } });
    const user = { id: "29:kara", aadObjectId: "aad-kara", name: "Kara Haskayne" };
    const chat = "a:1kara";
    await h.post(installActivity(h, user, chat));
    const token = await h.token();

    // warm up
    for (let i = 0; i < 10; i++) {
      const verb = actionId({ kind: "status", milestoneId: m.id, value: String((i % 5) + 1) });
      await h.post(invokeActivity(h, user, chat, `warm-${i}`, { verb, data: { rt: verb } }), token);
    }
    const url = `${h.base}/api/messages`;
    const invoke = (tag: string, i: number) => {
      const verb = actionId({ kind: "status", milestoneId: m.id, value: String((i % 5) + 1) });
      return JSON.stringify(invokeActivity(h, user, chat, `${tag}-${i}`, { verb, data: { rt: verb } }));
    };
    const load = await runLoad(
      url,
      token,
      Array.from({ length: N }, (_, i) => invoke("msg", i)),
      CONCURRENCY,
    );
    if (load.statuses["200"] !== N) throw new Error(`unexpected statuses ${JSON.stringify(load.statuses)}`);
    const times = load.latencies;
    const recorded = await db.statusUpdate.count({ where: { milestoneId: m.id } });
    figure("invoke round trip p50", fmtMs(percentile(times, 50)));
    figure("invoke round trip p95", fmtMs(percentile(times, 95)), "< 100 ms (Teams itself waits ~5 s for an invoke)");
    figure("invoke round trip p99", fmtMs(percentile(times, 99)));
    figure("invokes per second", (N / (load.elapsedMs / 1000)).toFixed(0));
    figure("status updates recorded (500 + 10 warm-up expected)", String(recorded));

    const seq = (
      await runLoad(
        url,
        token,
        Array.from({ length: 100 }, (_, i) => invoke("seq", i)),
        1,
      )
    ).latencies;
    figure("invoke round trip, one at a time p50", fmtMs(percentile(seq, 50)));
    figure("invoke round trip, one at a time p95", fmtMs(percentile(seq, 95)), "< 1000 ms");

    const bad = await h.token({ audience: "someone-else" });
    const rejected: number[] = [];
    for (let i = 0; i < 100; i++) {
      const s = performance.now();
      const r = await h.post(installActivity(h, user, `a:1x${i}`), bad);
      rejected.push(performance.now() - s);
      if (r.status !== 401) throw new Error(`expected 401, got ${r.status}`);
    }
    rejected.sort((a, b) => a - b);
    figure("401 rejection (wrong audience) p50", fmtMs(percentile(rejected, 50)));

    const [card] = reminderCards({
      kind: "overdue",
      planName: plan.name,
      scale: SCALES.numeric5,
      recipientName: "Kara",
      items: Array.from({ length: 8 }, (_, i) => ({
        milestoneId: `m${i}`,
        sectionLabel: "Priority 3",
        ref: `3.${i}`,
        actionTitle: "Embed supervision policy",
        milestoneTitle: "Quarterly case file audit completed",
        due: "2026-11-20",
        dueRaw: null,
        daysToDue: -3,
        status: "at_risk" as const,
        statusLabel: "2",
        lastUpdateAt: null,
        owners: ["Kara Haskayne"],
      })),
    });
    const rs = performance.now();
    for (let i = 0; i < 1000; i++) renderAdaptiveCard(card as never);
    figure("render 8-item reminder as Adaptive Card", `${((performance.now() - rs) / 1000).toFixed(3)} ms each`);
    figure(
      "8-item reminder card size",
      `${(JSON.stringify(renderAdaptiveCard(card as never)).length / 1024).toFixed(1)} KB`,
      "< 28 KB (Teams message limit)",
    );

    const ss = performance.now();
    for (let i = 0; i < SENDS; i++)
      await h.surface.messenger.send({
        id: `ob${i}`,
        dedupeKey: `k${i}`,
        recipient: { teamsConversationId: chat, personId: kara.id },
        card: card as never,
      });
    const sendWall = performance.now() - ss;
    figure(
      "proactive sends to the fake connector (sequential)",
      `${(SENDS / (sendWall / 1000)).toFixed(0)} msg/s`,
      "Teams allows ~7/s per conversation; the outbox limits",
    );
    figure("peak RSS", `${peakRssMb().toFixed(0)} MB`);
    figure("machine load average (1 min) / CPUs", `${loadavg()[0]?.toFixed(1)} / ${cpus().length}`);
  } finally {
    await h.close();
  }
}
