/**
 * Uses both cores for a large CSV roll: this thread reads the first half of the file while a
 * worker thread, started before the registry is read and indexing its own copy of it at the same
 * time as this thread, reads the second half. The halves meet
 * at a line boundary outside any quoted field. Only typed arrays and strings come back, so the
 * hand-over costs little. Smaller rolls, xlsx and GB18030 files are read in this thread alone.
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
import { type ColumnMap, detectHeader, STUDENT_FIELDS, type StudentField } from './headers.ts';
import { concatKeptCells, type KeptCellsData } from './kept-cells.ts';
import { type Progress, type RollRead, readRoll, STUDENT_LABEL } from './roll-reader.ts';
import { fileKind, MatchInputError } from './table-reader.ts';

/** Rolls smaller than this are not worth a second thread (the worker must index the registry too). */
export const PARALLEL_MIN_BYTES = 16 << 20;

/** What the worker posts back. */
export interface WorkerDone {
  type: 'done';
  block: CandidateBlock;
  keep: KeptCellsData;
  issues: RowIssue[];
  lastRow: number;
}

/**
 * Share of the roll's bytes read by this thread. Slightly over half: the worker starts its half
 * later (its registry index is ready after this thread's) and hands its rows over at the end; with
 * an even split this thread waited about 1 s for it on the 1M set, with 52% not at all.
 */
export const MAIN_SHARE = 0.52;

/** Byte offset of the first line start at or after `MAIN_SHARE` of the file with an even number of quotes before it. */
export function findSplit(file: string): number {
  const size = statSync(file).size;
  const mid = Math.floor(size * MAIN_SHARE);
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    let quotes = 0;
    for (let pos = 0; pos < size; ) {
      const got = readSync(fd, buf, 0, buf.length, pos);
      if (got <= 0) break;
      const chunk = buf.subarray(0, got);
      // Quotes before `mid` are only counted; from `mid` on, the first line break after an even
      // number of quotes ends the first part. (indexOf is native: far faster than a byte loop.)
      let i = 0;
      while (i < got) {
        const q = chunk.indexOf(0x22, i);
        if (pos + i >= mid || (q >= 0 ? pos + q : pos + got) > mid) {
          const nl = chunk.indexOf(0x0a, Math.max(i, mid - pos));
          if (nl >= 0 && (q < 0 || nl < q)) {
            if (quotes % 2 === 0) return pos + nl + 1;
            i = nl + 1;
            continue;
          }
        }
        if (q < 0) break;
        quotes++;
        i = q + 1;
      }
      pos += got;
    }
    return size;
  } finally {
    closeSync(fd);
  }
}

/** Column map of the roll from its first 64 KB (the worker needs it before it starts). */
function headColumns(file: string): ColumnMap<StudentField> | null {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(65536);
  const got = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const text = buf.subarray(0, buf.subarray(0, got).lastIndexOf(0x0a) + 1).toString('utf8');
  let rows: string[][];
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(
      buf.subarray(0, buf.subarray(0, got).lastIndexOf(0x0a) + 1),
    );
    rows = parseSync(text, { bom: true, relax_column_count: true, relax_quotes: true, to: 10 }) as string[][];
  } catch {
    return null;
  }
  const h = detectHeader(rows, STUDENT_FIELDS, STUDENT_LABEL);
  if (!h.ok) throw new MatchInputError(h.message);
  return h.columns;
}

/** A worker started early (before the registry is read here) on the second half of the roll. */
export interface RollWorker {
  split: number;
  size: number;
  worker: Worker;
  done: Promise<WorkerDone>;
  /** Bytes of its half the worker has read so far. */
  progress: { done: number; onChange?: () => void };
}

/**
 * Starts the worker for the second half of a large UTF-8 CSV roll, so that it indexes its copy of
 * the registry while this thread indexes its own. Returns null when the roll is read in this
 * thread alone; a header problem is left for `readRoll` to report, in the usual order.
 */
export function startRollWorker(
  studentsFile: string,
  registryFile: string,
  asOf: string,
  minBytes = PARALLEL_MIN_BYTES,
): RollWorker | { error: unknown } | null {
  let columns: ColumnMap<StudentField> | null;
  try {
    if (fileKind(studentsFile) !== 'csv' || statSync(studentsFile).size < minBytes) return null;
    columns = headColumns(studentsFile);
  } catch (error) {
    // Reported by readRollParallel, after the registry, as before the worker started early.
    return { error };
  }
  if (columns === null) return null;
  const split = findSplit(studentsFile);
  const size = statSync(studentsFile).size;
  const progress: RollWorker['progress'] = { done: 0 };
  const worker = new Worker(new URL('./match-worker.mjs', import.meta.url), {
    workerData: { studentsFile, registryFile, asOf, start: split, columns },
    // A larger young generation: the roll allocates short-lived strings at a high rate.
    resourceLimits: { maxYoungGenerationSizeMb: 192 },
  });
  const done = new Promise<WorkerDone>((resolve, reject) => {
    worker.on(
      'message',
      (m: { type: 'progress'; done: number } | WorkerDone | { type: 'error'; message: string }) => {
        if (m.type === 'progress') {
          progress.done = m.done;
          progress.onChange?.();
        } else if (m.type === 'done') resolve(m);
        else reject(new MatchInputError(m.message));
      },
    );
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`比对工作线程异常退出（${code}）`));
    });
  });
  // Keep a rejection from going unhandled while this thread is still busy.
  done.catch(() => {});
  return { split, size, worker, done, progress };
}

/** Stops a worker that is no longer needed (after an error in this thread). */
export async function stopRollWorker(w: RollWorker | { error: unknown } | null): Promise<void> {
  if (w !== null && 'worker' in w) await w.worker.terminate();
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
): Promise<RollRead> {
  if (started === null) return readRoll(studentsFile, ix, issues, onProgress);
  if ('error' in started) throw started.error;
  const { split, size, progress } = started;
  let doneA = 0;
  const report = (): void =>
    onProgress?.('比对学生名册', Math.min(Math.min(doneA, split) + progress.done, size), size);
  progress.onChange = report;
  try {
    const first = await readRoll(
      studentsFile,
      ix,
      issues,
      (_p, d) => {
        doneA = d;
        report();
      },
      { start: 0, end: split - 1 },
    );
    const b = await started.done;
    onProgress?.('比对学生名册', size, size);
    // Worker rows count from 1 inside its half: shift them to file row numbers.
    const shift = first.lastRow;
    for (let i = 0; i < b.block.rows.length; i++) b.block.rows[i]! += shift;
    for (const x of b.issues) issues.push({ ...x, row: x.row + shift });
    return {
      block: mergeBlocks([first.block, b.block]),
      keep: concatKeptCells([first.keep, b.keep]),
      lastRow: shift + b.lastRow,
    };
  } finally {
    await started.worker.terminate();
  }
}
