/**
 * Streaming readers for roll and registry files: CSV (csv-records.ts; UTF-8 with or without BOM, or
 * GB18030 as Excel saves it on Chinese Windows), xlsx (exceljs WorkbookReader, loaded through
 * xlsx/exceljs.ts) and the older Excel formats (.xls, .et, HTML or XML saved as .xls: SheetJS,
 * xlsx/legacy-workbook.ts); of a workbook, the first sheet with a header. Every cell is read as text; a number Excel made
 * of an ID is turned back into the 15 digits Excel kept (…000), or the scientific form when fewer
 * survived, so the ID normaliser knows how many digits are real. Bad files end with a
 * `MatchInputError` carrying a Chinese message.
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { withoutZeroWidth } from '../../domain/identity/zero-width.ts';
import { loadExcel, splitSheetsMessage } from '../xlsx/exceljs.ts';
import { type LegacySheet, LegacyWorkbookError, readLegacyWorkbook } from '../xlsx/legacy-workbook.ts';
import { readSheetRows } from '../xlsx/sheet-rows.ts';
import { CsvRecords, splitRecord, textFormulaValue } from './csv-records.ts';
import {
  type ColumnMap,
  detectHeader,
  type FieldSpec,
  HEADER_SCAN_ROWS,
  type RowShapeProblem,
  RowSkipper,
  rowShape,
} from './headers.ts';

/** A file the comparison cannot read; `message` is Chinese and meant for the user. */
export class MatchInputError extends Error {
  override name = 'MatchInputError';
}

/**
 * Part of a CSV file for one thread: bytes [start, end] (inclusive, as fs streams count), starting
 * at a line boundary. With `columns` the header is already known and every row is data; row
 * numbers then count from 1 within the range.
 */
export interface ByteRange<K extends string> {
  start: number;
  end?: number;
  columns?: ColumnMap<K>;
  /** Cells a data row should have (see headers.ts `rowWidth`), given with `columns`. */
  width?: number;
  /** The file's rows from its top down to the header, given with `columns` (see headers.ts `RowSkipper`). */
  top?: string[][];
}

/** Called for each data row with its cells and 1-based row number in the file. */
export type RowHandler = (cells: readonly string[], rowNo: number) => void;

/**
 * CSV only: offered each record after the header as UTF-8 bytes `b[start, end)` (with the number
 * of quotes in it and its row number) before it is split. Returns true when it took the row as a
 * data row itself (then `RowHandler` is not called for it).
 */
export type RecordHook = (b: Buffer, start: number, end: number, quotes: number, rowNo: number) => boolean;

/** Called before `RowHandler` for a CSV data row whose cells do not line up with the header (see `rowShape`). */
export type ShapeHandler = (problem: RowShapeProblem, rowNo: number) => void;

/** The optional parts of a `readTable` call. */
export interface ReadOptions<K extends string> {
  /** Bytes read so far, of the file's size. */
  onProgress?: (done: number, total: number) => void;
  /** Called once, when the header is found, with its columns and number of cells. */
  onColumns?: (columns: ColumnMap<K>, width: number) => void;
  /** Only this part of a CSV file. */
  range?: ByteRange<K>;
  onRecord?: RecordHook;
  /** Without it a row's shape is not checked. */
  onShape?: ShapeHandler;
  /**
   * A row that is no person's (headers.ts `RowSkipper`: a 合计/填表人/填报日期 row, a repeated header
   * or title, a lone title cell), which is not passed to `onRow`.
   */
  onSkip?: (row: number, reason: string) => void;
  /** A data row hidden in Excel (by hand or by a filter; xlsx), called before its `onRow`. */
  onHidden?: (row: number) => void;
}

/** What a read reports back. */
export interface ReadSummary<K extends string> {
  columns: ColumnMap<K>;
  dataRows: number;
  /** Number of the last row read (file rows, or rows within the byte range). */
  lastRow: number;
}

/** How a file is read: as CSV text, as xlsx (streamed), or as an older workbook (legacy-workbook.ts). */
export type FileKind = 'csv' | 'xlsx' | 'xls';

