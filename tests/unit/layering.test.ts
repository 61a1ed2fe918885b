// Layering: src/storage is the only place that queries Prisma models. Adapters parse, call a service and
// render; CLI commands parse, call a service and print; services call storage. A direct `db.<model>.<op>(` /
// `tx.<model>.<op>(` outside src/storage (adapters, services, CLI) fails here, naming file:line.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
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
