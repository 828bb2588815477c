/**
 * A county reads the 一生一档 of a child on its current 建档立卡 list, or who studies (or studied) at
 * its schools — not of a child whose household has left its list and who studies in another county
 * (tester v22b F8: the county kept the file, the child's new school and the unmasking of the ID).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { getPersonFile, searchPersons } from '../src/modules/persons/persons.queries.ts';
import { importRegistry } from '../src/modules/registry/registry.import.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { seedMiniRegions } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-list-left-'));
let database: Database;
const mingxi: Actor = { ...SYSTEM_ACTOR, role: 'county_admin', scopeCode: '350421' };
const qingliu: Actor = { ...SYSTEM_ACTOR, role: 'county_admin', scopeCode: '350423' };
const id = (area: string, ymd: string, seq: number): string => {
  const first17 = `${area}${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
};
const HAO = id('350421', '20110503', 31);

async function registry(name: string, lines: string[]): Promise<void> {
  const f = path.join(dir, name);
  fs.writeFileSync(f, ['户编号,人编号,姓名,证件号码,与户主关系,县(市、区),乡(镇)', ...lines].join('\n'));
  const r = await importRegistry(database.db, SYSTEM_ACTOR, { path: f, filename: name }, undefined, {
    confirmRemoval: true,
  });
  expect(r.ok, `${r.fileError} ${JSON.stringify(r.errors)}`).toBe(true);
}

const personId = async (): Promise<number> =>
  (await database.db.selectFrom('person').select('id').where('id_number', '=', HAO).executeTakeFirstOrThrow())
    .id;

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
  await registry('y1.csv', [
    `M1,M11,王父,${id('350421', '19800101', 111)},户主,明溪县,雪峰镇`,
    `M1,M12,王浩,${HAO},之子,明溪县,雪峰镇`,
    `M2,M21,李父,${id('350421', '19810101', 131)},户主,明溪县,雪峰镇`,
  ]);
  const roll = path.join(dir, 'ql.csv');
  fs.writeFileSync(
    roll,
    `学籍号,姓名,性别,出生日期,身份证件号,学校标识码,学校名称,学段,年级\nG${HAO},王浩,男,2011-05-03,${HAO},2135000002,清流县实验小学,小学,四年级\n`,
  );
  const r = await importStudents(
    database.db,
    SYSTEM_ACTOR,
    { path: roll, filename: 'ql.csv' },
    { asOf: '2021-09-01' },
  );
  expect(r.ok, JSON.stringify(r.errors)).toBe(true);
});

afterAll(async () => {
  await database?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`a county's 一生一档 follows its current 建档立卡 list (${testDbKind})`, () => {
  it('opens the file of a child on the current list, whatever county the school', async () => {
    const pid = await personId();
    expect(await getPersonFile(database.db, mingxi, pid)).not.toBeNull();
    expect((await searchPersons(database.db, mingxi, '王浩')).map((h) => h.id)).toContain(pid);
    expect(await getPersonFile(database.db, qingliu, pid)).not.toBeNull();
  });

  it('not once the household has left the list: the county of the school keeps it', async () => {
    await registry('y2.csv', [`M2,M21,李父,${id('350421', '19810101', 131)},户主,明溪县,雪峰镇`]);
    const pid = await personId();
    expect(await getPersonFile(database.db, mingxi, pid)).toBeNull();
    expect((await searchPersons(database.db, mingxi, '王浩')).map((h) => h.id)).not.toContain(pid);
    const file = (await getPersonFile(database.db, qingliu, pid))!;
    expect(file.students.map((s) => s.school_name)).toEqual(['清流县实验小学']);
    // The list it was on, as history, where the file opens.
    expect(file.registry.map((r) => [r.person_no, r.current])).toEqual([['M12', false]]);
  });
});
