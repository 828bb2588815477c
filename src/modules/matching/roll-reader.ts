/**
 * Reads the two inputs of a comparison into the matcher's shapes: the registry fully (it is the
 * smaller side and is indexed), the roll row by row into a `CandidateCollector`, keeping only the
 * three cells the output repeats (学籍号, 姓名, 身份证件号) as one string per row.
 */

import { createReadStream } from 'node:fs';
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
import { CsvRecords, splitRecord } from './csv-records.ts';
import {
  type ColumnMap,
  detectHeader,
  HEADER_SCAN_ROWS,
  REGISTRY_FIELDS,
  type RegistryField,
  STUDENT_FIELDS,
  type StudentField,
} from './headers.ts';
import { KeptCells, type KeptCellsData } from './kept-cells.ts';
import {
  type ByteRange,
  checkFile,
  MatchInputError,
  pick,
  type RowHandler,
  readTable,
} from './table-reader.ts';

export const STUDENT_LABEL = '学生名册';
export const REGISTRY_LABEL = '建档立卡名单';

const REGISTRY_KEYS = REGISTRY_FIELDS.map((f) => f.key);
const STUDENT_KEYS = STUDENT_FIELDS.map((f) => f.key);

/** Progress callback: phase label, done, total (bytes while reading). */
export type Progress = (phase: string, done: number, total: number) => void;

/** A copy of `s` that does not point into a larger string (V8 keeps substrings as slices). */
const flat = (s: string): string => (s.length < 13 ? s : `${s} `.slice(0, -1));

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
      raw.householdNo = flat(raw.householdNo);
      raw.personNo = flat(raw.personNo);
      raw.idNumber = flat(raw.idNumber);
      persons.push(preparePerson(raw, asOf, issues));
    },
    (d, t) => onProgress?.('读取建档立卡名单', d, t),
    (c) => {
      cols = c;
    },
  );
  return buildRegistryIndex(persons, asOf);
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
 * blocking and comparison. A UTF-8 CSV roll goes through the roll screen (domain/matching/screen.ts):
 * rows it clears are recorded as 未匹配 straight from their bytes, the others are prepared in full.
 */
export async function readRoll(
  file: string,
  index: RegistryIndex,
  issues: RowIssue[],
  onProgress?: Progress,
  range?: ByteRange<StudentField>,
  /** False reads every row through `prepareStudent` (for tests that compare the two paths). */
  screenRows = true,
): Promise<RollRead> {
  const collector = new CandidateCollector(index, 1 << 16);
  const keep = new KeptCells(1 << 16);
  let cols: Record<StudentField, number> | null = range?.columns ?? null;
  const onRow = (cells: readonly string[], row: number): void => {
    const raw = pick(cells, cols!, STUDENT_KEYS) as unknown as RawStudent;
    raw.row = row;
    const s = prepareStudent(raw, issues);
    collector.add(s);
    keep.push(s.studentNo, raw.name.trim(), raw.idNumber.trim());
  };
  const progress = (d: number, t: number): void => onProgress?.('比对学生名册', d, t);
  const setColumns = (c: Record<StudentField, number>): void => {
    cols = c;
  };
  const { kind, gb18030 } = checkFile(file, STUDENT_LABEL);
  const summary =
    kind === 'csv' && !gb18030 && screenRows
      ? await readScreened(file, index, collector, keep, onRow, progress, setColumns, range)
      : await readTable(file, STUDENT_FIELDS, STUDENT_LABEL, onRow, progress, setColumns, range);
  return { block: collector.finish(), keep: keep.finish(), lastRow: summary.lastRow };
}

/**
 * `readTable` for a UTF-8 CSV roll, record by record as bytes: the same header handling, row
 * numbers, blank-row skipping and errors, with the roll screen in front of `onRow`.
 */
async function readScreened(
  file: string,
  index: RegistryIndex,
  collector: CandidateCollector,
  keep: KeptCells,
  onRow: RowHandler,
  onProgress: (done: number, total: number) => void,
  onColumns: (c: ColumnMap<StudentField>) => void,
  range?: ByteRange<StudentField>,
): Promise<{ lastRow: number }> {
  const { size } = checkFile(file, STUDENT_LABEL);
  let screen: RollScreen | null = null;
  let columns: ColumnMap<StudentField> | null = null;
  const pending: string[][] = [];
  let rowNo = 0;
  let dataRows = 0;
  const emit = (cells: string[], n: number): void => {
    for (const c of cells) {
      if (c !== '') {
        dataRows++;
        onRow(cells, n);
        return;
      }
    }
  };
  const takeColumns = (c: ColumnMap<StudentField>): void => {
    columns = c;
    screen = new RollScreen(index, c);
    onColumns(c);
  };
  const resolveHeader = (): void => {
    const h = detectHeader(pending, STUDENT_FIELDS, STUDENT_LABEL);
    if (!h.ok) throw new MatchInputError(h.message);
    takeColumns(h.columns);
    for (let r = h.headerRow + 1; r < pending.length; r++) emit(pending[r]!, r + 1);
    pending.length = 0;
  };
  if (range?.columns) takeColumns(range.columns);
  const records = new CsvRecords((b, start, end, quotes) => {
    rowNo++;
    if (screen === null) {
      pending.push(splitRecord(b, start, end, quotes));
      if (pending.length >= HEADER_SCAN_ROWS) resolveHeader();
      return;
    }
    {
      const birth = screen.screen(b, start, end, quotes);
      if (birth > 0 && !collector.wantsFullRow(screen.sampleKey())) {
        dataRows++;
        collector.addUnmatched(rowNo, birth);
        keep.pushBytes(b, screen.kept);
        return;
      }
      if (birth !== 0) {
        // Prepared by the screen (also a row cleared of candidates that the u sample wants).
        dataRows++;
        collector.add(screen.prepare(rowNo));
        keep.pushBytes(b, screen.kept);
        return;
      }
    }
    emit(splitRecord(b, start, end, quotes), rowNo);
  });
  const stream = createReadStream(file, { highWaterMark: 1 << 20, start: range?.start, end: range?.end });
  let read = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      read += chunk.length;
      onProgress(read, size);
      records.feed(chunk);
    }
    records.end();
  } catch (e) {
    if (e instanceof MatchInputError) throw e;
    throw new MatchInputError(`${STUDENT_LABEL}第${rowNo + 1}行附近无法读取：${(e as Error).message}`);
  } finally {
    stream.destroy();
  }
  if (columns === null) {
    if (pending.length === 0) throw new MatchInputError(`${STUDENT_LABEL}中没有任何内容`);
    resolveHeader();
  }
  if (dataRows === 0 && range?.columns === undefined)
    throw new MatchInputError(`${STUDENT_LABEL}只有表头，没有数据行`);
  // All of the range read (the whole file without one).
  onProgress((range?.end ?? size - 1) - (range?.start ?? 0) + 1, size);
  return { lastRow: rowNo };
}
