/**
 * Reads the two inputs of a comparison into the matcher's shapes: the registry fully (it is the
 * smaller side and is indexed), the roll row by row into a `CandidateCollector`, keeping only the
 * three cells the output repeats (学籍号, 姓名, 身份证件号) as UTF-8 bytes.
 */

import {
  buildRegistryIndex,
  type CandidateBlock,
  CandidateCollector,
  type PreparedPerson,
  preparePerson,
  prepareStudent,
  type RawRegistryPerson,
  type RawStudent,
  type RegistryIndex,
  type RowIssue,
  StudentFlag,
} from '../../domain/matching/index.ts';
import { RollScreen, type ScreenColumns } from '../../domain/matching/screen.ts';
import { HouseholdFill } from '../../domain/roll/household-fill.ts';
import { todayInChina } from '../../server/today.ts';
import { CsvRecords, splitRecord } from './csv-records.ts';
import {
  REGISTRY_FIELDS,
  type RegistryField,
  STUDENT_FIELDS,
  type StudentField,
  WHOLE_ROW,
} from './headers.ts';
import { KeptCells, type KeptCellsData } from './kept-cells.ts';
import { type ByteRange, ownString, pick, readTable, type ShapeHandler } from './table-reader.ts';

export const STUDENT_LABEL = '学生名册';
export const REGISTRY_LABEL = '建档立卡名单';

const REGISTRY_KEYS = REGISTRY_FIELDS.map((f) => f.key);
const STUDENT_KEYS = STUDENT_FIELDS.map((f) => f.key);

/** Reports a row as a whole (列 整行) to the problem list: a skipped 合计/签名 row (table-reader onSkip), a shifted one. */
const wholeRowIssue =
  (issues: RowIssue[]) =>
  (row: number, reason: string): void => {
    issues.push({ row, column: WHOLE_ROW, reason });
  };

/** Reports a row whose cells do not line up with the header to the problem list, as 整行. */
const shapeIssue = (issues: RowIssue[]): ShapeHandler => {
  const whole = wholeRowIssue(issues);
  return (problem, row) => whole(row, problem.reason);
};

/** Progress callback: phase label, done, total (bytes while reading). */
export type Progress = (phase: string, done: number, total: number) => void;

/**
 * Reads and indexes the registry. Household cells a merged-cell export left empty are filled from
 * the row above (`fill`, see domain/roll/household-fill.ts), which then holds the file's notice.
 */
export async function readRegistry(
  file: string,
  asOf: string,
  issues: RowIssue[],
  onProgress?: Progress,
  fill: HouseholdFill = new HouseholdFill(),
): Promise<RegistryIndex> {
  const persons: PreparedPerson[] = [];
  const today = todayInChina();
  let cols: Record<RegistryField, number> | null = null;
  await readTable(
    file,
    REGISTRY_FIELDS,
    REGISTRY_LABEL,
    (cells, row) => {
      const raw = pick(cells, cols!, REGISTRY_KEYS) as unknown as RawRegistryPerson;
      raw.row = row;
      fill.next(row, raw);
      // Cells of 13+ characters are slices of the 1 MB text chunk they came from: copy the long
      // ones the index keeps, so the registry's text is not held twice for the whole run.
      raw.householdNo = ownString(raw.householdNo);
      raw.personNo = ownString(raw.personNo);
      raw.idNumber = ownString(raw.idNumber);
      persons.push(preparePerson(raw, asOf, issues, today));
    },
    {
      onProgress: (d, t) => onProgress?.('读取建档立卡名单', d, t),
      onColumns: (c) => {
        cols = c;
      },
      onShape: shapeIssue(issues),
      onSkip: wholeRowIssue(issues),
    },
  );
  return buildRegistryIndex(persons, asOf, issues);
}

/** Prepares one roll row (its cells and their columns) and adds it to the comparison and to the kept cells. */
function addRow(
  collector: CandidateCollector,
  keep: KeptCells,
  cells: readonly string[],
  columns: Record<StudentField, number>,
  row: number,
  issues: RowIssue[],
): void {
  const raw = pick(cells, columns, STUDENT_KEYS) as unknown as RawStudent;
  raw.row = row;
  const s = prepareStudent(raw, issues);
  collector.add(s);
  keep.push(s.studentNo, raw.name.trim(), raw.idNumber.trim());
}

