/**
 * An outside tester's P1s (v21b F1, F3): a school could look up and link its pupil to any registry
 * child of another county (人编号 run in sequence) — merging two children's 一生一档, opening the other
 * one's file and moving their aid; and a confirmation undone by a rejection (from a second tab) left
 * the pupil filed under the registry child, who then dropped off the out-of-school list for good.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { allRejectedExplanation } from '../src/domain/matching/review-marks.ts';
import { runComparison } from '../src/modules/comparison/comparison.service.ts';
import {
  decideReview,
  linkPerson,
  previewLink,
  REJECT_CONFIRMED_NEEDS_NOTE,
  RESULT_CHANGED,
} from '../src/modules/comparison/review.service.ts';
import { getPersonFile, searchPersons } from '../src/modules/persons/persons.queries.ts';
import { importRegistry } from '../src/modules/registry/registry.import.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { seedMiniRegions } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { outOfSchoolPersonNos } from './helpers/out-of-school.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-link-scope-'));
let database: Database;
const city: Actor = SYSTEM_ACTOR;
const mingxi: Actor = { ...SYSTEM_ACTOR, role: 'county_admin', scopeCode: '350421' };
const qingliuSchool: Actor = {
  ...SYSTEM_ACTOR,
  role: 'school_aid_officer',
  scopeCode: '350423100',
  schoolCode: '2135000002',
};

const id = (area: string, ymd: string, seq: number): string => {
  const first17 = `${area}${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
};
const YU = id('350421', '20101218', 101);
const ZHAO = id('350423', '20130303', 202);
const ZHAO_BRO = id('350423', '20110404', 213);

/** A school's roll: its named pupils and 60 classmates from no registry household (for the weights). */
function roll(school: string, schoolName: string, prefix: string, area: string, pupils: string[]): string {
  return [
    '学籍号,姓名,性别,出生日期,身份证件号,学校标识码,学校名称,学段,年级',
    ...pupils,
    ...Array.from({ length: 60 }, (_, i) => {
      const day = `2010${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 27)).padStart(2, '0')}`;
      const name = `${'张李黄吴郑周徐孙'[i % 8]}${'子一小文明华国'[i % 7]}${'轩涵宇琪睿'[i % 5]}`;
      return `${prefix}${String(i).padStart(3, '0')},${name},男,${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)},${id(area, day, 401 + 2 * i)},${school},${schoolName},小学,五年级`;
    }),
  ].join('\n');
}

