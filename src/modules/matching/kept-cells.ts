/**
 * The three cells the output repeats of every roll row (学籍号, 姓名, 身份证件号), stored as UTF-8
 * bytes with row offsets instead of a million JS strings: about half the memory, and a worker hands
 * its rows over by transferring two buffers instead of cloning a million strings.
 */

/** Cell separator inside a row and row terminator; a cell's own U+0001/U+0002 become U+FFFD. */
export const KEPT_SEP = 0x01;
const END = 0x02;
const clean = (s: string): string =>
  s.includes('\u0001') || s.includes('\u0002')
    ? s.replaceAll('\u0001', '\uFFFD').replaceAll('\u0002', '\uFFFD')
    : s;
const decoder = new TextDecoder();

/** Plain-data form of a store, for postMessage (its buffers can be transferred). */
export interface KeptCellsData {
  bytes: Uint8Array;
  /** Row i is bytes[ends[i-1] (0 for the first) .. ends[i]). */
  ends: Int32Array;
  count: number;
}

/** Rows gathered as text before one UTF-8 encoding call (a call per cell costs more than the work). */
const BATCH_ROWS = 4096;

export class KeptCells {
  private bytes: Buffer;
  private ends: Int32Array;
  private used = 0;
  private batch = '';
  private batchRows = 0;
  count = 0;

  constructor(expectedRows = 1024) {
    this.bytes = ownBuffer(expectedRows * 48);
    this.ends = new Int32Array(expectedRows);
  }

  /** Appends one row's cells. */
  push(a: string, b: string, c: string): void {
    this.batch += `${clean(a)}\u0001${clean(b)}\u0001${clean(c)}\u0002`;
    if (++this.batchRows === BATCH_ROWS) this.flush();
  }

  /** Encodes the batch and records where each of its rows ends. */
  private flush(): void {
    if (this.batchRows === 0) return;
    // 3 bytes per UTF-16 unit at most.
    const need = this.used + 3 * this.batch.length;
    if (need > this.bytes.length) {
      const next = ownBuffer(Math.max(need, this.bytes.length * 2));
      this.bytes.copy(next, 0, 0, this.used);
      this.bytes = next;
    }
    if (this.count + this.batchRows > this.ends.length) {
      const next = new Int32Array(Math.max(this.count + this.batchRows, this.ends.length * 2));
      next.set(this.ends);
      this.ends = next;
    }
    const from = this.used;
    this.used += this.bytes.write(this.batch, from);
    const bytes = this.bytes;
    for (let i = from; i < this.used; i++) if (bytes[i] === END) this.ends[this.count++] = i + 1;
    this.batch = '';
    this.batchRows = 0;
  }

  /** The rows, trimmed to size, as plain data (its buffers belong to it alone, so they can be transferred). */
  finish(): KeptCellsData {
    this.flush();
    return {
      bytes: new Uint8Array(this.bytes.subarray(0, this.used)),
      ends: this.ends.slice(0, this.count),
      count: this.count,
    };
  }
}

/** A Buffer over an ArrayBuffer of its own (never Node's shared pool, which must not be transferred). */
function ownBuffer(size: number): Buffer {
  return Buffer.from(new ArrayBuffer(size));
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