/** Field order of the cells of a `RowBatch` record. */
export const BATCH_KEYS: readonly StudentField[] = STUDENT_KEYS;

const CSV_QUOTE_RE = /[",\r\n]|^\uFEFF/;

/**
 * Roll rows already read (an xlsx roll, which cannot be cut by bytes), handed from the thread that
 * reads the file to the one that compares them: one CSV record per row holding the cells of
 * BATCH_KEYS (quoted where CSV needs it), and the rows' file row numbers. As CSV bytes, the rows go
 * through the roll screen like a CSV roll's, and the bytes are handed over without copying.
 */
export interface RowBatch {
  /** UTF-8 CSV, one record per row, LF-terminated. */
  bytes: Uint8Array;
  rows: number[];
  /** Bit j set when the roll has a column for BATCH_KEYS[j] (a missing column is not an empty cell). */
  present: number;
  /** File rows among these that the reader skipped (table-reader onSkip), and why. */
  skipped: { row: number; reason: string }[];
}

/** Gathers rows into `RowBatch`es. */
export class RowBatcher {
  private text = '';
  private rows: number[] = [];
  private skipped: { row: number; reason: string }[] = [];
  private readonly at: number[];
  private readonly present: number;

  constructor(columns: Record<StudentField, number>) {
    this.at = BATCH_KEYS.map((k) => columns[k]);
    this.present = this.at.reduce((bits, at, j) => (at >= 0 ? bits | (1 << j) : bits), 0);
  }

  get size(): number {
    return this.rows.length;
  }

  /** True when the batch holds rows or skipped rows to hand over. */
  get pending(): boolean {
    return this.rows.length > 0 || this.skipped.length > 0;
  }

  /** Adds a row's cells (as the reader gives them) with its file row number. */
  add(cells: readonly string[], row: number): void {
    let line = '';
    for (let j = 0; j < this.at.length; j++) {
      const at = this.at[j]!;
      const v = at >= 0 ? (cells[at] ?? '') : '';
      if (j > 0) line += ',';
      // Quoted where a CSV reader would split or drop something (a BOM at the start of the bytes).
      line += CSV_QUOTE_RE.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
    }
    this.text += `${line}\n`;
    this.rows.push(row);
  }

  /** Notes a row the reader skipped (a 合计/签名 row, a repeated header, a title), and why. */
  skip(row: number, reason: string): void {
    this.skipped.push({ row, reason });
  }

  /** The batch so far (the batcher starts a new one). */
  take(): RowBatch {
    const batch = {
      bytes: new TextEncoder().encode(this.text),
      rows: this.rows,
      present: this.present,
      skipped: this.skipped,
    };
    this.text = '';
    this.rows = [];
    this.skipped = [];
    return batch;
  }
}

/** Column positions of a batch's records, for the screen (-1 where the roll has no such column). */
function batchColumns(present: number): Record<StudentField, number> {
  return Object.fromEntries(BATCH_KEYS.map((k, j) => [k, present & (1 << j) ? j : -1])) as Record<
    StudentField,
    number
  >;
}

/**
 * Compares a batch of rows (see `RowBatch`) as a CSV roll's rows are compared: through the roll
 * screen, else split and prepared in full. Its rows' problems go to `issues`.
 */
export function compareBatch(
  index: RegistryIndex,
  batch: RowBatch,
  issues: RowIssue[],
  reuse?: ScreenHolder,
): Omit<RollRead, 'lastRow'> {
  const n = batch.rows.length;
  const collector = new CandidateCollector(index, Math.max(n, 1));
  const keep = new KeptCells(Math.max(n, 1));
  const cols = batchColumns(batch.present);
  let screen = reuse?.screen ?? null;
  if (screen === null || !sameColumns(screen.cols, cols)) {
    screen = new RollScreen(index, cols, BATCH_KEYS.length);
    if (reuse) reuse.screen = screen;
  }
  let r = 0;
  const records = new CsvRecords((b, start, end, quotes) => {
    const row = batch.rows[r++]!;
    if (screenRecord(screen, collector, keep, b, start, end, quotes, row)) return;
    addRow(collector, keep, splitRecord(b, start, end, quotes), cols, row, issues);
  });
  records.feed(Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.length));
  records.end();
  if (r !== n) throw new Error(`比对数据批次行数不符（${r}/${n}）`);
  const skipped = wholeRowIssue(issues);
  for (const s of batch.skipped) skipped(s.row, s.reason);
  return { block: collector.finish(), keep: keep.finish(), columns: cols };
}

