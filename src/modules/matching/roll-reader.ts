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
} from '../../domain/matching/index.ts';
import { RollScreen } from '../../domain/matching/screen.ts';
import { REGISTRY_FIELDS, type RegistryField, STUDENT_FIELDS, type StudentField } from './headers.ts';
import { KeptCells, type KeptCellsData } from './kept-cells.ts';
import { type ByteRange, ownString, pick, readTable } from './table-reader.ts';

export const STUDENT_LABEL = '学生名册';
export const REGISTRY_LABEL = '建档立卡名单';

const REGISTRY_KEYS = REGISTRY_FIELDS.map((f) => f.key);
const STUDENT_KEYS = STUDENT_FIELDS.map((f) => f.key);

/** Progress callback: phase label, done, total (bytes while reading). */
export type Progress = (phase: string, done: number, total: number) => void;

/** Reads and indexes the registry. */
export async function readRegistry(
  file: string,
  asOf: string,
  issues: RowIssue[],
  onProgress?: Progress,
): Promise<RegistryIndex> {
  const persons: PreparedPerson[] = [];
  let cols: Record<RegistryField, number> | null = null;
  await readTable(
    file,
    REGISTRY_FIELDS,
    REGISTRY_LABEL,
    (cells, row) => {
      const raw = pick(cells, cols!, REGISTRY_KEYS) as unknown as RawRegistryPerson;
      raw.row = row;
      // Cells of 13+ characters are slices of the 1 MB text chunk they came from: copy the long
      // ones the index keeps, so the registry's text is not held twice for the whole run.
      raw.householdNo = ownString(raw.householdNo);
      raw.personNo = ownString(raw.personNo);
      raw.idNumber = ownString(raw.idNumber);
      persons.push(preparePerson(raw, asOf, issues));
    },
    (d, t) => onProgress?.('读取建档立卡名单', d, t),
    (c) => {
      cols = c;
    },
  );
  return buildRegistryIndex(persons, asOf);
}

/** Prepares one roll row and adds it to the comparison and to the kept cells. */
function addRow(collector: CandidateCollector, keep: KeptCells, raw: RawStudent, issues: RowIssue[]): void {
  const s = prepareStudent(raw, issues);
  collector.add(s);
  keep.push(s.studentNo, raw.name.trim(), raw.idNumber.trim());
}

/** Field order of the rows in a `RowBatch`. */
export const BATCH_KEYS: readonly StudentField[] = STUDENT_KEYS;

/**
 * Roll rows already read (an xlsx roll, which cannot be cut by bytes), handed from the thread that
 * reads the file to the one that compares them: the cells of BATCH_KEYS, row after row, and the
 * file row numbers.
 */
export interface RowBatch {
  cells: string[];
  rows: number[];
}

/** The roll rows of a picked cell map, in `RowBatch` form. */
export function pickInto(
  batch: RowBatch,
  cells: readonly string[],
  columns: Record<StudentField, number>,
  row: number,
): void {
  for (const k of BATCH_KEYS) {
    const at = columns[k];
    batch.cells.push(at >= 0 ? (cells[at] ?? '') : '');
  }
  batch.rows.push(row);
}

/** Compares a batch of rows (see `RowBatch`); its rows' problems go to `issues`. */
export function compareBatch(
  index: RegistryIndex,
  batch: RowBatch,
  issues: RowIssue[],
): Omit<RollRead, 'lastRow'> {
  const n = batch.rows.length;
  const collector = new CandidateCollector(index, n);
  const keep = new KeptCells(n);
  const k = BATCH_KEYS.length;
  for (let r = 0; r < n; r++) {
    const raw = { row: batch.rows[r]! } as RawStudent;
    for (let j = 0; j < k; j++) raw[BATCH_KEYS[j]!] = batch.cells[r * k + j]!;
    addRow(collector, keep, raw, issues);
  }
  return { block: collector.finish(), keep: keep.finish() };
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
  const onRow = (cells: readonly string[], row: number): void => {
    const raw = pick(cells, cols!, STUDENT_KEYS) as unknown as RawStudent;
    raw.row = row;
    addRow(collector, keep, raw, issues);
  };
  const progress = (d: number, t: number): void => onProgress?.('比对学生名册', d, t);
  const setColumns = (c: Record<StudentField, number>): void => {
    cols = c;
  };
  // The roll screen in front of onRow (CSV only): a row it clears or prepares is never split.
  let screen: RollScreen | null = reuse?.screen ?? null;
  const onRecord = (b: Buffer, start: number, end: number, quotes: number, row: number): boolean => {
    if (screen === null) {
      screen = new RollScreen(index, cols!);
      if (reuse) reuse.screen = screen;
    }
    const birth = screen.screen(b, start, end, quotes);
    if (birth === 0) return false;
    if (birth > 0 && !collector.wantsFullRow(screen.sampleKey())) collector.addUnmatched(row, birth);
    // Prepared by the screen (also a row cleared of candidates that the u sample wants).
    else collector.add(screen.prepare(row));
    keep.pushBytes(b, screen.kept);
    return true;
  };
  const summary = await readTable(
    file,
    STUDENT_FIELDS,
    STUDENT_LABEL,
    onRow,
    progress,
    setColumns,
    range,
    screenRows ? onRecord : undefined,
  );
  return { block: collector.finish(), keep: keep.finish(), lastRow: summary.lastRow };
}
