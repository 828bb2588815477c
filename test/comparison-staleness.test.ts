import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The day does not enter these checks (the runs and imports carry their own times), but every file pins one.
const saved = vi.hoisted(() => {
  const before = process.env.JIAOFU_TODAY;
  process.env.JIAOFU_TODAY = '2020-10-20';
  return before;
});

import type { Database } from '../src/db/connect.ts';
import { comparisonStaleness, comparisonSummary } from '../src/modules/comparison/comparison.queries.ts';
import type { App } from '../src/server/http.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { addUser, callAs, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

/**
 * The stale-comparison warning (应享资助, 信息比对): for the viewer's scope, whenever some part of it
 * has rolls or lists imported after the latest comparison that covered that part. A county's own
 * run covers its county only: the city's other counties stay as stale as they were.
 */
let database: Database;
let app: App;
const cookie: Record<string, string> = {};

const as = (scopeCode: string, role: Actor['role'] = 'county_admin'): Actor => ({
  ...SYSTEM_ACTOR,
  role,
  scopeCode,
});
const city = SYSTEM_ACTOR;
const mingxi = as('350421');
const qingliu = as('350423');
const xuefeng = as('350421100', 'township_official');

/** The bureau's clock for these rows: hour `h` of 1 October 2020, China time. */
const at = (h: number) => new Date(`2020-10-01T${String(h).padStart(2, '0')}:00:00+08:00`);

async function imported(kind: string, scope_code: string, h: number): Promise<void> {
  await database.db
    .insertInto('import_batch')
    .values({ kind, filename: `${kind}-${scope_code}-${h}.csv`, rows: 1, scope_code, created_at: at(h) })
    .execute();
}

async function ran(scope_code: string, h: number): Promise<void> {
  await database.db
    .insertInto('match_run')
    .values({ scope_code, as_of: '2020-09-01', stats: '{}', created_at: at(h) })
    .execute();
}

const stale = async (actor: Actor) => (await comparisonStaleness(database.db, actor)).importsSinceRun;

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
  await addUser(database, 'city-aid', 'city_aid_centre', { scopeCode: '3504' });
  await addUser(database, 'mx-aid', 'county_aid_centre', { scopeCode: '350421' });
  app = await testApp(database);
  cookie.city = await login(app, 'city-aid');
  cookie.mx = await login(app, 'mx-aid');
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  if (saved === undefined) delete process.env.JIAOFU_TODAY;
  else process.env.JIAOFU_TODAY = saved;
});

describe(`the stale-comparison warning, part by part of the viewer's scope (${testDbKind})`, () => {
  it('says nothing before any comparison', async () => {
    await imported('students', '3504', 1);
    expect(await comparisonStaleness(database.db, city)).toEqual({ lastRunAt: null, importsSinceRun: 0 });
  });

  it('keeps warning the city of 清流县’s newer roll after 明溪县 ran its own comparison', async () => {
    await imported('registry', '350421', 2);
    await ran('3504', 3);
    expect(await stale(city)).toBe(0);
    // 清流县 imports a newer roll: stale for the city and 清流县, not for 明溪县.
    await imported('students', '350423', 4);
    expect(await stale(city)).toBe(1);
    expect(await stale(qingliu)).toBe(1);
    expect(await stale(mingxi)).toBe(0);
    // 明溪县 compares its own county: 清流县's roll is still in no comparison.
    await ran('350421', 5);
    expect(await stale(mingxi)).toBe(0);
    expect(await stale(qingliu)).toBe(1);
    expect(await stale(city)).toBe(1);
    // (The latest run the city's page names is still 明溪县's.)
    expect((await comparisonStaleness(database.db, city)).lastRunAt).toEqual(at(5));
  });

  it('counts a city-wide import in every county until each county, or the city, compared again', async () => {
    await imported('registry', '3504', 6);
    expect(await stale(city)).toBe(2);
    expect(await stale(mingxi)).toBe(1);
    expect(await stale(xuefeng)).toBe(1);
    expect(await stale(qingliu)).toBe(2);
    await ran('350423', 7);
    expect(await stale(qingliu)).toBe(0);
    expect(await stale(city)).toBe(1);
    // 明溪县 compares too: every county of the city is compared after every import.
    await ran('350421', 8);
    expect(await stale(mingxi)).toBe(0);
    expect(await stale(xuefeng)).toBe(0);
    expect(await stale(city)).toBe(0);
  });

  it('counts a township’s roll for its county and the city, and the city’s own run clears all', async () => {
    await imported('students', '350421100', 9);
    expect(await stale(xuefeng)).toBe(1);
    expect(await stale(mingxi)).toBe(1);
    expect(await stale(city)).toBe(1);
    expect(await stale(qingliu)).toBe(0);
    await ran('3504', 10);
    for (const a of [city, mingxi, qingliu, xuefeng]) expect(await stale(a)).toBe(0);
  });

  it('the comparison page counts assistance lists too, with the same parts', async () => {
    await imported('list:minimum_living', '350423', 11);
    await ran('350421', 12);
    expect(await stale(city)).toBe(0);
    const summary = await comparisonSummary(database.db, city);
    expect(summary.importsSinceRun).toBe(1);
    expect(summary.lastRun?.partial).toBe(true);
    expect((await comparisonSummary(database.db, mingxi)).importsSinceRun).toBe(0);
    expect((await comparisonSummary(database.db, qingliu)).importsSinceRun).toBe(1);
  });

  it('the API gives the city the warning on 应享资助 and 信息比对, and not the county that ran', async () => {
    await imported('students', '350423', 13);
    await ran('350421', 14);
    const cityRuns = await callAs(app, cookie, 'city', 'GET', '/api/aid/entitlements/runs?term=2020-autumn');
    expect(cityRuns.status).toBe(200);
    expect(cityRuns.body.comparison.importsSinceRun).toBe(1);
    const mxRuns = await callAs(app, cookie, 'mx', 'GET', '/api/aid/entitlements/runs?term=2020-autumn');
    expect(mxRuns.body.comparison.importsSinceRun).toBe(0);
    const citySummary = await callAs(app, cookie, 'city', 'GET', '/api/comparison/summary');
    expect(citySummary.body.importsSinceRun).toBe(2);
    const mxSummary = await callAs(app, cookie, 'mx', 'GET', '/api/comparison/summary');
    expect(mxSummary.body.importsSinceRun).toBe(0);
  });
});
