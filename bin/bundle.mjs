// Runs a TypeScript entry of src/ from an esbuild bundle in plain Node, instead of through tsx's loader: the CLI
// (`bin/ragtime.mjs`) starts ~1.5 s sooner, and the service (`bin/ragtime-server.mjs`, what `npm start` runs)
// starts sooner and holds ~40 MB less (tsx's loader and its per-file transforms stay out of the process).
// Packages stay external (node_modules as installed), but for the Slack SDK (bundled and minified: see BUNDLED);
// code splitting keeps dynamic imports (the Slack and Teams adapters, exceljs, vega...) loaded only when used. A bundle is kept per version of the sources, in
// .cache/<name>/<stamp>/ where the stamp is the newest mtime under src/, package.json and this file, and is built into a
// temporary folder then renamed into place, so several processes starting at once (the test suite starts
// several services) never read a half-written bundle. Falls back to tsx, in-process, when it cannot be built.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { dirname, join, sep } from "node:path";
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
    // packages stay external (node_modules as installed), except the Slack SDK (below)
    plugins: [lazyPackages(LAZY), bundleOnly(BUNDLED)],
    // minified so the Slack SDK's code, kept by V8 as source text, is small (names kept for stack traces)
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "error",
  });
}

// Bolt's App loads the Web API client, OAuth, Socket Mode and their dependencies (axios, ws, jsonwebtoken...)
// whatever the mode: ~30 MB resident from node_modules, ~17 MB bundled and minified (measured on this machine),
// so the service's idle memory with Slack on drops by ~13 MB (issue 20). Its CommonJS files, bundled into ESM,
// call require() for Node's built-ins: runBundled gives the bundle a require (createRequire) for them.
const BUNDLED = /^@slack\//;

// Bolt's index and its App require every receiver's dependencies when they load, whatever the mode: undici
// (Socket Mode's WebSocket), express and raw-body with iconv-lite and mime-db (ExpressReceiver, Bolt's own HTTP
// parsing), @slack/oauth with jsonwebtoken and semver (OAuth installs). ragtime's HTTP mode uses none of them
// (its receiver is adapters/slack/http-receiver.ts), and Socket Mode only undici. Bundled, they were 1.6 MB of
// the Slack SDK's 2.05 MB of source, kept by V8 as text and parsed at start, and undici's module set-up ran.
// These are left out of the bundle behind a stand-in that requires the installed package (from node_modules,
// as Node would) the first time anything of it is used, so an HTTP-mode service never loads them.
const LAZY = new Set(["undici", "express", "raw-body", "@slack/oauth"]);

/**
 * Whether a CommonJS module marks itself `__esModule`, read in a child process: the first start after a change
 * builds its bundle in the service's own process, which would otherwise keep the packages it means to leave out.
 */
function esModuleOf(file) {
  let answer = esModules.get(file);
  if (answer === undefined) {
    const code = `process.stdout.write(String(Boolean(require(${JSON.stringify(file)}).__esModule)))`;
    answer = execFileSync(process.execPath, ["-e", code], { encoding: "utf8" }) === "true";
    esModules.set(file, answer);
  }
  return answer;
}
// a package is imported from several of the bundled files: one child process per package, not per import
const esModules = new Map();

/**
 * An esbuild plugin: a CommonJS package in `names`, imported from a bundled package, becomes a stand-in (a
 * Proxy) that loads the real one on first use: a property read, a call, `new` or `in`. `__esModule` is answered
 * without loading it (TypeScript's __importDefault reads it when the importing module loads), as the package
 * itself answers it (esModuleOf, at build time).
 */
export function lazyPackages(names) {
  return {
    name: "lazy-packages",
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (!names.has(args.path) || !args.importer.includes(`${sep}node_modules${sep}`)) return undefined;
        const file = createRequire(args.importer).resolve(args.path);
        return { path: file, namespace: "lazy-package", pluginData: { esModule: esModuleOf(file) } };
      });
      b.onLoad({ filter: /.*/, namespace: "lazy-package" }, (args) => ({
        loader: "js",
        contents: `const file = ${JSON.stringify(args.path)};
let real;
const load = () => (real ??= require(file));
module.exports = new Proxy(function lazyPackage() {}, {
  get: (_, key) => (key === "__esModule" ? ${args.pluginData.esModule} : load()[key]),
  has: (_, key) => key in load(),
  apply: (_, self, args) => Reflect.apply(load(), self, args),
  construct: (_, args) => Reflect.construct(load(), args),
});`,
      }));
    },
  };
}

/** An esbuild plugin: bare imports from our code are external unless they match `only`; what those packages import is bundled too. */
function bundleOnly(only) {
  return {
    name: "bundle-only",
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith("node:") || builtinModules.includes(args.path.split("/")[0])) return { external: true };
        if (only.test(args.path) || args.importer.includes(`${sep}node_modules${sep}`)) return undefined;
        return { external: true };
      });
    },
  };
}

/** The bundle of `entry` (a path under src/) as `<name>.js`, built if the sources changed since. */
async function bundleOf(entry, name) {
  const stamp = String(
    Math.floor(
      Math.max(newest(join(root, "src")), statSync(join(root, "package.json")).mtimeMs, statSync(fileURLToPath(import.meta.url)).mtimeMs),
    ),
  );
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
  // the bundled CommonJS packages' require() of Node's built-ins (esbuild's __require looks for a global one)
  globalThis.require ??= createRequire(file);
  await import(pathToFileURL(file).href);
}
