/**
 * 工作要点 5 out-of-school detection, timed on a synthetic Sanming registry (src/synth): load
 * ~50k registry persons and their roll, link them through `person` by true ID (the way issue 3
 * links them), then time the scoped list, its count and the full export, and check the result
 * against the generator's ground truth.
 * Run: npx tsx bench/dropout-out-of-school.ts [households=14000] [--db postgres://…]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { DEFAULT_COMPULSORY_AGES } from '../src/domain/dropout/index.ts';
import { writeOutOfSchool } from '../src/modules/dropout/dropout.export.ts';
import { listOutOfSchool } from '../src/modules/dropout/out-of-school.queries.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { generate } from '../src/synth/generate.ts';

const households = Number(process.argv[2] ?? 14_000);
const dbArg = process.argv.indexOf('--db');
const target = dbArg > 0 ? process.argv[dbArg + 1]! : 'memory://';
const AS_OF = '2020-09-01';

const ds = generate({ seed: 5, households, asOf: AS_OF });
// On PostgreSQL: a throw-away schema, so the benchmark never touches anyone's tables.
const schema = target.startsWith('postgres') ? `bench_oos_${process.pid}` : undefined;
if (schema) {
  const admin = await openDatabase(target);
  await sql.raw(`create schema ${schema}`).execute(admin.db);
  await admin.close();
}
const database = await openDatabase(target, { schema });
const { db } = database;
await migrateToLatest(db);
const t0 = performance.now();
const batch = await db
  .insertInto('import_batch')
  .values({ kind: 'registry', filename: 'synth', rows: ds.registry.length, scope_code: '3504' })
  .returning('id')
  .executeTakeFirstOrThrow();
const personOf = new Map<string, number>();
for (let i = 0; i < ds.registry.length; i += 1000) {
  const chunk = ds.registry.slice(i, i + 1000);
  const persons = await db
    .insertInto('person')
    .values(
      chunk.map((r) => ({
        id_number: r.trueIdNumber,
        name: r.trueName,
        birth_date: r.birthDate,
        county_code: r.countyCode,
        region_code: r.villageCode,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning(['id', 'id_number'])
    .execute();
  for (const p of persons) personOf.set(p.id_number!, p.id);
  await db
    .insertInto('registry_person')
    .values(
      chunk.map((r) => ({
        batch_id: batch.id,
        person_no: r.personNo,
        household_no: r.householdNo,
        person_id: personOf.get(r.trueIdNumber) ?? null,
        name: r.name,
        id_number: r.trueIdNumber,
        id_number_raw: r.idNumber,
        sex: r.sex,
        birth_date: r.birthDate,
        county_name: r.county,
        township_name: r.township,
        village_name: r.village,
        county_code: r.countyCode,
        region_code: r.villageCode,
      })),
    )
    .execute();
}
let students = 0;
let rows: Array<Record<string, unknown>> = [];
const flush = async () => {
  if (rows.length)
    await db
      .insertInto('student')
      .values(rows as never)
      .execute();
  students += rows.length;
  rows = [];
};
for (const s of ds.students()) {
  rows.push({
    student_no: s.row.studentNo,
    person_id: personOf.get(s.truth.trueIdNumber) ?? null,
    name: s.row.name,
    birth_date: s.row.birthDate,
    id_number: s.truth.trueIdNumber,
    school_code: s.row.schoolCode,
    county_code: s.row.schoolCode.slice(0, 6).startsWith('3504') ? s.row.schoolCode.slice(0, 6) : '350421',
    region_code: '350421100',
    stage: 'primary',
  });
  if (rows.length === 1000) await flush();
}
await flush();
await sql`analyze`.execute(db);
const load = performance.now() - t0;

const ages = DEFAULT_COMPULSORY_AGES;
async function timed<T>(work: () => Promise<T>, runs = 5): Promise<{ ms: number; r: T }> {
  await work(); // warm
  const t = performance.now();
  let r!: T;
  for (let i = 0; i < runs; i++) r = await work();
  return { ms: (performance.now() - t) / runs, r };
}
const county = ds.registry[0]!.countyCode;
const township = ds.registry[0]!.townshipCode;
const city = await timed(() => listOutOfSchool(db, SYSTEM_ACTOR, { asOf: AS_OF, ages, pageSize: 50 }));
const inCounty = await timed(() =>
  listOutOfSchool(db, { ...SYSTEM_ACTOR, scopeCode: county }, { asOf: AS_OF, ages, pageSize: 50 }),
);
const inTownship = await timed(() =>
  listOutOfSchool(db, { ...SYSTEM_ACTOR, scopeCode: township }, { asOf: AS_OF, ages, pageSize: 50 }),
);
if (process.env.EXPLAIN) {
  const plan = await sql.raw(process.env.EXPLAIN).execute(db);
  for (const row of plan.rows as Record<string, string>[]) console.log(Object.values(row)[0]);
}
const file = path.join(os.tmpdir(), 'jf-oos-bench.xlsx');
const te = performance.now();
const exported = await writeOutOfSchool(db, SYSTEM_ACTOR, file, { asOf: AS_OF, ages, unmask: false });
const exportMs = performance.now() - te;
fs.rmSync(file, { force: true });

// Ground truth: the generator's out-of-school children; the query may add children whose roll row
// the generator marked for a different reason, so report both directions.
const truth = new Set(ds.outOfSchool);
const found = new Set<string>();
for (let p = 1; ; p++) {
  const page = await listOutOfSchool(db, SYSTEM_ACTOR, { asOf: AS_OF, ages, page: p, pageSize: 500 });
  for (const i of page.items) found.add(i.person_no);
  if (page.items.length < 500) break;
}
const missed = [...truth].filter((x) => !found.has(x)).length;
const extra = [...found].filter((x) => !truth.has(x)).length;
await database.close();
if (schema) {
  const admin = await openDatabase(target);
  await sql.raw(`drop schema ${schema} cascade`).execute(admin.db);
  await admin.close();
}
console.log(
  `out-of-school (${database.kind}): ${ds.registry.length} registry persons, ${students} roll rows, load ${(load / 1000).toFixed(1)} s; ` +
    `list+count city ${city.ms.toFixed(0)} ms (${city.r.total} children), county ${inCounty.ms.toFixed(0)} ms (${inCounty.r.total}), ` +
    `township ${inTownship.ms.toFixed(0)} ms (${inTownship.r.total}); export xlsx ${exported} rows ${exportMs.toFixed(0)} ms; ` +
    `ground truth ${truth.size}: missed ${missed}, extra ${extra}`,
);
