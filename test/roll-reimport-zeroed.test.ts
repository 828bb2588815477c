/**
 * An outside tester's P1 (v20a F1): a newer roll whose ID cell Excel had cut to 15 digits and 000 —
 * a copy that happened to pass its check, as one in eleven does — was imported as a corrected ID.
 * It replaced the pupil's valid ID, moved the record to a new person file, voided the comparison
 * result, and the damaged number was listed nowhere as a problem.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { isValidId } from '../src/domain/identity/id-number.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { seedMiniRegions } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-reimport-zeroed-'));
let database: Database;
const mingxi: Actor = { ...SYSTEM_ACTOR, id: 0, role: 'county_admin', scopeCode: '350421' };

/** A pupil's ID whose 15 digits + 000 pass the check, as Excel's copy of it then does. */
function zeroedPasses(): string {
  for (let seq = 100; seq < 1000; seq++) {
    const first15 = `350421200902${String(seq).padStart(3, '0')}`;
    if (!isValidId(`${first15}000`)) continue;
    const first17 = `${first15}42`;
    return first17 + idCheckChar(first17)!;
  }
  throw new Error('no such ID');
}
const ID = zeroedPasses();
const ZEROED = `${ID.slice(0, 15)}000`;

const HEAD = '学籍号,姓名,性别,出生日期,身份证件号,学校标识码,学校名称,学段,年级';
const roll = (id: string, pupil = '雷诗雨') =>
  [
    HEAD,
    `L2020001,${pupil},女,${ID.slice(6, 10)}-${ID.slice(10, 12)}-${ID.slice(12, 14)},${id},2135000001,明溪县实验小学,小学,五年级`,
  ].join('\n');

let n = 0;
async function importRoll(id: string, pupil?: string) {
  const name = `roll-${++n}.csv`;
  const f = path.join(dir, name);
  fs.writeFileSync(f, `${roll(id, pupil)}\n`);
  return importStudents(database.db, mingxi, { path: f, filename: name }, { asOf: '2020-10-15' });
}
const stored = () =>
  database.db
    .selectFrom('student')
    .select(['id_number', 'person_id', 'id_problem'])
    .where('student_no', '=', 'L2020001')
    .executeTakeFirstOrThrow();

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
});
afterAll(() => database?.close());

describe(`a newer roll with Excel's …000 copy of a pupil's ID that passes its check (${testDbKind})`, () => {
  it('keeps the stored ID and the person file, and says why', async () => {
    expect(isValidId(ZEROED)).toBe(true);
    expect((await importRoll(ID)).ok).toBe(true);
    const before = await stored();
    expect(before.id_number).toBe(ID);
    const report = await importRoll(ZEROED);
    expect(report.ok).toBe(true);
    const after = await stored();
    expect(after.id_number).toBe(ID);
    expect(after.person_id).toBe(before.person_id);
    expect(report.warnings.filter((w) => w.column === '身份证件号').map((w) => w.message)).toEqual([
      `身份证件号“${ZEROED}”末三位为 000，应是 Excel 保存时改的，与该学籍号原有的身份证号相符：沿用原有号码`,
    ]);
  });

  it('warns of a name that shares no character with the one stored under the 学籍号 (tester v20b F5)', async () => {
    // A new given name keeps the surname: no warning.
    const renamed = await importRoll(ID, '雷雨桐');
    expect(renamed.warnings.filter((w) => w.column === '姓名')).toEqual([]);
    const report = await importRoll(ID, '大四四九八八九');
    expect(report.ok).toBe(true);
    expect(report.warnings.filter((w) => w.column === '姓名').map((w) => [w.row, w.message])).toEqual([
      [
        2,
        '姓名“大四四九八八九”与该学籍号原有的姓名“雷雨桐”没有一个字相同：已按本行导入，请核对学籍号是否填错（改名一般保留姓氏）',
      ],
    ]);
  });

  it('warns once of a 学校名称 no school has beside the row’s 学校标识码 (tester v20b F13)', async () => {
    const f = path.join(dir, 'misnamed.csv');
    const row = (no: string) =>
      `${no},大四四九八八九,女,${ID.slice(6, 10)}-${ID.slice(10, 12)}-${ID.slice(12, 14)},${ID},2135000001,明溪县城关小学,小学,五年级`;
    fs.writeFileSync(f, `${HEAD}\n${row('L2020001')}\n`);
    const r = await importStudents(
      database.db,
      mingxi,
      { path: f, filename: 'misnamed.csv' },
      { asOf: '2020-10-15' },
    );
    expect(r.ok).toBe(true);
    expect(r.warnings.filter((w) => w.column === '学校名称').map((w) => w.message)).toEqual([
      '学校名称“明溪县城关小学”与学校标识码 2135000001 的学校“明溪县实验小学”不一致：已按学校标识码导入，请核对标识码是否填错',
    ]);
  });

  it('refuses a row whose 学校名称 is another school’s, of another county too (tester v24b F3)', async () => {
    const f = path.join(dir, 'two-schools.csv');
    fs.writeFileSync(
      f,
      `${HEAD}\nL2020001,大四四九八八九,女,${ID.slice(6, 10)}-${ID.slice(10, 12)}-${ID.slice(12, 14)},${ID},2135000001,清流县实验小学,小学,五年级\n`,
    );
    const before = await stored();
    const r = await importStudents(
      database.db,
      mingxi,
      { path: f, filename: 'two-schools.csv' },
      { asOf: '2020-10-15' },
    );
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [
        2,
        '学校名称',
        '学校名称“清流县实验小学”是另一所学校（学校标识码 2135000002）的名称，与本行学校标识码 2135000001 的学校“明溪县实验小学”不一致：请核对本行的学校标识码和学校名称，改正后重新导入',
      ],
    ]);
    expect(await stored()).toEqual(before);
  });

  it('reports an unclosed quote once, without leads from the cells it merged (tester v20b F14)', async () => {
    const f = path.join(dir, 'quote.csv');
    const row = (no: string, name: string) =>
      `${no},${name},女,${ID.slice(6, 10)}-${ID.slice(10, 12)}-${ID.slice(12, 14)},,2135000001,明溪县实验小学,小学,五年级`;
    fs.writeFileSync(
      f,
      [
        HEAD,
        row('L2020001', '雷诗雨'),
        row('L2020002', '"引号未闭'),
        row('L2020003', '正常乙'),
        row('L2020004', '正常丙'),
      ].join('\n'),
    );
    const r = await importStudents(
      database.db,
      mingxi,
      { path: f, filename: 'quote.csv' },
      { asOf: '2020-10-15' },
    );
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([[3, '整行']]);
    expect(r.errors[0]!.message).toContain('引号没有闭合');
    expect(JSON.stringify(r.notices ?? [])).not.toContain('补齐');
  });
});
