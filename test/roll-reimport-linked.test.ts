/**
 * An outside tester's P1 (v19b F1): two 建档立卡 children at school whose roll rows hold no ID of
 * their own — two digits swapped (the checksum fails) and the guardian's ID in the child's column —
 * were confirmed by the comparison, which filed each roll row under the child's 一生一档. A school
 * then imported the same roll again ("无变化"), and the import filed both rows under a new ID-less
 * person keyed by the 学籍号: the children were back on the 失学儿童名单 with a 建立台账 button, and
 * each one's person file was split in two, until the comparison ran again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { DEFAULT_COMPULSORY_AGES } from '../src/domain/dropout/age.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { runComparison } from '../src/modules/comparison/comparison.service.ts';
import { listOutOfSchool } from '../src/modules/dropout/out-of-school.queries.ts';
import { importRegistry } from '../src/modules/registry/registry.import.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { seedMiniRegions } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-reimport-linked-'));
let database: Database;
const mingxi: Actor = { ...SYSTEM_ACTOR, id: 0, role: 'county_admin', scopeCode: '350421' };

const id = (ymd: string, seq: number): string => {
  const first17 = `350421${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
};
const LIN_DAD = id('19800101', 111);
const LIN = id('20110303', 113);
const CHEN_DAD = id('19810202', 211);
const CHEN = id('20100404', 213);
const OTHER = id('20100505', 315);
/** 林文博's ID with its 11th and 12th digits swapped: no longer valid. */
const LIN_SWAPPED = `${LIN.slice(0, 10)}${LIN[11]}${LIN[10]}${LIN.slice(12)}`;

const HEAD = '学籍号,姓名,性别,出生日期,身份证件号,学校标识码,学校名称,学段,年级,监护人姓名';
const ROLL = [
  HEAD,
  `L2020001,林文博,男,2011-03-03,${LIN_SWAPPED},2135000001,明溪县实验小学,小学,四年级,林父`,
  `L2020002,陈文博,男,2010-04-04,${CHEN_DAD},2135000001,明溪县实验小学,小学,五年级,陈父`,
  `L2020003,王其他,男,2010-05-05,${OTHER},2135000001,明溪县实验小学,小学,五年级,王父`,
  // Classmates from no registry household: the comparison estimates its weights from the roll.
  ...Array.from({ length: 60 }, (_, i) => {
    const day = `2010${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 27)).padStart(2, '0')}`;
    const x = id(day, 401 + 2 * i);
    const name = `${'张李黄吴郑周徐孙'[i % 8]}${'子一小文明华国'[i % 7]}${'轩涵宇琪睿'[i % 5]}`;
    return `L2021${String(i).padStart(3, '0')},${name},男,${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)},${x},2135000001,明溪县实验小学,小学,五年级,家长`;
  }),
].join('\n');

let n = 0;
async function importRoll() {
  const name = `roll-${++n}.csv`;
  const f = path.join(dir, name);
  fs.writeFileSync(f, `${ROLL}\n`);
  return importStudents(database.db, mingxi, { path: f, filename: name }, { asOf: '2020-10-15' });
}

const personOf = async (no: string) =>
  (
    await database.db
      .selectFrom('student')
      .select('person_id')
      .where('student_no', '=', no)
      .executeTakeFirstOrThrow()
  ).person_id;
const registryPersonOf = async (personNo: string) =>
  (
    await database.db
      .selectFrom('registry_person')
      .select('person_id')
      .where('person_no', '=', personNo)
      .where('current', '=', true)
      .executeTakeFirstOrThrow()
  ).person_id;
const outOfSchoolNames = async () =>
  (await listOutOfSchool(database.db, mingxi, { asOf: '2020-09-01', ages: DEFAULT_COMPULSORY_AGES })).items
    .map((i) => i.name)
    .sort();

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
  const reg = path.join(dir, 'registry.csv');
  fs.writeFileSync(
    reg,
    [
      '户编号,人编号,姓名,证件号码,与户主关系,县(市、区),乡(镇)',
      `H1,P11,林父,${LIN_DAD},户主,明溪县,雪峰镇`,
      `H1,P12,林文博,${LIN},之子,明溪县,雪峰镇`,
      `H2,P21,陈父,${CHEN_DAD},户主,明溪县,雪峰镇`,
      `H2,P22,陈文博,${CHEN},之子,明溪县,雪峰镇`,
    ].join('\n'),
  );
  await importRegistry(database.db, mingxi, { path: reg, filename: 'registry.csv' });
});

afterAll(() => database?.close());

describe(`an unchanged roll imported again keeps compared pupils in their person files (${testDbKind})`, () => {
  it('files both rows under the 建档立卡 child after the comparison, and keeps them off the out-of-school list', async () => {
    await importRoll();
    const { stats } = await runComparison(database.db, mingxi, { asOf: '2020-09-01' });
    expect(stats.confirmed).toBe(2);
    expect(await personOf('L2020001')).toBe(await registryPersonOf('P12'));
    expect(await personOf('L2020002')).toBe(await registryPersonOf('P22'));
    expect(await outOfSchoolNames()).toEqual([]);
  });

  it('leaves them there when the same roll is imported again', async () => {
    const before = await database.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const report = await importRoll();
    expect(report.ok).toBe(true);
    expect(await personOf('L2020001')).toBe(await registryPersonOf('P12'));
    expect(await personOf('L2020002')).toBe(await registryPersonOf('P22'));
    expect(await outOfSchoolNames()).toEqual([]);
    // No new ID-less person beside them (the split 一生一档).
    const after = await database.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
