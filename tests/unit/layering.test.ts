// Layering: src/storage is the only place that queries Prisma models. Adapters parse, call a service and
// render; CLI commands parse, call a service and print; services call storage. A direct `db.<model>.<op>(` /
// `tx.<model>.<op>(` outside src/storage (adapters, services, CLI) fails here, naming file:line.
// Every import between folders of src follows the table ALLOWED below (a new folder needs a row), and no
// import cycle exists anywhere in src (type-only imports included).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const OPS =
  "findMany|findUnique|findFirst|findUniqueOrThrow|findFirstOrThrow|create|createMany|update|updateMany|upsert|delete|deleteMany|count|aggregate|groupBy";
const MODEL_CALL = new RegExp(`\\b(?:db|tx)\\s*\\.\\s*(\\w+)\\s*\\.\\s*(${OPS})\\s*\\(`, "g");

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith(".ts") ? [p] : [];
  });
}

/** "line: model.op" for each direct model call in the text. */
function modelCalls(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(MODEL_CALL)) {
    const line = text.slice(0, m.index).split("\n").length;
    out.push(`${line}: ${m[1]}.${m[2]}`);
  }
  return out;
}

function offenders(dir: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of tsFiles(join(ROOT, dir))) {
    const calls = modelCalls(readFileSync(file, "utf8"));
    if (calls.length) found.set(relative(ROOT, file).split("\\").join("/"), calls);
  }
  return found;
}

function listing(found: Map<string, string[]>): string[] {
  return [...found].flatMap(([file, calls]) => calls.map((c) => `${file}:${c}`));
}

describe("layering: Prisma model calls stay in src/storage", () => {
  it("the detector finds db./tx. model calls (also split over lines, also h.db.) and ignores storage calls and $transaction", () => {
    const sample = [
      "const a = await db.person.findUnique({ where: { id } });",
      "await this.deps.db.conversationRef.findFirst({});",
      "await tx.person.update({ where: { id }, data });",
      "const n = await db.outboxMessage",
      "  .count({});",
      "await db.$transaction(async (t) => t);",
      "const r = await findReference(db, id);",
      "const x = db.person;",
      "if (!(await h.db.plan.findUnique({ where: { key } }))) throw e;",
    ].join("\n");
    expect(modelCalls(sample)).toEqual([
      "1: person.findUnique",
      "2: conversationRef.findFirst",
      "3: person.update",
      "4: outboxMessage.count",
      "9: plan.findUnique",
    ]);
  });

  it("no adapter queries Prisma directly", () => {
    expect(listing(offenders("src/adapters"))).toEqual([]);
  });

  it("no service queries Prisma directly", () => {
    expect(listing(offenders("src/services"))).toEqual([]);
  });

  it("no CLI command queries Prisma directly", () => {
    expect(listing(offenders("src/cli"))).toEqual([]);
  });
});

