// "Did you mean …?": the candidates closest to what a person typed (edit distance, case and spacing ignored).

/** Edit distance (insert, delete, replace, swap of neighbours), with an early exit once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      // a swap of two neighbours ("ovedrue") counts as one edit
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (before[j - 2] as number) + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    before = prev;
    prev = cur;
    if (rowMin > max) return max + 1;
  }
  return prev[b.length] as number;
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();

/**
 * Up to `limit` candidates nearest to `typed`: ones that contain it (or that it contains) first, then by edit
 * distance within about a third of the word's length. Empty when nothing is near.
 */
export function closest(typed: string, candidates: Iterable<string>, limit = 3): string[] {
  const t = norm(typed);
  if (!t) return [];
  const max = Math.max(2, Math.ceil(t.length / 3));
  const scored: { c: string; score: number }[] = [];
  for (const c of new Set(candidates)) {
    const n = norm(c);
    if (!n) continue;
    let score: number;
    if (n === t) score = 0;
    else if (n.includes(t) || t.includes(n)) score = 0.5;
    else {
      // compare with the whole candidate and with each of its words ("Murphy" is near "S Murphy")
      const whole = editDistance(t, n, max);
      const word = Math.min(...n.split(" ").map((w) => editDistance(t, w, max)));
      score = Math.min(whole, word + 0.25);
    }
    if (score <= max) scored.push({ c, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.c.localeCompare(b.c))
    .slice(0, limit)
    .map((s) => s.c);
}

/** " Did you mean …?" (with a leading space), or "" when nothing is close. */
export function didYouMean(typed: string, candidates: Iterable<string>): string {
  const near = closest(typed, candidates);
  if (near.length === 0) return "";
  return ` Did you mean ${near.map((n) => `"${n}"`).join(" or ")}?`;
}
