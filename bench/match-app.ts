/**
 * 信息识别比对 inside the app at city scale: a generated registry and roll (src/synth) imported
 * through the real importers into a database, then the comparison job's work (`runComparison`, what
 * 开始比对 and `jiaofu match --apply` run) for the whole city — each step timed, peak RSS sampled,
 * and the confirmed links scored against the generator's ground truth — then one county's own run
 * (`--county`, default 350424), whose out-of-school list gets the 核实提示 of namesakes elsewhere.
 *
 *   node --expose-gc --import tsx bench/match-app.ts [--households 36000] [--extra 50000] [--seed 11] [--county 350424] [--db postgres://…]
 *
 * Without --db the database is a PGlite folder in a temporary directory (the embedded default);
 * with a postgres:// URL a throw-away schema is used and dropped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { runComparison } from '../src/modules/comparison/comparison.service.ts';
import { loadReferenceData } from '../src/modules/regions/reference-data.ts';
import { importRegistry } from '../src/modules/registry/registry.import.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { generate } from '../src/synth/generate.ts';
import { writeDataset } from '../src/synth/write.ts';
import { insertSynthSchools } from '../test/helpers/synth-db.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : def;
};
const AS_OF = '2020-09-01';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-bench-app-'));
const target = opt('db', path.join(dir, 'data'));
const schema = target.startsWith('postgres') ? `bench_app_${process.pid}` : undefined;

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 200);
const timings: Record<string, number> = {};
const peaks: Record<string, number> = {};
async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const before = peakRss;
  // With --expose-gc, what the step itself adds shows (RSS keeps what earlier steps freed).
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.memoryUsage();
  peakRss = start.rss;
  const t0 = performance.now();
  const r = await work();
  timings[label] = (performance.now() - t0) / 1000;
  peaks[label] = Math.round(Math.max(peakRss, process.memoryUsage().rss) / 2 ** 20);
  peakRss = Math.max(before, peakRss);
  console.log(
    `${label}: ${timings[label]!.toFixed(1)} s, peak RSS ${peaks[label]} MB (heap ${Math.round(start.heapUsed / 2 ** 20)} MB, RSS ${Math.round(start.rss / 2 ** 20)} MB before)`,
  );
  return r;
}

const ds = generate({
  seed: Number(opt('seed', '11')),
  households: Number(opt('households', '36000')),
  extraStudents: Number(opt('extra', '50000')),
  asOf: AS_OF,
});
await writeDataset(ds, { outDir: dir, format: 'csv' });
if (schema) {
  const admin = await openDatabase(target);
  await sql.raw(`create schema ${schema}`).execute(admin.db);
  await admin.close();
}
const database = await openDatabase(target, { schema });
try {
  const { db } = database;
  await migrateToLatest(db);
  await loadReferenceData(db);
  await insertSynthSchools(db, ds.schools);
  const file = (name: string) => ({ path: path.join(dir, name), filename: name });
  const reg = await timed('import registry', () => importRegistry(db, SYSTEM_ACTOR, file('registry.csv')));
  const roll = await timed('import roll', () =>
    importStudents(db, SYSTEM_ACTOR, file('students.csv'), { asOf: AS_OF }),
  );
  if (!reg.ok || !roll.ok) throw new Error('import failed');
  const { stats } = await timed('comparison', () => runComparison(db, SYSTEM_ACTOR, { asOf: AS_OF }));
  const again = await timed('comparison again (replacing the first run)', () =>
    runComparison(db, SYSTEM_ACTOR, { asOf: AS_OF }),
  );

  // Confirmed links against the truth: 学籍号 → the registry person it really is.
  const truth = new Map<string, string>();
  const nos = fs
    .readFileSync(path.join(dir, 'students.csv'), 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  fs.readFileSync(path.join(dir, 'students-truth.csv'), 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .slice(1)
    .forEach((line, i) => {
      const personNo = line.split(',')[2];
      if (personNo) truth.set(nos[i + 1]!.split(',')[0]!.replace(/^"|"$/g, ''), personNo);
    });
  const linked = await db
    .selectFrom('match_result')
    .innerJoin('student', 'student.id', 'match_result.student_id')
    .select(['student.student_no', 'match_result.person_no'])
    .where('match_result.result', '=', 'confirmed')
    .execute();
  const wrong = linked.filter((l) => truth.get(l.student_no) !== l.person_no).length;

  // One county's own run, as a county bureau starts it: its roll only, so its out-of-school children
  // with a namesake born the same day at another county's school get a 核实提示 (one query per
  // 5,000 names over the city's roll).
  const countyCode = opt('county', '350424');
  const county = { ...SYSTEM_ACTOR, role: 'county_admin' as const, scopeCode: countyCode };
  const countyRun = await timed(`comparison of one county (${countyCode})`, () =>
    runComparison(db, county, { asOf: AS_OF }),
  );
  const hinted = await db
    .selectFrom('out_of_school')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('county_code', '=', countyCode)
    .where('hint', 'is not', null)
    .executeTakeFirstOrThrow();
  clearInterval(sampler);
  console.log(
    JSON.stringify({
      roll: stats.students,
      registry: stats.registry,
      confirmed: stats.confirmed,
      review: stats.review,
      unmatched: stats.unmatched,
      outOfSchool: stats.outOfSchool,
      wrongLinks: wrong,
      recallOfConfirmed: (linked.length - wrong) / truth.size,
      sameOnRerun: JSON.stringify(again.stats) === JSON.stringify(stats),
      county: {
        code: countyCode,
        roll: countyRun.stats.students,
        outOfSchool: countyRun.stats.outOfSchool,
        withHint: Number(hinted.n),
      },
      seconds: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Number(v.toFixed(1))])),
      peakRssMb: Math.round(peakRss / 2 ** 20),
      peakRssMbByStep: peaks,
      database: schema ? 'postgres' : 'pglite (folder)',
    }),
  );
} finally {
  clearInterval(sampler);
  if (schema) await sql.raw(`drop schema ${schema} cascade`).execute(database.db);
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
