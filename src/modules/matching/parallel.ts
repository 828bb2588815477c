/**
 * Uses both cores for a large roll. A CSV file is cut into about PARTS parts at line boundaries
 * outside any quoted field; this thread and a worker thread take parts from a shared counter, each
 * as soon as it is free, so that neither waits for the other whatever slows one of them (the
 * worker starts later: it indexes its own copy of the registry first, while this thread indexes
 * this one). The first part, which holds the header, is always this thread's. Only typed arrays
 * and strings come back from the worker, so the hand-over costs little; the parts are put back in
 * file order. A GB18030 roll (what Excel on Chinese Windows saves as CSV) is cut the same way: its
 * multi-byte characters never contain a line break, quote or comma byte, so every part starts on
 * a character and each thread decodes its own parts. An xlsx roll cannot be cut by bytes (it is a
 * zip, and reading it costs more than comparing its rows): the worker reads it while this thread
 * indexes the registry, and hands the rows over in batches, which this thread compares as they
 * come — the registry is then indexed once. Smaller rolls are read in this thread alone.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { parse as parseSync } from 'csv-parse/sync';
import {
  type CandidateBlock,
  mergeBlocks,
  type RegistryIndex,
  type RowIssue,
} from '../../domain/matching/index.ts';
import { QuoteState } from './csv-records.ts';
import { type ColumnMap, detectHeader, STUDENT_FIELDS, type StudentField } from './headers.ts';
import { concatKeptCells, type KeptCellsData } from './kept-cells.ts';
import {
  compareBatch,
  type Progress,
  type RollRead,
  type RowBatch,
  readRoll,
  type ScreenHolder,
  STUDENT_LABEL,
} from './roll-reader.ts';
import { checkFile, MatchInputError } from './table-reader.ts';

/** Rolls smaller than this are not worth a second thread (its start-up, and for CSV its own registry index). */
export const PARALLEL_MIN_BYTES = 16 << 20;

/**
 * About how many parts a roll is cut into: enough that the thread that finishes last is at most
 * one small part behind, few enough that a part's set-up (a stream, a collector) does not count.
 */
export const PARTS = 48;
/** Bounds on a part's size in bytes. */
const MIN_PART = 64 << 10;
const MAX_PART = 8 << 20;
/** xlsx rolls: rows per batch the worker hands over. */
export const BATCH_ROWS = 2048;

/** A batch of xlsx roll rows the worker read. */
export interface WorkerRows {
  type: 'rows';
  part: number;
  batch: RowBatch;
}

/** One part read by the worker, posted back as soon as it is done. */
export interface WorkerPart {
  type: 'part';
  /** Ordinal of the part (see `partBounds`). */
  part: number;
  block: CandidateBlock;
  keep: KeptCellsData;
  /** Rows are numbered from 1 within the part. */
  issues: RowIssue[];
  lastRow: number;
}

/**
 * Byte offsets of line starts that cut the file: for each target (ascending), the first line break
 * at or after it outside any quoted cell (as `QuoteState` reads quotes) ends a part. Targets the file
 * does not reach, or that no line break answers, give nothing.
 */
