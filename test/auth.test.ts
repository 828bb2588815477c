import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import type { App } from '../src/server/http.ts';
import { addUser, login, seedMiniRegions, TEST_PASSWORD, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

let database: Database;
let app: App;
beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
  await addUser(database, 'cityadmin', 'city_admin', { scopeCode: '3504' });
  await addUser(database, 'mingxi', 'county_admin', { scopeCode: '350421' });
  await addUser(database, 'victim', 'county_admin', { scopeCode: '350423' });
  app = await testApp(database);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe(`auth (${testDbKind})`, () => {
  it('logs in with an httpOnly SameSite cookie and returns the user', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'mingxi', password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'jiaofu_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(res.json().user).toMatchObject({
      username: 'mingxi',
      role: 'county_admin',
      roleLabel: '县级管理员',
      scopeCode: '350421',
    });
    const me = await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `jiaofu_session=${cookie.value}` },
    });
    expect(me.json().user.username).toBe('mingxi');
    // The English label comes with the user (tester A13: a reload in English showed 县级管理员 first).
    expect(me.json().user).toMatchObject({ roleLabel: '县级管理员', roleLabelEn: 'County administrator' });
  });

  it('sends security headers', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('refuses a wrong password in Chinese and rate-limits repeated failures', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'victim', password: 'wrong' },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.message).toBe('用户名或密码错误');
    }
    const limited = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'victim', password: TEST_PASSWORD },
    });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(limited.json().error.message).toMatch(/登录失败次数过多，请 \d+ 分钟后再试/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers malformed JSON, unknown fields and oversized bodies with 400 and a Chinese message', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "a",',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toEqual({ code: 'bad_request', message: '请求体不是合法的 JSON' });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'a', password: 'b', admin: true },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('validation');
    expect(unknown.json().error.message).toContain('admin');
    const big = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'a', password: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'payload_too_large', message: '请求体过大' });
    const missing = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toMatch(/password/);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it('serves the OpenAPI document', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toContain('/api/auth/login');
  });

  it('logs out and the cookie no longer works', async () => {
    const cookie = await login(app, 'cityadmin');
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(200);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    expect(me.json().error.message).toBe('请先登录');
  });

  it('changes the password: old one stops working, weak ones are refused', async () => {
    await addUser(database, 'changer', 'county_admin', { scopeCode: '350421' });
    const cookie = await login(app, 'changer');
    const weak = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.message).toBe('密码至少 8 位');
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { currentPassword: 'nope', newPassword: 'newpass2020' },
    });
    expect(wrong.json().error.message).toBe('当前密码不正确');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'newpass2020' },
    });
    expect(ok.statusCode).toBe(200);
    await expect(login(app, 'changer')).rejects.toThrow(/401/);
    await expect(login(app, 'changer', 'newpass2020')).resolves.toContain('jiaofu_session=');
  });

  it('stores a memory-hard hash, never the password', async () => {
    const row = await database.db
      .selectFrom('app_user')
      .select('password_hash')
      .where('username', '=', 'mingxi')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.password_hash).not.toContain(TEST_PASSWORD);
  });
});
