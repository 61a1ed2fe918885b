// bin/bundle.mjs's lazyPackages plugin: a package left out of the service's bundle behind a stand-in is not
// loaded until something of it is used, and then behaves as the package itself (a property, a call, `new`,
// `in`), with `__esModule` answered as the package answers it without loading it. The service relies on this
// for undici, express, raw-body and @slack/oauth under Bolt (HTTP mode loads none of them; Socket Mode loads
// undici when it connects: slack-main.test.ts).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs module without types
import { lazyPackages } from "../../bin/bundle.mjs";

const dir = mkdtempSync(join(tmpdir(), "ragtime-bundle-lazy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pkg(name: string, code: string): void {
  mkdirSync(join(dir, "node_modules", name), { recursive: true });
  writeFileSync(join(dir, "node_modules", name, "package.json"), JSON.stringify({ name, version: "1.0.0", main: "index.js" }));
  writeFileSync(join(dir, "node_modules", name, "index.js"), code);
}

describe("lazyPackages (bin/bundle.mjs)", () => {
  it("loads a left-out package on first use, and it then works as itself", async () => {
    // the heavy package: counts its loads; a function with properties and a class, as express and undici are
    pkg(
      "heavy",
      `globalThis.heavyLoads = (globalThis.heavyLoads || 0) + 1;
       function heavy(x) { return x * 2; }
       heavy.value = 42;
       heavy.Thing = class Thing { constructor(n) { this.n = n; } };
       module.exports = heavy;`,
    );
    // a bundled package that requires it when it loads, as Bolt's receivers do, with TypeScript's __importDefault
    pkg(
      "sdk",
      `var __importDefault = (m) => (m && m.__esModule ? m : { default: m });
       const heavy_1 = __importDefault(require("heavy"));
       exports.value = () => heavy_1.default.value;
       exports.call = (x) => (0, heavy_1.default)(x);
       exports.make = (n) => new heavy_1.default.Thing(n).n;
       exports.has = () => "value" in heavy_1.default;`,
    );
    const entry = join(dir, "entry.mjs");
    writeFileSync(
      entry,
      `import * as sdk from "sdk";
       const out = { atLoad: globalThis.heavyLoads ?? 0 };
       out.value = sdk.value();
       out.afterUse = globalThis.heavyLoads;
       out.call = sdk.call(21);
       out.make = sdk.make(7);
       out.has = sdk.has();
       out.loads = globalThis.heavyLoads;
       console.log(JSON.stringify(out));`,
    );
    const outdir = join(dir, "out");
    await build({
      entryPoints: { main: entry },
      outdir,
      bundle: true,
      format: "esm",
      platform: "node",
      plugins: [lazyPackages(new Set(["heavy"]))],
      logLevel: "error",
    });
    const bundled = readFileSync(join(outdir, "main.js"), "utf8");
    expect(bundled).toContain("exports.make"); // the SDK is in the bundle
    expect(bundled).not.toContain("class Thing"); // the left-out package is not
    // run the bundle as runBundled does: with a require for what the bundle leaves to Node
    const run = `import { createRequire } from "node:module"; globalThis.require = createRequire(${JSON.stringify(join(outdir, "main.js"))}); await import(${JSON.stringify(`file://${join(outdir, "main.js")}`)});`;
    const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", run], { encoding: "utf8" }));
    expect(out).toEqual({ atLoad: 0, value: 42, afterUse: 1, call: 42, make: 7, has: true, loads: 1 });
  });
});