function sameColumns(a: ScreenColumns, b: Record<StudentField, number>): boolean {
  return BATCH_KEYS.every((k) => a[k] === b[k]);
}

/**
 * Offers a CSV record to the roll screen: true when the screen took it (cleared as 未匹配, or
 * prepared from its bytes) and it is recorded; false when it needs the full path.
 */
function screenRecord(
  screen: RollScreen,
  collector: CandidateCollector,
  keep: KeptCells,
  b: Buffer,
  start: number,
  end: number,
  quotes: number,
  row: number,
): boolean {
  const birth = screen.screen(b, start, end, quotes);
  if (birth === 0) return false;
  if (birth > 0 && !collector.wantsFullRow(screen.sampleKey()))
    collector.addUnmatched(row, birth, screen.birthFromId ? StudentFlag.BirthFromId : 0);
  // Prepared by the screen (also a row cleared of candidates that the u sample wants).
  else collector.add(screen.prepare(row));
  keep.pushBytes(b, screen.kept);
  return true;
}

/** A roll screen kept across the parts of one roll read by one thread (see parallel.ts). */
export interface ScreenHolder {
  screen: RollScreen | null;
}

/** The roll's candidate pairs plus what the output repeats of every row. */
export interface RollRead {
  block: CandidateBlock;
  /** 学籍号, 姓名, 身份证件号 of every row, as in the file (trimmed). */
  keep: KeptCellsData;
  /** Last row number read (see ByteRange for numbering within a range). */
  lastRow: number;
  /** Where the roll's columns are (-1: the roll has no such column); null when no header was read. */
  columns?: Record<StudentField, number> | null;
}

/**
 * Reads the roll (or a byte range of it, so that two threads can share one CSV file) through
 * blocking and comparison. A CSV roll goes through the roll screen (domain/matching/screen.ts): rows
 * it clears are recorded as 未匹配 straight from their bytes, rows it prepares skip the general
 * cleaning, the others are split and prepared in full.
 */
export async function readRoll(
  file: string,
  index: RegistryIndex,
  issues: RowIssue[],
  onProgress?: Progress,
  range?: ByteRange<StudentField>,
  /** False reads every row through `prepareStudent` (for tests that compare the two paths). */
  screenRows = true,
  /** Keeps the roll screen (and what it learnt of the Han characters) from one part to the next. */
  reuse?: ScreenHolder,
): Promise<RollRead> {
  const collector = new CandidateCollector(index, 1 << 16);
  const keep = new KeptCells(1 << 16);
  let cols: Record<StudentField, number> | null = range?.columns ?? null;
  let width = range?.width ?? 0;
  const onRow = (cells: readonly string[], row: number): void =>
    addRow(collector, keep, cells, cols!, row, issues);
  const progress = (d: number, t: number): void => onProgress?.('比对学生名册', d, t);
  const setColumns = (c: Record<StudentField, number>, w: number): void => {
    cols = c;
    width = w;
  };
  // The roll screen in front of onRow (CSV only): a row it clears or prepares is never split.
  let screen: RollScreen | null = reuse?.screen ?? null;
  const onRecord = (b: Buffer, start: number, end: number, quotes: number, row: number): boolean => {
    if (screen === null) {
      screen = new RollScreen(index, cols!, width);
      if (reuse) reuse.screen = screen;
    }
    return screenRecord(screen, collector, keep, b, start, end, quotes, row);
  };
  const summary = await readTable(file, STUDENT_FIELDS, STUDENT_LABEL, onRow, {
    onProgress: progress,
    onColumns: setColumns,
    range,
    onRecord: screenRows ? onRecord : undefined,
    onShape: shapeIssue(issues),
    onSkip: wholeRowIssue(issues),
  });
  return { block: collector.finish(), keep: keep.finish(), lastRow: summary.lastRow, columns: cols };
}
