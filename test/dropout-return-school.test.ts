import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The dates below are checked against the bureau's day: pinned before the factories read it.
const saved = vi.hoisted(() => {
  const before = process.env.JIAOFU_TODAY;
  process.env.JIAOFU_TODAY = '2020-10-20';
  return before;
});

import type { Database } from '../src/db/connect.ts';
import type { App } from '../src/server/http.ts';
import { addUser, callAs, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { makeRegistryPerson, resetFactories, TODAY } from './helpers/dropout-factories.ts';

/**
 * 已复学: the school a child returned to is often outside the official's own township or county (the
 * county town's school, another county's). Any school of the city may be named — a reference to a
 * school, not access to its pupils — while the case itself stays in the official's scope.
 */
let database: Database;
let app: App;
const cookie: Record<string, string> = {};
const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  callAs(app, cookie, who, method, url, payload);

/** Opens a case for a child of 雪峰镇 as the township official and persuades once. */
async function caseOf(name: string): Promise<number> {
  const child = await makeRegistryPerson(database.db, { name, birthDate: '2010-03-15' });
  const opened = await call('xf', 'POST', '/api/dropout/cases', {
    source: 'out_of_school',
    registryPersonId: child.id,
    reason: 'family_hardship',
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  const id = opened.body.case.id as number;
  const p = await call('xf', 'POST', `/api/dropout/cases/${id}/persuasions`, {
    date: TODAY,
    persuader: '王干部',
    method: 'home_visit',
    result: 'succeeded',
  });
  expect(p.status, JSON.stringify(p.body)).toBe(201);
  return id;
}

beforeAll(async () => {
  expect(TODAY).toBe('2020-10-20');
  resetFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  // A second school of 明溪县, in a township the 雪峰镇 official does not cover.
  await database.db
    .insertInto('region')
    .values({
      code: '350421200',
      name: '城关乡',
      level: 'township',
      parent_code: '350421',
      county_code: '350421',
      edition: '2020',
      current: true,
      is_county_seat: false,
      is_urban_district: false,
    })
    .execute();
  await database.db
    .insertInto('school')
    .values({
      code: '2135000003',
      name: '明溪县城关中心小学',
      county_code: '350421',
      township_code: '350421200',
      region_code: '350421200',
      stages: ['primary'],
      ownership: 'public',
      boarding: false,
      kind: 'regular',
      urban_rural: 'urban',
      urban_rural_manual: false,
    })
    .execute();
  await addUser(database, 'xf-official', 'township_official', { scopeCode: '350421100' });
  await addUser(database, 'ql-official', 'township_official', { scopeCode: '350423100' });
  await addUser(database, 'auditor', 'auditor', { scopeCode: '3504' });
  app = await testApp(database);
  cookie.xf = await login(app, 'xf-official');
  cookie.ql = await login(app, 'ql-official');
  cookie.auditor = await login(app, 'auditor');
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  if (saved === undefined) delete process.env.JIAOFU_TODAY;
  else process.env.JIAOFU_TODAY = saved;
});

describe(`复学学校: any school of the city, the case in the official's scope (${testDbKind})`, () => {
  it('offers every school of the city to pick from, by name or code, its own area first', async () => {
    const all = await call('xf', 'GET', '/api/dropout/return-schools');
    expect(all.status).toBe(200);
    expect(all.body.items.map((s: { code: string }) => s.code)).toEqual([
      '2135000001',
      '2135000003',
      '2135000002',
    ]);
    expect(all.body.items[2]).toEqual({
      code: '2135000002',
      name: '清流县实验小学',
      county_name: '清流县',
      township_name: '龙津镇',
    });
    const byName = await call('xf', 'GET', `/api/dropout/return-schools?q=${encodeURIComponent('清流')}`);
    expect(byName.body.items.map((s: { code: string }) => s.code)).toEqual(['2135000002']);
    const byCode = await call('xf', 'GET', '/api/dropout/return-schools?q=2135000003');
    expect(byCode.body.items.map((s: { name: string }) => s.name)).toEqual(['明溪县城关中心小学']);
    // The 清流 official sees the same list, 清流's own school first.
    const ql = await call('ql', 'GET', '/api/dropout/return-schools');
    expect(ql.body.items[0].code).toBe('2135000002');
    expect(ql.body.items).toHaveLength(3);
    // Only for those who record returns: the 审计 writes nothing.
    expect((await call('auditor', 'GET', '/api/dropout/return-schools')).status).toBe(403);
  });

  it('records a return to a school of another county, and names it on the case', async () => {
    const id = await caseOf('林远归');
    const r = await call('xf', 'POST', `/api/dropout/cases/${id}/status`, {
      to: 'returned',
      returnDate: TODAY,
      returnSchoolCode: '2135000002',
      note: '随父母到清流就读',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const d = await call('xf', 'GET', `/api/dropout/cases/${id}`);
    expect(d.body.case.return_school_code).toBe('2135000002');
    expect(d.body.returnSchool).toEqual({ code: '2135000002', name: '清流县实验小学' });
    expect(d.body.events.at(-1).note).toBe('复学学校：清流县实验小学（2135000002）；随父母到清流就读');
    // The case stays 雪峰镇's: naming 清流's school opens it to nobody in 清流.
    expect((await call('ql', 'GET', `/api/dropout/cases/${id}`)).status).toBe(404);
    const qlList = await call('ql', 'GET', '/api/dropout/cases?pageSize=500');
    expect(qlList.body.items.some((c: { id: number }) => c.id === id)).toBe(false);
  });

  it('records a return to a school of another township of the county', async () => {
    const id = await caseOf('张城关');
    const r = await call('xf', 'POST', `/api/dropout/cases/${id}/status`, {
      to: 'returned',
      returnDate: TODAY,
      returnSchoolCode: '2135000003',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const d = await call('xf', 'GET', `/api/dropout/cases/${id}`);
    expect(d.body.returnSchool).toEqual({ code: '2135000003', name: '明溪县城关中心小学' });
  });

  it('refuses a school code that is no school of the city, and a case outside the official’s scope', async () => {
    const id = await caseOf('陈无校');
    const r = await call('xf', 'POST', `/api/dropout/cases/${id}/status`, {
      to: 'returned',
      returnDate: TODAY,
      returnSchoolCode: '2135009999',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe(
      '复学学校（学校标识码 2135009999）不在本市学校名单中，请从学校列表中选择',
    );
    // 清流's official may name any school, but not record on 雪峰镇's case.
    const foreign = await call('ql', 'POST', `/api/dropout/cases/${id}/status`, {
      to: 'returned',
      returnDate: TODAY,
      returnSchoolCode: '2135000002',
    });
    expect(foreign.status).toBe(404);
    const d = await call('xf', 'GET', `/api/dropout/cases/${id}`);
    expect(d.body.case.status).toBe('persuading');
    expect(d.body.case.return_school_code).toBeNull();
  });
});