export function findSplits(file: string, targets: readonly number[]): number[] {
  const size = statSync(file).size;
  const out: number[] = [];
  let k = 0;
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    const st = new QuoteState();
    for (let pos = 0; pos < size && k < targets.length; ) {
      const got = readSync(fd, buf, 0, buf.length, pos);
      if (got <= 0) break;
      const chunk = buf.subarray(0, got);
      // Up to the target, the scan only follows quotes (native indexOf jumps); from the target on,
      // the first line break outside a quoted cell ends a part.
      let i = 0;
      while (i < got && k < targets.length) {
        const from = targets[k]! - pos;
        if (from > i) {
          const to = Math.min(from, got);
          st.scan(chunk, i, to);
          i = to;
          continue;
        }
        const nl = chunk.indexOf(0x0a, i);
        if (nl < 0) {
          st.scan(chunk, i, got);
          i = got;
          continue;
        }
        st.scan(chunk, i, nl);
        if (st.inside) {
          st.scan(chunk, nl, nl + 1);
        } else {
          out.push(pos + nl + 1);
          k++;
          st.reset();
        }
        i = nl + 1;
      }
      pos += got;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/**
 * Where the parts of a roll of `size` bytes start, and its end: [0, …, size]. About PARTS parts of
 * MIN_PART–MAX_PART bytes (cut at line starts, see `findSplits`).
 */
export function partBounds(file: string): number[] {
  const size = statSync(file).size;
  const part = Math.min(MAX_PART, Math.max(MIN_PART, Math.ceil(size / PARTS)));
  const targets: number[] = [];
  for (let t = part; t < size; t += part) targets.push(t);
  const bounds = [0];
  for (const b of findSplits(file, targets)) if (b > bounds[bounds.length - 1]! && b < size) bounds.push(b);
  bounds.push(size);
  return bounds;
}

/**
 * Column map of the roll from its first 64 KB (the worker needs it before it starts), or null when
 * the header is not plain to find there: then the roll is read in this thread alone, and readTable
 * reports any problem with its usual message.
 */
function headColumns(file: string): RollHeader | null {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(65536);
  const got = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const head = buf.subarray(0, buf.subarray(0, got).lastIndexOf(0x0a) + 1);
  // UTF-16 (a NUL byte) is refused by readTable with instructions.
  if (head.subarray(0, 1024).includes(0)) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head);
  } catch {
    // GB18030, as Excel on Chinese Windows saves CSV, decoded as readTable decodes it.
    text = new TextDecoder('gb18030').decode(head);
  }
  let rows: string[][];
  try {
    rows = parseSync(text, { bom: true, relax_column_count: true, relax_quotes: true, to: 10 }) as string[][];
  } catch {
    return null;
  }
  const h = detectHeader(rows, STUDENT_FIELDS, STUDENT_LABEL);
  return h.ok ? { columns: h.columns, width: h.width, top: rows.slice(0, h.headerRow + 1) } : null;
}

/** A CSV roll's header, as the parts after the first are read with it. */
export interface RollHeader {
  columns: ColumnMap<StudentField>;
  /** Cells a data row should have (see headers.ts `rowWidth`). */
  width: number;
  /** The rows from the top of the file down to the header (see headers.ts `RowSkipper`). */
  top: string[][];
}

/** A worker started early (before the registry is read here), sharing the parts of the roll. */
export interface RollWorker {
  /** 'parts': a CSV roll cut by bytes (see `partBounds`); 'rows': an xlsx roll read there, in batches. */
  mode: 'parts' | 'rows';
  /** Part boundaries (see `partBounds`; empty for 'rows'). */
  bounds: number[];
  size: number;
  /** The CSV roll's header (null for 'rows'). */
  header: RollHeader | null;
  /** Next part to take ([0]); shared with the worker. */
  next: Int32Array;
  worker: Worker;
  /** Parts the worker has posted back. */
  parts: Map<number, WorkerPart>;
  /** 'rows': batches of roll rows the worker has read and not yet handed to `readRollRows`. */
  batches: WorkerRows[];
  /** 'rows': the last file row the worker read, once it has read them all. */
  lastRow: number | null;
  /** Settles when the worker fails (rejects) or has no part left to take (resolves). */
  finished: Promise<void>;
  /** Bytes the worker has read so far; `onChange` runs on every part and progress message. */
  progress: { done: number; onChange?: () => void };
}

/**
 * Starts the worker before this thread indexes the registry: on a large CSV roll (UTF-8 or GB18030)
 * it indexes its own copy meanwhile, on an xlsx roll it starts reading the roll. Returns null when
 * the roll is read in this thread alone; a header problem is left for `readRoll` to report, in the
 * usual order.
 */