/** Kind of file by extension (checkFile also looks at its first bytes); refuses unknown types. */
export function fileKind(file: string): FileKind {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.xls' || ext === '.et') return 'xls';
  throw new MatchInputError(`不支持的文件类型（${path.basename(file)}）：请使用 .xlsx、.xls 或 .csv 文件`);
}

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

function head(file: string, n: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** What a file's first bytes show it to be when it is a PDF, an image or an archive no import reads; else null. */
function notATable(b: Buffer): string | null {
  const at = (sig: string, offset = 0) => b.subarray(offset, offset + sig.length).toString('latin1') === sig;
  if (at('%PDF')) return ' PDF 文件';
  if (at('\x89PNG') || at('GIF8') || (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff)) return '图片';
  if (at('Rar!') || at('7z\xbc\xaf') || (b[0] === 0x1f && b[1] === 0x8b)) return '压缩包';
  // An Office file is a zip too; its first entries name its kind.
  if (at('PK')) {
    const names = b.toString('latin1');
    if (names.includes('word/')) return ' Word 文档';
    if (names.includes('ppt/')) return ' PowerPoint 演示文稿';
  }
  return null;
}

/**
 * True when the first bytes are a CSV's (text without NUL, with commas or tabs), whatever
 * its name — not a web page or XML saved as .xls, which the older-workbook reader takes.
 */
function looksLikeCsv(b: Buffer): boolean {
  const sample = b.subarray(0, 4096);
  if (sample.length === 0 || sample.includes(0)) return false;
  const text = sample.toString('latin1').replace(/^\xef\xbb\xbf/, '');
  if (text.trimStart().startsWith('<')) return false;
  // Cells: commas or tabs (under a title row too).
  const { commas, tabs } = separatorCounts(sample);
  return commas + tabs >= 2;
}

/** Commas and tabs in the first 4 KB of a file: the CSV sniff above and `tabSeparated` read the same counts. */
function separatorCounts(b: Buffer): { commas: number; tabs: number } {
  let tabs = 0;
  let commas = 0;
  for (const c of b.subarray(0, 4096)) {
    if (c === 0x09) tabs++;
    else if (c === 0x2c) commas++;
  }
  return { commas, tabs };
}

/** True when the first lines of a text file (a title row above the header too) are cut by tabs rather than commas. */
function tabSeparated(b: Buffer): boolean {
  const { commas, tabs } = separatorCounts(b);
  return tabs >= 2 && tabs > commas;
}

/**
 * UTF-16 text without its BOM: every comma, digit and Latin letter has a zero byte beside it, all on
 * one side of the byte pairs (odd offsets in little-endian, even in big-endian), so at least one byte
 * in twenty of the first 1,024 is zero and nine in ten of those on one side. A stray NUL in a UTF-8
 * cell (tester t28a F7: one in a name made the whole roll "UTF-16"), or cells padded with NULs
 * (verifier t28c N7), are not.
 */
function looksUtf16(b: Buffer): boolean {
  const n = Math.min(b.length, 1024);
  const zeros = [0, 0];
  for (let i = 0; i < n; i++) if (b[i] === 0) zeros[i & 1]!++;
  const all = zeros[0]! + zeros[1]!;
  return all * 20 >= n && all >= 4 && Math.max(zeros[0]!, zeros[1]!) * 10 >= all * 9;
}

/**
 * Bytes no text table holds, many of them: control bytes other than tab and line ends are more than
 * one in a hundred of the first 4,096 (random or compressed data has one in eight; a text file none
 * but a stray one — tester t28a F6: random bytes were told as UTF-16 text).
 */
function looksBinary(b: Buffer): boolean {
  const n = Math.min(b.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    // (Not NUL: some exports pad cells with it — verifier t28c N7; random data has the others as often.)
    if ((c > 0 && c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) control++;
  }
  return control * 100 > n && control >= 4;
}

const hasUtf16Bom = (b: Buffer): boolean =>
  b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));

/**
 * Checks existence, emptiness and the real format behind the extension, from one read of the file's
 * first 64 KB: an Excel 97–2003 file (or a password-protected xlsx, which is one too) is read as
 * `xls` whatever its name, a zip as `xlsx`, text with commas or tabs named .xlsx/.xls as `csv`; a
 * PDF, an image or an archive is refused. Also says whether a CSV is GB18030 and whether it is
 * tab-separated.
 */
