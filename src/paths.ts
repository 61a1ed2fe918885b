// Files that ship beside the code (the demo plan, the playground's page, the Teams manifest, migrations), found
// from the project's root rather than from this file's own folder: the same code runs from src/ (tsx, tests) and
// from an esbuild bundle in .cache/<name>/<version>/ (bin/bundle.mjs), which sit at different depths.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

let root: string | undefined;

/** The folder holding ragtime's package.json and prisma/ (walked up to from this module's own folder). */
export function projectRoot(): string {
  root ??= findRoot(import.meta.dirname);
  return root;
}

function findRoot(from: string): string {
  for (let d = from; ; d = dirname(d)) {
    if (existsSync(join(d, "package.json")) && existsSync(join(d, "prisma"))) return d;
    if (dirname(d) === d) return join(from, "..");
  }
}

/** A path under the project's root. */
export function projectPath(...parts: string[]): string {
  return join(projectRoot(), ...parts);
}
