/**
 * An outside tester's P1 (v27b F1): a county rejected a pupil's match to a registry person; the next
 * year's registry split the household (分户) and gave the same person — same name, same ID — a new
 * 人编号. The rejection was keyed by the old 人编号, so the next run confirmed the pupil to the same
 * person again, while the person file still showed the rejection in force.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { fillDecidedPersons } from '../src/db/migrations/20261208_0021_match_decision_person.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { runComparison } from '../src/modules/comparison/comparison.service.ts';
import { decideReview } from '../src/modules/comparison/review.service.ts';
import { getPersonFile } from '../src/modules/persons/persons.queries.ts';
import { importRegistry } from '../src/modules/registry/registry.import.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { seedMiniRegions } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-renumbered-'));
let database: Database;
const mingxi: Actor = { ...SYSTEM_ACTOR, id: 0, role: 'county_admin', scopeCode: '350421' };

const id = (ymd: string, seq: number): string => {
  const first17 = `350421${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
};
const DAD = id('19800101', 111);
const MOM = id('19820303', 122);
const ZHEMING = id('20110507', 131);
const SISTER = id('20130909', 142);

const ROLL = [
  '学籍号,姓名,性别,出生日期,身份证件号,学校标识码,学校名称,学段,年级,监护人姓名',
  `L2020001,何哲铭,男,2011-05-07,${ZHEMING},2135000001,明溪县实验小学,小学,四年级,何父`,
  `L2020002,何哲妍,女,2013-09-09,${SISTER},2135000001,明溪县实验小学,小学,二年级,何父`,
  ...Array.from({ length: 60 }, (_, i) => {
    const day = `2010${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 27)).padStart(2, '0')}`;
    const name = `${'张李黄吴郑周徐孙'[i % 8]}${'子一小文明华国'[i % 7]}${'轩涵宇琪睿'[i % 5]}`;
    return `L2021${String(i).padStart(3, '0')},${name},男,${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)},${id(day, 401 + 2 * i)},2135000001,明溪县实验小学,小学,五年级,家长`;
  }),
].join('\n');

/** The 2022 list: both children renumbered again, their former numbers P13 and P93 given to newcomers. */
const LIST_2022 = [
  `H1,P11,何父,${DAD},户主,明溪县,雪峰镇`,
  `H9,P91,何母,${MOM},户主,明溪县,雪峰镇`,
  `H9,P94,何哲铭,${ZHEMING},之子,明溪县,雪峰镇`,
  `H9,P95,何哲妍,${SISTER},之女,明溪县,雪峰镇`,
  `H7,P70,赵父,${id('19790202', 151)},户主,明溪县,雪峰镇`,
  `H7,P13,赵新宇,${id('20120606', 162)},之子,明溪县,雪峰镇`,
  `H7,P93,朱小雨,${id('20140404', 174)},之女,明溪县,雪峰镇`,
];

const registryFile = (name: string, rows: string[]) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, ['户编号,人编号,姓名,证件号码,与户主关系,县(市、区),乡(镇)', ...rows].join('\n'));
  return { path: file, filename: name };
};
const resultOf = (studentNo: string) =>
  database.db
    .selectFrom('match_result as r')
    .innerJoin('student as s', 's.id', 'r.student_id')
    .innerJoin('match_run as m', 'm.id', 'r.run_id')
    .select(['s.id', 'r.result', 'r.person_no', 'r.explanation'])
    .where('s.student_no', '=', studentNo)
    .orderBy('m.id', 'desc')
    .executeTakeFirstOrThrow();

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
  await importRegistry(
    database.db,
    mingxi,
    registryFile('registry-2020.csv', [
      `H1,P11,何父,${DAD},户主,明溪县,雪峰镇`,
      `H1,P12,何母,${MOM},配偶,明溪县,雪峰镇`,
      `H1,P13,何哲铭,${ZHEMING},之子,明溪县,雪峰镇`,
      `H1,P14,何哲妍,${SISTER},之女,明溪县,雪峰镇`,
    ]),
  );
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

