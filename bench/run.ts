// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and prints figures.
// Benchmarks measure; they never fail on a time (machines here are noisy). Goals are printed beside results.
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

for (const f of files) {
  const mod = (await import(join(dir, f))) as { run: () => Promise<void>; title?: string };
  console.log(`\n=== ${mod.title ?? f} ===`);
  await mod.run();
}
