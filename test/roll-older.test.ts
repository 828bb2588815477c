import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { schoolRow, seedMiniRegions } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

/**
 * A roll that undoes an earlier import — last term's file given after this term's (tester v17b B3):
 * it would bring back as 复学 a pupil that import recorded as left (taking a dropout off the
 * out-of-school list) and send away the pupil it brought in. It waits for the user's word that it is
 * the school's newest roll; ordinary turnover does not.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-older-roll-'));
let database: Database;
const MINGXI: Actor = { ...SYSTEM_ACTOR, role: 'county_admin', scopeCode: '350421' };
const id = (ymd: string, seq: number): string => {
  const first17 = `350421${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
};
const HEAD = '学籍号,姓名,性别,出生日期,身份证件号,学校标识码,学校名称,学段,年级';
const pupil = (name: string, ymd: string, seq: number) => {
  const x = id(ymd, seq);
  const birth = `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
  return `G${x},${name},${Number(x[16]) % 2 ? '男' : '女'},${birth},${x},2135000001,明溪县实验小学,小学,四年级`;
};
const [A, B, C, D, E, F] = [
  pupil('甲一', '20110101', 11),
  pupil('乙二', '20110202', 13),
  pupil('丙三', '20110303', 15),
  pupil('丁四', '20110404', 17),
  pupil('戊五', '20110505', 19),
  pupil('己六', '20110606', 21),
];
let n = 0;
async function roll(lines: string[], asOf: string, confirmNewest = false) {
  const name = `roll-${++n}.csv`;
  const f = path.join(dir, name);
  fs.writeFileSync(f, `${[HEAD, ...lines].join('\n')}\n`);
  return importStudents(database.db, MINGXI, { path: f, filename: name }, { asOf, confirmNewest });
}
const status = async (line: string) =>
  (
    await database.db
      .selectFrom('student')
      .select('status')
      .where('student_no', '=', line.split(',')[0]!)
      .executeTakeFirstOrThrow()
  ).status;

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
});

afterAll(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`a roll older than one already imported (${testDbKind})`, () => {
  it('holds last term’s roll given after this term’s, naming who would return and who would leave', async () => {
    expect((await roll([A, B, C, D], '2020-09-01')).ok).toBe(true);
    // This term: 丁四 left (a dropout to follow up), 戊五 is new.
    const term = await roll([A, B, C, E], '2021-02-20');
    expect(term.counts).toMatchObject({ left: 1, new: 1 });
    // Last term's file again.
    const old = await roll([A, B, C, D], '2021-03-01');
    expect(old).toMatchObject({ ok: false, confirm: 'newest', batchId: null });
    expect(old.fileError).toContain('本文件可能是旧名册');
    expect(old.fileError).toContain('roll-2.csv');
    expect(old.fileError).toContain(
      '已把 1 名学生记为离校，本文件又把他们列为在读（第 5 行（丁四 G350421********',
    );
    expect(old.fileError).toContain('新增或转入的 1 名学生不在本文件中（戊五 G350421*');
    // Nothing written: the dropout stays left, the newcomer stays.
    expect(await status(D)).toBe('left');
    expect(await status(E)).toBe('enrolled');
    // The user's word: imported as it says.
    const sure = await roll([A, B, C, D], '2021-03-01', true);
    expect(sure).toMatchObject({ ok: true, counts: { returned: 1, left: 1 } });
    expect(await status(D)).toBe('enrolled');
  });

  it('lets ordinary turnover through: a leaver back while the newcomers stay, or a newcomer gone alone', async () => {
    // Now: A B C D enrolled, E left (by the confirmed roll above). E returns, F is new: no undoing.
    const back = await roll([A, B, C, D, E, F], '2021-04-01');
    expect(back).toMatchObject({ ok: true, counts: { returned: 1, new: 1 } });
    // F leaves alone: ordinary.
    const gone = await roll([A, B, C, D, E], '2021-05-01');
    expect(gone).toMatchObject({ ok: true, counts: { left: 1 } });
  });

  it('holds a roll that puts most pupils back a year, whatever import it predates (tester v21b F6)', async () => {
    // The new school year: everyone up to 五年级 (one pupil's grade corrected down: ordinary).
    const up = (line: string) => line.replace(/四年级$/, '五年级');
    expect((await roll([up(A), up(B), up(C), up(D), E], '2021-09-01')).ok).toBe(true);
    // Last year's file again: four of five back to 四年级, no one left or arriving.
    const old = await roll([A, B, C, D, E], '2021-09-15');
    expect(old).toMatchObject({ ok: false, confirm: 'newest' });
    expect(old.fileError).toMatch(
      /^本文件可能是旧名册：4 名学生的年级比系统中现有的低（第 2 行（G350421\*+\d）五年级→四年级/,
    );
    const grade = async (line: string) =>
      (
        await database.db
          .selectFrom('student')
          .select('grade')
          .where('student_no', '=', line.split(',')[0]!)
          .executeTakeFirstOrThrow()
      ).grade;
    expect(await grade(A)).toBe('五年级');
    // The user's word.
    expect((await roll([A, B, C, D, E], '2021-09-15', true)).ok).toBe(true);
    expect(await grade(A)).toBe('四年级');
  });
});

describe(`an older county roll across schools (${testDbKind})`, () => {
  // Two more schools of the county: the leaver came back to one, the newcomers left the other.
  const first = (line: string) => line.replace('2135000001,明溪县实验小学', '2135000004,明溪县第三小学');
  const second = (line: string) => line.replace('2135000001,明溪县实验小学', '2135000003,明溪县第二小学');
  const P = ['庚一', '辛二', '壬三', '癸四', '子五', '丑六'].map((name, i) =>
    pupil(name, `2012010${i + 1}`, 31 + 2 * i),
  );
  const [G1, G2, H1, H2, NEW1, NEW2] = [
    first(P[0]!),
    first(P[1]!),
    second(P[2]!),
    second(P[3]!),
    second(P[4]!),
    second(P[5]!),
  ];

  it('holds last term’s county roll whose returning pupil and whose lost newcomers are at different schools (tester v26b F1)', async () => {
    await database.db
      .insertInto('school')
      .values([
        schoolRow('2135000003', '明溪县第二小学', '350421100'),
        schoolRow('2135000004', '明溪县第三小学', '350421100'),
      ])
      .execute();
    expect((await roll([G1, G2, H1, H2], '2020-09-01')).ok).toBe(true);
    // This term: G2 left the first school; two newcomers at the second.
    const term = await roll([G1, H1, H2, NEW1, NEW2], '2021-02-20');
    expect(term.counts).toMatchObject({ left: 1, new: 2 });
    const old = await roll([G1, G2, H1, H2], '2021-03-01');
    expect(old).toMatchObject({ ok: false, confirm: 'newest' });
    expect(await status(G2)).toBe('left');
    expect(await status(NEW1)).toBe('enrolled');
  });

  it('holds a roll that gives a pupil of a national 学籍号 a temporary one again, and imports it on the user’s word (tester v26d F2)', async () => {
    const x = id('20130111', 501);
    const row = (no: string) => `${no},黄一帆,男,2013-01-11,${x},2135000003,明溪县第二小学,小学,二年级`;
    // Stored now under G + ID (this school's current pupils, so that nothing else moves).
    const current = async () =>
      (
        await database.db
          .selectFrom('student')
          .select('student_no')
          .where('school_code', '=', '2135000003')
          .where('status', '=', 'enrolled')
          .execute()
      ).map((r) => r.student_no);
    const others = (await current()).map((no) => [H1, H2, NEW1, NEW2].find((l) => l.startsWith(`${no},`))!);
    expect((await roll([...others, row('L2020000901')], '2021-03-02')).ok).toBe(true);
    expect((await roll([...others, row(`G${x}`)], '2021-03-03')).counts).toMatchObject({ updated: 1 });
    const back = await roll([...others, row('L2020000901')], '2021-03-04');
    expect(back).toMatchObject({ ok: false, confirm: 'newest' });
    expect(back.fileError).toMatch(/^本文件可能是旧名册：1 名学生在系统中已有全国学籍号/);
    expect(back.fileError).toContain(`L2020000901（系统中为 G${x.slice(0, 6)}`);
    expect(await current()).toContain(`G${x}`);
    const sure = await roll([...others, row('L2020000901')], '2021-03-04', true);
    expect(sure).toMatchObject({ ok: true, counts: { new: 1, left: 1 } });
    // A temporary number on a row whose ID cell is empty: found by name and birth date, held too
    // (verifier v26f F1).
    const y = id('20130212', 503);
    const other = (no: string, idCell: string) =>
      `${no},黄二帆,男,2013-02-12,${idCell},2135000003,明溪县第二小学,小学,二年级`;
    const now = [...others, row('L2020000901')];
    expect((await roll([...now, other(`G${y}`, y)], '2021-03-05')).ok).toBe(true);
    const bare = await roll([...now, other('L2020000902', '')], '2021-03-06');
    expect(bare).toMatchObject({ ok: false, confirm: 'newest' });
    expect(bare.fileError).toContain('L2020000902（系统中为 G');
  });

  it('holds it too when the pupil who left is enrolled in another county since, and the transfer is confirmed (tester v26d F1)', async () => {
    // 清流's roll takes G2 in (he left 明溪 this term).
    const QINGLIU: Actor = { ...SYSTEM_ACTOR, role: 'county_admin', scopeCode: '350423' };
    const f = path.join(dir, 'qingliu.csv');
    fs.writeFileSync(
      f,
      `${[HEAD, G2.replace('2135000004,明溪县第三小学', '2135000002,清流县实验小学')].join('\n')}\n`,
    );
    const q = await importStudents(
      database.db,
      QINGLIU,
      { path: f, filename: 'qingliu.csv' },
      { asOf: '2021-03-05' },
    );
    expect(q.ok, JSON.stringify(q.fileError ?? q.errors)).toBe(true);
    const school = async (line: string) =>
      (
        await database.db
          .selectFrom('student')
          .select('school_code')
          .where('student_no', '=', line.split(',')[0]!)
          .executeTakeFirstOrThrow()
      ).school_code;
    expect(await school(G2)).toBe('2135000002');
    // 明溪's last-term roll again: first the transfer question, then — the transfer confirmed — the old roll's.
    const name = `roll-${++n}.csv`;
    const old = path.join(dir, name);
    fs.writeFileSync(old, `${[HEAD, G1, G2, H1, H2].join('\n')}\n`);
    const asked = await importStudents(
      database.db,
      MINGXI,
      { path: old, filename: name },
      { asOf: '2021-03-10' },
    );
    expect(asked).toMatchObject({ ok: false, confirm: 'transfer' });
    const held = await importStudents(
      database.db,
      MINGXI,
      { path: old, filename: name },
      { asOf: '2021-03-10', confirmTransfer: true },
    );
    expect(held).toMatchObject({ ok: false, confirm: 'newest' });
    expect(await school(G2)).toBe('2135000002');
    expect(await status(NEW1)).toBe('enrolled');
  });
});
