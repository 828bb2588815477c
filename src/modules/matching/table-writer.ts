/**
 * Streaming writers for comparison results: CSV in UTF-8 with a BOM (Excel opens it correctly) or
 * xlsx through exceljs' streaming writer, every cell as text. A cell starting with = + - @ (or a
 * tab/CR, which Excel also treats as a formula start) gets an apostrophe in front, so a name such
 * as "=HYPERLINK(...)" is shown, never evaluated (DESIGN.md, formula injection).
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { MatchInputError } from './table-reader.ts';

/** exceljs takes ~0.5 s to load: only xlsx files pay for it (CSV runs and the worker thread never do). */
const loadExcel = (): typeof ExcelJS => createRequire(import.meta.url)('exceljs') as typeof ExcelJS;

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
  constructor(readonly cells: readonly string[]) {
    this.csv = cells.map((c) => `,${csvField(c)}`).join('');
  }
}

/** A table being written row by row. */
export interface TableWriter {
  /** Writes one row; a promise is returned only when the caller must wait (output buffer full). */
  write(values: readonly string[]): Promise<void> | void;
  /** Writes `values` followed by the cells of `tail`: the same row as `write([...values, ...tail.cells])`. */
  writeWithTail(values: readonly string[], tail: RowTail): Promise<void> | void;
  close(): Promise<void>;
}

class CsvWriter implements TableWriter {
  private readonly out: WriteStream;
  private buf = '';

  constructor(file: string, headers: readonly string[]) {
    this.out = createWriteStream(file);
    this.buf = `\uFEFF${headers.map(csvField).join(',')}\r\n`;
  }

  write(values: readonly string[]): Promise<void> | void {
    let line = csvField(values[0] ?? '');
    for (let i = 1; i < values.length; i++) line += `,${csvField(values[i]!)}`;
    this.buf += `${line}\r\n`;
    if (this.buf.length > 1 << 19) return this.flush();
  }

  writeWithTail(values: readonly string[], tail: RowTail): Promise<void> | void {
    let line = csvField(values[0] ?? '');
    for (let i = 1; i < values.length; i++) line += `,${csvField(values[i]!)}`;
    this.buf += `${line}${tail.csv}\r\n`;
    if (this.buf.length > 1 << 19) return this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = this.buf;
    this.buf = '';
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}

class XlsxWriter implements TableWriter {
  private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly ws: ExcelJS.Worksheet;

  constructor(file: string, sheet: string, headers: readonly string[]) {
    this.wb = new (loadExcel().stream.xlsx.WorkbookWriter)({
      filename: file,
      useSharedStrings: false,
      useStyles: false,
    });
    this.ws = this.wb.addWorksheet(sheet);
    this.ws.addRow(headers.map(neutralise)).commit();
  }

  write(values: readonly string[]): void {
    this.ws.addRow(values.map(neutralise)).commit();
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
export function openTableWriter(file: string, sheet: string, headers: readonly string[]): TableWriter {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return new CsvWriter(file, headers);
  if (ext === '.xlsx') return new XlsxWriter(file, sheet, headers);
  throw new MatchInputError(`输出文件类型不支持（${path.basename(file)}）：请使用 .csv 或 .xlsx`);
}
