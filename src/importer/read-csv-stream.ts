// A CSV plan read as a stream of rows, so a 50,000-row export is never held whole (bytes, text or grid). The
// encoding and delimiter are decided exactly as read-csv.ts decides them for the whole file: the byte-order
// mark, then a UTF-8 check over every byte (streamed), then the detector; the delimiter from the first 64 K
// characters. Rows come from csv-parse's stream parser with the same options as the sync one, and a broken
// file fails with the same error, wherever in the file it is.
import { closeSync, createReadStream, openSync, readFileSync, readSync } from "node:fs";
import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import { ImportError } from "./errors.js";
import { csvReadError, DELIMITER_NAMES, type Delimiter, detectDelimiter } from "./read-csv.js";

export interface CsvSniff {
  /** as read-csv.ts names it: "utf-8", "utf-8 (BOM)", "utf-16le (BOM)", "windows-1252", ... */
  encoding: string;
  delimiter: Delimiter;
  /** "comma", "semicolon", "tab" */
  delimiterName: string;
  /** bytes of byte-order mark skipped */
  skip: number;
  /** iconv-lite decoder; null: the bytes are UTF-8 and go to the parser as they are */
  decoder: string | null;
}

const HEAD_BYTES = 256 * 1024;

function readHead(file: string, bytes: number): Buffer {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function nulShare(buf: Buffer, parity: 0 | 1): number {
  const n = Math.min(buf.length, 4096);
  let nul = 0;
  for (let i = parity; i < n; i += 2) if (buf[i] === 0) nul++;
  return n ? nul / (n / 2) : 0;
}

/** Whether every byte of the file is UTF-8, and whether any is not ASCII (read in chunks). */
async function utf8Check(file: string): Promise<{ valid: boolean; ascii: boolean }> {
  const dec = new TextDecoder("utf-8", { fatal: true });
  let ascii = true;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      if (ascii && chunk.some((b) => b >= 0x80)) ascii = false;
      dec.decode(chunk, { stream: true });
    }
    dec.decode();
  } catch {
    return { valid: false, ascii: false };
  }
  return { valid: true, ascii };
}

/** The encoding (as decodeCsv decides it) and the delimiter (as detectDelimiter does, on the first 64 K characters). */
export async function sniffCsv(file: string): Promise<CsvSniff> {
  const head = readHead(file, HEAD_BYTES);
  let encoding: string;
  let skip = 0;
  let decoder: string | null = null;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) [encoding, skip] = ["utf-8 (BOM)", 3];
  else if (head[0] === 0xff && head[1] === 0xfe) [encoding, skip, decoder] = ["utf-16le (BOM)", 2, "utf-16le"];
  else if (head[0] === 0xfe && head[1] === 0xff) [encoding, skip, decoder] = ["utf-16be (BOM)", 2, "utf-16be"];
  else if (nulShare(head, 1) > 0.3) [encoding, decoder] = ["utf-16le", "utf-16le"];
  else if (nulShare(head, 0) > 0.3) [encoding, decoder] = ["utf-16be", "utf-16be"];
  else {
    const check = await utf8Check(file);
    if (check.valid) encoding = check.ascii ? "ascii" : "utf-8";
    else {
      // not UTF-8: the detector reads the whole file (rare: older Excel's Windows-1252), as decodeCsv does
      const iconv = (await import("iconv-lite")).default;
      const chardet = (await import("chardet")).default;
      const guess = (chardet.detect(readFileSync(file)) ?? "windows-1252").toLowerCase();
      encoding = guess === "iso-8859-1" || !iconv.encodingExists(guess) || guess.startsWith("utf") ? "windows-1252" : guess;
      decoder = encoding;
    }
  }
  const bytes = head.subarray(skip);
  let text: string;
  if (decoder) {
    const iconv = (await import("iconv-lite")).default;
    text = iconv.decode(bytes, decoder);
  } else text = new TextDecoder("utf-8").decode(bytes, { stream: true });
  const delimiter = detectDelimiter(text.slice(0, 64 * 1024));
  return { encoding, delimiter, delimiterName: DELIMITER_NAMES[delimiter], skip, decoder };
}

/** Every row of the file, in order; row n (from 0) is line n + 1 as the person sees it in Excel. */
export async function* csvRows(file: string, sniff: CsvSniff): AsyncGenerator<string[]> {
  let input: Readable = createReadStream(file, { start: sniff.skip, highWaterMark: 1 << 20 });
  if (sniff.decoder) {
    const iconv = (await import("iconv-lite")).default;
    input = input.pipe(iconv.decodeStream(sniff.decoder) as unknown as NodeJS.WritableStream) as unknown as Readable;
  }
  const parser = parse({
    delimiter: sniff.delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    trim: false,
  });
  input.on("error", (e) => parser.destroy(e));
  input.pipe(parser);
  try {
    for await (const r of parser as AsyncIterable<string[]>) {
      for (let i = 0; i < r.length; i++) {
        const c = r[i] ?? "";
        r[i] = c.includes("\r") ? c.replace(/\r\n?/g, "\n") : c;
      }
      yield r;
    }
  } catch (e) {
    throw e instanceof ImportError ? e : csvReadError(e, file);
  } finally {
    input.destroy();
    parser.destroy();
  }
}
