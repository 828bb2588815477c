/**
 * Phase timings of one `runFileMatch` run (wall and this thread's CPU), for profiling work on the
 * matcher: `npx tsx bench/match-phases.ts <students.csv> <registry.csv> <out.csv> [threads]`.
 */
import { runFileMatch } from '../src/modules/matching/run-file-match.ts';

const [students, registry, out, threads = '2'] = process.argv.slice(2);
if (!students || !registry || !out) throw new Error('usage: match-phases.ts students registry out [threads]');
const c0 = process.cpuUsage();
const t0 = performance.now();
const s = await runFileMatch({
  students,
  registry,
  out,
  unenrolled: out.replace(/\.csv$/, '-unenrolled.csv'),
  asOf: '2020-09-01',
  threads: Number(threads),
});
const c = process.cpuUsage(c0);
console.log(
  JSON.stringify({
    wall: ((performance.now() - t0) / 1000).toFixed(2),
    cpu: ((c.user + c.system) / 1e6).toFixed(2),
    timings: Object.fromEntries(Object.entries(s.timings).map(([k, v]) => [k, Number(v.toFixed(2))])),
    rss: Math.round(process.memoryUsage().rss / 2 ** 20),
    parts: s.parts,
  }),
);
