import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { seedMiniRegions } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

/**
 * A roll that "corrects" a pupil's ID to an ID that cannot be the pupil's (a parent's: born decades
 * earlier, roll-identity.ts idIsAnothers) files the record under its own 学籍号, not under that ID's
 * person — and its warning says so, instead of claiming the record went to the new ID's file
 * (found by an outside tester: the two warnings of the row contradicted each other).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-id-apart-'));
let database: Database;
const MINGXI: Actor = { ...SYSTEM_ACTOR, role: 'county_admin', scopeCode: '350421' };
const id = (ymd: string, seq: number): string => {
  const first17 = `350421${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
};
const PUPIL = id('20120606', 81);
const PARENT = id('19850303', 93);
const HEAD = '学籍号,姓名,性别,出生日期,身份证件号,学校标识码,学校名称,学段,年级';
const line = (x: string) => `L2024001,孙甲,男,2012-06-06,${x},2135000001,明溪县实验小学,小学,三年级`;

async function roll(name: string, x: string, asOf: string) {
  const f = path.join(dir, name);
  fs.writeFileSync(f, `${HEAD}\n${line(x)}\n`);
  const r = await importStudents(database.db, MINGXI, { path: f, filename: name }, { asOf });
  expect(r.ok, JSON.stringify(r.errors.slice(0, 3))).toBe(true);
  return r;
}

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
});

afterAll(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`an ID corrected to someone else's (${testDbKind})`, () => {
  it('files the record apart and says so in the correction warning', async () => {
    await roll('r-1.csv', PUPIL, '2021-09-01');
    const r = await roll('r-2.csv', PARENT, '2021-10-08');
    const corrected = r.warnings.filter((w) => w.message.includes('已按更正身份证号导入'));
    expect(corrected).toHaveLength(1);
    expect(corrected[0]!.message).toContain('按学籍号新建的人员档案');
    expect(corrected[0]!.message).not.toContain('转到新身份证号的人员档案');
    // And so it is: no person holds the parent's ID; the record's person is keyed by its 学籍号.
    const parent = await database.db
      .selectFrom('person')
      .select('id')
      .where('id_number', '=', PARENT)
      .executeTakeFirst();
    expect(parent).toBeUndefined();
  });
});
