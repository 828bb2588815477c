import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { seedDemo } from '../src/modules/demo/demo.ts';
import {
  keyPovertyCounties,
  loadReferenceData,
  resolveReferenceDir,
} from '../src/modules/regions/reference-data.ts';
import { buildApp } from '../src/server/app.ts';
import type { App } from '../src/server/http.ts';
import { login } from './fixtures/school-files.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

let database: Database;
let app: App;
const cookies: Record<string, string> = {};
const PASSWORD = 'region-test-1';

beforeAll(async () => {
  database = await createTestDb();
  await seedDemo(database.db, { password: PASSWORD });
  app = await buildApp({ database, webDist: null });
  for (const u of ['admin', 'mingxi', 'mingxi-school', 'auditor']) cookies[u] = await login(app, u, PASSWORD);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const get = (user: string, url: string) =>
  app.inject({ method: 'GET', url, headers: { cookie: cookies[user]! } });

describe(`reference data (${testDbKind})`, () => {
  const count = async (where: (q: any) => any) =>
    (
      await where(database.db.selectFrom('region'))
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow()
    ).n as number;

  it('loads the 2020 tree in use: 12 counties, 148 townships, 1950 villages', async () => {
    const current = (level: string) => count((q) => q.where('current', '=', true).where('level', '=', level));
    expect(await current('city')).toBe(1);
    expect(await current('county')).toBe(12);
    expect(await current('township')).toBe(148);
    expect(await current('village')).toBe(1950);
    const meilie = await database.db
      .selectFrom('region')
      .selectAll()
      .where('code', '=', '350402')
      .executeTakeFirst();
    expect(meilie).toMatchObject({ name: '梅列区', edition: '2020', current: true, county_code: '350402' });
  });

  it('keeps the 2023 codes, not in use, with the old → new map', async () => {
    const sanyuan = await database.db
      .selectFrom('region')
      .selectAll()
      .where('code', '=', '350404')
      .executeTakeFirst();
    expect(sanyuan).toMatchObject({ name: '三元区', edition: '2023', current: false });
    const maps = await database.db.selectFrom('region_code_map').select(['old_code', 'new_code']).execute();
    const has = (o: string, n: string) => maps.some((m) => m.old_code === o && m.new_code === n);
    expect(has('350402', '350404')).toBe(true);
    expect(has('350403', '350404')).toBe(true);
    expect(has('350427', '350405')).toBe(true);
    expect(has('350427101', '350405100')).toBe(true); // 青州镇
    expect(has('350402100', '350404100')).toBe(true); // 陈大镇
    expect(has('350426203', '350426110')).toBe(true); // 中仙乡 → 中仙镇
  });

  it('marks county seats and urban sub-districts', async () => {
    const flags = async (code: string) =>
      database.db
        .selectFrom('region')
        .select(['is_county_seat', 'is_urban_district'])
        .where('code', '=', code)
        .executeTakeFirstOrThrow();
    expect(await flags('350421100')).toEqual({ is_county_seat: true, is_urban_district: false }); // 雪峰镇
    expect(await flags('350402001')).toEqual({ is_county_seat: false, is_urban_district: true }); // 列东街道
    expect(await flags('350421101')).toEqual({ is_county_seat: false, is_urban_district: false });
  });

  it('stores the key poverty counties as an editable setting and reloads idempotently', async () => {
    expect(await keyPovertyCounties(database.db)).toEqual(['350421', '350423', '350424', '350429', '350430']);
    await database.db
      .updateTable('setting')
      .set({ value: JSON.stringify(['350421']) })
      .where('key', '=', 'key_poverty_counties')
      .execute();
    const before = await count((q) => q);
    const again = await loadReferenceData(database.db, { dataDir: resolveReferenceDir() });
    expect(again.regions).toBe(before);
    expect(await keyPovertyCounties(database.db)).toEqual(['350421']); // an edit survives a reload
    await database.db
      .updateTable('setting')
      .set({ value: JSON.stringify(['350421', '350423', '350424', '350429', '350430']) })
      .where('key', '=', 'key_poverty_counties')
      .execute();
  });

  it('prefers the copy shipped in the repository', () => {
    expect(resolveReferenceDir()).toBe(path.resolve(import.meta.dirname, '../data-ref'));
  });
});

describe(`region browsing (${testDbKind})`, () => {
  it('says how to build the web pages when they are not built, instead of a bare 404 at /', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toMatch(/^网页尚未构建：请用 npm start 启动/);
    // An unknown API path is still told as one.
    expect((await app.inject({ method: 'GET', url: '/api/nothing' })).json().error.message).toBe(
      '接口不存在: GET /api/nothing',
    );
  });

  it('requires login', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/regions' });
    expect(res.statusCode).toBe(401);
  });

  it('shows the city administrator the whole city with school counts', async () => {
    const res = await get('admin', '/api/regions');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.region).toMatchObject({ code: '3504', name: '三明市', level: 'city' });
    expect(body.path).toEqual([]);
    expect(body.children).toHaveLength(12);
    const total = await database.db
      .selectFrom('school')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(body.children.reduce((s: number, c: { school_count: number }) => s + c.school_count, 0)).toBe(
      total.n,
    );
    expect(body.children.find((c: { code: string }) => c.code === '350421')).toMatchObject({
      name: '明溪县',
      level: 'county',
      child_count: 9,
    });
  });

  it('shows a township with its path, villages and schools', async () => {
    const res = await get('admin', '/api/regions/350421100');
    const body = res.json();
    expect(body.region).toMatchObject({ name: '雪峰镇', is_county_seat: true, key_poverty_county: true });
    expect(body.path).toEqual([
      { code: '3504', name: '三明市', level: 'city' },
      { code: '350421', name: '明溪县', level: 'county' },
    ]);
    expect(body.children.every((c: { level: string }) => c.level === 'village')).toBe(true);
    const names = body.schools.map((s: { name: string }) => s.name);
    expect(names).toContain('明溪县雪峰镇中心小学');
    expect(names).toContain('明溪县实验小学');
    expect(body.schools[0]).toHaveProperty('stages');
    expect(body.schools[0]).toHaveProperty('urban_rural');
  });

  it('keeps a county account inside its county', async () => {
    const root = (await get('mingxi', '/api/regions')).json();
    expect(root.region.code).toBe('350421');
    expect(root.path).toEqual([{ code: '3504', name: '三明市', level: 'city' }]);
    // The city node is an ancestor: visible for the breadcrumb, but only with the own branch.
    const city = (await get('mingxi', '/api/regions/3504')).json();
    expect(city.children.map((c: { code: string }) => c.code)).toEqual(['350421']);
    for (const other of ['350423', '350423100', '350402001']) {
      const res = await get('mingxi', `/api/regions/${other}`);
      expect(res.statusCode, other).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });

  it("shows a school account only its school's branch", async () => {
    const user = await database.db
      .selectFrom('app_user')
      .select(['scope_code', 'school_code'])
      .where('username', '=', 'mingxi-school')
      .executeTakeFirstOrThrow();
    const root = (await get('mingxi-school', '/api/regions')).json();
    expect(root.region.code).toBe(user.scope_code);
    expect(root.schools.map((s: { code: string }) => s.code)).toEqual([user.school_code]);
    const county = (await get('mingxi-school', '/api/regions/350421')).json();
    expect(county.children).toEqual([
      expect.objectContaining({ code: user.scope_code.slice(0, 9), school_count: 1 }),
    ]);
    expect((await get('mingxi-school', '/api/regions/350421101')).statusCode).toBe(404);
  });

  it('lets the auditor read the whole city', async () => {
    const res = await get('auditor', '/api/regions/350430');
    expect(res.statusCode).toBe(200);
    expect(res.json().region).toMatchObject({ name: '建宁县', key_poverty_county: true });
  });

  it('rejects malformed codes', async () => {
    expect((await get('admin', '/api/regions/35x')).statusCode).toBe(400);
    expect((await get('admin', '/api/regions/350404')).statusCode).toBe(404); // 2023 code, not in use
  });
});
