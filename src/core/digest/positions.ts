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
 * A plan listed in ref order (the usual case) is ranked in one pass with no map; otherwise the distinct refs of
 * the positions `used` marks (the ones in some sorted list; all when absent) are sorted once, and only those
 * positions get a rank.
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
  const uid = new Map<string, number>();
  const refs: string[] = [];
  const uidAt = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (used && !used[i]) continue;
    const ref = (milestones[i] as MilestoneFact).ref;
    if (ref === null) {
      uidAt[i] = -1;
      continue;
    }
    let u = uid.get(ref);
    if (u === undefined) {
      u = refs.length;
      uid.set(ref, u);
      refs.push(ref);
    }
    uidAt[i] = u;
  }
  const byRef = Array.from(refs.keys()).sort((a, b) => cmpRef(refs[a] as string, refs[b] as string));
  const rankOfUid = new Int32Array(refs.length);
  r = 0;
  for (let k = 0; k < byRef.length; k++) {
    if (k > 0 && cmpRef(refs[byRef[k - 1] as number] as string, refs[byRef[k] as number] as string) !== 0) r++;
    rankOfUid[byRef[k] as number] = r;
  }
  const last = r + 1;
  for (let i = 0; i < n; i++) {
    if (used && !used[i]) continue;
    const u = uidAt[i] as number;
    rank[i] = u < 0 ? last : (rankOfUid[u] as number);
  }
  return rank;
}

/** Marks the positions in the given lists (an `at` array each) for refRankAt. */
export function usedPositions(n: number, ...lists: number[][]): Uint8Array {
  const used = new Uint8Array(n);
  for (const at of lists) for (const i of at) used[i] = 1;
  return used;
}

/** Orders list (in place) by cmp, then by the rank of each item's milestone (at[k]: item k's position); stable. */
export function sortByRank<T>(list: T[], at: number[], rank: Int32Array, cmp: (a: T, b: T) => number): void {
  const idx = Array.from(list.keys());
  idx.sort((a, b) => cmp(list[a] as T, list[b] as T) || (rank[at[a] as number] as number) - (rank[at[b] as number] as number));
  const copy = list.slice();
  for (let k = 0; k < idx.length; k++) list[k] = copy[idx[k] as number] as T;
}
