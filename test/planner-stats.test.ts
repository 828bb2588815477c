/**
 * Bulk writers leave fresh planner statistics (db/planner-stats.ts). The embedded PGlite has no
 * autovacuum: before, its planner took a just-imported roll for empty (reltuples −1 or 0), chose
 * nested loops over 20,000 pupils and 信息比对's counts took a minute (tester v19a F4).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { runComparison } from '../src/modules/comparison/comparison.service.ts';
import { importRegistry } from '../src/modules/registry/registry.import.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { seedMiniRegions } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-planner-stats-'));
let database: Database;
const mingxi: Actor = { ...SYSTEM_ACTOR, id: 0, role: 'county_admin', scopeCode: '350421' };
const id = (ymd: string, seq: number): string => {
  const first17 = `350421${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
};
const name = (i: number) =>
  `${'子小文明华国海'[i % 7]}${'轩涵宇琪睿杰浩'[Math.floor(i / 7) % 7]}${'一二三'[Math.floor(i / 49) % 3]}`;
const day = (i: number) =>
  `2010${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 27)).padStart(2, '0')}`;

async function rowsOf(table: string): Promise<number> {
  const r = await sql<{
    n: number;
  }>`select reltuples::float8 as n from pg_class where oid = to_regclass(${table})`.execute(database.db);
  return Number(r.rows[0]?.n ?? -1);
}

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
});

afterAll(() => database?.close());

describe(`bulk writers refresh the planner's statistics (${testDbKind})`, () => {
  it('knows the roll, the registry and the results as soon as they are written', async () => {
    const reg = path.join(dir, 'registry.csv');
    fs.writeFileSync(
      reg,
      [
        '户编号,人编号,姓名,证件号码,与户主关系,县(市、区),乡(镇)',
        ...Array.from(
          { length: 80 },
          (_, i) => `H${i},P${i},${name(i)},${id(day(i), 301 + 2 * i)},之子,明溪县,雪峰镇`,
        ),
      ].join('\n'),
    );
    const r = await importRegistry(database.db, mingxi, { path: reg, filename: 'registry.csv' });
    expect(r.errors).toEqual([]);
    expect(await rowsOf('registry_person')).toBeGreaterThanOrEqual(80);
    const roll = path.join(dir, 'roll.csv');
    fs.writeFileSync(
      roll,
      [
        '学籍号,姓名,性别,出生日期,身份证件号,学校标识码,学校名称,学段,年级',
        ...Array.from({ length: 120 }, (_, i) => {
          const d = day(i);
          return `L2020${String(i).padStart(3, '0')},王${name(i)},男,${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)},${id(d, 601 + 2 * i)},2135000001,明溪县实验小学,小学,四年级`;
        }),
      ].join('\n'),
    );
    const report = await importStudents(
      database.db,
      mingxi,
      { path: roll, filename: 'roll.csv' },
      { asOf: '2020-10-15' },
    );
    expect(report.ok).toBe(true);
    expect(await rowsOf('student')).toBeGreaterThanOrEqual(120);
    await runComparison(database.db, mingxi, { asOf: '2020-09-01' });
    expect(await rowsOf('match_result')).toBeGreaterThanOrEqual(120);
  });
});