describe("configuration: the environment is read in one place", () => {
  it("only src/config.ts reads process.env (the migration step hands it on to its child process)", () => {
    const allowed = new Set(["src/config.ts", "src/storage/migrations.ts"]);
    const readers: string[] = [];
    for (const file of tsFiles(join(ROOT, "src"))) {
      const rel = relative(ROOT, file).split("\\").join("/");
      if (rel.startsWith("src/generated/") || allowed.has(rel)) continue;
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (/process\.env\b/.test(line.replace(/\/\/.*$|\/\*.*?\*\/|^\s*\*.*$/g, ""))) readers.push(`${rel}:${i + 1}`);
        });
    }
    expect(readers).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Which folder may import which. An "area" is a folder under src (adapters/slack, cli/commands, core ...) or a
// file at the top of src (main, config, logger, health, clock, paths). Value imports must be in the row; type-only
// imports may also name the types every layer passes along (TYPE_ONLY).

const ALLOWED: Record<string, string[]> = {
  // pure domain: nothing but itself (core-purity.test.ts also bans Slack, Teams, Prisma, cron and I/O)
  core: [],
  importer: ["core"],
  charts: ["core"],
  // board-paper writers (XLSX, DOCX, PDF) for the digest snapshot; the chart fonts
  paper: ["core", "charts"],
  // the only user of the Prisma client; never delivery, services or adapters
  storage: ["core", "generated", "paths"],
  // the outbox: enqueue (through storage), the worker, the Messenger port
  delivery: ["core", "storage", "logger", "clock"],
  // use cases: storage, the outbox, the importer, charts for the digest image
  services: ["core", "storage", "delivery", "importer", "charts", "paper", "logger", "clock", "paths"],
  scheduler: ["core", "services", "logger", "clock"],
  // parse -> one service -> render; the Messenger implementations (delivery's port); never storage
  "adapters/slack": ["core", "services", "delivery", "logger", "config", "clock", "http"],
  "adapters/teams": ["core", "services", "delivery", "logger", "config", "clock", "http", "paths"],
  // parse -> one service -> print; `reminders --send` builds the platforms' messengers, as main.ts does
  "cli/commands": ["cli", "core", "services", "delivery", "importer", "logger", "config", "adapters/slack", "adapters/teams", "clock"],
  // the CLI's composition root: config, opening and migrating the database, the program
  cli: ["cli/commands", "core", "config", "storage", "charts", "logger", "clock"],
  health: ["storage"],
  // the HTTP server's limits and the one admission decision (body cap, credentials) of the chat endpoints
  http: [],
  playground: ["core", "services", "delivery", "adapters/slack", "adapters/teams", "logger", "config", "clock", "paths"],
  config: ["core"],
  logger: [],
  clock: [],
  // where the files shipped beside the code are (from src/ or from a bundle in .cache/)
  paths: [],
  // the composition root
  main: [
    "adapters/slack",
    "adapters/teams",
    "charts",
    "cli",
    "config",
    "core",
    "delivery",
    "health",
    "http",
    "logger",
    "paths",
    "playground",
    "scheduler",
    "services",
    "storage",
    "clock",
  ],
};

/** Types passed through every layer: the database handle type, the config and logger types. */
const TYPE_ONLY: Record<string, string[]> = {
  "*": ["storage/db.ts", "config.ts", "logger.ts"],
  // the importer's record types are what the plan writer and the indicator writer store
  storage: ["importer/records.ts", "importer/indicators/records.ts"],
};

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
  line: number;
}

const IMPORT = /(?:^|\n)[ \t]*(?:import|export)[ \t]+(type[ \t]+)?(?:[^'"]*?from[ \t]+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** Relative imports of a file's text, resolved to paths under the root (".js" -> ".ts"). */
function importsOf(file: string, text: string): Edge[] {
  const out: Edge[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[2] ?? m[3];
    if (!spec?.startsWith(".")) continue;
    const to = relative(ROOT, resolve(dirname(join(ROOT, file)), spec.replace(/\.js$/, ".ts")))
      .split("\\")
      .join("/");
    out.push({
      from: file,
      to,
      typeOnly: Boolean(m[1]),
      line: text.slice(0, m.index).split("\n").length + (text[m.index ?? 0] === "\n" ? 1 : 0),
    });
  }
  return out;
}

/** "src/adapters/slack/x.ts" -> "adapters/slack"; "src/cli/commands/x.ts" -> "cli/commands"; "src/main.ts" -> "main". */
function areaOf(file: string): string {
  const parts = file.replace(/^src\//, "").split("/");
  if (parts.length === 1) return (parts[0] as string).replace(/\.ts$/, "");
  if ((parts[0] === "adapters" || (parts[0] === "cli" && parts[1] === "commands")) && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return parts[0] as string;
}

function srcGraph(): Edge[] {
  return tsFiles(join(ROOT, "src"))
    .map((f) => relative(ROOT, f).split("\\").join("/"))
    .filter((f) => !f.startsWith("src/generated/"))
    .flatMap((f) => importsOf(f, readFileSync(join(ROOT, f), "utf8")));
}

/** The imports that break the table, as "file:line -> target". */
function violations(edges: Edge[], allowed = ALLOWED, typeOnly = TYPE_ONLY): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const a = areaOf(e.from);
    const b = areaOf(e.to);
    if (a === b) continue;
    if (allowed[a]?.includes(b)) continue;
    const target = e.to.replace(/^src\//, "");
    if (e.typeOnly && [...(typeOnly["*"] ?? []), ...(typeOnly[a] ?? [])].includes(target)) continue;
    out.push(`${e.from}:${e.line} -> ${e.to}${e.typeOnly ? " (type)" : ""}`);
  }
  return out;
}

/** Every import cycle (strongly connected set of files, in import order where possible). */
function cycles(edges: Edge[]): string[][] {
  const g = new Map<string, string[]>();
  for (const e of edges) {
    if (!g.has(e.from)) g.set(e.from, []);
    g.get(e.from)?.push(e.to);
  }
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w) {
          onStack.delete(w);
          scc.push(w);
        }
      } while (w && w !== v);
      const selfLoop = (g.get(v) ?? []).includes(v);
      if (scc.length > 1 || selfLoop) found.push(scc.reverse());
    }
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe("layering: every folder imports only what its row in the table allows", () => {
  it("the import reader sees value, type, re-export, multi-line and dynamic imports, with their lines", () => {
    const text = [
      'import { a } from "../storage/db.js";',
      'import type { B } from "../core/cards/model.js";',
      "import {",
      "  c,",
      '} from "./x.js";',
      'export { d } from "../delivery/outbox.js";',
      'const e = await import("../services/act.js");',
      'import pg from "pg";',
    ].join("\n");
    expect(importsOf("src/services/y.ts", text).map((e) => `${e.line} ${e.to}${e.typeOnly ? " type" : ""}`)).toEqual([
      "1 src/storage/db.ts",
      "2 src/core/cards/model.ts type",
      "3 src/services/x.ts",
      "6 src/delivery/outbox.ts",
      "7 src/services/act.ts",
    ]);
  });

  it("areas: folders, the two-level ones (adapters/*, cli/commands) and the files at the top of src", () => {
    expect(
      ["src/adapters/slack/actions.ts", "src/cli/commands/plans.ts", "src/cli/index.ts", "src/core/digest/model.ts", "src/main.ts"].map(
        areaOf,
      ),
    ).toEqual(["adapters/slack", "cli/commands", "cli", "core", "main"]);
  });

  it("the checker catches what the issue found: storage -> delivery, an adapter or CLI command importing storage", () => {
    const e = (from: string, to: string, typeOnly = false) => ({ from, to, typeOnly, line: 1 });
    expect(
      violations([
        e("src/storage/reminders.ts", "src/delivery/outbox.ts", true),
        e("src/adapters/teams/card-actions.ts", "src/storage/outbox.ts"),
        e("src/cli/commands/ask.ts", "src/storage/people.ts"),
        e("src/adapters/teams/card-actions.ts", "src/storage/db.ts", true),
        e("src/adapters/slack/actions.ts", "src/services/act.ts"),
      ]),
    ).toEqual([
      "src/storage/reminders.ts:1 -> src/delivery/outbox.ts (type)",
      "src/adapters/teams/card-actions.ts:1 -> src/storage/outbox.ts",
      "src/cli/commands/ask.ts:1 -> src/storage/people.ts",
    ]);
  });

  it("every folder and top-level file under src has a row in the table", () => {
    const areas = new Set(
      tsFiles(join(ROOT, "src"))
        .map((f) => relative(ROOT, f).split("\\").join("/"))
        .filter((f) => !f.startsWith("src/generated/"))
        .map(areaOf),
    );
    expect([...areas].filter((a) => !(a in ALLOWED)).sort()).toEqual([]);
  });

  it("no import in src breaks the table", () => {
    expect(violations(srcGraph())).toEqual([]);
  });
});

describe("layering: no import cycles", () => {
  it("the cycle finder finds a two-file cycle, a longer one and a self-import, and nothing in a tree", () => {
    const e = (from: string, to: string) => ({ from, to, typeOnly: false, line: 1 });
    expect(cycles([e("a", "b"), e("b", "a"), e("c", "d"), e("d", "e"), e("e", "c"), e("f", "f"), e("g", "a")])).toEqual([
      ["a", "b"],
      ["c", "d", "e"],
      ["f"],
    ]);
    expect(cycles([e("a", "b"), e("a", "c"), e("b", "c")])).toEqual([]);
  });

  it("src has no import cycle (slack/listeners <-> slack/questions and core/digest/changes <-> model were the last)", () => {
    expect(cycles(srcGraph())).toEqual([]);
  });
});
