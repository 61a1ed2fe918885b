// Several answers recorded at once (a burst of card clicks, services/act-batch.ts): the same decisions as
// recordUpdate, taken one answer after another in the order given, on facts read for all of them in a few
// queries, and written in ONE transaction (one multi-row INSERT of the StatusUpdates, one UPDATE per
// milestone). So:
// - idempotency: a key already stored, or given earlier in the same batch, is a duplicate (the first result);
// - access: canRecord's one decision (services/access.ts decideAccess) on the same facts;
// - order: each answer sees the milestone as the answers before it left it (a revised date counts once), and
//   the milestone ends as the last answer set it — as if they had been recorded one at a time.
// If the transaction fails (a concurrent delivery won a key, a fault), the batch is recorded one at a time
// through recordUpdate instead, which settles each case as it always has.
import { randomUUID } from "node:crypto";
import { milestoneAccessFactsMany } from "../storage/access.js";
import type { Db } from "../storage/db.js";
import { getPeople, type Person } from "../storage/people.js";
import {
  applyMilestoneStatus,
  findUpdatesByKeys,
  insertStatusUpdates,
  type MilestoneContext,
  type MilestoneStatusPatch,
  milestoneContexts,
} from "../storage/updates.js";
import { type AccessOptions, decideAccess, isGlobalAdmin } from "./access.js";
import { decideRecord, duplicateOf, type RecordInput, type RecordResult, type RecordWrite, recordUpdate } from "./recordUpdate.js";

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

let seq = 0;
/**
 * Ids shaped like Prisma's cuid (c + time + counter + random), so rows read in id order (history ties on
 * createdAt) come in the order they were written, whichever path wrote them, and a batch in its own order.
 */
function nextId(): string {
  seq = (seq + 1) % 36 ** 4;
  // real clock on purpose: ids only, the time part of a cuid as Prisma makes it (not a date anyone reads)
  const t = Date.now().toString(36);
  return `c${t}${seq.toString(36).padStart(4, "0")}${randomUUID().replace(/-/g, "").slice(0, 12)}`;
}

/** Records the answers in order; results[i] is inputs[i]'s, as recordUpdate would give it. */
export async function recordUpdates(db: Db, inputs: RecordInput[], opts?: AccessOptions): Promise<RecordResult[]> {
  if (inputs.length === 0) return [];
  if (inputs.length === 1) return [await recordUpdate(db, inputs[0] as RecordInput, opts)];
  const uniq = <T>(xs: T[]) => [...new Set(xs)];
  const priors = await findUpdatesByKeys(db, uniq(inputs.map((i) => i.idempotencyKey)));
  const contexts = await milestoneContexts(
    db,
    uniq([...inputs.map((i) => i.milestoneId), ...[...priors.values()].map((p) => p.milestoneId)]),
  );
  const people = await getPeople(db, uniq(inputs.map((i) => i.actorPersonId)));
  const facts = await milestoneAccessFactsMany(db, uniq(inputs.map((i) => i.milestoneId)));
  const globalAdmin = (id: string) => {
    const p = people.get(id);
    return p ? isGlobalAdmin(p, opts) : false;
  };

  // the milestones as this batch leaves them, answer after answer
  const current = new Map<string, MilestoneContext>();
  const state = (id: string) => current.get(id) ?? contexts.get(id) ?? null;
  const results: (RecordResult | null)[] = [];
  const writes: { index: number; id: string; w: RecordWrite }[] = [];
  const byKey = new Map<string, number>();
  for (const [index, input] of inputs.entries()) {
    const prior = priors.get(input.idempotencyKey);
    if (prior) {
      results.push(duplicateOf(input, prior, contexts.get(prior.milestoneId) ?? null));
      continue;
    }
    const earlier = byKey.get(input.idempotencyKey);
    if (earlier !== undefined) {
      // given twice in this batch: the second is the first's duplicate (filled in once the first is written)
      results.push(null);
      writes.push({ index, id: "", w: writes.find((x) => x.index === earlier)?.w as RecordWrite });
      continue;
    }
    const m = state(input.milestoneId);
    const actor: Person | null = m ? (people.get(input.actorPersonId) ?? null) : null;
    const access = m && actor ? await decideAccess(facts.get(m.id) ?? null, actor.id, globalAdmin) : null;
    const decided = decideRecord(input, { m, actor, access });
    if ("refused" in decided) {
      results.push(decided.refused);
      continue;
    }
    byKey.set(input.idempotencyKey, index);
    results.push(null);
    writes.push({ index, id: nextId(), w: decided.write });
    if (m) current.set(m.id, { ...m, ...decided.write.patch });
  }

  const fresh = writes.filter((x) => x.id);
  if (fresh.length > 0) {
    const onBehalf = await getPeople(db, uniq(fresh.flatMap((x) => (x.w.data.onBehalfOfId ? [x.w.data.onBehalfOfId] : []))));
    await nextTurn();
    try {
      await db.$transaction(async (tx) => {
        await insertStatusUpdates(
          db,
          tx,
          fresh.map((x) => ({ ...x.w.data, id: x.id })),
        );
        // one UPDATE per milestone: the patches merged in order (the last answer's status wins)
        const patches = new Map<string, MilestoneStatusPatch>();
        for (const x of fresh) patches.set(x.w.data.milestoneId, { ...patches.get(x.w.data.milestoneId), ...x.w.patch });
        for (const [milestoneId, patch] of patches) await applyMilestoneStatus(tx, milestoneId, patch);
      });
    } catch {
      // a key stored meanwhile by another delivery (unique), or a fault: one at a time settles each as before
      const out: RecordResult[] = [];
      for (const input of inputs) out.push(await recordUpdate(db, input, opts));
      return out;
    }
    const firstOf = new Map<RecordWrite, RecordResult>();
    for (const x of writes) {
      if (x.id) {
        const r: RecordResult = {
          ok: true,
          duplicate: false,
          statusUpdateId: x.id,
          recorded: x.w.view(x.w.data, x.w.data.onBehalfOfId ? (onBehalf.get(x.w.data.onBehalfOfId)?.name ?? null) : null),
        };
        firstOf.set(x.w, r);
        results[x.index] = r;
      } else {
        const first = firstOf.get(x.w);
        results[x.index] = first?.ok ? { ...first, duplicate: true } : (first ?? null);
      }
    }
  }
  return results.map((r) => r ?? { ok: false, reason: "not_found", message: "That milestone no longer exists in the plan." });
}
