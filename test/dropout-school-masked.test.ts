import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import type { App } from '../src/server/http.ts';
import { addUser, callAs, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { unzipDocumentXml } from './helpers/docx.ts';
import {
  makePerson,
  makeRegistryPerson,
  makeStudent,
  resetFactories,
  TODAY,
  yearsAgo,
} from './helpers/dropout-factories.ts';

// An outside tester found (1) that a school's accounts (scope: their school, in 雪峰镇) got the
// township's out-of-school children with full IDs from the export (unmask=true, logged), while the
// person file of the same child refuses them and they cannot open a case for them; and (2) that
// the 书面报告 a county user generates carries the child's full ID, stored on the case and
// downloaded by everyone the case is in scope for. A school sees its area's list masked (劝返 in
// its catchment) and may not unmask it; the report is masked whoever generates it.

let database: Database;
let app: App;
const cookie: Record<string, string> = {};
const ids: Record<string, number> = {};
let childId = '';

const call = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
  callAs(app, cookie, who, method, url, payload);
const get = (who: string, url: string) =>
  app.inject({ method: 'GET', url, headers: { cookie: cookie[who]! } });

async function personalViews(entity: string): Promise<number> {
  const rows = await database.db
    .selectFrom('audit_log')
    .select('seq')
    .where('action', '=', 'view_personal')
    .where('entity', '=', entity)
    .execute();
  return rows.length;
}

beforeAll(async () => {
  resetFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  const users = {
    sch: ['sch-officer', 'school_aid_officer', { schoolCode: '2135000001' }],
    teacher: ['sch-teacher', 'head_teacher', { schoolCode: '2135000001' }],
    xf: ['xf-official', 'township_official', { scopeCode: '350421100' }],
    mx: ['mx-admin', 'county_admin', { scopeCode: '350421' }],
  } as const;
  for (const [u, role, where] of Object.values(users)) await addUser(database, u, role, where);
  app = await testApp(database);
  for (const [k, [u]] of Object.entries(users)) cookie[k] = await login(app, u);
  const { db } = database;
  // A 雪峰镇 registry child of compulsory age on no roll (the school 2135000001 sits in 雪峰镇).
  const person = await makePerson(db, { name: '失学娃', birthDate: yearsAgo(11) });
  ids.person = person.id;
  childId = person.id_number!;
  ids.child = (
    await makeRegistryPerson(db, {
      name: '失学娃',
      birthDate: yearsAgo(11),
      personId: person.id,
      idNumber: childId,
    })
  ).id;
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe(`a school and the out-of-school list of its area (${testDbKind})`, () => {
  it('lists the area’s children to the school’s staff, IDs masked', async () => {
    for (const who of ['sch', 'teacher']) {
      const r = await call(who, 'GET', '/api/dropout/out-of-school?pageSize=500');
      expect(r.status, who).toBe(200);
      const row = r.body.items.find((i: { name: string }) => i.name === '失学娃');
      expect(row, who).toBeDefined();
      expect(row.id_number).toBe(`${childId.slice(0, 6)}***********${childId.slice(-1)}`);
      expect(r.raw.body).not.toContain(childId);
      // Masked export, without asking.
      const file = await get(who, '/api/dropout/out-of-school/export?format=csv');
      expect(file.statusCode, who).toBe(200);
      expect(file.body).toContain('失学娃');
      expect(file.body).not.toContain(childId);
    }
  });

  it('refuses the full IDs to the school’s staff, even the aid officer who may unmask its own pupils', async () => {
    const before = await personalViews('out_of_school_export');
    const officer = await get('sch', '/api/dropout/out-of-school/export?format=csv&unmask=true');
    expect(officer.statusCode).toBe(403);
    expect(officer.json().error.message).toBe(
      '失学儿童名单中的儿童不在本校在读，学校账号只能查看和导出脱敏名单；需要完整证件号码时，请由县（市、区）教育局导出',
    );
    expect(officer.body).not.toContain(childId);
    const teacher = await get('teacher', '/api/dropout/out-of-school/export?format=csv&unmask=true');
    expect(teacher.statusCode).toBe(403);
    expect(teacher.json().error.message).toBe('您没有查看完整证件号码的权限');
    expect(await personalViews('out_of_school_export')).toBe(before);
    // As the person file refuses the child to the school, and the school opens no case for them.
    expect((await call('sch', 'GET', `/api/persons/${ids.person}`)).status).toBe(404);
    const open = await call('sch', 'POST', '/api/dropout/cases', {
      source: 'out_of_school',
      registryPersonId: ids.child,
      reason: 'other',
    });
    expect(open.status).toBe(403);
  });

  it('gives the county, who may unmask, the full IDs when asked, logged; masked otherwise', async () => {
    const before = await personalViews('out_of_school_export');
    const masked = await get('mx', '/api/dropout/out-of-school/export?format=csv');
    expect(masked.statusCode).toBe(200);
    expect(masked.body).not.toContain(childId);
    expect(await personalViews('out_of_school_export')).toBe(before);
    const full = await get('mx', '/api/dropout/out-of-school/export?format=csv&unmask=true');
    expect(full.statusCode).toBe(200);
    expect(full.body).toContain(childId);
    expect(await personalViews('out_of_school_export')).toBe(before + 1);
    expect((await call('mx', 'GET', `/api/persons/${ids.person}`)).status).toBe(200);
  });
});

describe(`the 书面报告 is masked whoever generates it (${testDbKind})`, () => {
  it('a county user’s report, downloaded by the township official, carries no full ID', async () => {
    const open = await call('mx', 'POST', '/api/dropout/cases', {
      source: 'out_of_school',
      registryPersonId: ids.child,
      reason: 'family_hardship',
    });
    expect(open.status, JSON.stringify(open.body)).toBe(201);
    const caseId = open.body.case.id as number;
    const p = await call('mx', 'POST', `/api/dropout/cases/${caseId}/persuasions`, {
      date: TODAY,
      persuader: '王干部',
      method: 'home_visit',
      result: 'failed',
    });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    const rep = await call('mx', 'POST', `/api/dropout/cases/${caseId}/reports`, { recipient: 'county' });
    expect(rep.status, JSON.stringify(rep.body)).toBe(201);
    for (const who of ['mx', 'xf']) {
      const doc = await get(who, `/api/dropout/reports/${rep.body.report.id}/docx`);
      expect(doc.statusCode, who).toBe(200);
      const xml = unzipDocumentXml(doc.rawPayload);
      expect(xml).toContain('失学娃');
      expect(xml).toContain(`${childId.slice(0, 6)}***********${childId.slice(-1)}`);
      expect(xml, who).not.toContain(childId);
    }
    expect(await personalViews('written_report')).toBe(0);
  });
});

describe(`a school is told that a child of its area’s list has a case (${testDbKind})`, () => {
  it('shows the township’s case on the list and in its file, not 未建台账 (tester v25b F5)', async () => {
    // (The case the test above opened for 失学娃.)
    const mx = await call('mx', 'GET', '/api/dropout/out-of-school?pageSize=500');
    const theirs = mx.body.items.find((i: { name: string }) => i.name === '失学娃').open_case;
    expect(theirs).toMatchObject({ status: 'persuading' });
    for (const who of ['sch', 'teacher']) {
      const r = await call(who, 'GET', '/api/dropout/out-of-school?pageSize=500');
      expect(r.body.items.find((i: { name: string }) => i.name === '失学娃').open_case, who).toEqual(theirs);
      const file = await get(who, '/api/dropout/out-of-school/export?format=csv');
      expect(file.body, who).not.toContain('未建台账');
      // The case itself stays the township's and the county's.
      expect((await call(who, 'GET', `/api/dropout/cases/${theirs.id}`)).status, who).toBe(404);
    }
  });
});

describe(`a township official's 一生一档 of a registry adult (${testDbKind})`, () => {
  it('shows the registry and household of a child at no school, not of an adult (tester v25b F6)', async () => {
    const { db } = database;
    const adult = await makePerson(db, { name: '户主成人', birthDate: yearsAgo(40) });
    await makeRegistryPerson(db, {
      name: '户主成人',
      birthDate: yearsAgo(40),
      personId: adult.id,
      idNumber: adult.id_number,
    });
    const child = await call('xf', 'GET', `/api/persons/${ids.person}`);
    expect(child.status).toBe(200);
    expect(child.body.registry).toHaveLength(1);
    const grown = await call('xf', 'GET', `/api/persons/${adult.id}`);
    expect(grown.status).toBe(200);
    expect(grown.body.registry).toEqual([]);
    expect(grown.body.household).toEqual([]);
    // A county bureau reads 学生资助 records: it sees the adult's registry row.
    expect((await call('mx', 'GET', `/api/persons/${adult.id}`)).body.registry).toHaveLength(1);
  });

  it('finds by a registry row only a child at no school: not a pupil of a school outside the township (tester v26d F4)', async () => {
    const { db } = database;
    // A 雪峰镇 建档立卡 child at school in 清流: being found would tell the status.
    const away = await makePerson(db, { name: '外乡就读', birthDate: yearsAgo(10) });
    await makeRegistryPerson(db, {
      name: '外乡就读',
      birthDate: yearsAgo(10),
      personId: away.id,
      idNumber: away.id_number,
    });
    await makeStudent(db, {
      name: '外乡就读',
      birthDate: yearsAgo(10),
      schoolCode: '2135000002',
      regionCode: '350423100',
      personId: away.id,
      idNumber: away.id_number,
    });
    expect((await call('xf', 'GET', `/api/persons/${away.id}`)).status).toBe(404);
    // Nor its cases: 404 as the file, not an empty list that tells the person is there (verifier v26f F7).
    expect((await call('xf', 'GET', `/api/persons/${away.id}/dropout-cases`)).status).toBe(404);
    const found = await call('xf', 'GET', `/api/persons?q=${encodeURIComponent('外乡就读')}`);
    expect(JSON.stringify(found.body)).not.toContain('外乡就读');
    // The county bureau, which reads 学生资助 records, finds the child by the registry row.
    expect((await call('mx', 'GET', `/api/persons/${away.id}`)).status).toBe(200);
    // The child at no school stays the township's to find.
    expect((await call('xf', 'GET', `/api/persons/${ids.person}`)).status).toBe(200);
  });

  it('shows them of a child on the out-of-school list who is 18 today (tester v26b F3)', async () => {
    const { db } = database;
    const grown = await makePerson(db, { name: '刚满十八', birthDate: yearsAgo(18) });
    const rp = await makeRegistryPerson(db, {
      name: '刚满十八',
      birthDate: yearsAgo(18),
      personId: grown.id,
      idNumber: grown.id_number,
    });
    const file = async () => (await call('xf', 'GET', `/api/persons/${grown.id}`)).body;
    expect((await file()).registry).toEqual([]);
    // The run that listed the child counted them 17 on its date: the list's child is shown whole.
    const run = await db
      .insertInto('match_run')
      .values({ scope_code: '350421', as_of: '2025-09-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('out_of_school')
      .values({
        run_id: run.id,
        registry_person_id: rp.id,
        age: 17,
        county_code: '350421',
        region_code: '350421100',
      })
      .execute();
    expect((await file()).registry).toHaveLength(1);
  });
});
