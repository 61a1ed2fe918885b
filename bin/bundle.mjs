// Runs a TypeScript entry of src/ from an esbuild bundle in plain Node, instead of through tsx's loader: the CLI
// (`bin/ragtime.mjs`) starts ~1.5 s sooner, and the service (`bin/ragtime-server.mjs`, what `npm start` runs)
// starts sooner and holds ~40 MB less (tsx's loader and its per-file transforms stay out of the process).
// Packages stay external (node_modules as installed); code splitting keeps dynamic imports (the Slack and Teams
// adapters, exceljs, vega...) loaded only when used. A bundle is kept per version of the sources, in
// .cache/<name>/<stamp>/ where the stamp is the newest mtime under src/ and package.json, and is built into a
// temporary folder then renamed into place, so several processes starting at once (the test suite starts
// several services) never read a half-written bundle. Falls back to tsx, in-process, when it cannot be built.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

async function build(entry, name, outdir) {
  const { build } = await import("esbuild");
  await build({
    entryPoints: { [name]: join(root, entry) },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "error",
  });
}

/** The bundle of `entry` (a path under src/) as `<name>.js`, built if the sources changed since. */
async function bundleOf(entry, name) {
  const stamp = String(Math.floor(Math.max(newest(join(root, "src")), statSync(join(root, "package.json")).mtimeMs)));
  const base = join(root, ".cache", name);
  const dir = join(base, stamp);
  const file = join(dir, `${name}.js`);
  if (existsSync(file)) return file;
  mkdirSync(base, { recursive: true });
  const tmp = join(base, `.tmp-${process.pid}-${Date.now()}`);
  await build(entry, name, tmp);
  try {
    renameSync(tmp, dir);
  } catch {
    // another process put the same version in place first: use theirs
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(file)) throw new Error(`bundle ${name}: ${dir} is incomplete`);
  }
  // older versions are left to the next start that finds them idle: remove all but this one (best effort)
  for (const e of readdirSync(base))
    if (e !== stamp && !e.startsWith(".tmp-"))
      try {
        rmSync(join(base, e), { recursive: true, force: true });
      } catch {
        // in use or gone
      }
  return file;
}

/** Imports `entry` from its bundle (or, when it cannot be built, through tsx in this process). */
export async function runBundled(entry, name) {
  let file;
  try {
    file = await bundleOf(entry, name);
  } catch (e) {
    if (process.env.RAGTIME_DEBUG) console.error(e);
    const { register } = await import("tsx/esm/api");
    register();
    await import(pathToFileURL(join(root, entry)).href);
    return;
  }
  await import(pathToFileURL(file).href);
}
