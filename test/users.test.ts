import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import type { App } from '../src/server/http.ts';
import { addUser, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

let database: Database;
let app: App;
let city: string;
let mingxi: string;
let victimId: number;
beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
  await addUser(database, 'admin', 'city_admin', { scopeCode: '3504' });
  await addUser(database, 'mingxi', 'county_admin', { scopeCode: '350421' });
  victimId = await addUser(database, 'qingliu', 'county_admin', { scopeCode: '350423' });
  app = await testApp(database);
  city = await login(app, 'admin');
  mingxi = await login(app, 'mingxi');
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe(`user administration (${testDbKind})`, () => {
  it('a county admin lists only users of their county', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/users', headers: { cookie: mingxi } });
    const names = res.json().items.map((u: { username: string }) => u.username);
    expect(names).toContain('mingxi');
    expect(names).not.toContain('qingliu');
    expect(names).not.toContain('admin');
    const all = await app.inject({ method: 'GET', url: '/api/users', headers: { cookie: city } });
    expect(all.json().items.map((u: { username: string }) => u.username)).toEqual(
      expect.arrayContaining(['admin', 'mingxi', 'qingliu']),
    );
  });

  it('a county admin creates a school account in their county but not elsewhere or above', async () => {
    const ok = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: mingxi },
      payload: {
        username: 'mx-school',
        displayName: '明溪实小资助专干',
        role: 'school_aid_officer',
        schoolCode: '2135000001',
        password: 'abc12345',
      },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().user).toMatchObject({ scope_code: '350421100', school_code: '2135000001' });
    const other = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: mingxi },
      payload: {
        username: 'ql-school',
        displayName: 'x',
        role: 'school_aid_officer',
        schoolCode: '2135000002',
        password: 'abc12345',
      },
    });
    expect(other.statusCode).toBe(403);
    const above = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: mingxi },
      payload: {
        username: 'boss',
        displayName: 'x',
        role: 'city_admin',
        scopeCode: '3504',
        password: 'abc12345',
      },
    });
    expect(above.statusCode).toBe(403);
    // A display name an export or the audit trail would hand Excel as a formula (tester v20b F10).
    const formula = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: mingxi },
      payload: {
        username: 'mx-formula',
        displayName: '=cmd|" /C calc"!A0',
        role: 'school_aid_officer',
        schoolCode: '2135000001',
        password: 'abc12345',
      },
    });
    expect(formula.statusCode).toBe(400);
    expect(formula.json().error.message).toContain('疑似公式');
    expect(above.json().error.message).toBe('您不能创建该角色的账号');
  });

  it("cannot read or edit another county's user (404, nothing changed)", async () => {
    const get = await app.inject({
      method: 'GET',
      url: `/api/users/${victimId}`,
      headers: { cookie: mingxi },
    });
    expect(get.statusCode).toBe(404);
    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/users/${victimId}`,
      headers: { cookie: mingxi },
      payload: { disabled: true },
    });
    expect(patch.statusCode).toBe(404);
    const row = await database.db
      .selectFrom('app_user')
      .select('disabled')
      .where('id', '=', victimId)
      .executeTakeFirstOrThrow();
    expect(row.disabled).toBe(false);
  });

  it('disabling a user ends their sessions; the change is audited with before and after', async () => {
    const qingliu = await login(app, 'qingliu');
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/users/${victimId}`,
      headers: { cookie: city },
      payload: { disabled: true },
    });
    expect(res.statusCode).toBe(200);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: qingliu } });
    expect(me.statusCode).toBe(401);
    const entry = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'app_user')
      .where('action', '=', 'update')
      .where('entity_id', '=', String(victimId))
      .executeTakeFirstOrThrow();
    expect(entry.before).toMatchObject({ disabled: false });
    expect(entry.after).toMatchObject({ disabled: true });
    expect(entry.actor_name).toBe('admin');
  });

  it('validates usernames and unknown roles with Chinese messages', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: city },
      payload: {
        username: 'Bad Name',
        displayName: 'x',
        role: 'county_admin',
        scopeCode: '350421',
        password: 'abc12345',
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('用户名须为');
    const role = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: city },
      payload: { username: 'xyz', displayName: 'x', role: 'king', scopeCode: '350421', password: 'abc12345' },
    });
    expect(role.statusCode).toBe(400);
  });
});
