/**
 * Second thread of the parallel roll reader (see parallel.ts). 'parts': indexes the registry itself,
 * then takes parts of a CSV roll from the counter it shares with the main thread until none is left,
 * posting each part's candidate block back as soon as it is done (typed arrays transferred).
 * 'rows': reads an xlsx roll and posts its rows in batches, for the main thread to compare.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RowIssue } from '../../domain/matching/index.ts';
import { STUDENT_FIELDS } from './headers.ts';
import { BATCH_ROWS, type RollHeader, type WorkerPart, type WorkerRows } from './parallel.ts';
import {
  type RollRead,
  RowBatcher,
  readRegistry,
  readRoll,
  type ScreenHolder,
  STUDENT_LABEL,
} from './roll-reader.ts';
import { readTable } from './table-reader.ts';

interface Job {
  mode: 'parts' | 'rows';
  /** Bytes of the roll file. */
  size: number;
  studentsFile: string;
  registryFile: string;
  asOf: string;
  /** Part boundaries; part p is bytes [bounds[p], bounds[p+1]). */
  bounds: number[];
  /** The next part to take, shared with the main thread. */
  next: Int32Array;
  header: RollHeader | null;
}

/** Posts one part's result, transferring its typed arrays. */
function postPart(part: number, roll: RollRead, issues: RowIssue[]): void {
  const b = roll.block;
  const msg: WorkerPart = { type: 'part', part, block: b, keep: roll.keep, issues, lastRow: roll.lastRow };
  parentPort!.postMessage(msg, [
    b.offsets.buffer,
    b.person.buffer,
    b.packed.buffer,
    b.guardianOwner.buffer,
    b.rows.buffer,
    b.birth.buffer,
    b.flags.buffer,
    roll.keep.bytes.buffer,
    roll.keep.ends.buffer,
  ] as ArrayBuffer[]);
}

/**
 * 'rows' mode: reads the xlsx roll (no registry needed) and posts its rows in batches of
 * BATCH_ROWS, as CSV bytes (see `RowBatch`), transferred.
 */
async function readRows(job: Job): Promise<void> {
  let batcher: RowBatcher | null = null;
  let part = 0;
  const flush = (): void => {
    if (batcher === null || !batcher.pending) return;
    const batch = batcher.take();
    const msg: WorkerRows = { type: 'rows', part: part++, batch };
    parentPort!.postMessage(msg, [batch.bytes.buffer as ArrayBuffer]);
  };
  let last = 0;
  const summary = await readTable(
    job.studentsFile,
    STUDENT_FIELDS,
    STUDENT_LABEL,
    (cells, row) => {
      batcher!.add(cells, row);
      if (batcher!.size === BATCH_ROWS) flush();
    },
    {
      onProgress: (done) => {
        if (done - last > 1 << 20) {
          last = done;
          parentPort!.postMessage({ type: 'progress', done });
        }
      },
      onColumns: (columns) => {
        batcher = new RowBatcher(columns);
      },
      onSkip: (row, reason) => batcher!.skip(row, reason),
    },
  );
  flush();
  parentPort!.postMessage({ type: 'progress', done: job.size });
  parentPort!.postMessage({ type: 'finished', lastRow: summary.lastRow });
}

async function run(job: Job): Promise<void> {
  const ix = await readRegistry(job.registryFile, job.asOf, []);
  const shared: ScreenHolder = { screen: null };
  const count = job.bounds.length - 1;
  let done = 0;
  let last = 0;
  for (let part = Atomics.add(job.next, 0, 1); part < count; part = Atomics.add(job.next, 0, 1)) {
    const issues: RowIssue[] = [];
    const roll = await readRoll(
      job.studentsFile,
      ix,
      issues,
      (_phase, d) => {
        if (done + d - last > 4 << 20) {
          last = done + d;
          parentPort!.postMessage({ type: 'progress', done: last });
        }
      },
      { start: job.bounds[part]!, end: job.bounds[part + 1]! - 1, ...job.header! },
      true,
      shared,
    );
    done += job.bounds[part + 1]! - job.bounds[part]!;
    postPart(part, roll, issues);
    parentPort!.postMessage({ type: 'progress', done });
  }
  parentPort!.postMessage({ type: 'finished' });
}

const job = workerData as Job;
(job.mode === 'rows' ? readRows(job) : run(job)).catch((e: unknown) => {
  parentPort!.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
});