export function startRollWorker(
  studentsFile: string,
  registryFile: string,
  asOf: string,
  minBytes = PARALLEL_MIN_BYTES,
): RollWorker | { error: unknown } | null {
  let header: RollHeader | null = null;
  let mode: RollWorker['mode'];
  try {
    // (By content: an Excel 97–2003 file named .csv is no text to cut into parts.)
    mode = checkFile(studentsFile, STUDENT_LABEL).kind === 'csv' ? 'parts' : 'rows';
    if (statSync(studentsFile).size < minBytes) return null;
    if (mode === 'parts') {
      header = headColumns(studentsFile);
      if (header === null) return null;
    }
  } catch (error) {
    // Reported by readRollParallel, after the registry, as before the worker started early.
    return { error };
  }
  const bounds = mode === 'parts' ? partBounds(studentsFile) : [];
  const size = statSync(studentsFile).size;
  // Part 0 holds the header: it is this thread's, so the worker starts counting at 1.
  const next = new Int32Array(new SharedArrayBuffer(4));
  next[0] = 1;
  const progress: RollWorker['progress'] = { done: 0 };
  const parts = new Map<number, WorkerPart>();
  const batches: WorkerRows[] = [];
  const worker = new Worker(new URL('./match-worker.mjs', import.meta.url), {
    workerData: { mode, size, studentsFile, registryFile, asOf, bounds, next, header },
    // A larger young generation: the roll allocates short-lived strings at a high rate.
    resourceLimits: { maxYoungGenerationSizeMb: 192 },
  });
  const finished = new Promise<void>((resolve, reject) => {
    worker.on(
      'message',
      (
        m:
          | { type: 'progress'; done: number }
          | WorkerPart
          | WorkerRows
          | { type: 'finished'; lastRow?: number }
          | { type: 'error'; message: string },
      ) => {
        if (m.type === 'progress') progress.done = m.done;
        else if (m.type === 'part') parts.set(m.part, m);
        else if (m.type === 'rows') batches.push(m);
        else if (m.type === 'finished') {
          if (m.lastRow !== undefined) state.lastRow = m.lastRow;
          resolve();
        } else reject(new MatchInputError(m.message));
        progress.onChange?.();
      },
    );
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`比对工作线程异常退出（${code}）`));
    });
  });
  // Keep a rejection from going unhandled while this thread is still busy.
  finished.catch(() => {});
  const state: RollWorker = {
    mode,
    bounds,
    size,
    header,
    next,
    worker,
    parts,
    batches,
    lastRow: null,
    finished,
    progress,
  };
  return state;
}

/** Stops a worker that is no longer needed (after an error in this thread). */
export async function stopRollWorker(w: RollWorker | { error: unknown } | null): Promise<void> {
  if (w !== null && 'worker' in w) await w.worker.terminate();
}

/** Waits until `check` holds, re-checking whenever the worker reports; rejects when the worker fails. */
function until(w: RollWorker, check: () => boolean): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const previous = w.progress.onChange;
    w.progress.onChange = () => {
      previous?.();
      if (check()) {
        w.progress.onChange = previous;
        resolve();
      }
    };
    w.finished.then(() => {
      if (check()) resolve();
      else reject(new Error('比对工作线程未交回全部数据'));
    }, reject);
  });
}

/**
 * Reads the roll with two threads when `started` holds a worker (see `startRollWorker`), else in
 * this thread. Terminates the worker in any case.
 */
