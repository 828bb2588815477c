import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { maskStudentNo } from '../src/domain/identity/personal-mask.ts';
import { defaultAsOf, runComparison } from '../src/modules/comparison/comparison.service.ts';
import { loadExcel } from '../src/modules/xlsx/exceljs.ts';
import type { App } from '../src/server/http.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { addUser, callAs, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import {
  fakeId,
  makeRegistryPerson,
  makeStudent,
  resetFactories,
  yearsAgo,
} from './helpers/dropout-factories.ts';

// 疑似在外县就读: 明溪县's comparison sees 明溪县's roll only. A registry child of 明溪县 who studies at
// 清流县实验小学, on a roll row without an ID, stays on 明溪县's out-of-school list — with a 核实提示
// naming the school and the masked 学籍号, on the comparison's list, the 控辍保学 list and both
// exports. Another valid ID on that row is another child: no hint. A city-wide run compares every
// roll itself: no hint.

let database: Database;
let app: App;
const cookie: Record<string, string> = {};
const call = (who: string, method: 'GET' | 'POST', url: string) => callAs(app, cookie, who, method, url);

const mingxi: Actor = { ...SYSTEM_ACTOR, role: 'county_admin', scopeCode: '350421' };
const asOf = defaultAsOf();
const born = yearsAgo(10);
let childId = 0;
let tradChildId = 0;
let strangerId = 0;
let pupil: { id: number; student_no: string };

/** The out-of-school rows (registry person → hint) the latest runs left. */
async function oosHints(): Promise<Map<number, string | null>> {
  const rows = await database.db.selectFrom('out_of_school').select(['registry_person_id', 'hint']).execute();
  return new Map(rows.map((r) => [r.registry_person_id, r.hint]));
}

/** A registry child whose ID the comparison reads (the factory stores it as trusted only). */
async function registryChild(name: string, regionCode = '350421100'): Promise<number> {
  const rp = await makeRegistryPerson(database.db, { name, birthDate: born, regionCode });
  await database.db
    .updateTable('registry_person')
    .set({ id_number_raw: rp.id_number })
    .where('id', '=', rp.id)
    .execute();
  return rp.id;
}

/** The rows of the first sheet of an xlsx download, cell values as text. */
async function sheetRows(body: Buffer): Promise<string[][]> {
  const wb = new (loadExcel().Workbook)();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const out: string[][] = [];
  ws.eachRow((row) => {
    out.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
  });
  return out;
}

beforeAll(async () => {
  resetFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  await addUser(database, 'mx-admin', 'county_admin', { scopeCode: '350421' });
  app = await testApp(database);
  cookie.mx = await login(app, 'mx-admin');
  childId = await registryChild('林小梅');
  // Written in traditional characters in the registry: the name reads as the roll's 陈思源.
  tradChildId = await registryChild('陳思源');
  // A namesake born on another day is another child.
  strangerId = await registryChild('王小明');
  pupil = await makeStudent(database.db, {
    name: '林小梅',
    birthDate: born,
    schoolCode: '2135000002',
    regionCode: '350423100',
    idNumber: null,
  });
  await makeStudent(database.db, {
    name: '陈思源',
    birthDate: born,
    schoolCode: '2135000002',
    regionCode: '350423100',
    idNumber: null,
  });
  await makeStudent(database.db, {
    name: '王小明',
    birthDate: yearsAgo(10, 3),
    schoolCode: '2135000002',
    regionCode: '350423100',
    idNumber: null,
  });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe(`a child of one county at school in another (${testDbKind})`, () => {
  it('stays on the county’s out-of-school list, with the other county’s school as the hint', async () => {
    const { stats } = await runComparison(database.db, mingxi, { asOf });
    expect(stats.outOfSchool).toBe(3);
    const hints = await oosHints();
    const expected = `疑似在外县就读：清流县实验小学有同名同出生日期的在读学生（学籍号 ${maskStudentNo(pupil.student_no)}），请与该校核实`;
    expect(hints.get(childId)).toBe(expected);
    expect(hints.get(tradChildId)).toMatch(/^疑似在外县就读：清流县实验小学/);
    expect(hints.get(strangerId)).toBeNull();

    // The comparison's list and its export.
    const list = await call('mx', 'GET', '/api/comparison/results?list=unenrolled&pageSize=50');
    expect(list.status).toBe(200);
    const row = list.body.items.find((i: { registry_person_id: number }) => i.registry_person_id === childId);
    expect(row.hint).toBe(expected);
    const cmpFile = await app.inject({
      method: 'GET',
      url: '/api/comparison/export?list=unenrolled&format=xlsx',
      headers: { cookie: cookie.mx! },
    });
    const cmpRows = await sheetRows(cmpFile.rawPayload);
    const cmpCol = cmpRows[0]!.indexOf('核实提示');
    expect(cmpCol).toBeGreaterThan(0);
    expect(cmpRows.find((r) => r[1] === '林小梅')![cmpCol]).toBe(expected);
    // A student list's export has the birth date beside the masked ID, as the list does (tester t28f F4).
    const studentFile = await app.inject({
      method: 'GET',
      url: '/api/comparison/export?list=unmatched&format=xlsx',
      headers: { cookie: cookie.mx! },
    });
    expect((await sheetRows(studentFile.rawPayload))[0]!.slice(0, 4)).toEqual([
      '学籍号',
      '姓名',
      '身份证件号',
      '出生日期',
    ]);

    // The 控辍保学 list, made from the tables, and its export.
    const oos = await call('mx', 'GET', '/api/dropout/out-of-school?pageSize=100');
    expect(oos.status).toBe(200);
    const item = oos.body.items.find((i: { id: number }) => i.id === childId);
    expect(item.hint).toBe(expected);
    expect(oos.body.items.find((i: { id: number }) => i.id === strangerId).hint).toBeNull();
    const file = await app.inject({
      method: 'GET',
      url: '/api/dropout/out-of-school/export?format=xlsx',
      headers: { cookie: cookie.mx! },
    });
    expect(file.statusCode).toBe(200);
    const rows = await sheetRows(file.rawPayload);
    const col = rows[0]!.indexOf('核实提示');
    expect(col).toBeGreaterThan(0);
    expect(rows.find((r) => r[1] === '林小梅')![col]).toBe(expected);
    expect(rows.find((r) => r[1] === '王小明')![col] ?? '').toBe('');
  });

  it('gives no hint when the other county’s row carries another valid ID (another child)', async () => {
    await database.db
      .updateTable('student')
      .set({ id_number: fakeId(born, '350423') })
      .where('id', '=', pupil.id)
      .execute();
    await runComparison(database.db, mingxi, { asOf });
    const hints = await oosHints();
    expect(hints.has(childId)).toBe(true);
    expect(hints.get(childId)).toBeNull();
    // The other child of the run keeps theirs.
    expect(hints.get(tradChildId)).toMatch(/^疑似在外县就读/);
  });

  it('gives no hint after a city-wide run: its matcher compared every roll of the city', async () => {
    await database.db.updateTable('student').set({ id_number: null }).where('id', '=', pupil.id).execute();
    await runComparison(database.db, SYSTEM_ACTOR, { asOf });
    const rows = await database.db
      .selectFrom('out_of_school')
      .select(['registry_person_id', 'hint'])
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.hint !== null)).toEqual([]);
  });
});
