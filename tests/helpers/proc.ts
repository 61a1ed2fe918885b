// The service process under `npm start` (npm -> sh -> node bin/ragtime-server.mjs; or tsx src/main.ts), found
// through /proc, for tests and benchmarks that read its memory or environment.
import { readdirSync, readFileSync } from "node:fs";

function children(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** The deepest process under `root` running the service (tsx's CLI runs the program in a child node process). */
export function servicePid(root: number): number | null {
  const all: number[] = [];
  const walk = (p: number) => {
    for (const c of children(p)) {
      all.push(c);
      walk(c);
    }
  };
  walk(root);
  const main = all.filter((p) => {
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, "utf8");
      return cmd.includes("bin/ragtime-server.mjs") || cmd.includes("src/main.ts");
    } catch {
      return false;
    }
  });
  return main.find((p) => !main.some((q) => children(p).includes(q))) ?? null;
}

/** A process's environment (/proc/<pid>/environ). */
export function environOf(pid: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of readFileSync(`/proc/${pid}/environ`, "utf8").split("\0")) {
    const i = kv.indexOf("=");
    if (i > 0) out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}
