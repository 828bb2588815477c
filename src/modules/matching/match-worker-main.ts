/**
 * Second thread of the parallel roll reader (see parallel.ts): indexes the registry itself, then
 * takes parts of the roll from the counter it shares with the main thread until none is left,
 * posting each part's candidate block back as soon as it is read (transferring the typed arrays).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RowIssue } from '../../domain/matching/index.ts';
import type { ColumnMap, StudentField } from './headers.ts';
import type { WorkerPart } from './parallel.ts';
import { readRegistry, readRoll, type ScreenHolder } from './roll-reader.ts';

interface Job {
  studentsFile: string;
  registryFile: string;
  asOf: string;
  /** Part boundaries; part p is bytes [bounds[p], bounds[p+1]). */
  bounds: number[];
  /** The next part to take, shared with the main thread. */
  next: Int32Array;
  columns: ColumnMap<StudentField>;
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
      { start: job.bounds[part]!, end: job.bounds[part + 1]! - 1, columns: job.columns },
      true,
      shared,
    );
    done += job.bounds[part + 1]! - job.bounds[part]!;
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
    parentPort!.postMessage({ type: 'progress', done });
  }
  parentPort!.postMessage({ type: 'finished' });
}

run(workerData as Job).catch((e: unknown) => {
  parentPort!.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
});