export function checkFile(
  file: string,
  label: string,
): { kind: FileKind; size: number; gb18030: boolean; tabs: boolean } {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new MatchInputError(`${label}是一个文件夹，不是文件：${file}`);
    size = st.size;
  } catch (e) {
    if (e instanceof MatchInputError) throw e;
    throw new MatchInputError(`${label}不存在或无法打开：${file}`);
  }
  let kind = fileKind(file);
  if (size === 0) throw new MatchInputError(`${label}为空文件：${path.basename(file)}`);
  const start = head(file, 65536);
  const zip = start[0] === 0x50 && start[1] === 0x4b;
  const other = notATable(start);
  if (other !== null)
    throw new MatchInputError(
      `${label}“${path.basename(file)}”是${other}，不是表格：请选择 .xlsx、.xls 或 .csv 文件`,
    );
  // The content decides over a wrong extension: a workbook renamed .csv, a CSV renamed .xlsx.
  if (start.subarray(0, 4).equals(OLE_MAGIC)) kind = 'xls';
  else if (zip && kind !== 'xlsx') kind = 'xlsx';
  else if ((kind === 'xlsx' || kind === 'xls') && !zip && looksLikeCsv(start)) kind = 'csv';
  if (kind === 'xlsx' && !zip)
    throw new MatchInputError(
      `${label}不是有效的 xlsx 文件（文件已损坏或不是 Excel 文件）：${path.basename(file)}`,
    );
  let gb18030 = false;
  if (kind === 'csv' && (hasUtf16Bom(start) || looksUtf16(start)))
    throw new MatchInputError(
      `${label}是 UTF-16 编码的文本（Excel“Unicode 文本”）：请在 Excel 中“另存为” CSV UTF-8（逗号分隔）或 .xlsx 后重试`,
    );
  if (kind === 'csv' && looksBinary(start))
    throw new MatchInputError(
      `${label}“${path.basename(file)}”不是文本表格（内容是无法识别的二进制数据，文件可能已损坏或不是表格文件）：请选择 .xlsx、.xls 或 .csv 文件`,
    );
  if (kind === 'csv') {
    // Cut at the last complete line so a multi-byte character split by the 64 KB window is not an error.
    const cut = start.length === 65536 ? start.subarray(0, start.lastIndexOf(0x0a) + 1) : start;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(cut);
    } catch {
      gb18030 = true;
    }
  }
  // Tab-separated text (Excel's 文本文件(制表符分隔)), known from the bytes read here.
  return { kind, size, gb18030, tabs: kind === 'csv' && tabSeparated(start) };
}

