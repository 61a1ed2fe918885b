// RGBA pixels -> an 8-bit palette PNG. A chart has a white background, a handful of fills and anti-aliased text,
// so its 256 most used colours cover nearly every pixel and the rest map to the nearest of them; the file is
// 2-3x smaller than resvg's RGBA PNG, which is what lets the chart travel inside a Teams message (~28 KB).
import { deflateSync } from "node:zlib";

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = (CRC_TABLE[(c ^ (buf[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes opaque RGBA pixels (alpha ignored: charts are drawn on white) as an indexed-colour PNG. */
export function palettePng(rgba: Uint8Array, width: number, height: number): Buffer {
  const n = width * height;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = ((rgba[i * 4] as number) << 16) | ((rgba[i * 4 + 1] as number) << 8) | (rgba[i * 4 + 2] as number);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const palette = [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 256)
    .map(([c]) => c);
  const index = new Map<number, number>(palette.map((c, i) => [c, i]));
  const nearest = (c: number): number => {
    let best = 0;
    let bestD = Number.POSITIVE_INFINITY;
    const r = c >> 16;
    const g = (c >> 8) & 255;
    const b = c & 255;
    for (let i = 0; i < palette.length; i++) {
      const p = palette[i] as number;
      const d = (r - (p >> 16)) ** 2 + (g - ((p >> 8) & 255)) ** 2 + (b - (p & 255)) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    index.set(c, best);
    return best;
  };
  const raw = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none (best for indexed images)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const c = ((rgba[i] as number) << 16) | ((rgba[i + 1] as number) << 8) | (rgba[i + 2] as number);
      raw[y * (width + 1) + 1 + x] = index.get(c) ?? nearest(c);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 3; // colour type: indexed
  const plte = Buffer.alloc(palette.length * 3);
  palette.forEach((c, i) => {
    plte[i * 3] = c >> 16;
    plte[i * 3 + 1] = (c >> 8) & 255;
    plte[i * 3 + 2] = c & 255;
  });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("PLTE", plte),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}
