import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import type { App } from '../src/server/http.ts';
import { ROLES, type Role } from '../src/server/roles.ts';
import { addUser, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

/**
 * Every API route × every role: an account placed in 明溪县 (350421) must get 403/404 for
 * 清流县 (350423) records and never see them in a list. The route table below must classify
 * every route the app serves — a new route without a row fails this test, so nobody can add
 * scoped data without saying how its scope is proven.
 */
const FOREIGN_MARKERS = ['清流', '350423', '2135000002', 'ql-admin'];

type Case =
  | { kind: 'unscoped'; why: string }
  | { kind: 'list'; url: string }
  | { kind: 'item'; url: (f: Foreign) => string }
  | { kind: 'write'; method: 'PATCH' | 'POST' | 'PUT' | 'DELETE'; url: (f: Foreign) => string; payload?: unknown; raw?: { body: string; type: string } };

interface Foreign {
  userId: number;
  schoolCode: string;
  regionCode: string;
  jobId: string;
}

const CASES: Record<string, Case> = {
  'POST /api/auth/login': { kind: 'unscoped', why: 'anonymous; tested in auth.test.ts' },
  'POST /api/auth/logout': { kind: 'unscoped', why: 'own session only' },
  'GET /api/auth/me': { kind: 'unscoped', why: 'own account only' },
  'POST /api/auth/password': { kind: 'unscoped', why: 'own account only' },
  'GET /api/roles': { kind: 'unscoped', why: 'static role list' },
  'GET /api/users': { kind: 'list', url: '/api/users' },
  'GET /api/users/:id': { kind: 'item', url: (f) => `/api/users/${f.userId}` },
  'POST /api/users': {
    kind: 'write',
    method: 'POST',
    url: () => '/api/users',
    payload: { username: 'intruder', displayName: 'x', role: 'county_aid_centre', scopeCode: '350423', password: 'abc12345' },
  },
  'PATCH /api/users/:id': { kind: 'write', method: 'PATCH', url: (f) => `/api/users/${f.userId}`, payload: { disabled: true } },
  'GET /api/regions': { kind: 'list', url: '/api/regions' },
  'GET /api/regions/:code': { kind: 'item', url: (f) => `/api/regions/${f.regionCode}` },
  'GET /api/schools': { kind: 'list', url: '/api/schools?pageSize=200' },
  'GET /api/schools/:code': { kind: 'item', url: (f) => `/api/schools/${f.schoolCode}` },
  'PATCH /api/schools/:code': { kind: 'write', method: 'PATCH', url: (f) => `/api/schools/${f.schoolCode}`, payload: { name: '被篡改' } },
  'POST /api/schools/import': {
    kind: 'write',
    method: 'POST',
    url: () => '/api/schools/import?filename=s.csv',
    raw: {
      type: 'text/csv',
      body: '学校标识码,学校名称,县(市、区),乡(镇),学段,办学类型\n2135000002,被篡改学校,清流县,龙津镇,小学,公办\n',
    },
  },
  'GET /api/audit': { kind: 'list', url: '/api/audit?pageSize=200' },
  'POST /api/audit/verify': { kind: 'unscoped', why: 'returns chain status only, no entries' },
  'GET /api/jobs': { kind: 'list', url: '/api/jobs' },
  'GET /api/jobs/:id': { kind: 'item', url: (f) => `/api/jobs/${f.jobId}` },
};

/** Where each role sits inside 明溪县. */
const PLACEMENT: Record<Role, { scopeCode?: string; schoolCode?: string }> = {
  city_admin: { scopeCode: '3504' },
  city_aid_centre: { scopeCode: '3504' },
  auditor: { scopeCode: '3504' },
  county_admin: { scopeCode: '350421' },
  county_aid_centre: { scopeCode: '350421' },
  teacher_section: { scopeCode: '350421' },
  township_official: { scopeCode: '350421100' },
  school_aid_officer: { schoolCode: '2135000001' },
  head_teacher: { schoolCode: '2135000001' },
};
const COUNTY_ROLES = ROLES.filter((r) => !PLACEMENT[r].scopeCode || PLACEMENT[r].scopeCode !== '3504');

let database: Database;
let app: App;
let foreign: Foreign;
const cookies = new Map<Role, string>();

async function snapshot() {
  const { db } = database;
  const [users, schools] = await Promise.all([
    db.selectFrom('app_user').select(['id', 'username', 'disabled', 'display_name']).orderBy('id').execute(),
    db.selectFrom('school').select(['code', 'name']).orderBy('code').execute(),
  ]);
  return JSON.stringify({ users, schools });
}

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
  const userId = await addUser(database, 'ql-admin', 'county_admin', { scopeCode: '350423' });
  await database.db
    .insertInto('job')
    .values({ id: '00000000-0000-4000-8000-0000000000aa', kind: 'import', status: 'succeeded', scope_code: '350423', params: '{}', message: '清流县导入' })
    .execute();
  foreign = { userId, schoolCode: '2135000002', regionCode: '350423', jobId: '00000000-0000-4000-8000-0000000000aa' };
  for (const role of ROLES) await addUser(database, `r-${role.replace(/_/g, '-')}`, role, PLACEMENT[role]);
  app = await testApp(database);
  for (const role of ROLES) cookies.set(role, await login(app, `r-${role.replace(/_/g, '-')}`));
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe(`scope: every route × every role (${testDbKind})`, () => {
  it('classifies every API route the app serves', () => {
    const paths = (app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
    const served = Object.entries(paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const unclassified = served.filter((r) => r.startsWith('GET /api') || r.includes(' /api')).filter((r) => !CASES[r]);
    expect(unclassified).toEqual([]);
  });

  for (const role of COUNTY_ROLES) {
    it(`${role} in 明溪县 never reaches 清流县 data`, async () => {
      const cookie = cookies.get(role)!;
      for (const [route, c] of Object.entries(CASES)) {
        if (c.kind === 'unscoped') continue;
        if (c.kind === 'list') {
          const res = await app.inject({ method: 'GET', url: c.url, headers: { cookie } });
          expect([200, 403], `${route} as ${role}`).toContain(res.statusCode);
          for (const m of FOREIGN_MARKERS) expect(res.body.includes(m), `${route} as ${role} leaked "${m}"`).toBe(false);
        } else if (c.kind === 'item') {
          const res = await app.inject({ method: 'GET', url: c.url(foreign), headers: { cookie } });
          expect([403, 404], `${route} as ${role}`).toContain(res.statusCode);
          for (const m of FOREIGN_MARKERS) expect(res.body.includes(m), `${route} as ${role} leaked "${m}"`).toBe(false);
        } else {
          const before = await snapshot();
          const res = await app.inject({
            method: c.method,
            url: c.url(foreign),
            headers: { cookie, ...(c.raw ? { 'content-type': c.raw.type } : {}) },
            ...(c.raw ? { payload: c.raw.body } : c.payload ? { payload: c.payload as object } : {}),
          });
          expect([400, 403, 404], `${route} as ${role}: ${res.body}`).toContain(res.statusCode);
          expect(await snapshot(), `${route} as ${role} changed data`).toBe(before);
        }
      }
    });
  }

  it('the same requests by a city account do reach 清流县 (the check can fail)', async () => {
    const cookie = cookies.get('city_admin')!;
    const school = await app.inject({ method: 'GET', url: `/api/schools/${foreign.schoolCode}`, headers: { cookie } });
    expect(school.statusCode).toBe(200);
    const list = await app.inject({ method: 'GET', url: '/api/schools?pageSize=200', headers: { cookie } });
    expect(list.body).toContain('清流');
    const users = await app.inject({ method: 'GET', url: '/api/users', headers: { cookie } });
    expect(users.body).toContain('ql-admin');
    const audit = await app.inject({ method: 'GET', url: '/api/audit?pageSize=200', headers: { cookie: cookies.get('auditor')! } });
    expect(audit.body).toContain('350423');
    const job = await app.inject({ method: 'GET', url: `/api/jobs/${foreign.jobId}`, headers: { cookie } });
    expect(job.statusCode).toBe(200);
  });
});