/** Cell value of an exceljs row as text. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    // Excel keeps 15 significant digits of a long integer (an ID typed into a number cell): the
    // normaliser must see which digits are real. The double holding those 15 digits has more
    // (350424200310165000 is 350424200310164992), which would look like a mistyped ID.
    if (Number.isInteger(v) && v >= 1e11) {
      // A number no 15-digit value rounds to was written by a program at full precision (a double
      // holds 15.9 digits): its first 15 digits are right but for a carry one time in thirty, so
      // they are kept as Excel's …000 is — rounding to 15 (below) would get the 15th wrong one
      // time in two (350481201406161789 is stored as …1792 and would read …162000).
      if (v >= 1e15 && Number(v.toPrecision(15)) !== v) {
        const exact = BigInt(v).toString();
        return exact.slice(0, 15) + '0'.repeat(exact.length - 15);
      }
      const [m, e] = v.toExponential(14).split('e') as [string, string];
      const sig = m.replace('.', '');
      const width = Number(e) + 1;
      const digits = width >= sig.length ? sig + '0'.repeat(width - sig.length) : sig.slice(0, width);
      // The 15 kept digits (the 15th may be a real 0): the …000 form (末三位变为000), as a CSV of it
      // shows; fewer (a round trip through 3.50424E+17): scientific, so only the known digits count.
      const mant = digits.replace(/0+$/, '');
      return width <= 15 || mant.length >= 14
        ? digits
        : `${mant[0]}${mant.length > 1 ? `.${mant.slice(1)}` : ''}E+${digits.length - 1}`;
    }
    return String(v);
  }
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as {
      richText?: { text: string }[];
      text?: unknown;
      formula?: string;
      result?: unknown;
      error?: string;
    };
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
    // A formula cell is the value Excel saved with it — what the user sees (a name built with
    // =A2&B2, a VLOOKUP); never evaluated here. One saved without a value is reported as text
    // starting with '=' so the row report can flag it (a string constant alone, ="350…", how IDs
    // are kept as text, is its text).
    if (typeof o.formula === 'string')
      return o.result !== undefined ? cellText(o.result) : textFormulaValue(`=${o.formula}`);
    if (o.text !== undefined) return cellText(o.text);
    if (o.result !== undefined) return cellText(o.result);
    if (o.error !== undefined) return '';
  }
  return String(v);
}

/** Tab-separated text (its quotes as Excel writes them) as CSV lines, a record a line. */
function tabsToCommas(input: Readable): Readable {
  const quote = (cell: string): string =>
    /[",\r\n]/.test(cell) || cell !== cell.trim() ? `"${cell.replaceAll('"', '""')}"` : cell;
  const parser = parseCsv({
    delimiter: '\t',
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
  });
  const out = new Transform({
    writableObjectMode: true,
    transform(record: string[], _enc, cb) {
      cb(null, Buffer.from(`${record.map(quote).join(',')}\n`));
    },
  });
  // (A pipe passes no error on: the parser's or the file's ends the lines with it.)
  input.on('error', (e) => out.destroy(e));
  parser.on('error', (e) => out.destroy(e));
  return input.pipe(parser).pipe(out);
}

/** Streams a GB18030 file as UTF-8 text. */
function gbDecoder(): Transform {
  const dec = new TextDecoder('gb18030');
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      cb(null, dec.decode(chunk, { stream: true }));
    },
    flush(cb) {
      cb(null, dec.decode());
    },
  });
}

/** Line breaks in the first `end` bytes of `file` (for error messages only). */
function linesBefore(file: string, end: number): number {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let lines = 0;
    for (let pos = 0; pos < end; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, end - pos), pos);
      if (n <= 0) break;
      for (let i = buf.indexOf(0x0a, 0); i >= 0 && i < n; i = buf.indexOf(0x0a, i + 1)) lines++;
      pos += n;
    }
    return lines;
  } finally {
    closeSync(fd);
  }
}

/**
 * Days between the 1904 and the 1900 date systems. A workbook saved in the 1904 system (Excel for
 * Mac's default until 2011; 文件 → 选项 → 高级 → 使用 1904 日期系统) stores 2012-03-03 as 39509, not
 * 40971; read as a 1900 serial it would be 2008-03-02, four years and a day early.
 */
export const DATE_1904_DAYS = 1462;
const SERIAL_CELL_RE = /^\d{5}(?:\.\d+)?$/;

/** A date serial of the 1904 system as the same day's serial of the 1900 system; other text unchanged. */
export function serialFrom1904(cell: string): string {
  if (!SERIAL_CELL_RE.test(cell)) return cell;
  return String(Math.floor(Number(cell)) + DATE_1904_DAYS);
}

/** An xlsx row's cells as text (`values` as exceljs gives them: 1-based). */
function rowCells(values: unknown[]): string[] {
  const cells: string[] = [];
  for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]));
  return cells;
}

/** A worksheet as `readTable` walks it: `eachRow` reads all its rows (file row number, cells as text). */
interface SheetSource {
  name: string;
  hidden: boolean;
  /** The workbook counts dates from 1904 (see `DATE_1904_DAYS`). */
  date1904: boolean;
  /** `hidden`: hidden in Excel (by hand or by a filter; xlsx only). */
  eachRow(onRow: (rowNumber: number, cells: string[], hidden: boolean) => void): Promise<void>;
}

