/**
 * Second thread of the parallel roll reader (see parallel.ts): indexes the registry itself, then
 * either takes parts of a CSV roll from the counter it shares with the main thread until none is
 * left ('parts'), or compares the batches of xlsx rows the main thread sends until it says 'end'
 * ('rows'). Each part's candidate block goes back as soon as it is done (typed arrays transferred).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RowIssue } from '../../domain/matching/index.ts';
import type { ColumnMap, StudentField } from './headers.ts';
import type { WorkerPart } from './parallel.ts';
import { compareBatch, type RollRead, readRegistry, readRoll, type ScreenHolder } from './roll-reader.ts';

interface Job {
  mode: 'parts' | 'rows';
  studentsFile: string;
  registryFile: string;
  asOf: string;
  /** Part boundaries; part p is bytes [bounds[p], bounds[p+1]). */
  bounds: number[];
  /** The next part to take, shared with the main thread. */
  next: Int32Array;
  columns: ColumnMap<StudentField> | null;
}

/** What the main thread sends in 'rows' mode. */
type RowsMessage = { type: 'rows'; part: number; cells: string; rows: number[] } | { type: 'end' };

/** Posts one part's result, transferring its typed arrays. */
function postPart(part: number, roll: Omit<RollRead, 'lastRow'>, issues: RowIssue[], lastRow: number): void {
  const b = roll.block;
  const msg: WorkerPart = { type: 'part', part, block: b, keep: roll.keep, issues, lastRow };
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

/** 'rows' mode: compares the batches as they come (they queue up while the registry is indexed). */
async function compareRows(job: Job): Promise<void> {
  const queue: RowsMessage[] = [];
  let wake: (() => void) | null = null;
  parentPort!.on('message', (m: RowsMessage) => {
    queue.push(m);
    wake?.();
  });
  const ix = await readRegistry(job.registryFile, job.asOf, []);
  for (;;) {
    while (queue.length === 0)
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    wake = null;
    const m = queue.shift()!;
    if (m.type === 'end') break;
    const issues: RowIssue[] = [];
    postPart(
      m.part,
      compareBatch(ix, { cells: JSON.parse(m.cells) as string[], rows: m.rows }, issues),
      issues,
      0,
    );
  }
  parentPort!.postMessage({ type: 'finished' });
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
      { start: job.bounds[part]!, end: job.bounds[part + 1]! - 1, columns: job.columns! },
      true,
      shared,
    );
    done += job.bounds[part + 1]! - job.bounds[part]!;
    postPart(part, roll, issues, roll.lastRow);
    parentPort!.postMessage({ type: 'progress', done });
  }
  parentPort!.postMessage({ type: 'finished' });
}

const job = workerData as Job;
(job.mode === 'rows' ? compareRows(job) : run(job)).catch((e: unknown) => {
  parentPort!.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
});
