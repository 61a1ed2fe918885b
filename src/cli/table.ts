// A plain-text table for CLI output: columns padded to their widest cell (at most 48 characters, cut with …).

/** Plain aligned text table (no colours, safe for logs and pipes). */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length))));
  const cut = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s);
  const line = (r: string[]) =>
    r
      .map((c, i) => cut(c ?? "", widths[i]!).padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