/** The sheets of exceljs's streaming reader, each read as it comes (they must be read in order). */
async function* xlsxSources(reader: AsyncIterable<unknown>): AsyncGenerator<SheetSource> {
  for await (const sheet of reader) {
    const { name, state } = sheet as { name?: string; state?: string };
    // (exceljs reads xl/workbook.xml, where the date system is set, before it emits a sheet.)
    const props = (reader as { properties?: { model?: { date1904?: boolean } } }).properties;
    yield {
      name: name ?? '',
      hidden: state === 'hidden' || state === 'veryHidden',
      date1904: props?.model?.date1904 === true,
      eachRow: (onRow) =>
        readSheetRows(sheet as object, (n, values, hidden) => onRow(n, rowCells(values), hidden)),
    };
  }
}

/** A sheet of an older workbook, read whole already. */
function legacySource(sheet: LegacySheet): SheetSource {
  return {
    name: sheet.name,
    hidden: sheet.hidden,
    date1904: sheet.date1904,
    eachRow: async (onRow) => {
      sheet.rows.forEach((r, i) => {
        if (r !== undefined) onRow(i + 1, Array.from(r, cellText), false);
      });
    },
  };
}

/** True when the first rows of a sheet hold a header of `fields` (the rest of the sheet is passed over). */
async function sheetHasHeader<K extends string>(
  sheet: SheetSource,
  fields: readonly FieldSpec<K>[],
  label: string,
): Promise<boolean> {
  const rows: string[][] = [];
  await sheet.eachRow((number, cells) => {
    if (number > HEADER_SCAN_ROWS) return;
    while (rows.length < number - 1) rows.push([]);
    rows.push(cells);
  });
  return rows.some((r) => r.some((c) => c !== '')) && detectHeader(rows, fields, label).ok;
}

/** True when `c` begins with a character that is no space (ASCII, full-width or no-break). */
const startsWithText = (c: string): boolean => {
  const k = c.charCodeAt(0);
  return k > 32 && k !== 0x3000 && k !== 0xa0;
};

/**
 * Reads a roll or registry file row by row. Finds the header (title rows above it are skipped),
 * then calls `onColumns` once and `onRow` for every non-blank data row, after `onShape` for a CSV
 * row whose cells do not line up with the header. `onProgress(done, total)` reports bytes read.
 */