async function importRoll(actor: Actor, name: string, text: string): Promise<void> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${text}\n`);
  const r = await importStudents(database.db, actor, { path: file, filename: name }, { asOf: '2020-10-15' });
  expect(r.ok, JSON.stringify(r.errors)).toBe(true);
}

const student = (studentNo: string) =>
  database.db
    .selectFrom('student as s')
    .innerJoin('match_result as r', 'r.student_id', 's.id')
    .select(['s.id', 's.person_id', 'r.result', 'r.person_no'])
    .where('s.student_no', '=', studentNo)
    .executeTakeFirstOrThrow();
const registryPerson = (personNo: string) =>
  database.db
    .selectFrom('registry_person')
    .select(['id', 'person_id'])
    .where('person_no', '=', personNo)
    .where('current', '=', true)
    .executeTakeFirstOrThrow();
const outOfSchool = () => outOfSchoolPersonNos(database.db);

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
  const reg = path.join(dir, 'registry.csv');
  fs.writeFileSync(
    reg,
    [
      '户编号,人编号,姓名,证件号码,与户主关系,县(市、区),乡(镇)',
      `M1,M11,余父,${id('350421', '19800101', 111)},户主,明溪县,雪峰镇`,
      `M1,M12,余宏逸,${YU},之子,明溪县,雪峰镇`,
      `Q1,Q11,赵父,${id('350423', '19800202', 211)},户主,清流县,龙津镇`,
      `Q1,Q12,赵欣怡,${ZHAO},之女,清流县,龙津镇`,
      `Q1,Q13,赵小明,${ZHAO_BRO},之子,清流县,龙津镇`,
    ].join('\n'),
  );
  await importRegistry(database.db, city, { path: reg, filename: 'registry.csv' });
  // 余宏逸 at 明溪's school; at 清流's, 高宇航 (no registry household) and 赵心怡 (no ID, born ten
  // days from 赵欣怡: a 疑似 for a reviewer).
  await importRoll(
    mingxi,
    'mx.csv',
    roll('2135000001', '明溪县实验小学', 'L2020', '350421', [
      `L100000,余宏逸,男,2010-12-18,${YU},2135000001,明溪县实验小学,小学,四年级`,
    ]),
  );
  await importRoll(
    qingliuSchool,
    'ql.csv',
    roll('2135000002', '清流县实验小学', 'L4020', '350423', [
      `L300000,高宇航,男,2013-03-17,${id('350423', '20130317', 331)},2135000002,清流县实验小学,小学,二年级`,
      'L300001,赵心怡,女,2013-03-13,,2135000002,清流县实验小学,小学,二年级',
      // Her brother's ID typed into a classmate's row (another name, another birth date).
      `L300002,赵小红,女,2012-05-05,${ZHAO_BRO},2135000002,清流县实验小学,小学,二年级`,
    ]),
  );
  await runComparison(database.db, city, { asOf: '2020-09-01' });
});

afterAll(() => database?.close());

describe(`人工关联 and review decisions keep to the user's scope and to what they saw (${testDbKind})`, () => {
  it('names whose ID a pupil’s row carries when it is another registry child’s (tester v21b F4)', async () => {
    const r = await database.db
      .selectFrom('match_result as r')
      .innerJoin('student as s', 's.id', 'r.student_id')
      .select(['r.result', 'r.id_problem'])
      .where('s.student_no', '=', 'L300002')
      .executeTakeFirstOrThrow();
    expect(r.result).not.toBe('confirmed');
    expect(r.id_problem).toBe(
      '学生身份证号为建档立卡人员赵小明（之子，生于2011-04-04）的证件号，与该生的出生日期不符，请核实后更正',
    );
  });

  it('a school cannot look up or link a registry child of another county, not even to learn that one exists', async () => {
    expect((await student('L100000')).person_no).toBe('M12');
    const gao = await student('L300000');
    const none = '建档立卡名单中没有人编号或证件号码为“M12”的人员：请输入完整的人编号或 18 位证件号码';
    await expect(previewLink(database.db, qingliuSchool, gao.id, 'M12')).rejects.toThrow(none);
    await expect(previewLink(database.db, qingliuSchool, gao.id, YU)).rejects.toThrow(
      '没有人编号或证件号码为',
    );
    await expect(
      linkPerson(database.db, qingliuSchool, gao.id, { query: 'M12', note: '测试跨县' }),
    ).rejects.toThrow(none);
    // Nothing moved: 余宏逸's file holds his own enrolment only.
    const yu = await registryPerson('M12');
    expect((await student('L300000')).person_id).not.toBe(yu.person_id);
    expect((await student('L100000')).result).toBe('confirmed');
  });

  it('nor link a child of its own county who is another school’s confirmed pupil', async () => {
    // 清流's own registry child, made the confirmed pupil of the 明溪 school by a city reviewer.
    const yu = await student('L100000');
    await linkPerson(database.db, city, yu.id, {
      query: 'Q12',
      note: '测试：他校已确认',
      confirmUnlike: true,
    });
    const gao = await student('L300000');
    await expect(previewLink(database.db, qingliuSchool, gao.id, 'Q12')).rejects.toThrow(
      '该人员已与您管辖范围以外学校的一名学生确认匹配',
    );
    await expect(
      linkPerson(database.db, qingliuSchool, gao.id, { query: 'Q12', note: '测试' }),
    ).rejects.toThrow('该人员已与您管辖范围以外学校的一名学生确认匹配');
    // Put back.
    await linkPerson(database.db, city, yu.id, { query: 'M12', note: '改正', confirmUnlike: true });
    await runComparison(database.db, city, { asOf: '2020-09-01' });
    expect((await student('L100000')).person_no).toBe('M12');
  });

  it('a rejection after a confirmation gives the pupil a file of their own, and the child is out of school again', async () => {
    const zhao = await student('L300001');
    expect(zhao.result).toBe('review');
    expect(zhao.person_no).toBe('Q12');
    const seen = { result: zhao.result, personNo: zhao.person_no };
    // Tab A confirms; tab B, opened before, rejects: refused, it saw another result.
    await decideReview(database.db, qingliuSchool, zhao.id, { personNo: 'Q12', decision: 'confirm', seen });
    // The audit entry names the student record, not only the 学籍号 (shown masked; tester t28f F1).
    const entry = await database.db
      .selectFrom('audit_log')
      .select('after')
      .where('entity', '=', 'match_result')
      .where('action', '=', 'update')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const logged = (typeof entry.after === 'string' ? JSON.parse(entry.after) : entry.after) as Record<
      string,
      unknown
    >;
    expect(logged).toMatchObject({ studentId: zhao.id, studentName: '赵心怡', decision: 'confirm' });
    expect(typeof logged.school).toBe('string');
    const child = await registryPerson('Q12');
    expect((await student('L300001')).person_id).toBe(child.person_id);
    expect(await outOfSchool()).not.toContain('Q12');
    // The school finds her file by the name on its roll, not only by the registry's (tester v21b F7).
    const hits = await searchPersons(database.db, qingliuSchool, '赵心怡');
    expect(hits.map((h) => h.id)).toContain(child.person_id);
    await expect(
      decideReview(database.db, qingliuSchool, zhao.id, { personNo: 'Q12', decision: 'reject', seen }),
    ).rejects.toThrow(RESULT_CHANGED);
    // The reviewer, having seen the confirmation, rejects it after all — saying how it was checked.
    await decideReview(database.db, qingliuSchool, zhao.id, {
      personNo: 'Q12',
      decision: 'reject',
      note: '经家访核实不是同一人',
      seen: { result: 'confirmed', personNo: 'Q12' },
    });
    const after = await student('L300001');
    expect(after.result).toBe('unmatched');
    expect(after.person_id).not.toBeNull();
    expect(after.person_id).not.toBe(child.person_id);
    const files = await database.db
      .selectFrom('student')
      .select('student_no')
      .where('person_id', '=', child.person_id!)
      .execute();
    expect(files).toEqual([]);
    await runComparison(database.db, city, { asOf: '2020-09-01' });
    expect((await student('L300001')).result).toBe('unmatched');
    expect(await outOfSchool()).toContain('Q12');
  });

  it('a child whose automatic confirmation a reviewer rejected is back on the out-of-school list at the next run (tester v22b F1)', async () => {
    // 余宏逸's row carries his own ID: the matcher confirms him at every run.
    const yu = await student('L100000');
    expect(yu.result).toBe('confirmed');
    expect(await outOfSchool()).not.toContain('M12');
    // Undoing a confirmation takes a note, for the audit (tester v21b F14): none, or a blank one, is refused.
    for (const note of [undefined, ' ', '否', '否决']) {
      await expect(
        decideReview(database.db, city, yu.id, {
          personNo: 'M12',
          decision: 'reject',
          ...(note !== undefined && { note }),
          seen: { result: 'confirmed', personNo: 'M12' },
        }),
        String(note),
      ).rejects.toThrow(REJECT_CONFIRMED_NEEDS_NOTE);
    }
    expect((await student('L100000')).result).toBe('confirmed');
    await decideReview(database.db, city, yu.id, {
      personNo: 'M12',
      decision: 'reject',
      note: '核对户口簿，不是同一人',
      seen: { result: 'confirmed', personNo: 'M12' },
    });
    const audit = await database.db
      .selectFrom('audit_log')
      .select('after')
      .where('entity', '=', 'match_result')
      .where('entity_id', '=', 'L100000')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ decision: 'reject', note: '核对户口簿，不是同一人' });
    // His ID is the child's: said, not “not found in the registry” (tester v24b F5).
    const said = async () =>
      (
        await database.db
          .selectFrom('match_result as r')
          .innerJoin('student as s', 's.id', 'r.student_id')
          .select('r.explanation')
          .where('s.student_no', '=', 'L100000')
          .executeTakeFirstOrThrow()
      ).explanation;
    expect(await said()).toBe(allRejectedExplanation(true));
    await runComparison(database.db, city, { asOf: '2020-09-01' });
    expect((await student('L100000')).result).toBe('unmatched');
    expect(await outOfSchool()).toContain('M12');
    // The same roll imported again, his ID still 余宏逸's: the rejection stands — he stays in a file
    // of his own, the import says why, and the child stays on the list (tester v24b F1).
    const split = (await student('L100000')).person_id;
    const child = await registryPerson('M12');
    expect(split).not.toBe(child.person_id);
    const file = path.join(dir, 'mx-again.csv');
    fs.writeFileSync(
      file,
      `${roll('2135000001', '明溪县实验小学', 'L2020', '350421', [
        `L100000,余宏逸,男,2010-12-18,${YU},2135000001,明溪县实验小学,小学,四年级`,
      ])}\n`,
    );
    const again = await importStudents(
      database.db,
      mingxi,
      { path: file, filename: 'mx-again.csv' },
      {
        asOf: '2020-10-15',
      },
    );
    expect(again.ok, JSON.stringify(again.errors)).toBe(true);
    expect(await said()).toContain('两人之一的证件号有误');
    expect(again.warnings.map((w) => w.message).join('\n')).toContain('信息比对核实时已否决该生是此人');
    expect((await student('L100000')).person_id).toBe(split);
    await runComparison(database.db, city, { asOf: '2020-09-01' });
    expect((await student('L100000')).result).toBe('unmatched');
    expect(await outOfSchool()).toContain('M12');
    // Confirmed again by a reviewer: off the list.
    await linkPerson(database.db, city, yu.id, { query: 'M12', note: '核实为同一人', confirmUnlike: true });
    await runComparison(database.db, city, { asOf: '2020-09-01' });
    expect((await student('L100000')).result).toBe('confirmed');
    expect(await outOfSchool()).not.toContain('M12');
  });

  it('shows a 乡镇干部 no enrolled pupil’s 建档立卡 identity in 一生一档, and the registry of a child at no school (tester v22b F2)', async () => {
    const town = (scopeCode: string): Actor => ({ ...SYSTEM_ACTOR, role: 'township_official', scopeCode });
    // 余宏逸: confirmed, at school in 明溪.
    const yu = await registryPerson('M12');
    const atSchool = (await getPersonFile(database.db, town('350421100'), yu.person_id!))!;
    expect(atSchool.students).toHaveLength(1);
    expect(atSchool.students[0]).toMatchObject({
      result: null,
      person_no: null,
      explanation: null,
      decided_by: null,
    });
    expect([atSchool.registry, atSchool.household, atSchool.lists, atSchool.decisions]).toEqual([
      [],
      [],
      [],
      [],
    ]);
    // The county's aid officer sees it all.
    const county = (await getPersonFile(database.db, mingxi, yu.person_id!))!;
    expect(county.students[0]!.result).toBe('confirmed');
    expect(county.registry.length).toBeGreaterThan(0);
    // 赵欣怡, on the out-of-school list: her registry and household, to find her.
    const zhao = await registryPerson('Q12');
    const away = (await getPersonFile(database.db, town('350423100'), zhao.person_id!))!;
    expect(away.students).toEqual([]);
    expect(away.registry.map((r) => r.person_no)).toEqual(['Q12']);
    expect(away.household.length).toBe(3);
  });
});
