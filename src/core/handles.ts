// Handles: the short name a person types for an action ("6.5", "N7", "3.2"). An action with a ref is known by
// its ref. One without (Thurrock writes none) gets its section number and its place in the section ("3.2" = the
// second action of section 3; "A4" = the fourth action outside any numbered section), made at its first import
// and kept on every re-import, so the handle on last week's card still works.

export interface HandleInput {
  /** the action's identity inside the plan (Action.key) */
  key: string;
  ref: string | null;
  sectionNumber: string | null;
  /** the handle stored for this key by an earlier import, if any */
  existing: string | null;
}

const norm = (h: string) => h.replace(/\s+/g, "").toUpperCase();

/** Handles for a plan's actions, in plan order: refs first claim their names, then kept handles, then new ones. */
export function assignHandles(actions: HandleInput[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  const claim = (key: string, h: string) => {
    out.set(key, h);
    taken.add(norm(h));
  };
  for (const a of actions) if (a.ref?.trim()) claim(a.key, a.ref.trim());
  // kept handles keep their numbers; the highest number used per section continues from there
  const next = new Map<string, number>();
  const bump = (section: string, n: number) => next.set(section, Math.max(next.get(section) ?? 0, n));
  for (const a of actions) {
    if (out.has(a.key) || !a.existing || taken.has(norm(a.existing))) continue;
    claim(a.key, a.existing);
    const m = /^(?:A|(.+)\.)(\d+)[a-z]?$/i.exec(a.existing);
    if (m) bump(m[1] ?? "", Number(m[2]));
  }
  for (const a of actions) {
    if (out.has(a.key)) continue;
    const section = a.sectionNumber?.trim() ?? "";
    const n = (next.get(section) ?? 0) + 1;
    next.set(section, n);
    const base = section ? `${section}.${n}` : `A${n}`;
    let h = base;
    for (let i = 0; taken.has(norm(h)); i++) h = `${base}${String.fromCharCode(97 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ""}`;
    claim(a.key, h);
  }
  return out;
}