export async function readTable<K extends string>(
  file: string,
  fields: readonly FieldSpec<K>[],
  label: string,
  onRow: RowHandler,
  options: ReadOptions<K> = {},
): Promise<ReadSummary<K>> {
  const { onProgress, onColumns, range, onRecord, onShape, onSkip, onHidden } = options;
  /** Rows of the data sheet hidden in Excel (xlsx). */
  const hiddenRows = new Set<number>();
  const { kind, size, gb18030, tabs } = checkFile(file, label);
  const pending: string[][] = [];
  let columns: ColumnMap<K> | null = range?.columns ?? null;
  let width = range?.width ?? 0;
  let skipper = new RowSkipper(range?.top ?? []);
  const checkShape = kind === 'csv' && onShape !== undefined;
  let rowNo = 0;
  let dataRows = 0;
  const take = (cells: string[]): void => {
    rowNo++;
    if (columns === null) {
      pending.push(cells);
      if (pending.length < HEADER_SCAN_ROWS) return;
      resolveHeader();
      return;
    }
    emit(cells, rowNo);
  };
  /** The data sheet's workbook counts dates from 1904: its date columns' serials are shifted. */
  let date1904 = false;
  let dateColumns: number[] | null = null;
  const emit = (cells: string[], n: number): void => {
    if (date1904) {
      dateColumns ??= fields
        .filter((f) => f.date && (columns![f.key] ?? -1) >= 0)
        .map((f) => columns![f.key]);
      for (const c of dateColumns) if (cells[c] !== undefined) cells[c] = serialFrom1904(cells[c]!);
    }
    for (const c of cells) {
      // (A cell of spaces only is empty too: a line of three spaces is no pupil — tester v21a F7.)
      if (c !== '' && (startsWithText(c) || c.trim() !== '')) {
        const skip = skipper.reason(cells);
        if (skip !== null) {
          onSkip?.(n, skip);
          return;
        }
        dataRows++;
        if (hiddenRows.has(n)) onHidden?.(n);
        if (checkShape && width > 0) {
          const problem = rowShape(cells, width, columns!, fields);
          if (problem !== null) onShape(problem, n);
        }
        onRow(cells, n);
        return;
      }
    }
  };
  /** Sheets of a workbook read: none in a zip that is no workbook. */
  let sheetsSeen = 0;
  /** xlsx: a sheet without the header is skipped (a 填表说明 sheet before the data), see below. */
  let sheetMissed: MatchInputError | null = null;
  let skipSheet = false;
  const resolveHeader = (): void => {
    const h = detectHeader(pending, fields, label);
    if (!h.ok) {
      // Excel's “文本文件(制表符分隔)” looks like one cell per line to a comma splitter; so does a CSV
      // saved where the list separator is a semicolon.
      for (const [sep, name] of [
        ['\t', '制表符'],
        [';', '分号'],
      ] as const)
        if (kind === 'csv' && pending.some((r) => r.length === 1 && r[0]!.split(sep).length > 2))
          throw new MatchInputError(
            `${label}是${name}分隔的文本：请在 Excel 中“另存为” CSV UTF-8（逗号分隔）或 .xlsx 后重试`,
          );
      if (kind === 'csv') throw new MatchInputError(h.message);
      // Remember why the first sheet failed; the rest of this sheet is passed over.
      sheetMissed ??= new MatchInputError(h.message);
      skipSheet = true;
      pending.length = 0;
      return;
    }
    columns = h.columns;
    width = h.width;
    skipper = new RowSkipper(pending.slice(0, h.headerRow + 1));
    onColumns?.(h.columns, h.width);
    for (let r = h.headerRow + 1; r < pending.length; r++) emit(pending[r]!, r + 1);
    pending.length = 0;
  };

  // (An older workbook is read whole, by legacy-workbook.ts: no stream is opened for it.)
  const stream =
    kind === 'xls'
      ? null
      : createReadStream(file, { highWaterMark: 1 << 20, start: range?.start, end: range?.end });
  let read = 0;
  stream?.on('data', (c) => {
    read += c.length;
    onProgress?.(read, size);
  });
  if (kind === 'csv' && stream !== null) {
    const records = new CsvRecords((b, start, end, quotes) => {
      if (columns !== null && onRecord?.(b, start, end, quotes, rowNo + 1)) {
        rowNo++;
        dataRows++;
        return;
      }
      take(splitRecord(b, start, end, quotes));
    });
    // GB18030 is decoded and split as UTF-8; tab-separated text (Excel's 文本文件(制表符分隔), and the
    // .xls that some systems write) is parsed by csv-parse and handed on as comma-separated lines.
    const text = gb18030 ? stream.pipe(gbDecoder()) : stream;
    const source = range === undefined && tabs ? tabsToCommas(text) : text;
    try {
      for await (const chunk of source as AsyncIterable<Buffer | string>)
        records.feed(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      records.end();
    } catch (e) {
      if (e instanceof MatchInputError) throw e;
      // Within a byte range (a part read by one of two threads) rows count from its start: add the
      // lines before it (records with quoted line breaks make this approximate, hence 附近).
      const before = range?.start ? linesBefore(file, range.start) : 0;
      throw new MatchInputError(`${label}第${before + rowNo + 1}行附近无法读取：${(e as Error).message}`);
    } finally {
      stream.destroy();
    }
  } else {
    /** Reads the sheets in order (see above): the data, then whether another sheet has the same header. */
    const readSheets = async (sheets: AsyncIterable<SheetSource> | Iterable<SheetSource>): Promise<void> => {
      // The data is on the first sheet whose first rows hold the header: government templates
      // often open with a 填表说明 (instructions) sheet. Sheets after the data sheet (notes,
      // code lists) are not read — but one with the same header means the data was split over
      // sheets (a township per sheet), and reading the first alone would miss the others' rows
      // without a word: the file is refused, naming them.
      let dataSheet = '';
      const sameHeader: string[] = [];
      for await (const sheet of sheets) {
        sheetsSeen++;
        if (columns !== null) {
          // (A hidden sheet, such as a template's copy, is read through like the others but is no data.)
          if ((await sheetHasHeader(sheet, fields, label)) && !sheet.hidden) sameHeader.push(sheet.name);
          continue;
        }
        dataSheet = sheet.name;
        date1904 = sheet.date1904;
        rowNo = 0;
        pending.length = 0;
        skipSheet = false;
        let expected = 1;
        hiddenRows.clear();
        await sheet.eachRow((number, cells, hidden) => {
          if (skipSheet) return;
          // Excel leaves empty rows out: keep file row numbers right for the report.
          while (expected < number) {
            take([]);
            expected++;
          }
          if (hidden) hiddenRows.add(number);
          take(cells);
          expected++;
        });
        // A short sheet: look for the header in what it had.
        if (columns === null && !skipSheet && pending.some((r) => r.some((c) => c !== ''))) resolveHeader();
      }
      if (sameHeader.length > 0) throw new MatchInputError(splitSheetsMessage(label, dataSheet, sameHeader));
    };
    try {
      if (stream === null) {
        let sheets: LegacySheet[];
        try {
          sheets = readLegacyWorkbook(file);
        } catch (e) {
          if (e instanceof LegacyWorkbookError) throw new MatchInputError(`${label}${e.message}`);
          throw e;
        }
        await readSheets(sheets.map(legacySource));
      } else {
        const reader = new (loadExcel().stream.xlsx.WorkbookReader)(stream, {
          sharedStrings: 'cache',
          hyperlinks: 'ignore',
          styles: 'ignore',
          worksheets: 'emit',
          entries: 'emit',
        });
        await readSheets(xlsxSources(reader));
      }
    } catch (e) {
      if (e instanceof MatchInputError) throw e;
      // (exceljs's own message is an internal code such as FILE_ENDED: it tells a user nothing.)
      throw new MatchInputError(
        `${label}无法读取：${kind === 'xls' ? 'Excel' : 'xlsx'} 文件已损坏或不完整（${rowNo > 0 ? `读到第${rowNo}行时中断，` : ''}请重新导出后再试）`,
      );
    } finally {
      stream?.destroy();
    }
  }
  if (columns === null) {
    if (kind === 'xlsx' && sheetsSeen === 0)
      throw new MatchInputError(
        `${label}“${path.basename(file)}”不是 Excel 工作簿：压缩包中没有工作表（压缩的表格请先解压，再选择其中的 .xlsx、.xls 或 .csv 文件）`,
      );
    if (kind !== 'csv') throw sheetMissed ?? new MatchInputError(`${label}中没有任何内容`);
    if (pending.length === 0) throw new MatchInputError(`${label}中没有任何内容`);
    resolveHeader();
  }
  if (dataRows === 0 && range?.columns === undefined)
    throw new MatchInputError(`${label}只有表头，没有数据行`);
  // All of the range read (the whole file without one).
  onProgress?.((range?.end ?? size - 1) - (range?.start ?? 0) + 1, size);
  return { columns: columns!, dataRows, lastRow: rowNo };
}

/**
 * A copy of `s` that does not point into the larger text it was cut from: V8 keeps a substring of
 * 13+ characters as a slice of its parent, so one kept cell holds on to a whole chunk of the file.
 */
export const ownString = (s: string): string => (s.length < 13 ? s : `${s} `.slice(0, -1));

/**
 * `pick` for readers that keep every row until the end (the importers check all rows before
 * writing any): each cell its own string. Without it a 373k-row xlsx roll kept the sheet's
 * decompressed XML alive — about 1.9 KB of heap per row instead of 0.5 KB.
 */
export function pickOwn<K extends string>(
  cells: readonly string[],
  columns: ColumnMap<K>,
  keys: readonly K[],
): Record<K, string> {
  const out = pick(cells, columns, keys);
  // (Zero-width characters, pasted from web pages and chats, are never data: a 学籍号 or 户编号 holding one
  // would be another number. The importers store every cell without them.)
  for (const k of keys) out[k] = ownString(withoutZeroWidth(out[k]));
  return out;
}

/** Picks the mapped cells of a row into an object of trimmed-later text ('' when the column is absent). */
export function pick<K extends string>(
  cells: readonly string[],
  columns: ColumnMap<K>,
  keys: readonly K[],
): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const k of keys) {
    const at = columns[k];
    out[k] = at >= 0 ? (cells[at] ?? '') : '';
  }
  return out;
}
