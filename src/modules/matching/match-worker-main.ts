/**
 * Second thread of the parallel roll reader (see parallel.ts): indexes the registry itself, reads
 * its byte range of the roll and posts the candidate block back, transferring the typed arrays.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RowIssue } from '../../domain/matching/index.ts';
import type { ColumnMap, StudentField } from './headers.ts';
import type { WorkerDone } from './parallel.ts';
import { readRegistry, readRoll } from './roll-reader.ts';

interface Job {
  studentsFile: string;
  registryFile: string;
  asOf: string;
  start: number;
  columns: ColumnMap<StudentField>;
}

async function run(job: Job): Promise<void> {
  const ix = await readRegistry(job.registryFile, job.asOf, []);
  const issues: RowIssue[] = [];
  let last = 0;
  const roll = await readRoll(
    job.studentsFile,
    ix,
    issues,
    (_phase, done) => {
      if (done - last > 4 << 20) {
        last = done;
        parentPort!.postMessage({ type: 'progress', done });
      }
    },
    { start: job.start, columns: job.columns },
  );
  const b = roll.block;
  const msg: WorkerDone = { type: 'done', block: b, keep: roll.keep, issues, lastRow: roll.lastRow };
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

run(workerData as Job).catch((e: unknown) => {
  parentPort!.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
});
