// Checks a browser screenshot is a real picture: a PNG of the expected size whose pixels are not one colour.
import { inflateSync } from "node:zlib";
import { expect } from "vitest";

export function checkScreenshot(png: Buffer, width: number, height: number): void {
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(png.subarray(12, 16).toString("ascii")).toBe("IHDR");
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([width, height]);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    if (png.subarray(at + 4, at + 8).toString("ascii") === "IDAT") idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const counts = new Map<number, number>();
  for (let i = 0; i < raw.length; i += 7) counts.set(raw[i] as number, (counts.get(raw[i] as number) ?? 0) + 1);
  const top = Math.max(...counts.values());
  // a blank page is one value almost everywhere; text, buttons and cards give many
  expect(counts.size).toBeGreaterThan(32);
  expect(top / Math.ceil(raw.length / 7)).toBeLessThan(0.99);
}
