import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { badRequest } from '../../server/errors.ts';
import { textFormulaValue } from '../matching/csv-records.ts';
import { loadExcel, splitSheetsMessage } from '../xlsx/exceljs.ts';
import { type LegacySheet, LegacyWorkbookError, readLegacyWorkbook } from '../xlsx/legacy-workbook.ts';

/**
 * Reads the first sheet of an .xlsx file or a .csv file into rows of text cells, keeping the
 * spreadsheet row numbers so that errors point at the row a user sees in Excel. Every cell is
 * text: codes and ID numbers must keep their leading zeros and never pass through a float.
 */

/** An uploaded or local file. */
export interface TableFile {
  path?: string;
  buffer?: Buffer;
  filename: string;
}

/** One non-blank row: `row` is the 1-based spreadsheet row (csv: line) number. */
export interface TableRow {
  row: number;
  cells: string[];
}

export type ReadProgress = (rowsRead: number) => void;

/**
 * Reads the table; throws a 400 AppError with a Chinese message for unreadable files. For xlsx,
 * `isData` picks the sheet: the first one it accepts (a workbook may open with a 填表说明 sheet),
 * else the first sheet.
 */
export async function readTable(
  file: TableFile,
  onProgress?: ReadProgress,
  isData?: (rows: TableRow[]) => boolean,
): Promise<TableRow[]> {
  const ext = path.extname(file.filename).toLowerCase();
  if (isXlsx(file)) return readXlsx(file, onProgress, isData);
  if (isLegacyWorkbook(file)) return readLegacy(file, isData);
  if (ext === '.csv' || ext === '.txt' || ext === '') return readCsv(file);
  throw badRequest(`不支持的文件类型 "${ext}"，请使用 .xlsx、.xls 或 .csv`);
}

/** True for an Excel 97–2003 workbook (by its first bytes), or a file named .xls / .et (HTML or XML inside). */
function isLegacyWorkbook(file: TableFile): boolean {
  const ext = path.extname(file.filename).toLowerCase();
  const ole = file.buffer?.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])) === true;
  return ext === '.xls' || ext === '.et' || ole;
}

/** An older workbook (legacy-workbook.ts), its sheet chosen as readXlsx chooses one. */
function readLegacy(file: TableFile, isData: (rows: TableRow[]) => boolean = () => true): TableRow[] {
  let sheets: LegacySheet[];
  try {
    sheets = readLegacyWorkbook(file.path ?? file.buffer!);
  } catch (err) {
    if (err instanceof LegacyWorkbookError) throw badRequest(`无法读取 Excel 文件：${err.message}`);
    throw err;
  }
  const tables = sheets.map((sheet) => {
    const rows: TableRow[] = [];
    sheet.rows.forEach((r, i) => {
      const cells = r === undefined ? [] : Array.from(r, (v) => cellText(v));
      if (cells.some((c) => c !== '')) rows.push({ row: i + 1, cells });
    });
    return rows;
  });
  const at = tables.findIndex((rows) => isData(rows));
  if (at < 0) return tables[0] ?? [];
  const alsoData = sheets.filter(
    (sh, i) => i > at && !sh.hidden && tables[i]!.length > 0 && isData(tables[i]!),
  );
  if (alsoData.length > 0)
    throw badRequest(
      splitSheetsMessage(
        '学校名单',
        sheets[at]!.name,
        alsoData.map((sh) => sh.name),
      ),
    );
  return tables[at]!;
}

/** True when `readTable` reads the file as a workbook (by extension, or a zip's first bytes). */
export function isXlsx(file: TableFile): boolean {
  const ext = path.extname(file.filename).toLowerCase();
  const head = file.buffer ? file.buffer.subarray(0, 4) : null;
  const zipMagic = head ? head[0] === 0x50 && head[1] === 0x4b : false;
  return ext === '.xlsx' || ext === '.xlsm' || zipMagic;
}

/** Rows of a sheet after the data sheet that are read to tell whether it holds data too. */
const LATER_SHEET_ROWS = 20;

