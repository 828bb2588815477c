/**
 * Benchmark of the 学生资助 entitlement run and the city coverage report (docs/BENCHMARKS.md).
 *
 *   npx tsx bench/aid-entitle.ts --students 1000000 --db postgres://postgres@127.0.0.1:5432/test
 *   npx tsx bench/aid-entitle.ts --students 50000            # PGlite in memory
 *
 * The data is generated in SQL with generate_series (fast, reproducible): 2,000 schools in the 12
 * counties, students over the five stages (30% boarders), 1 in 12 建档立卡 (confirmed comparison
 * result), 1 in 33 on the 低保 list, 1 in 20 with a confirmed recognition; half the entitlement
 * lines are then paid, so the coverage report has real work to do. On PostgreSQL the run uses a
 * fresh schema that is dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { coverageReport } from '../src/modules/aid/coverage.queries.ts';
import { runEntitlements } from '../src/modules/aid/entitlement.run.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '50000' },
    db: { type: 'string' },
    keep: { type: 'string' },
  },
});
const N = Number(values.students);
const COUNTIES = [
  '350402',
  '350403',
  '350421',
  '350423',
  '350424',
  '350425',
  '350426',
  '350427',
  '350428',
  '350429',
  '350430',
  '350481',
];

async function open(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const url = values.db;
  if (!url) {
    const database = await openDatabase('memory://');
    await migrateToLatest(database.db);
    return { database, drop: async () => {} };
  }
  // --keep <schema>: leave the generated schema in place (to EXPLAIN queries afterwards).
  const schema = values.keep ?? `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const database = await openDatabase(url, { schema, poolSize: 4 });
  await migrateToLatest(database.db);
  return {
    database,
    drop: async () => {
      if (!values.keep) await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}

async function time<T>(label: string, work: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const r = await work();
  console.log(`${label}: ${((performance.now() - t) / 1000).toFixed(2)} s`);
  return r;
}

async function generate(database: Database) {
  const { db } = database;
  const counties = sql.join(COUNTIES.map((c) => sql`${c}`));
  await sql`insert into region (code, name, level, parent_code, county_code, edition)
    select '3504', '三明市', 'city', '35', null, '2020'`.execute(db);
  await sql`insert into region (code, name, level, parent_code, county_code, edition)
    select c, '县' || c, 'county', '3504', c, '2020' from unnest(array[${counties}]::text[]) c`.execute(db);
  await sql`insert into region (code, name, level, parent_code, county_code, edition)
    select c || '100', '镇' || c, 'township', c, c, '2020' from unnest(array[${counties}]::text[]) c`.execute(
    db,
  );
  await sql`insert into school (code, name, county_code, township_code, region_code, stages, ownership, urban_rural)
    select lpad((2135000000 + g)::text, 10, '0'), '学校' || g, c, c || '100', c || '100',
      '{preschool,primary,junior,senior,vocational}', 'public', 'rural'
    from generate_series(0, 1999) g, lateral (select (array[${counties}]::text[])[1 + g % 12] as c) x`.execute(
    db,
  );
  const batch = await db
    .insertInto('import_batch')
    .values({ kind: 'students', filename: 'bench', rows: N, scope_code: '3504' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const run = await db
    .insertInto('match_run')
    .values({ scope_code: '3504', as_of: '2020-09-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`insert into person (id, id_number, name, county_code, region_code)
    select g, '3504' || lpad(g::text, 14, '0'), '学生' || g, (array[${counties}]::text[])[1 + (g % 2000) % 12],
      (array[${counties}]::text[])[1 + (g % 2000) % 12] || '100'
    from generate_series(1, ${N}) g`.execute(db);
  await sql`insert into student (id, student_no, person_id, name, school_code, county_code, region_code, stage, grade, boarding, batch_id)
    select g, 'G' || lpad(g::text, 18, '0'), g, '学生' || g, lpad((2135000000 + g % 2000)::text, 10, '0'),
      (array[${counties}]::text[])[1 + (g % 2000) % 12], (array[${counties}]::text[])[1 + (g % 2000) % 12] || '100',
      case when g % 100 < 10 then 'preschool' when g % 100 < 55 then 'primary' when g % 100 < 77 then 'junior'
           when g % 100 < 89 then 'senior' else 'vocational' end,
      (array['一年级','二年级','三年级'])[1 + (g / 7) % 3], g % 10 < 3, ${batch.id}
    from generate_series(1, ${N}) g`.execute(db);
  await sql`insert into registry_person (batch_id, person_no, household_no, person_id, name, county_code, region_code, exit_status)
    select ${batch.id}, 'P' || g, 'H' || g, g, '学生' || g, s.county_code, s.region_code, '未脱贫'
    from generate_series(12, ${N}, 12) g join student s on s.id = g`.execute(db);
  await sql`insert into match_result (run_id, student_id, result, person_no, explanation, county_code, region_code)
    select ${run.id}, g, 'confirmed', 'P' || g, '证件号一致', s.county_code, s.region_code
    from generate_series(12, ${N}, 12) g join student s on s.id = g`.execute(db);
  await sql`insert into assistance_entry (batch_id, list_kind, name, person_id, county_code, region_code)
    select ${batch.id}, 'minimum_living', '学生' || g, g, s.county_code, s.region_code
    from generate_series(1, ${N}, 33) g join student s on s.id = g`.execute(db);
  await sql`insert into recognition (school_year, student_id, person_id, school_code, tier, reason, status, county_code, region_code)
    select 2020, g, g, s.school_code, (array['special','hard','general'])[1 + g % 3], '困难', 'confirmed', s.county_code, s.region_code
    from generate_series(3, ${N}, 20) g join student s on s.id = g`.execute(db);
  await sql`analyze`.execute(db);
}

async function payHalf(database: Database) {
  const { db } = database;
  await sql`insert into payment_list (programme, term, school_code, status, created_by, county_code, region_code)
    select distinct programme, term, school_code, 'draft', 1, county_code, region_code from entitlement`.execute(
    db,
  );
  await sql`insert into payment_line (list_id, student_id, person_id, student_no, name, id_number, programme, term,
      amount_fen, entitled_fen, status, paid_at, school_code, county_code, region_code)
    select l.id, e.student_id, e.person_id, 'G', 'x', null, e.programme, e.term, e.amount_fen, e.amount_fen, 'paid',
      '2020-10-15', e.school_code, e.county_code, e.region_code
    from entitlement e join payment_list l on l.programme = e.programme and l.term = e.term and l.school_code = e.school_code
    where e.student_id % 2 = 0`.execute(db);
  await sql`update payment_list set status = 'paid'`.execute(db);
  await sql`analyze`.execute(db);
}

const { database, drop } = await open();
try {
  console.log(`学生资助 benchmark: ${N.toLocaleString()} students on ${database.kind}`);
  await time('generate data (SQL generate_series)', () => generate(database));
  const first = await time('entitlement run 2020-autumn (first run)', () =>
    runEntitlements(database.db, SYSTEM_ACTOR, { term: '2020-autumn' }),
  );
  console.log(
    `  lines ${first.lines.toLocaleString()}, total ${(first.totalFen / 100).toLocaleString()} 元, by programme:`,
    Object.fromEntries(Object.entries(first.byProgramme).map(([k, v]) => [k, v.lines])),
  );
  const second = await time('entitlement run 2020-autumn (re-run with diff)', () =>
    runEntitlements(database.db, SYSTEM_ACTOR, { term: '2020-autumn' }),
  );
  console.log('  diff', second.diff);
  await time('pay half of the lines (setup)', () => payHalf(database));
  for (const level of ['county', 'school', 'stage'] as const) {
    await coverageReport(database.db, SYSTEM_ACTOR, '2020-autumn', level); // warm
    const r = await time(`city coverage report by ${level}`, () =>
      coverageReport(database.db, SYSTEM_ACTOR, '2020-autumn', level),
    );
    if (level === 'county') console.log('  totals', r.totals);
  }
} finally {
  await database.close();
  await drop();
}
