import type { Database } from '../../src/db/connect.ts';
import { createUser } from '../../src/modules/users/users.service.ts';
import { buildApp } from '../../src/server/app.ts';
import type { App } from '../../src/server/http.ts';
import type { Role } from '../../src/server/roles.ts';
import { SYSTEM_ACTOR } from '../../src/server/scope.ts';

export const TEST_PASSWORD = 'test-pass-2020';

/** Builds the API (no web build) on a test database. */
export function testApp(database: Database): Promise<App> {
  return buildApp({ database, webDist: null });
}

/** A public urban primary school of a township, as a `school` row. */
export function schoolRow(code: string, name: string, township: string) {
  return {
    code,
    name,
    county_code: township.slice(0, 6),
    township_code: township,
    region_code: township,
    stages: ['primary' as const],
    ownership: 'public' as const,
    boarding: false,
    kind: 'regular' as const,
    urban_rural: 'urban' as const,
    urban_rural_manual: false,
  };
}

/** Inserts a few regions and schools directly, so tests need not load the full reference data. */
export async function seedMiniRegions(database: Database): Promise<void> {
  const { db } = database;
  const r = (code: string, name: string, level: 'city' | 'county' | 'township', parent: string | null) => ({
    code,
    name,
    level,
    parent_code: parent,
    county_code: level === 'city' ? null : code.slice(0, 6),
    edition: '2020' as const,
    current: true,
    is_county_seat: false,
    is_urban_district: false,
  });
  await db
    .insertInto('region')
    .values([
      r('3504', '三明市', 'city', '35'),
      r('350421', '明溪县', 'county', '3504'),
      r('350421100', '雪峰镇', 'township', '350421'),
      r('350423', '清流县', 'county', '3504'),
      r('350423100', '龙津镇', 'township', '350423'),
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();
  await db
    .insertInto('school')
    .values([
      schoolRow('2135000001', '明溪县实验小学', '350421100'),
      schoolRow('2135000002', '清流县实验小学', '350423100'),
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Creates a user directly (skipping the strength rule) and returns its id. */
export async function addUser(
  database: Database,
  username: string,
  role: Role,
  where: { scopeCode?: string; schoolCode?: string },
  password = TEST_PASSWORD,
): Promise<number> {
  const u = await database.db
    .transaction()
    .execute((trx) =>
      createUser(
        trx,
        SYSTEM_ACTOR,
        { username, displayName: username, role, password, ...where },
        { skipStrength: true },
      ),
    );
  return u.id;
}

/** Logs in through the API and returns the Cookie header value for later requests. */
export async function login(app: App, username: string, password = TEST_PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'jiaofu_session');
  if (!cookie) throw new Error('no session cookie');
  return `jiaofu_session=${cookie.value}`;
}

/** A JSON API call as one of the logged-in users (`cookies`, by user name): status, parsed body, reply. */
export async function callAs(
  app: App,
  cookies: Record<string, string>,
  who: string,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  url: string,
  payload?: object,
) {
  const res = await app.inject({
    method,
    url,
    headers: { cookie: cookies[who]! },
    ...(payload ? { payload } : {}),
  });
  return { status: res.statusCode, body: res.json() as any, raw: res };
}
