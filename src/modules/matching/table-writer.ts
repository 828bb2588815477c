/**
 * Streaming writers for comparison results: CSV in UTF-8 with a BOM (Excel opens it correctly) or
 * xlsx through exceljs' streaming writer, every cell as text. A cell starting with = + - @ (or a
 * tab/CR, which Excel also treats as a formula start) gets an apostrophe in front, so a name such
 * as "=HYPERLINK(...)" is shown, never evaluated (DESIGN.md, formula injection).
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../xlsx/exceljs.ts';
import { MatchInputError } from './table-reader.ts';

const FORMULA_START_RE = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
const CSV_QUOTE_RE = /[",\r\n]/;

/** Neutralises a cell that a spreadsheet would read as a formula. */
export function neutralise(v: string): string {
  return FORMULA_START_RE.test(v) ? `'${v}` : v;
}

function csvField(v: string): string {
  const s = neutralise(v);
  return CSV_QUOTE_RE.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The fixed last cells of many rows, encoded for CSV once (see `TableWriter.writeWithTail`). */
export class RowTail {
  /** The cells as CSV text, each with its leading comma. */
  readonly csv: string;
  /** The same, UTF-8, followed by the line end. */
  readonly bytes: Buffer;
  constructor(readonly cells: readonly string[]) {
    this.csv = cells.map((c) => `,${csvField(c)}`).join('');
    this.bytes = Buffer.from(`${this.csv}\r\n`);
  }
}

/** A table being written row by row. */
export interface TableWriter {
  /** Writes one row; a promise is returned only when the caller must wait (output buffer full). */
  write(values: readonly string[]): Promise<void> | void;
  /** Writes `values` followed by the cells of `tail`: the same row as `write([...values, ...tail.cells])`. */
  writeWithTail(values: readonly string[], tail: RowTail): Promise<void> | void;
  /**
   * CSV only: writes cells given as UTF-8 bytes `src[start, end)` separated by `sep`, followed by
   * `tail`, without decoding them — when no cell needs quoting or formula neutralising. Returns
   * false (nothing written) when one does; the caller then writes the row as strings. A promise
   * means written, and the caller must wait.
   */
  tryWriteUtf8WithTail?(
    src: Uint8Array,
    start: number,
    end: number,
    sep: number,
    tail: RowTail,
  ): boolean | Promise<void>;
  /**
   * CSV only: like `tryWriteUtf8WithTail`, the row's first cells from UTF-8 bytes, then `cells`
   * (encoded as `write` encodes them).
   */
  tryWriteUtf8WithCells?(
    src: Uint8Array,
    start: number,
    end: number,
    sep: number,
    cells: readonly string[],
  ): boolean | Promise<void>;
  close(): Promise<void>;
}

const CHUNK = 1 << 20;
const FULL_WIDTH_FORMULA = new Set([0x9d, 0x8b, 0x8d, 0xa0]); // ＝ ＋ － ＠ are EF BC xx

class CsvWriter implements TableWriter {
  private readonly out: WriteStream;
  private chunk = Buffer.allocUnsafe(CHUNK);
  private used = 0;

  constructor(file: string, headers: readonly string[]) {
    this.out = createWriteStream(file);
    this.put(`\uFEFF${headers.map(csvField).join(',')}\r\n`);
  }

  /** Appends text; hands a full chunk to the stream (a promise when the stream asks to wait). */
  private put(text: string): Promise<void> | undefined {
    // 3 bytes per UTF-16 unit at most.
    const wait = this.used + text.length * 3 > this.chunk.length ? this.push(text.length * 3) : undefined;
    this.used += this.chunk.write(text, this.used);
    return wait;
  }

  /** Gives the filled part of the chunk to the stream and starts a new one of at least `min` bytes. */
  private push(min = 0): Promise<void> | undefined {
    const ok = this.used === 0 || this.out.write(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(Math.max(CHUNK, min));
    this.used = 0;
    if (!ok) return once(this.out, 'drain').then(() => {});
  }

  write(values: readonly string[]): Promise<void> | void {
    let line = csvField(values[0] ?? '');
    for (let i = 1; i < values.length; i++) line += `,${csvField(values[i]!)}`;
    return this.put(`${line}\r\n`);
  }

  writeWithTail(values: readonly string[], tail: RowTail): Promise<void> | void {
    let line = csvField(values[0] ?? '');
    for (let i = 1; i < values.length; i++) line += `,${csvField(values[i]!)}`;
    return this.put(`${line}${tail.csv}\r\n`);
  }

  /** True when no cell of `src[start, end)` (cells separated by `sep`) needs quoting or neutralising. */
  private plainUtf8(src: Uint8Array, start: number, end: number, sep: number): boolean {
    // The byte form of csvField's two tests (CSV_QUOTE_RE anywhere, FORMULA_START_RE at a cell's start).
    let cellStart = true;
    for (let i = start; i < end; i++) {
      const c = src[i]!;
      if (c === 0x22 || c === 0x2c || c === 0x0a || c === 0x0d) return false;
      if (cellStart) {
        // = + - @ tab, or their full-width forms (CR is caught above).
        if (c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09) return false;
        if (c === 0xef && src[i + 1] === 0xbc && FULL_WIDTH_FORMULA.has(src[i + 2]!)) return false;
      }
      cellStart = c === sep;
    }
    return true;
  }

  /** Copies `src[start, end)` into the chunk at `o`, `sep` becoming a comma; returns the new end. */
  private copyCells(src: Uint8Array, start: number, end: number, sep: number, o: number): number {
    const dst = this.chunk;
    for (let i = start; i < end; i++) {
      const c = src[i]!;
      dst[o++] = c === sep ? 0x2c : c;
    }
    return o;
  }

  tryWriteUtf8WithTail(
    src: Uint8Array,
    start: number,
    end: number,
    sep: number,
    tail: RowTail,
  ): boolean | Promise<void> {
    if (!this.plainUtf8(src, start, end, sep)) return false;
    const size = end - start + tail.bytes.length;
    const wait = this.used + size > this.chunk.length ? this.push(size) : undefined;
    const o = this.copyCells(src, start, end, sep, this.used);
    this.used = o + tail.bytes.copy(this.chunk, o);
    return wait ?? true;
  }

  tryWriteUtf8WithCells(
    src: Uint8Array,
    start: number,
    end: number,
    sep: number,
    cells: readonly string[],
  ): boolean | Promise<void> {
    if (!this.plainUtf8(src, start, end, sep)) return false;
    let text = '';
    for (const c of cells) text += `,${csvField(c)}`;
    text += '\r\n';
    // 3 bytes per UTF-16 unit at most.
    const size = end - start + 3 * text.length;
    const wait = this.used + size > this.chunk.length ? this.push(size) : undefined;
    const o = this.copyCells(src, start, end, sep, this.used);
    this.used = o + this.chunk.write(text, o);
    return wait ?? true;
  }

  async close(): Promise<void> {
    await this.push();
    this.out.end();
    await once(this.out, 'finish');
  }
}

/** A plain decimal as the writers' callers render numbers (no exponent, no thousands separator). */
const DECIMAL_RE = /^-?\d{1,15}(\.\d+)?$/;
/** Columns whose content is long free text, and columns holding a long number kept as text. */
const WIDE_HEADER_RE = /依据|问题|原因|说明|备注|地址|户籍/;
const NUMBER_HEADER_RE = /身份证|证件号|学籍号|人编号|户编号|账号|卡号/;

/** A column width (in characters) fitting the header and the usual content under it. */
export function columnWidth(header: string): number {
  if (WIDE_HEADER_RE.test(header)) return 60;
  if (NUMBER_HEADER_RE.test(header)) return 22;
  // A Chinese character is about two characters wide.
  return Math.max(10, Math.min(30, [...header].length * 2 + 2));
}

class XlsxWriter implements TableWriter {
  private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly ws: ExcelJS.Worksheet;
  /** Positions of the columns written as numbers when a cell holds a plain decimal. */
  private readonly numeric: ReadonlySet<number>;

  constructor(file: string, sheet: string, headers: readonly string[], numeric: readonly string[]) {
    this.wb = new (loadExcel().stream.xlsx.WorkbookWriter)({
      filename: file,
      useSharedStrings: false,
      useStyles: false,
    });
    // The header stays in view while scrolling a long list.
    this.ws = this.wb.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    this.ws.columns = headers.map((h) => ({ width: columnWidth(h) }));
    this.numeric = new Set(numeric.map((h) => headers.indexOf(h)).filter((i) => i >= 0));
    this.ws.addRow(headers.map(neutralise)).commit();
  }

  write(values: readonly string[]): void {
    const cells: Array<string | number> = values.map(neutralise);
    // A score or a row number as a number, so that Excel sorts and filters it as one; an ID
    // never (its column is not numeric), and a cell that is not a plain decimal stays text.
    for (const i of this.numeric)
      if (i < values.length && DECIMAL_RE.test(values[i]!)) cells[i] = Number(values[i]);
    this.ws.addRow(cells).commit();
  }

  writeWithTail(values: readonly string[], tail: RowTail): void {
    this.write([...values, ...tail.cells]);
  }

  async close(): Promise<void> {
    this.ws.commit();
    await this.wb.commit();
  }
}

/** Opens a CSV or xlsx writer by the file's extension. */
export function openTableWriter(
  file: string,
  sheet: string,
  headers: readonly string[],
  /** Headers of columns an xlsx file holds as numbers (scores, row numbers, amounts); CSV has no types. */
  numeric: readonly string[] = [],
): TableWriter {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return new CsvWriter(file, headers);
  if (ext === '.xlsx') return new XlsxWriter(file, sheet, headers, numeric);
  throw new MatchInputError(`输出文件类型不支持（${path.basename(file)}）：请使用 .csv 或 .xlsx`);
}
