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
 * A roll that "corrects" a pupil's own ID to one that plainly is someone else's — the row's guardian's,
 * or born decades before the row's birth date (roll-identity.ts anothersIdInstead) — is no correction:
 * the pupil keeps the stored ID, their person and comparison result, and the row is warned (tester
 * v17b B6: the guardian's ID replaced the child's and voided her 建档立卡 match). When the stored ID
 * is itself another's, a change to yet another adult's ID files the record under its own 学籍号, not
 * under that ID's person — and its warning says so, instead of claiming the record went to the new
 * ID's file (found by an outside tester: the two warnings of the row contradicted each other).
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
const GRANDPARENT = id('19600101', 95);
/** A guardian (an elder sibling) born a year before the pupil: only the guardian column tells. */
const SIBLING = id('20110505', 97);
const HEAD = '学籍号,姓名,性别,出生日期,身份证件号,学校标识码,学校名称,学段,年级,监护人身份证件号';
const line = (x: string, guardian = '', no = 'L2024001') =>
  `${no},孙甲,男,2012-06-06,${x},2135000001,明溪县实验小学,小学,三年级,${guardian}`;

/** A roll of 孙甲 (L2024001) with ID `x`; `more`: other lines after it. */
async function roll(name: string, x: string, asOf: string, guardian = '', more: string[] = []) {
  const f = path.join(dir, name);
  fs.writeFileSync(f, `${[HEAD, line(x, guardian), ...more].join('\n')}\n`);
  const r = await importStudents(database.db, MINGXI, { path: f, filename: name }, { asOf });
  expect(r.ok, `${r.fileError} ${JSON.stringify(r.errors.slice(0, 3))}`).toBe(true);
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

const stored = () =>
  database.db
    .selectFrom('student as s')
    .innerJoin('person as p', 'p.id', 's.person_id')
    .select(['s.id_number', 'p.id_number as person_id_number'])
    .where('s.student_no', '=', 'L2024001')
    .executeTakeFirstOrThrow();

describe(`an ID corrected to someone else's (${testDbKind})`, () => {
  it('keeps the pupil’s own ID when a roll gives a parent’s, or the row’s guardian’s, in its place', async () => {
    await roll('r-0.csv', PUPIL, '2021-09-01');
    const parent = await roll('r-p.csv', PARENT, '2021-09-15');
    expect(parent.warnings.filter((w) => w.message.includes('已按更正身份证号导入'))).toEqual([]);
    expect(parent.warnings).toContainEqual(
      expect.objectContaining({
        row: 2,
        column: '身份证件号',
        message: expect.stringContaining('中的出生日期（1985年）与本行的出生日期（2012-06-06）相差 27 年'),
      }),
    );
    expect(await stored()).toEqual({ id_number: PUPIL, person_id_number: PUPIL });
    const guardian = await roll('r-g.csv', SIBLING, '2021-09-20', SIBLING);
    expect(guardian.warnings.filter((w) => w.message.includes('已按更正身份证号导入'))).toEqual([]);
    expect(guardian.warnings).toContainEqual(
      expect.objectContaining({
        row: 2,
        column: '身份证件号',
        message: expect.stringContaining('与本行的监护人身份证件号相同，不是该生本人的证件号'),
      }),
    );
    expect(await stored()).toEqual({ id_number: PUPIL, person_id_number: PUPIL });
  });

  it('keeps the pupil in their own 一生一档 when the ID given is another county pupil’s (verifier v17c C1)', async () => {
    // 清流县's pupil 孙妹 (born 2014), enrolled there.
    const SISTER = id('20140625', 65).replace(/^350421/, '350423');
    const sister = `${SISTER.slice(0, 17)}${idCheckChar(SISTER.slice(0, 17))}`;
    const f = path.join(dir, 'ql.csv');
    fs.writeFileSync(
      f,
      `${HEAD}\nG${sister},孙妹,女,2014-06-25,${sister},2135000002,清流县实验小学,小学,一年级,\n`,
    );
    const ql = await importStudents(database.db, SYSTEM_ACTOR, { path: f, filename: 'ql.csv' }, {});
    expect(ql.ok, `${ql.fileError} ${JSON.stringify(ql.errors)}`).toBe(true);
    // 明溪's roll gives 孙甲 her ID: not a correction, and not "filed apart" either.
    const r = await roll('r-s.csv', sister, '2021-09-25');
    const idWarnings = r.warnings
      .filter((w) => w.row === 2 && w.column === '身份证件号')
      .map((w) => w.message);
    expect(idWarnings).toEqual([expect.stringContaining('相差 2 年，不是该生本人的证件号')]);
    expect(idWarnings.join()).not.toContain('未关联到该人员的一生一档');
    expect(await stored()).toEqual({ id_number: PUPIL, person_id_number: PUPIL });
  });

  it('files the record apart and says so in the correction warning', async () => {
    // The pupil L2024002's stored ID is itself an adult's (the parent's): a change to another adult's is not kept off.
    await roll('r-1.csv', PUPIL, '2021-10-01', '', [line(PARENT, '', 'L2024002')]);
    const r = await roll('r-2.csv', PUPIL, '2021-10-08', '', [line(GRANDPARENT, '', 'L2024002')]);
    const corrected = r.warnings.filter((w) => w.message.includes('已按更正身份证号导入'));
    expect(corrected).toHaveLength(1);
    expect(corrected[0]!.message).toContain('按学籍号新建的人员档案');
    expect(corrected[0]!.message).not.toContain('转到新身份证号的人员档案');
    // And so it is: no person holds the parent's ID; the record's person is keyed by its 学籍号.
    const parent = await database.db
      .selectFrom('person')
      .select('id')
      .where('id_number', '=', GRANDPARENT)
      .executeTakeFirst();
    expect(parent).toBeUndefined();
  });

  it('keeps the pupil’s own ID when a roll gives a twin’s, of another county and another name (tester v22b F3)', async () => {
    // 王浩 at 清流's school; his twin 王涛 (L2024009) at 明溪's. A 明溪 roll types 王浩's ID into 王涛's row.
    const TAO = id('20110503', 31);
    const HAO = `350423${TAO.slice(6, 14)}033`;
    const hao = HAO + idCheckChar(HAO)!;
    const qlRoll = path.join(dir, 'ql-twin.csv');
    fs.writeFileSync(
      qlRoll,
      `${HEAD}\nL2024901,王浩,男,2011-05-03,${hao},2135000002,清流县实验小学,小学,四年级,\n`,
    );
    const ql = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      { path: qlRoll, filename: 'ql-twin.csv' },
      { asOf: '2021-09-01', confirmLeft: true },
    );
    expect(ql.ok, `${ql.fileError} ${JSON.stringify(ql.errors)}`).toBe(true);
    const tao = (x: string) => `L2024009,王涛,男,2011-05-03,${x},2135000001,明溪县实验小学,小学,四年级,`;
    await roll('t-0.csv', PUPIL, '2021-10-01', '', [tao(TAO)]);
    const file = () =>
      database.db
        .selectFrom('student as s')
        .innerJoin('person as p', 'p.id', 's.person_id')
        .select(['s.id_number', 'p.id_number as person_id_number', 'p.id as person'])
        .where('s.student_no', '=', 'L2024009')
        .executeTakeFirstOrThrow();
    const before = await file();
    expect(before.id_number).toBe(TAO);
    const r = await roll('t-1.csv', PUPIL, '2021-10-15', '', [tao(hao)]);
    expect(r.warnings.filter((w) => w.message.includes('已按更正身份证号导入'))).toEqual([]);
    expect(r.warnings).toContainEqual(
      expect.objectContaining({
        row: 3,
        column: '身份证件号',
        message: expect.stringContaining(
          '在系统中属于另一人（姓名与本行不同），不是该生本人的证件号（疑为兄弟姐妹的）：沿用该学籍号原有的身份证号',
        ),
      }),
    );
    expect(await file()).toEqual(before);
  });
});