async function readXlsx(
  file: TableFile,
  onProgress?: ReadProgress,
  isData: (rows: TableRow[]) => boolean = () => true,
): Promise<TableRow[]> {
  const input = file.buffer ? Readable.from([file.buffer]) : createReadStream(file.path!);
  // The streaming reader keeps memory flat on big files (DESIGN.md: `readFile` needs ~800 MB
  // per 100k rows). Styles are cached only to honour "0000000000"-style number formats.
  const reader = new (loadExcel().stream.xlsx.WorkbookReader)(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let first: TableRow[] | null = null;
  let chosen: TableRow[] | null = null;
  let chosenName = '';
  // Later sheets with data too: the list was split over sheets (小学, 初中…), and reading one alone
  // would leave the others' schools out without a word.
  const alsoData: string[] = [];
  try {
    for await (const ws of reader) {
      const rows: TableRow[] = [];
      const { name, state } = ws as unknown as { name?: string; state?: string };
      for await (const row of ws) {
        // Once the data sheet is read, a later sheet's first rows tell whether it holds data too.
        if (chosen && rows.length >= LATER_SHEET_ROWS) continue;
        const cells: string[] = [];
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          cells[col - 1] = cellText(cell.value, cell.numFmt);
        });
        for (let i = 0; i < cells.length; i++) cells[i] ??= '';
        if (cells.some((c) => c !== '')) rows.push({ row: row.number, cells });
        if (rows.length % 1000 === 0) onProgress?.(rows.length);
      }
      if (chosen) {
        if (state !== 'hidden' && state !== 'veryHidden' && rows.length > 0 && isData(rows))
          alsoData.push(name ?? '');
        continue;
      }
      first ??= rows;
      if (isData(rows)) {
        chosen = rows;
        chosenName = name ?? '';
      }
    }
  } catch (err) {
    throw badRequest(`无法读取 Excel 文件：${err instanceof Error ? err.message : String(err)}`);
  }
  if (alsoData.length > 0) throw badRequest(splitSheetsMessage('学校名单', chosenName, alsoData));
  return chosen ?? first ?? [];
}

/** The text a user sees in a cell, whatever exceljs parsed it into. */
export function cellText(value: unknown, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    if (Number.isInteger(value)) {
      const s = BigInt(value).toString();
      // A "0000000000" format shows the leading zeros the number itself lost.
      const zeros = numFmt && /^0+$/.test(numFmt) ? numFmt.length : 0;
      return s.padStart(zeros, '0');
    }
    return String(value);
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return v.richText
        .map((r: { text?: string }) => r.text ?? '')
        .join('')
        .trim();
    if ('result' in v) return cellText(v.result, numFmt);
    if ('text' in v) return cellText(v.text, numFmt);
    if ('error' in v) return '';
  }
  return String(value).trim();
}

async function readCsv(file: TableFile): Promise<TableRow[]> {
  const bytes = file.buffer ?? (await readFile(file.path!));
  const text = decodeText(bytes);
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      trim: true,
    }) as string[][];
  } catch (err) {
    throw badRequest(`无法解析 CSV 文件：${err instanceof Error ? err.message : String(err)}`);
  }
  const rows: TableRow[] = [];
  records.forEach((cells, i) => {
    const clean = cells.map((c) => textFormulaValue(c.trim()).replace(/^'/, '').trim());
    if (clean.some((c) => c !== '')) rows.push({ row: i + 1, cells: clean });
  });
  return rows;
}

/**
 * UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GB18030 — what Excel on a
 * Chinese Windows writes when saving "CSV (逗号分隔)".
 */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return text.replace(/^\uFEFF/, '');
}

/** A column an importer knows: its canonical Chinese header and the aliases seen in real files. */
export interface ColumnSpec<K extends string = string> {
  key: K;
  header: string;
  aliases: string[];
  required: boolean;
}

/** Where the header row is and which column index holds each known column. */
export interface HeaderMatch<K extends string> {
  /** Index into the rows array of the header row. */
  index: number;
  /** Spreadsheet row number of the header. */
  row: number;
  columns: Partial<Record<K, { index: number; header: string }>>;
  missing: ColumnSpec<K>[];
}

/** Header text compared loosely: full-width → half-width, no spaces, no required-field stars. */
export function normaliseHeader(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s*＊:：]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')');
}

/**
 * Finds the header among the first `scan` rows: the row naming the most known columns (a
 * title row such as "2020年三明市学校名单" above it names none). Null when no row names at
 * least two known columns.
 */
export function locateHeader<K extends string>(
  rows: TableRow[],
  specs: ColumnSpec<K>[],
  scan = 10,
): HeaderMatch<K> | null {
  const lookup = new Map<string, ColumnSpec<K>>();
  for (const spec of specs)
    for (const h of [spec.header, ...spec.aliases]) lookup.set(normaliseHeader(h), spec);
  let best: HeaderMatch<K> | null = null;
  let bestCount = 1;
  rows.slice(0, scan).forEach((r, index) => {
    const columns: HeaderMatch<K>['columns'] = {};
    let count = 0;
    r.cells.forEach((cell, i) => {
      const spec = lookup.get(normaliseHeader(cell));
      if (spec && !columns[spec.key]) {
        columns[spec.key] = { index: i, header: cell.trim() };
        count += 1;
      }
    });
    if (count > bestCount) {
      bestCount = count;
      best = { index, row: r.row, columns, missing: specs.filter((s) => s.required && !columns[s.key]) };
    }
  });
  return best;
}
