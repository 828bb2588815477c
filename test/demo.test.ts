import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { schoolCodeDoubt } from '../src/domain/schools/school-fields.ts';
import { type DemoSummary, isDatabaseEmpty, seedDemo } from '../src/modules/demo/demo.ts';
import { planDemoSchools } from '../src/modules/demo/demo-schools.ts';
import { buildApp } from '../src/server/app.ts';
import { verifyAudit } from '../src/server/audit.ts';
import { login } from './fixtures/school-files.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

let database: Database;
let summary: DemoSummary;
let wasEmpty: boolean;
beforeAll(async () => {
  database = await createTestDb();
  wasEmpty = await isDatabaseEmpty(database.db);
  summary = await seedDemo(database.db, { password: 'demo-pass-1' });
});
afterAll(() => database.close());

const COUNTY_ACCOUNTS = [
  'mingxi',
  'qingliu',
  'ninghua',
  'taining',
  'jianning',
  'datian',
  'youxi',
  'jiangle',
  'yongan',
  'sanyuan',
  'shaxian',
  'meilie',
];

describe(`demo data (${testDbKind})`, () => {
  it('seeds an empty database only', async () => {
    expect(wasEmpty).toBe(true);
    expect(await isDatabaseEmpty(database.db)).toBe(false);
  });

  it('puts schools in every county and every one of the 148 townships', async () => {
    const { db } = database;
    const townships = await db
      .selectFrom('region')
      .select('code')
      .where('level', '=', 'township')
      .where('current', '=', true)
      .execute();
    expect(townships).toHaveLength(148);
    const covered = await db.selectFrom('school').select('township_code').distinct().execute();
    expect(new Set(covered.map((r) => r.township_code))).toEqual(new Set(townships.map((t) => t.code)));
    const counties = await db.selectFrom('school').select('county_code').distinct().execute();
    expect(counties).toHaveLength(12);
    const total = await db
      .selectFrom('school')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(total.n).toBe(summary.schools);
    expect(summary.schools).toBeGreaterThan(600);
  });

  it('names and codes schools the way the bureau does', async () => {
    const { db } = database;
    const byName = async (name: string) =>
      db.selectFrom('school').selectAll().where('name', '=', name).executeTakeFirst();
    expect(await byName('明溪县雪峰镇中心小学')).toMatchObject({ stages: ['primary'], urban_rural: 'urban' });
    expect(await byName('明溪县城关中学')).toMatchObject({ stages: ['junior'] });
    expect(await byName('明溪县第一中学')).toMatchObject({ stages: ['junior', 'senior'] });
    expect(await byName('明溪县职业中专学校')).toMatchObject({ stages: ['vocational'] });
    expect(await byName('三明第一中学')).toMatchObject({ county_code: '350403' });
    expect(await byName('三明市实验小学')).toMatchObject({ township_code: '350402001' });
    const codes = await db
      .selectFrom('school')
      .select(['code', 'kind', 'region_code', 'urban_rural'])
      .execute();
    // The 学校类别码 in front (tester v20a F12: a 城关中学 coded 21, 小学): no doubt on any demo code.
    expect(codes.every((s) => /^\d{2}35\d{6}$/.test(s.code) && schoolCodeDoubt(s.code) === null)).toBe(true);
    const codeOf = async (name: string) => (await byName(name))?.code.slice(0, 2);
    expect(await codeOf('明溪县城关中学')).toBe('31');
    expect(await codeOf('明溪县雪峰镇中心小学')).toBe('21');
    expect(await codeOf('明溪县第一中学')).toBe('34');
    expect(await codeOf('明溪县职业中专学校')).toBe('36');
    expect(await codeOf('明溪县实验幼儿园')).toBe('11');
    expect(await codeOf('三明市特殊教育学校')).toBe('51');
    const villageSchools = codes.filter((s) => s.kind === 'village_school');
    const teachingPoints = codes.filter((s) => s.kind === 'teaching_point');
    expect(villageSchools.length).toBeGreaterThan(100);
    expect(teachingPoints.length).toBeGreaterThan(10);
    expect([...villageSchools, ...teachingPoints].every((s) => s.region_code.length === 12)).toBe(true);
    expect([...villageSchools, ...teachingPoints].every((s) => s.urban_rural === 'rural')).toBe(true);
    expect(codes.some((s) => s.urban_rural === 'town')).toBe(true);
    const names = await db.selectFrom('school').select(['county_code', 'name']).execute();
    expect(new Set(names.map((s) => `${s.county_code}${s.name}`)).size).toBe(names.length);
  });

  it('is deterministic', async () => {
    const regions = await database.db
      .selectFrom('region')
      .select(['code', 'name', 'level', 'parent_code', 'is_county_seat', 'is_urban_district'])
      .where('current', '=', true)
      .execute();
    const a = planDemoSchools(regions);
    const b = planDemoSchools([...regions].reverse());
    expect(b).toEqual(a);
  });

  it('creates every demo account with its role and scope', async () => {
    const users = await database.db.selectFrom('app_user').selectAll().execute();
    const get = (u: string) => users.find((x) => x.username === u);
    expect(get('admin')).toMatchObject({ role: 'city_admin', scope_code: '3504' });
    expect(get('auditor')).toMatchObject({ role: 'auditor', scope_code: '3504' });
    expect(get('zizhu')).toMatchObject({ role: 'city_aid_centre', scope_code: '3504' });
    for (const u of COUNTY_ACCOUNTS) {
      expect(get(u), u).toMatchObject({ role: 'county_admin' });
      const school = get(`${u}-school`);
      expect(school, `${u}-school`).toMatchObject({ role: 'school_aid_officer' });
      expect(school!.school_code).toMatch(/^\d{10}$/);
      expect(school!.scope_code.startsWith(get(u)!.scope_code)).toBe(true);
    }
    expect(get('mingxi')).toMatchObject({ scope_code: '350421', display_name: '明溪县教育局管理员' });
    expect(get('shaxian')!.scope_code).toBe('350427');
    expect(get('meilie')!.scope_code).toBe('350402');
    expect(summary.users.map((u) => u.username).sort()).toEqual(users.map((u) => u.username).sort());
    expect(summary.users.find((u) => u.username === 'mingxi')).toEqual({
      username: 'mingxi',
      role: 'county_admin',
      roleLabel: '县级管理员',
      scope: '明溪县',
    });
  });

  it('audits every school and account, and the chain verifies', async () => {
    const rows = await database.db
      .selectFrom('audit_log')
      .select(['entity', sql<number>`count(*)::int`.as('n')])
      .where('action', '=', 'create')
      .groupBy('entity')
      .execute();
    const n = Object.fromEntries(rows.map((r) => [r.entity, r.n]));
    expect(n.school).toBe(summary.schools);
    expect(n.app_user).toBe(summary.users.length);
    expect((await verifyAudit(database.db)).ok).toBe(true);
  });

  it('can run again without changing anything', async () => {
    const again = await seedDemo(database.db, { password: 'other-pass-2' });
    expect(again).toMatchObject({ schools: summary.schools, schoolsInserted: 0, usersCreated: 0 });
  });

  it('lets the demo accounts log in', async () => {
    const app = await buildApp({ database, webDist: null });
    try {
      const cookie = await login(app, 'mingxi', 'demo-pass-1');
      const me = await app.inject({ method: 'GET', url: '/api/regions', headers: { cookie } });
      expect(me.json().region).toMatchObject({ code: '350421', name: '明溪县', key_poverty_county: true });
    } finally {
      await app.close();
    }
  });
});
