/**
 * The three cells the output repeats of every roll row (学籍号, 姓名, 身份证件号), stored as UTF-8
 * bytes with row offsets instead of a million JS strings: about half the memory, and a worker hands
 * its rows over by transferring two buffers instead of cloning a million strings.
 */

/** Cell separator inside a row and row terminator; a cell's own U+0001/U+0002 become U+FFFD. */
export const KEPT_SEP = 0x01;
const SEP = KEPT_SEP;
const END = 0x02;
const clean = (s: string): string =>
  s.includes('\u0001') || s.includes('\u0002')
    ? s.replaceAll('\u0001', '\uFFFD').replaceAll('\u0002', '\uFFFD')
    : s;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Plain-data form of a store, for postMessage (its buffers can be transferred). */
export interface KeptCellsData {
  bytes: Uint8Array;
  /** Row i is bytes[ends[i-1] (0 for the first) .. ends[i]). */
  ends: Int32Array;
  count: number;
}

export class KeptCells {
  private bytes: Uint8Array;
  private ends: Int32Array;
  private used = 0;
  count = 0;

  constructor(expectedRows = 1024) {
    this.bytes = new Uint8Array(expectedRows * 48);
    this.ends = new Int32Array(expectedRows);
  }

  /** Appends one row's cells. */
  push(a: string, b: string, c: string): void {
    a = clean(a);
    b = clean(b);
    c = clean(c);
    // 3 bytes per UTF-16 unit at most, plus two separators and the terminator.
    const need = this.used + 3 * (a.length + b.length + c.length) + 3;
    if (need > this.bytes.length) {
      const next = new Uint8Array(Math.max(need, this.bytes.length * 2));
      next.set(this.bytes.subarray(0, this.used));
      this.bytes = next;
    }
    if (this.count === this.ends.length) {
      const next = new Int32Array(this.ends.length * 2);
      next.set(this.ends);
      this.ends = next;
    }
    this.used += encoder.encodeInto(a, this.bytes.subarray(this.used)).written;
    this.bytes[this.used++] = SEP;
    this.used += encoder.encodeInto(b, this.bytes.subarray(this.used)).written;
    this.bytes[this.used++] = SEP;
    this.used += encoder.encodeInto(c, this.bytes.subarray(this.used)).written;
    this.bytes[this.used++] = END;
    this.ends[this.count++] = this.used;
  }

  /** The rows, trimmed to size, as plain data. */
  finish(): KeptCellsData {
    return { bytes: this.bytes.slice(0, this.used), ends: this.ends.slice(0, this.count), count: this.count };
  }
}

/** Several stores' rows, in order, as one. */
export function concatKeptCells(parts: KeptCellsData[]): KeptCellsData {
  let bytes = 0;
  let count = 0;
  for (const p of parts) {
    bytes += p.count === 0 ? 0 : p.ends[p.count - 1]!;
    count += p.count;
  }
  const out: KeptCellsData = { bytes: new Uint8Array(bytes), ends: new Int32Array(count), count };
  let b = 0;
  let r = 0;
  for (const p of parts) {
    const len = p.count === 0 ? 0 : p.ends[p.count - 1]!;
    out.bytes.set(p.bytes.subarray(0, len), b);
    for (let i = 0; i < p.count; i++) out.ends[r + i] = p.ends[i]! + b;
    b += len;
    r += p.count;
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
  const cells = decoder.decode(data.bytes.subarray(start, end)).split('\u0001');
  return [cells[0] ?? '', cells[1] ?? '', cells[2] ?? ''];
}
