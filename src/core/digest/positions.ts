// The digest's per-milestone lookups by position in scope, not by id: one id -> position map built once per
// digest, then plain arrays (updates per milestone, previous status per milestone, ref rank per milestone).
// A 100,000-milestone plan otherwise builds and probes several 100,000-entry hash tables keyed by id strings.
import { cmpRef, type MilestoneFact, type UpdateFact } from "./facts.js";

/** milestone id -> its position in the list (the last one when an id repeats, as a Map built from the list) */
export function positionsOf(milestones: MilestoneFact[]): Map<string, number> {
  const pos = new Map<string, number>();
  for (let i = 0; i < milestones.length; i++) pos.set((milestones[i] as MilestoneFact).id, i);
  return pos;
}

/** The position in scope of each update's milestone (-1: not in scope), looked up once for every use. */
export function updatePositions(updates: UpdateFact[], pos: Map<string, number>): Int32Array {
  const at = new Int32Array(updates.length);
  for (let k = 0; k < updates.length; k++) at[k] = pos.get((updates[k] as UpdateFact).milestoneId) ?? -1;
  return at;
}

export interface UpdatesAt {
  /** per milestone position: its updates up to `until`, oldest first (undefined: none) */
  lists: (UpdateFact[] | undefined)[];
  /** the positions that have updates, in the order of their first update (a Map's insertion order by id) */
  order: number[];
}

/** Updates up to `until` per milestone in scope (updatesByMilestone by position). */
export function updatesAt(updates: UpdateFact[], at: Int32Array, n: number, until: string): UpdatesAt {
  const lists = new Array<UpdateFact[] | undefined>(n).fill(undefined);
  const order: number[] = [];
  for (let k = 0; k < updates.length; k++) {
    const i = at[k] as number;
    const u = updates[k] as UpdateFact;
    if (i < 0 || u.createdAt > until) continue;
    const l = lists[i];
    if (l) l.push(u);
    else {
      lists[i] = [u];
      order.push(i);
    }
  }
  return { lists, order };
}

/**
 * cmpRef order as a number per milestone position: refs that cmpRef calls equal share a rank, null is last.
 * A plan listed in ref order (the usual case) is ranked in one pass. Otherwise the positions `used` marks (the
 * ones in some sorted list; all when absent) are sorted once by ref, a run of consecutive milestones with the
 * same ref (an action's milestones) taking one place in the sort; no map of refs is built.
 */
export function refRankAt(milestones: MilestoneFact[], used?: Uint8Array): Int32Array {
  const n = milestones.length;
  const rank = new Int32Array(n);
  let r = 0;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) {
    const c = cmpRef((milestones[i - 1] as MilestoneFact).ref, (milestones[i] as MilestoneFact).ref);
    if (c > 0) sorted = false;
    else rank[i] = c < 0 ? ++r : r;
  }
  if (sorted) {
    // nulls sort last and compare equal to each other, so in a sorted list they already share the last rank
    return rank;
  }
  // each used position's run head: the first of consecutive used positions with the same ref
  const heads: number[] = [];
  const headOf = new Int32Array(n);
  let prev: string | null | undefined;
  for (let i = 0; i < n; i++) {
    if (used && !used[i]) continue;
    const ref = (milestones[i] as MilestoneFact).ref;
    if (heads.length === 0 || ref !== prev) {
      heads.push(i);
      prev = ref;
    }
    headOf[i] = heads.length - 1;
  }
  const refOf = (h: number) => (milestones[heads[h] as number] as MilestoneFact).ref;
  const byRef = Array.from(heads.keys()).sort((a, b) => cmpRef(refOf(a), refOf(b)));
  const rankOfHead = new Int32Array(heads.length);
  r = 0;
  for (let k = 0; k < byRef.length; k++) {
    if (k > 0 && cmpRef(refOf(byRef[k - 1] as number), refOf(byRef[k] as number)) !== 0) r++;
    rankOfHead[byRef[k] as number] = r;
  }
  for (let i = 0; i < n; i++) if (!used || used[i]) rank[i] = rankOfHead[headOf[i] as number] as number;
  return rank;
}

/** Marks the positions in the given lists (an `at` array each) for refRankAt. */
export function usedPositions(n: number, ...lists: number[][]): Uint8Array {
  const used = new Uint8Array(n);
  for (const at of lists) for (const i of at) used[i] = 1;
  return used;
}

/**
 * Orders list (in place) by each key ascending in turn, then by the rank of each item's milestone (at[k]: item
 * k's position); stable. The keys and ranks are read into arrays first, so the sort compares numbers in place
 * of reading the items (scattered over the heap) for every comparison.
 */
export function sortByRank<T>(list: T[], at: number[], rank: Int32Array, ...keys: ((x: T) => number)[]): void {
  if (keys.length > 2) throw new Error("sortByRank takes at most two keys");
  const len = list.length;
  const ks = keys.map((key) => {
    const k = new Float64Array(len);
    for (let j = 0; j < len; j++) k[j] = key(list[j] as T);
    return k;
  });
  const r = new Int32Array(len);
  for (let j = 0; j < len; j++) r[j] = rank[at[j] as number] as number;
  const [k1, k2] = ks;
  const byRank = (a: number, b: number) => (r[a] as number) - (r[b] as number);
  const idx = Array.from(list.keys());
  idx.sort(
    k2
      ? (a, b) =>
          ((k1 as Float64Array)[a] as number) - ((k1 as Float64Array)[b] as number) || (k2[a] as number) - (k2[b] as number) || byRank(a, b)
      : k1
        ? (a, b) => (k1[a] as number) - (k1[b] as number) || byRank(a, b)
        : byRank,
  );
  const copy = list.slice();
  for (let j = 0; j < len; j++) list[j] = copy[idx[j] as number] as T;
}
