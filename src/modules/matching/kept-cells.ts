/**
 * The three cells the output repeats of every roll row (学籍号, 姓名, 身份证件号), stored as UTF-8
 * bytes with row offsets instead of a million JS strings: about half the memory, and a worker hands
 * its rows over by transferring two buffers instead of cloning a million strings.
 *
 * The cells are kept as the user sees them: without zero-width characters (U+200B/C/D, U+2060,
 * U+FEFF), which the comparison ignores and which, invisible in the output, would make a spreadsheet's
 * search for the 学籍号 or ID miss the row. `push` drops them; the rows given to `pushBytes` have none
 * (the roll screen takes only ASCII IDs and 学籍号 and names of Han characters, so a row with one takes
 * the full path and `push`).
 */

import { withoutZeroWidth } from '../../domain/identity/zero-width.ts';
import { IntBuffer } from '../../domain/matching/index.ts';

/** Cell separator inside a row and row terminator; a cell's own U+0001/U+0002 become U+FFFD. */
export const KEPT_SEP = 0x01;
const END = 0x02;
const SEP_CHAR = String.fromCharCode(KEPT_SEP);
const END_CHAR = String.fromCharCode(END);
/** A cell as kept: separators replaced, zero-width characters dropped. */
const clean = (cell: string): string => {
  const s = withoutZeroWidth(cell);
  return s.includes(SEP_CHAR) || s.includes(END_CHAR)
    ? s.replaceAll(SEP_CHAR, '\uFFFD').replaceAll(END_CHAR, '\uFFFD')
    : s;
};
const decoder = new TextDecoder();

/** Plain-data form of a store, for postMessage (its buffers can be transferred). */
export interface KeptCellsData {
  bytes: Uint8Array;
  /** Row i is bytes[ends[i-1] (0 for the first) .. ends[i]); one entry per row. */
  ends: Int32Array;
}

/** Rows gathered as text before one UTF-8 encoding call (a call per cell costs more than the work). */
const BATCH_ROWS = 4096;

export class KeptCells {
  private bytes: Buffer;
  private readonly ends: IntBuffer;
  private used = 0;
  private batch = '';
  private batchRows = 0;

  constructor(expectedRows = 1024) {
    this.bytes = ownBuffer(expectedRows * 48);
    this.ends = new IntBuffer(expectedRows);
  }

  /** Appends one row's cells. */
  push(a: string, b: string, c: string): void {
    this.batch += `${clean(a)}${SEP_CHAR}${clean(b)}${SEP_CHAR}${clean(c)}${END_CHAR}`;
    if (++this.batchRows === BATCH_ROWS) this.flush();
  }

  /**
   * Appends one row whose three cells are already UTF-8 in `src` at [r[0], r[1]), [r[2], r[3]),
   * [r[4], r[5]) (cells the roll screen vetted: no U+0001/U+0002 and no zero-width character in them).
   */
  pushBytes(src: Uint8Array, r: Int32Array): void {
    this.flush();
    this.reserve(this.used + r[1]! - r[0]! + r[3]! - r[2]! + r[5]! - r[4]! + 3);
    const out = this.bytes;
    let at = this.used;
    for (let c = 0; c < 6; c += 2) {
      for (let i = r[c]!; i < r[c + 1]!; i++) out[at++] = src[i]!;
      out[at++] = c === 4 ? END : KEPT_SEP;
    }
    this.used = at;
    this.ends.push(at);
  }

  /** Grows the buffer (at least doubling it) to hold `need` bytes. */
  private reserve(need: number): void {
    if (need <= this.bytes.length) return;
    const next = ownBuffer(Math.max(need, this.bytes.length * 2));
    this.bytes.copy(next, 0, 0, this.used);
    this.bytes = next;
  }

  /** Encodes the batch and records where each of its rows ends. */
  private flush(): void {
    if (this.batchRows === 0) return;
    // 3 bytes per UTF-16 unit at most.
    this.reserve(this.used + 3 * this.batch.length);
    const from = this.used;
    this.used += this.bytes.write(this.batch, from);
    const bytes = this.bytes;
    for (let i = from; i < this.used; i++) if (bytes[i] === END) this.ends.push(i + 1);
    this.batch = '';
    this.batchRows = 0;
  }

  /** The rows, trimmed to size, as plain data (its buffers belong to it alone, so they can be transferred). */
  finish(): KeptCellsData {
    this.flush();
    return { bytes: new Uint8Array(this.bytes.subarray(0, this.used)), ends: this.ends.take() };
  }
}

/** A Buffer over an ArrayBuffer of its own (never Node's shared pool, which must not be transferred). */
function ownBuffer(size: number): Buffer {
  return Buffer.from(new ArrayBuffer(size));
}

/** Several stores' rows, in order, as one. */
export function concatKeptCells(parts: KeptCellsData[]): KeptCellsData {
  const size = (p: KeptCellsData) => (p.ends.length === 0 ? 0 : p.ends[p.ends.length - 1]!);
  const out: KeptCellsData = {
    bytes: new Uint8Array(parts.reduce((n, p) => n + size(p), 0)),
    ends: new Int32Array(parts.reduce((n, p) => n + p.ends.length, 0)),
  };
  let b = 0;
  let r = 0;
  for (const p of parts) {
    out.bytes.set(p.bytes.subarray(0, size(p)), b);
    for (let i = 0; i < p.ends.length; i++) out.ends[r + i] = p.ends[i]! + b;
    b += size(p);
    r += p.ends.length;
  }
  return out;
}

/** Byte range of row i's cells in `data.bytes` (separated by KEPT_SEP, without the terminator). */
export function keptRowRange(data: KeptCellsData, i: number): [number, number] {
  return [i === 0 ? 0 : data.ends[i - 1]!, data.ends[i]! - 1];
}

/** Row i's cells as strings. */
export function keptRow(data: KeptCellsData, i: number): [string, string, string] {
  const [start, end] = keptRowRange(data, i);
  const cells = decoder.decode(data.bytes.subarray(start, end)).split(SEP_CHAR);
  return [cells[0] ?? '', cells[1] ?? '', cells[2] ?? ''];
}
