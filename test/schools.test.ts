import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { seedDemo } from '../src/modules/demo/demo.ts';
import { buildApp } from '../src/server/app.ts';
import type { App } from '../src/server/http.ts';
import { csvText, HEADER, login, writeXlsx } from './fixtures/school-files.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

let database: Database;
let app: App;
const cookies: Record<string, string> = {};
const PASSWORD = 'school-test-1';

beforeAll(async () => {
  database = await createTestDb();
  await seedDemo(database.db, { password: PASSWORD });
  app = await buildApp({ database, webDist: null });
  for (const u of ['admin', 'mingxi', 'mingxi-school', 'auditor', 'qingliu'])
    cookies[u] = await login(app, u, PASSWORD);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const get = (user: string, url: string) =>
  app.inject({ method: 'GET', url, headers: { cookie: cookies[user]! } });
const schoolCode = async (name: string) =>
  (await database.db.selectFrom('school').select('code').where('name', '=', name).executeTakeFirstOrThrow())
    .code;

describe(`schools API (${testDbKind})`, () => {
  it('lists schools in scope with filters and paging', async () => {
    const all = (await get('admin', '/api/schools?pageSize=5')).json();
    expect(all.items).toHaveLength(5);
    const mine = (await get('mingxi', '/api/schools?pageSize=500')).json();
    expect(mine.total).toBeGreaterThan(20);
    expect(mine.total).toBeLessThan(all.total);
    expect(mine.items.every((s: { county_code: string }) => s.county_code === '350421')).toBe(true);
    expect(mine.items[0]).toMatchObject({ county_name: '明溪县' });

    const other = (await get('mingxi', '/api/schools?county=350423')).json();
    expect(other.total).toBe(0);
    const juniors = (await get('admin', '/api/schools?county=350421&stage=junior&pageSize=500')).json();
    expect(juniors.items.every((s: { stages: string[] }) => s.stages.includes('junior'))).toBe(true);
    expect(juniors.items.map((s: { name: string }) => s.name)).toContain('明溪县第一中学');
    const vs = (await get('admin', '/api/schools?kind=village_school&township=350421101')).json();
    expect(
      vs.items.every(
        (s: { kind: string; village_name: string }) => s.kind === 'village_school' && s.village_name,
      ),
    ).toBe(true);
    const q = (await get('admin', `/api/schools?q=${encodeURIComponent('三明第一中学')}`)).json();
    expect(q.items.map((s: { name: string }) => s.name)).toEqual(['三明第一中学']);
    const page2 = (await get('mingxi', '/api/schools?pageSize=10&page=2')).json();
    expect(page2.items[0].code).toBe(mine.items[10].code);
  });

  it('shows a school account only its own school', async () => {
    const res = (await get('mingxi-school', '/api/schools')).json();
    expect(res.total).toBe(1);
    expect(res.items[0].name).toBe('明溪县实验小学');
  });

  it('returns 404 for a school outside the scope', async () => {
    const qingliu = await schoolCode('清流县实验小学');
    expect((await get('mingxi', `/api/schools/${qingliu}`)).statusCode).toBe(404);
    const res = await get('qingliu', `/api/schools/${qingliu}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().school).toMatchObject({ name: '清流县实验小学', stage_labels: ['小学'] });
  });

  it('edits a school with permission, audited with before and after', async () => {
    const code = await schoolCode('明溪县城关中学');
    const patch = (user: string, payload: Record<string, unknown>, c = code) =>
      app.inject({ method: 'PATCH', url: `/api/schools/${c}`, headers: { cookie: cookies[user]! }, payload });
    expect((await patch('mingxi-school', { boarding: true })).statusCode).toBe(403);
    expect((await patch('auditor', { boarding: true })).statusCode).toBe(403);
    expect((await patch('qingliu', { boarding: true })).statusCode).toBe(404);
    expect((await patch('mingxi', { name: '=cmd' })).statusCode).toBe(400);
    // What the school list import refuses, the edit refuses: a full-width ＝ (exports would show '＝1),
    // a line break, a direction override; the message is the import's, in Chinese.
    for (const name of ['＝1', '＋86', '明溪县\n实验小学', '明溪县\u202e实验小学']) {
      const refused = await patch('mingxi', { name });
      expect(refused.statusCode, name).toBe(400);
      expect(refused.json().error.message, name).toMatch(/^name: 学校名称/);
    }
    expect((await patch('mingxi', { name: '＝1' })).json().error.message).toBe(
      'name: 学校名称以 ＝ 开头，疑似公式，已拒绝（学校名称不能以 = + - @ 开头，全角的 ＝＋－＠ 也不可以）',
    );

    const res = await patch('mingxi', { boarding: true, stages: ['senior', 'junior'], urban_rural: 'town' });
    expect(res.statusCode).toBe(200);
    expect(res.json().school).toMatchObject({
      boarding: true,
      stages: ['junior', 'senior'],
      urban_rural: 'town',
      urban_rural_manual: true,
    });
    const entry = await database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name', 'before', 'after'])
      .where('entity', '=', 'school')
      .where('entity_id', '=', code)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      action: 'update',
      actor_name: 'mingxi',
      before: { boarding: false, urban_rural: 'urban', urban_rural_manual: false },
      after: { boarding: true, urban_rural: 'town', urban_rural_manual: true },
    });
    const reset = await patch('mingxi', { urban_rural: null });
    expect(reset.json().school).toMatchObject({ urban_rural: 'urban', urban_rural_manual: false });
  });

  it('imports an uploaded xlsx for a county administrator', async () => {
    const file = await writeXlsx('upload.xlsx', [
      ['学校名称', '学校标识码', '乡(镇)', '县(市、区)', '办学类型', '学段'],
      ['明溪县胡坊测试小学', '2135031001', '胡坊镇', '明溪县', '公办', '小学'],
    ]);
    const res = await app.inject({
      method: 'POST',
      url: '/api/schools/import?filename=upload.xlsx',
      headers: {
        cookie: cookies.mingxi!,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      payload: fs.readFileSync(file),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, inserted: 1, updated: 0, errors: [] });
    expect((await get('mingxi', '/api/schools/2135031001')).json().school.township_code).toBe('350421102');
  });

  it("rejects another county's rows in an uploaded csv, writing nothing", async () => {
    const body = csvText([
      HEADER,
      ['2135031002', '明溪县瀚仙测试小学', '明溪县', '瀚仙镇', '小学', '公办'],
      ['2135031003', '清流县测试小学', '清流县', '龙津镇', '小学', '公办'],
    ]);
    const res = await app.inject({
      method: 'POST',
      url: '/api/schools/import?filename=list.csv',
      headers: { cookie: cookies.mingxi!, 'content-type': 'text/csv' },
      payload: Buffer.from(body),
    });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('import_invalid');
    expect(err.details.errors).toEqual([
      { row: 3, column: '县(市、区)', message: expect.stringContaining('不在您的管辖范围内') },
    ]);
    expect((await get('admin', '/api/schools/2135031002')).statusCode).toBe(404);
  });

  it('deletes a school no record names, audited; refuses one an account or the roll names, and other scopes', async () => {
    const del = (user: string, code: string) =>
      app.inject({ method: 'DELETE', url: `/api/schools/${code}`, headers: { cookie: cookies[user]! } });
    const added = await app.inject({
      method: 'POST',
      url: '/api/schools/import?filename=one.csv',
      headers: { cookie: cookies.mingxi!, 'content-type': 'application/octet-stream' },
      payload: Buffer.from(`${HEADER.join(',')}\n2135039901,明溪县删除测试小学,明溪县,雪峰镇,小学,公办\n`),
    });
    expect(added.json()).toMatchObject({ ok: true, inserted: 1 });
    expect((await del('qingliu', '2135039901')).statusCode).toBe(404);
    for (const user of ['auditor', 'mingxi-school'])
      expect((await del(user, '2135039901')).statusCode).toBe(403);
    const done = await del('mingxi', '2135039901');
    expect(done.statusCode).toBe(200);
    expect((await get('mingxi', '/api/schools/2135039901')).statusCode).toBe(404);
    const entry = await database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name', 'before'])
      .where('entity', '=', 'school')
      .where('entity_id', '=', '2135039901')
      .where('action', '=', 'delete')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: 'delete', actor_name: 'mingxi' });
    expect(JSON.stringify(entry.before)).toContain('明溪县删除测试小学');

    // The school of the school account (and of demo pupils): corrected, never deleted.
    const own = await database.db
      .selectFrom('app_user')
      .select('school_code')
      .where('username', '=', 'mingxi-school')
      .executeTakeFirstOrThrow();
    const refused = await del('mingxi', own.school_code!);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/已有.*用户账号.*，不能删除：学校信息有误请修改/);
    expect((await get('mingxi', `/api/schools/${own.school_code}`)).statusCode).toBe(200);
  });

  it('refuses imports without permission or without a file', async () => {
    const post = (user: string, payload: Buffer) =>
      app.inject({
        method: 'POST',
        url: '/api/schools/import?filename=x.csv',
        headers: { cookie: cookies[user]!, 'content-type': 'application/octet-stream' },
        payload,
      });
    const refused = await post('auditor', Buffer.from('x'));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe('学校名单由市、县(市、区)教育局的管理员导入');
    expect((await post('mingxi-school', Buffer.from('x'))).statusCode).toBe(403);
    const empty = await post('admin', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    // Over the route's limit: the limit is named, with what to do.
    const huge = await post('admin', Buffer.alloc(50 * 1024 * 1024 + 1, 0x41));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.message).toBe('文件超过 50 MB 的上传上限：请按县(市、区)或学校拆分后分批导入');
    // A field refused by name in Chinese.
    const noName = await app.inject({
      method: 'POST',
      url: `/api/schools/import?filename=${'名'.repeat(1001)}.csv`,
      headers: { cookie: cookies.admin!, 'content-type': 'application/octet-stream' },
      payload: Buffer.from('x'),
    });
    expect(noName.json().error.message).toBe('文件名: 太长或太大（最多 1000）');
  });
});
