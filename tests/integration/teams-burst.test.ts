// Teams invokes arriving together (card-actions.ts with the surface's journal, line and marks): each answer
// is recorded once and answered with its own card, a redelivery of one adds nothing, every stored invoke is
// marked processed, and the milestone ends as its last recorded answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionId } from "../../src/core/cards/actions.js";
import { type Harness, installActivity, invokeActivity, startHarness } from "./teams.harness.js";

describe("Teams: 40 invokes at once", () => {
  let h: Harness;
  let milestoneId = "";
  const user = { id: "29:kara", aadObjectId: "aad-kara", name: "Kara Haskayne" };
  const chat = "a:1kara";

  beforeAll(async () => {
    h = await startHarness(new Date("2026-11-23T10:00:00Z"));
    const db = h.t.db;
    const kara = await db.person.create({ data: { name: "Kara Haskayne", normName: "kara haskayne", teamsUserId: "aad-kara" } });
    const plan = await db.plan.create({ data: { key: "thurrock", name: "Thurrock Development Plan 2017-19", scale: "numeric5" } });
    const action = await db.action.create({ data: { planId: plan.id, key: "3.1", ref: "3.1", title: "Embed supervision policy" } });
    const m = await db.milestone.create({ data: { actionId: action.id, key: "m", title: "Quarterly audit completed" } });
    await db.milestoneOwner.create({ data: { milestoneId: m.id, personId: kara.id } });
    milestoneId = m.id;
    await h.post(installActivity(h, user, chat));
  });
  afterAll(async () => h?.close());

  it("records each once, answers each with its card, and marks every invoke processed", async () => {
    const token = await h.token();
    const invoke = (i: number) => {
      const verb = actionId({ kind: "status", milestoneId, value: String((i % 5) + 1) });
      return invokeActivity(h, user, chat, `burst-${i}`, { verb, data: { rt: verb } });
    };
    const activities = Array.from({ length: 40 }, (_, i) => invoke(i));
    // the first five delivered twice at once (Teams redelivers an invoke it got no answer to in time)
    const res = await Promise.all([...activities, ...activities.slice(0, 5)].map((a) => h.post(a, token)));
    expect(res.map((r) => r.status)).toEqual(res.map(() => 200));
    for (const r of res) expect(JSON.stringify(r.body)).toContain("recorded by Kara Haskayne");
    const db = h.t.db;
    const updates = await db.statusUpdate.findMany({ where: { milestoneId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(updates).toHaveLength(40);
    expect(new Set(updates.map((u) => u.idempotencyKey)).size).toBe(40);
    expect(await db.inboundEvent.count({ where: { source: "teams", kind: "card.action", processedAt: null } })).toBe(0);
    const m = await db.milestone.findUniqueOrThrow({ where: { id: milestoneId } });
    expect(m.statusLabel).toBe(updates.at(-1)?.statusLabel);
  });
});
