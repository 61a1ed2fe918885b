// Logs: readable lines in a terminal, JSON lines otherwise (LOG_FORMAT=auto|json|pretty).
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, isPretty } from "../../src/logger.js";

function capture(format: "json" | "pretty"): () => string {
  const out = new PassThrough();
  let text = "";
  out.on("data", (c) => {
    text += String(c);
  });
  const log = createLogger("info", format, out);
  log.info({ plan: "thurrock" }, "reminder tick planned 3");
  log.debug("not at info");
  return () => text;
}

describe("logger", () => {
  it("auto is pretty only on a terminal", () => {
    expect(isPretty("auto", true)).toBe(true);
    expect(isPretty("auto", false)).toBe(false);
    expect(isPretty("json", true)).toBe(false);
    expect(isPretty("pretty", false)).toBe(true);
  });

  it("json writes one JSON object per line; pretty writes a readable line with the level and fields", async () => {
    const json = capture("json");
    const pretty = capture("pretty");
    await new Promise((r) => setTimeout(r, 50));
    const line = JSON.parse(json().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, msg: "reminder tick planned 3", plan: "thurrock", app: "ragtime" });
    const p = pretty();
    expect(p).toContain("INFO");
    expect(p).toContain("reminder tick planned 3");
    expect(p).toContain('plan: "thurrock"');
    expect(() => JSON.parse(p.trim())).toThrow();
    expect(p).not.toContain("not at info");
  });
});
