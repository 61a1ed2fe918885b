// The digest's lookups by milestone position (core/digest/positions.ts): ref ranks give cmpRef's order whether
// the plan is listed in ref order (one pass) or not (distinct refs sorted), and updates keep their order.
import { describe, expect, it } from "vitest";
import { cmpRef, type MilestoneFact, type UpdateFact } from "../../src/core/digest/facts.js";
import { positionsOf, refRankAt, sortByRank, updatePositions, updatesAt, usedPositions } from "../../src/core/digest/positions.js";

const m = (id: string, ref: string | null) => ({ id, ref }) as MilestoneFact;
const u = (id: string, milestoneId: string, createdAt: string) => ({ id, milestoneId, createdAt }) as UpdateFact;

/** true when ranks order the refs exactly as cmpRef does (equal refs, equal ranks) */
function agrees(list: MilestoneFact[], rank: Int32Array, used?: Uint8Array): boolean {
  for (let i = 0; i < list.length; i++)
    for (let j = 0; j < list.length; j++) {
      if (used && (!used[i] || !used[j])) continue;
      const c = Math.sign(cmpRef(list[i]!.ref, list[j]!.ref));
      if (Math.sign(rank[i]! - rank[j]!) !== c) return false;
    }
  return true;
}

describe("refRankAt", () => {
  const inOrder = ["1.1", "1.1", "1.2", "1.10", "2.1a", "2.01A", "N7", "N12", null, null].map((r, i) => m(`m${i}`, r));
  it("ranks a plan listed in ref order, equal refs sharing a rank and nulls last", () => {
    const rank = refRankAt(inOrder);
    expect(agrees(inOrder, rank)).toBe(true);
    expect(rank[0]).toBe(rank[1]);
    expect(rank[4]).toBe(rank[5]);
    expect(rank[8]).toBeGreaterThan(rank[7]!);
  });
  it("gives the same order when the plan is not listed in ref order", () => {
    const shuffled = [
      inOrder[3],
      inOrder[8],
      inOrder[0],
      inOrder[6],
      inOrder[5],
      inOrder[1],
      inOrder[9],
      inOrder[7],
      inOrder[2],
      inOrder[4],
    ] as MilestoneFact[];
    expect(agrees(shuffled, refRankAt(shuffled))).toBe(true);
    // an action's milestones side by side (one place in the sort), the same ref again further on, nulls between
    const runs = ["2.1", "2.1", "1.10", null, "1.9", "1.9", "2.1", null, "1.09"].map((r, i) => m(`r${i}`, r));
    const rank = refRankAt(runs);
    expect(agrees(runs, rank)).toBe(true);
    expect([rank[0], rank[1], rank[6]]).toEqual([rank[0], rank[0], rank[0]]);
  });
  it("ranks only the positions asked for, in the same order", () => {
    const shuffled = [inOrder[7], inOrder[2], inOrder[9], inOrder[0], inOrder[4], inOrder[5]] as MilestoneFact[];
    const used = usedPositions(shuffled.length, [0, 3], [4, 5, 2]);
    expect([...used]).toEqual([1, 0, 1, 1, 1, 1]);
    expect(agrees(shuffled, refRankAt(shuffled, used), used)).toBe(true);
  });
});

describe("updates by position", () => {
  it("groups each milestone's updates up to a time, oldest first, in the order of first update; others dropped", () => {
    const list = [m("a", "1"), m("b", "2"), m("c", "3")];
    const ups = [
      u("1", "c", "2026-01-01"),
      u("2", "x", "2026-01-02"),
      u("3", "a", "2026-01-03"),
      u("4", "c", "2026-01-04"),
      u("5", "b", "2026-02-01"),
    ];
    const at = updatePositions(ups, positionsOf(list));
    expect([...at]).toEqual([2, -1, 0, 2, 1]);
    const got = updatesAt(ups, at, list.length, "2026-01-31");
    expect(got.order).toEqual([2, 0]);
    expect(got.lists.map((l) => l?.map((x) => x.id))).toEqual([["3"], undefined, ["1", "4"]]);
  });
});

describe("sortByRank", () => {
  it("orders by the keys, then by rank, stable on ties", () => {
    const items = [
      { d: 1, k: "p" },
      { d: 2, k: "q" },
      { d: 1, k: "r" },
      { d: 1, k: "s" },
    ];
    const rank = Int32Array.from([5, 3, 0, 5, 9]);
    sortByRank(items, [0, 1, 2, 3], rank, (x) => -x.d);
    expect(items.map((x) => x.k)).toEqual(["q", "r", "p", "s"]);
  });
  it("takes a second key before the rank", () => {
    const items = [
      { a: 1, b: 1, k: "p" },
      { a: 2, b: 1, k: "q" },
      { a: 2, b: 5, k: "r" },
      { a: 1, b: 1, k: "s" },
    ];
    sortByRank(
      items,
      [0, 1, 2, 3],
      Int32Array.from([4, 0, 0, 1]),
      (x) => -x.a,
      (x) => -x.b,
    );
    expect(items.map((x) => x.k)).toEqual(["r", "q", "s", "p"]);
  });
});