export async function readRollParallel(
  studentsFile: string,
  started: RollWorker | { error: unknown } | null,
  ix: RegistryIndex,
  issues: RowIssue[],
  onProgress?: Progress,
  /** Most parts this thread reads (it takes parts while any is left); tests set 1 so that the worker reads the rest. */
  mainParts = Number.POSITIVE_INFINITY,
): Promise<RollRead & { parts?: { main: number; worker: number } }> {
  if (started === null) return readRoll(studentsFile, ix, issues, onProgress);
  if ('error' in started) throw started.error;
  if (started.mode === 'rows') return readRollRows(started, ix, issues, onProgress);
  const { bounds, size, next, parts, progress } = started;
  const count = bounds.length - 1;
  /** This thread's parts, and the bytes of them it has read. */
  const mine = new Map<number, RollRead & { issues: RowIssue[] }>();
  let doneHere = 0;
  let current = 0;
  const report = (): void =>
    onProgress?.('比对学生名册', Math.min(doneHere + current + progress.done, size), size);
  progress.onChange = report;
  const shared: ScreenHolder = { screen: null };
  try {
    for (let part = 0; part < count; part = mine.size < mainParts ? Atomics.add(next, 0, 1) : count) {
      const partIssues: RowIssue[] = [];
      const read = await readRoll(
        studentsFile,
        ix,
        partIssues,
        (_p, d) => {
          current = d;
          report();
        },
        // Part 0 finds the header itself (and reports its problems); later ones are data only.
        {
          start: bounds[part]!,
          end: bounds[part + 1]! - 1,
          ...(part === 0 ? null : started.header),
        },
        true,
        shared,
      );
      mine.set(part, { ...read, issues: partIssues });
      doneHere += bounds[part + 1]! - bounds[part]!;
      current = 0;
    }
    // The parts not read here are the worker's (it takes every part left).
    await until(started, () => mine.size + parts.size === count);
    onProgress?.('比对学生名册', size, size);
    // Rows of part p > 0 count from 1 inside it: shift them to file row numbers, in file order.
    const blocks: CandidateBlock[] = [];
    const keeps: KeptCellsData[] = [];
    let lastRow = 0;
    for (let p = 0; p < count; p++) {
      const r = mine.get(p) ?? parts.get(p)!;
      const shift = p === 0 ? 0 : lastRow;
      if (shift !== 0) for (let i = 0; i < r.block.rows.length; i++) r.block.rows[i]! += shift;
      for (const x of r.issues) issues.push(shift === 0 ? x : { ...x, row: x.row + shift });
      blocks.push(r.block);
      keeps.push(r.keep);
      lastRow = shift + r.lastRow;
    }
    return {
      block: mergeBlocks(blocks),
      keep: concatKeptCells(keeps),
      lastRow,
      columns: mine.get(0)?.columns ?? null,
      parts: { main: mine.size, worker: count - mine.size },
    };
  } finally {
    await started.worker.terminate();
  }
}

/**
 * An xlsx roll read by the worker: compares its batches in file order as they come (they wait in
 * `started.batches` while this thread indexes the registry). Rows keep their file row numbers.
 */
async function readRollRows(
  started: RollWorker,
  ix: RegistryIndex,
  issues: RowIssue[],
  onProgress: Progress | undefined,
): Promise<RollRead & { parts: { main: number; worker: number } }> {
  const { batches, progress, size } = started;
  const shared: ScreenHolder = { screen: null };
  const blocks: CandidateBlock[] = [];
  const keeps: KeptCellsData[] = [];
  let columns: RollRead['columns'] = null;
  let count = 0;
  let shown = 0;
  /** Bytes the worker has read, scaled by the share of what it read that is compared here. */
  const report = (): void => {
    const read = count + batches.length;
    shown = Math.max(shown, Math.floor(Math.min(progress.done, size) * (read === 0 ? 0 : count / read)));
    onProgress?.('比对学生名册', shown, size);
  };
  progress.onChange = report;
  try {
    for (;;) {
      await until(started, () => batches.length > 0 || started.lastRow !== null);
      const m = batches.shift();
      if (m === undefined) break;
      if (m.part !== count) throw new Error(`比对工作线程交回的数据顺序有误（第${m.part}批）`);
      const partIssues: RowIssue[] = [];
      const r = compareBatch(ix, m.batch, partIssues, shared);
      for (const x of partIssues) issues.push(x);
      blocks.push(r.block);
      keeps.push(r.keep);
      columns ??= r.columns ?? null;
      count++;
      report();
    }
    onProgress?.('比对学生名册', size, size);
    return {
      block: mergeBlocks(blocks),
      keep: concatKeptCells(keeps),
      lastRow: started.lastRow!,
      columns,
      // The worker read every batch; this thread compared them.
      parts: { main: 0, worker: count },
    };
  } finally {
    await started.worker.terminate();
  }
}
