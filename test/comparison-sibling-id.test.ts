/**
 * An outside tester's P2 (v20a F2): twin sisters on one roll, the second row carrying the first
 * one's ID. The review listed the ID's holder first (both scored 100), and once a reviewer had
 * confirmed the row to the sister it names, nothing said the roll still carried her twin's ID; the
 * stored explanation still read "两个号码均有效，应为不同的人".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { listStudentResults as listComparison } from '../src/modules/comparison/comparison.queries.ts';
import { runComparison } from '../src/modules/comparison/comparison.service.ts';
import {
  decideReview,
  getReview,
  linkPerson,
  previewLink,
} from '../src/modules/comparison/review.service.ts';
import { getPersonFile } from '../src/modules/persons/persons.queries.ts';
import { importRegistry } from '../src/modules/registry/registry.import.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { seedMiniRegions } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { outOfSchoolPersonNos } from './helpers/out-of-school.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-sibling-id-'));
let database: Database;
const mingxi: Actor = { ...SYSTEM_ACTOR, id: 0, role: 'county_admin', scopeCode: '350421' };

const id = (ymd: string, seq: number): string => {
  const first17 = `350421${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
};
const DAD = id('19800101', 111);
const LING = id('20110507', 122);
const MENGXUAN = id('20110507', 124);

const ROLL = [
  '学籍号,姓名,性别,出生日期,身份证件号,学校标识码,学校名称,学段,年级,监护人姓名,是否建档立卡',
  `L2020001,雷玲,女,2011-05-07,${LING},2135000001,明溪县实验小学,小学,四年级,雷父,是`,
  // Her twin sister's row, with 雷玲's ID typed in.
  `L2020002,雷梦萱,女,2011-05-07,${LING},2135000001,明溪县实验小学,小学,四年级,雷父,是`,
  // Classmates from no registry household: the comparison estimates its weights from the roll.
  ...Array.from({ length: 60 }, (_, i) => {
    const day = `2010${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 27)).padStart(2, '0')}`;
    const x = id(day, 401 + 2 * i);
    const name = `${'张李黄吴郑周徐孙'[i % 8]}${'子一小文明华国'[i % 7]}${'轩涵宇琪睿'[i % 5]}`;
    // The first is marked 建档立卡 by the school, and is in no registry household: 疑似错认.
    return `L2021${String(i).padStart(3, '0')},${name},男,${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)},${x},2135000001,明溪县实验小学,小学,五年级,家长,${i === 0 ? '是' : '否'}`;
  }),
].join('\n');

const outOfSchoolNos = () => outOfSchoolPersonNos(database.db);
const resultOf = (studentNo: string) =>
  database.db
    .selectFrom('match_result as r')
    .innerJoin('student as s', 's.id', 'r.student_id')
    .select([
      's.id',
      's.school_code',
      's.region_code',
      'r.result',
      'r.person_no',
      'r.explanation',
      'r.id_problem',
      'r.candidates',
      'r.score',
    ])
    .where('s.student_no', '=', studentNo)
    .executeTakeFirstOrThrow();

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
  const reg = path.join(dir, 'registry.csv');
  fs.writeFileSync(
    reg,
    [
      '户编号,人编号,姓名,证件号码,与户主关系,县(市、区),乡(镇)',
      `H1,P11,雷父,${DAD},户主,明溪县,雪峰镇`,
      `H1,P12,雷玲,${LING},之女,明溪县,雪峰镇`,
      `H1,P13,雷梦萱,${MENGXUAN},之女,明溪县,雪峰镇`,
      `H2,P21,张父,${id('19790303', 211)},户主,明溪县,雪峰镇`,
      `H2,P22,张梓萱,${id('20100202', 222)},之女,明溪县,雪峰镇`,
    ].join('\n'),
  );
  await importRegistry(database.db, mingxi, { path: reg, filename: 'registry.csv' });
  const roll = path.join(dir, 'roll.csv');
  fs.writeFileSync(roll, `${ROLL}\n`);
  const report = await importStudents(
    database.db,
    mingxi,
    { path: roll, filename: 'roll.csv' },
    { asOf: '2020-10-15' },
  );
  expect(report.ok).toBe(true);
});

afterAll(() => database?.close());

describe(`a twin's row carrying her sister's ID (${testDbKind})`, () => {
  it('lists the sister the row names first for review', async () => {
    await runComparison(database.db, mingxi, { asOf: '2020-09-01' });
    expect((await resultOf('L2020001')).person_no).toBe('P12');
    const r = await resultOf('L2020002');
    expect(r.result).toBe('review');
    const cands = r.candidates as Array<{ personNo: string; explanation: string }>;
    expect(cands.map((c) => c.personNo).slice(0, 2)).toEqual(['P13', 'P12']);
    expect(cands[0]!.explanation).toMatch(/^身份证号不同（该生的身份证号是同户雷玲的）/);
    const review = await getReview(database.db, mingxi, r.id);
    expect(review.candidates[0]!.personNo).toBe('P13');
    // Her guardian 雷父 is the household's head: nothing to mark (tester v20a F7 marks another one).
    expect(review.candidates[0]!.differences?.guardian).toBe(false);
    expect(review.candidates[0]!.household.map((h) => h.name)).toEqual(['雷父', '雷玲', '雷梦萱']);
    expect(JSON.stringify(review)).not.toContain(LING);
    // Nothing beyond the mask of the ID the row carries (tester v21b F2: its last four digits, with
    // the birth date, gave the whole number back, unaudited).
    expect(JSON.stringify(review)).not.toContain(LING.slice(-4));
    expect(JSON.stringify(review)).not.toContain(LING.slice(10, 17));
    // Marked 建档立卡 by her school and waiting in review, she is no 疑似错认 (tester v20a F6): the
    // review decides, and only a pupil without a registry candidate is listed.
    const suspect = await listComparison(database.db, mingxi, 'suspect', { page: 1, pageSize: 100 });
    expect(suspect.items.map((x) => x.student_no)).toEqual(['L2021000']);
  });

  it('reports the ID as her sister’s once a reviewer confirms her, and keeps saying so in later runs', async () => {
    const r = await resultOf('L2020002');
    await decideReview(database.db, mingxi, r.id, {
      personNo: 'P13',
      decision: 'confirm',
      note: '班主任核实',
    });
    const problem = '学生身份证号为建档立卡人员雷玲（之女）的证件号，不是已确认的本人雷梦萱的，请更正';
    const after = await resultOf('L2020002');
    expect(after.id_problem).toBe(problem);
    expect(after.explanation).toMatch(/^人工已确认；身份证号不同（该生的身份证号是同户雷玲的）；姓名一致/);
    expect(after.explanation).not.toContain('应为不同的人');
    await runComparison(database.db, mingxi, { asOf: '2020-09-01' });
    const again = await resultOf('L2020002');
    expect(again.result).toBe('confirmed');
    expect(again.person_no).toBe('P13');
    expect(again.id_problem).toBe(problem);
    // Her sister's own row has no problem.
    expect((await resultOf('L2020001')).id_problem).toBeNull();
    // Her 一生一档 says it too, as the list does (tester v26d F11); a township official, who reads no
    // 建档立卡 identity, is not told whose ID it is.
    const pupil = await database.db
      .selectFrom('student')
      .select('person_id')
      .where('student_no', '=', 'L2020002')
      .executeTakeFirstOrThrow();
    const file = await getPersonFile(database.db, mingxi, pupil.person_id!);
    expect(file!.students.find((x) => x.student_no === 'L2020002')!.match_id_problem).toBe(problem);
    const township: Actor = { ...mingxi, role: 'township_official', scopeCode: '350421100' };
    const seen = await getPersonFile(database.db, township, pupil.person_id!);
    if (seen) expect(JSON.stringify(seen)).not.toContain('雷玲');
  });

  it('links a pupil the comparison left 未匹配 by the registry person’s whole 人编号 or 证件号码 (tester v20a F3)', async () => {
    // The school knows 张子轩 (marked 建档立卡, 疑似错认) is the registry's 张梓萱 under another name.
    const r = await resultOf('L2021000');
    expect(r.result).toBe('unmatched');
    await expect(previewLink(database.db, mingxi, r.id, 'P99')).rejects.toThrow(
      '建档立卡名单中没有人编号或证件号码为“P99”的人员：请输入完整的人编号或 18 位证件号码',
    );
    const byId = await previewLink(database.db, mingxi, r.id, ` ${id('20100202', 222)} `);
    expect(byId.person).toMatchObject({
      personNo: 'P22',
      name: '张梓萱',
      idMasked: expect.stringContaining('********'),
    });
    expect(byId.confirmedTo).toBeNull();
    expect(await outOfSchoolNos()).toContain('P22');
    // Sex and birth date differ too: the preview says so, and the link waits for the reviewer's word
    // that they checked (tester v26b F6); a school may not make it at all.
    expect(byId.differences).toEqual([
      '性别不同（男/女）',
      '出生日期不同（2010-01-01/2010-02-02）',
      '身份证号不同（两个号码均有效）',
    ]);
    expect(byId.unlike).toEqual({ message: expect.stringContaining('很可能不是同一人'), refused: false });
    await expect(
      linkPerson(database.db, mingxi, r.id, { query: 'P22', note: '村委会核实：同一人，学籍姓名为曾用名' }),
    ).rejects.toThrow('请核实后勾选“已核实，确是同一人”再关联');
    const school: Actor = {
      ...mingxi,
      role: 'school_aid_officer',
      scopeCode: r.region_code,
      schoolCode: r.school_code,
    };
    await expect(
      linkPerson(database.db, school, r.id, { query: 'P22', note: '核实为同一人', confirmUnlike: true }),
    ).rejects.toThrow('学校不能关联，如确是同一人，请联系县（市、区）教育局核实后关联');
    expect(await outOfSchoolNos()).toContain('P22');
    await linkPerson(database.db, mingxi, r.id, {
      query: 'P22',
      note: '村委会核实：同一人，学籍姓名为曾用名',
      confirmUnlike: true,
    });
    const after = await resultOf('L2021000');
    expect(after.result).toBe('confirmed');
    expect(after.person_no).toBe('P22');
    expect(after.explanation).toBe('人工已确认；本次比对未将该人员列为候选，按人编号或证件号码人工关联');
    // No 匹配分: the comparison never scored the pair (it read 0, as if the evidence were against).
    expect(after.score).toBeNull();
    expect(after.candidates).toEqual([expect.objectContaining({ personNo: 'P22', score: null })]);
    expect(await outOfSchoolNos()).not.toContain('P22');
    const suspect = await listComparison(database.db, mingxi, 'suspect', { page: 1, pageSize: 100 });
    expect(suspect.items).toEqual([]);
    // Remembered by the next run, and the person is now shown as taken to anyone linking her again.
    await runComparison(database.db, mingxi, { asOf: '2020-09-01' });
    expect((await resultOf('L2021000')).person_no).toBe('P22');
    expect((await resultOf('L2021000')).score).toBeNull();
    expect(await outOfSchoolNos()).not.toContain('P22');
    const other = await resultOf('L2021001');
    const again = await previewLink(database.db, mingxi, other.id, 'P22');
    expect(again.confirmedTo).toMatchObject({ name: '张子轩', studentNo: 'L2021000' });
  });

  it('lets a reviewer correct a link: the later confirmation replaces the earlier one', async () => {
    const r = await resultOf('L2021000');
    await linkPerson(database.db, mingxi, r.id, {
      query: 'P13',
      note: '核实有误，改正',
      confirmUnlike: true,
    });
    const decisions = await database.db
      .selectFrom('match_decision')
      .select(['person_no', 'decision'])
      .where('student_no', '=', 'L2021000')
      .orderBy('person_no')
      .execute();
    expect(decisions).toEqual([
      { person_no: 'P13', decision: 'confirm' },
      { person_no: 'P22', decision: 'reject' },
    ]);
    await runComparison(database.db, mingxi, { asOf: '2020-09-01' });
    expect((await resultOf('L2021000')).person_no).toBe('P13');
    // The 一生一档 keeps the replaced confirmation, marked (tester v26b F7).
    const pupil = await database.db
      .selectFrom('student')
      .select('person_id')
      .where('student_no', '=', 'L2021000')
      .executeTakeFirstOrThrow();
    const file = await getPersonFile(database.db, mingxi, pupil.person_id!);
    const shown = file!.decisions
      .filter((d) => d.student_no === 'L2021000')
      .map((d) => [d.person_no, d.decision, d.in_force]);
    expect(shown).toEqual(
      expect.arrayContaining([
        ['P22', 'confirm', false],
        ['P13', 'confirm', true],
        ['P22', 'reject', true],
      ]),
    );
    expect(shown).toHaveLength(3);
  });
});
