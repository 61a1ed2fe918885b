// A small PNG reader for tests (8-bit RGB, RGBA and indexed, every filter type), to check that an image is
// really drawn: how much of it is not background, and whether given colours appear.
import { inflateSync } from "node:zlib";

export interface Pixels {
  width: number;
  height: number;
  /** RGB triplets */
  rgb: Uint8Array;
}

export function decodePng(png: Buffer): Pixels {
  let pos = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  let palette: Buffer | null = null;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString("latin1", pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8) throw new Error(`bit depth ${data[8]} not supported`);
      colorType = data[9] as number;
    } else if (type === "PLTE") palette = data;
    else if (type === "IDAT") idat.push(data);
    pos += 12 + len;
  }
  const bpp = colorType === 2 ? 3 : colorType === 6 ? 4 : colorType === 3 ? 1 : 0;
  if (!bpp) throw new Error(`colour type ${colorType} not supported`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)] as number;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x] as number;
      const a = x >= bpp ? (out[y * stride + x - bpp] as number) : 0;
      const b = y > 0 ? (out[(y - 1) * stride + x] as number) : 0;
      const c = x >= bpp && y > 0 ? (out[(y - 1) * stride + x - bpp] as number) : 0;
      let p = 0;
      if (f === 1) p = a;
      else if (f === 2) p = b;
      else if (f === 3) p = (a + b) >> 1;
      else if (f === 4) {
        const e = a + b - c;
        const pa = Math.abs(e - a);
        const pb = Math.abs(e - b);
        const pc = Math.abs(e - c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = (v + p) & 255;
    }
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    if (colorType === 3) {
      const k = (out[i] as number) * 3;
      rgb[i * 3] = palette?.[k] ?? 0;
      rgb[i * 3 + 1] = palette?.[k + 1] ?? 0;
      rgb[i * 3 + 2] = palette?.[k + 2] ?? 0;
    } else {
      rgb[i * 3] = out[i * bpp] as number;
      rgb[i * 3 + 1] = out[i * bpp + 1] as number;
      rgb[i * 3 + 2] = out[i * bpp + 2] as number;
    }
  }
  return { width, height, rgb };
}

/** Share of pixels that are not (near) white. */
export function inkShare(p: Pixels): number {
  let ink = 0;
  const n = p.width * p.height;
  for (let i = 0; i < n; i++) if ((p.rgb[i * 3] as number) + (p.rgb[i * 3 + 1] as number) + (p.rgb[i * 3 + 2] as number) < 720) ink++;
  return ink / n;
}

/** How many pixels are within `tol` of the colour (#rrggbb) in every channel. */
export function colourCount(p: Pixels, hex: string, tol = 12): number {
  const r = Number.parseInt(hex.slice(1, 3), 16);
  const g = Number.parseInt(hex.slice(3, 5), 16);
  const b = Number.parseInt(hex.slice(5, 7), 16);
  let n = 0;
  for (let i = 0; i < p.width * p.height; i++)
    if (
      Math.abs((p.rgb[i * 3] as number) - r) <= tol &&
      Math.abs((p.rgb[i * 3 + 1] as number) - g) <= tol &&
      Math.abs((p.rgb[i * 3 + 2] as number) - b) <= tol
    )
      n++;
  return n;
}