describe(`review decisions on a person the registry renumbered (${testDbKind})`, () => {
  it('keeps a rejection when a household split gives the same person a new 人编号', async () => {
    await runComparison(database.db, mingxi, { asOf: '2020-09-01' });
    const zheming = await resultOf('L2020001');
    expect(zheming).toMatchObject({ result: 'confirmed', person_no: 'P13' });
    await decideReview(database.db, mingxi, zheming.id, {
      personNo: 'P13',
      decision: 'reject',
      note: '县资助中心入户核实：学籍上的何哲铭不是该户子女',
    });
    const sister = await resultOf('L2020002');
    expect(sister).toMatchObject({ result: 'confirmed', person_no: 'P14' });

    // 2021: the mother and the children split off into a household of their own, renumbered.
    const split = await importRegistry(
      database.db,
      mingxi,
      registryFile('registry-2021.csv', [
        `H1,P11,何父,${DAD},户主,明溪县,雪峰镇`,
        `H9,P91,何母,${MOM},户主,明溪县,雪峰镇`,
        `H9,P92,何哲铭,${ZHEMING},之子,明溪县,雪峰镇`,
        `H9,P93,何哲妍,${SISTER},之女,明溪县,雪峰镇`,
      ]),
    );
    expect(split.ok).toBe(true);
    const { stats } = await runComparison(database.db, mingxi, { asOf: '2020-09-01' });
    // The reviewer said this pupil is not that person: the person's new number changes nothing.
    const after = await resultOf('L2020001');
    expect(after.result).not.toBe('confirmed');
    expect(after.person_no).not.toBe('P92');
    expect(stats.remembered).toBeGreaterThanOrEqual(1);
    // The sister, confirmed by the matcher, follows her new number as before.
    expect(await resultOf('L2020002')).toMatchObject({ result: 'confirmed', person_no: 'P93' });

    // The same roll again: the pupil stays in a file of his own, not filed under the renumbered person.
    const studentPerson = async (no: string) =>
      (
        await database.db
          .selectFrom('student')
          .select('person_id')
          .where('student_no', '=', no)
          .executeTakeFirstOrThrow()
      ).person_id;
    const registryPerson = async (no: string) =>
      (
        await database.db
          .selectFrom('registry_person')
          .select('person_id')
          .where('person_no', '=', no)
          .where('current', '=', true)
          .executeTakeFirstOrThrow()
      ).person_id;
    const own = await studentPerson('L2020001');
    expect(own).not.toBe(await registryPerson('P92'));
    const roll = path.join(dir, 'roll-again.csv');
    fs.writeFileSync(roll, `${ROLL}\n`);
    const again = await importStudents(
      database.db,
      mingxi,
      { path: roll, filename: 'roll-again.csv' },
      { asOf: '2020-10-15' },
    );
    expect(again.ok, JSON.stringify(again.errors)).toBe(true);
    expect(again.warnings.map((w) => w.message).join('\n')).toContain('信息比对核实时已否决该生是此人');
    expect(await studentPerson('L2020001')).toBe(own);
  });

  it('keeps decisions with their persons when a later list gives their old numbers to other children (verifier v27d F1)', async () => {
    // A reviewer confirms the sister by hand (as 人工确认 stores it) under her current number P93.
    const sister = await resultOf('L2020002');
    await decideReview(database.db, mingxi, sister.id, {
      personNo: 'P93',
      decision: 'confirm',
      note: '核对户口簿',
    });
    // 2022: both children renumbered again, and their former numbers P13 and P93 given to newcomers.
    const next = await importRegistry(
      database.db,
      mingxi,
      registryFile('registry-2022.csv', LIST_2022),
      undefined,
      { confirmRemoval: true },
    );
    expect(next.ok, JSON.stringify(next.errors)).toBe(true);
    await runComparison(database.db, mingxi, { asOf: '2020-09-01' });
    // The rejection of 何哲铭 holds under P94; nothing lands on the newcomer now called P13.
    const zheming = await resultOf('L2020001');
    expect(zheming.result).not.toBe('confirmed');
    expect(zheming.person_no).not.toBe('P13');
    // The sister's confirmation follows her to P95, not to 朱小雨 under her old number.
    expect(await resultOf('L2020002')).toMatchObject({ result: 'confirmed', person_no: 'P95' });
  });

  it('marks in the 一生一档 a decision in force whose person is on no current list (verifier v27e)', async () => {
    const sisterFile = async () => {
      const pid = (
        await database.db
          .selectFrom('student')
          .select('person_id')
          .where('student_no', '=', 'L2020002')
          .executeTakeFirstOrThrow()
      ).person_id!;
      return (await getPersonFile(database.db, mingxi, Number(pid)))!.decisions.filter(
        (d) => d.decision === 'confirm',
      );
    };
    expect((await sisterFile()).map((d) => [d.in_force, d.person_off_list])).toEqual([[true, undefined]]);
    // 2023: the sister is off the list; her confirmation stays, and the file says whom it waits for.
    const next = await importRegistry(
      database.db,
      mingxi,
      registryFile(
        'registry-2023.csv',
        LIST_2022.filter((r) => !r.includes(',P95,')),
      ),
      undefined,
      { confirmRemoval: true },
    );
    expect(next.ok, JSON.stringify(next.errors)).toBe(true);
    expect((await sisterFile()).map((d) => [d.in_force, d.person_off_list])).toEqual([[true, true]]);
    // Back on the list, under the number she had.
    await importRegistry(database.db, mingxi, registryFile('registry-2023b.csv', LIST_2022), undefined, {
      confirmRemoval: true,
    });
    expect((await sisterFile()).map((d) => [d.in_force, d.person_off_list])).toEqual([[true, undefined]]);
    // (The later test restores nothing of this: it reads the decisions as stored.)
  });

  it('gives a decision stored before the person was the person of the row that held its number then', async () => {
    const stored = () =>
      database.db.selectFrom('match_decision').select(['person_no', 'person_id']).orderBy('id').execute();
    const before = await stored();
    expect(before.map((d) => d.person_no)).toEqual(['P13', 'P93']);
    await database.db.updateTable('match_decision').set({ person_id: null }).execute();
    await fillDecidedPersons(database.db);
    // P13 and P93 were 何哲铭's and 何哲妍's when decided, not the newcomers' who hold them now.
    expect(await stored()).toEqual(before);
    const holder = await database.db
      .selectFrom('registry_person')
      .select('person_id')
      .where('person_no', '=', 'P13')
      .where('current', '=', true)
      .executeTakeFirstOrThrow();
    expect(before[0]!.person_id).not.toBe(holder.person_id);
  });
});
