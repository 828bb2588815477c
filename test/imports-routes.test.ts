import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { loadExcel } from '../src/modules/xlsx/exceljs.ts';
import type { App } from '../src/server/http.ts';
import { addUser, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

const REGISTRY =
  '户编号,人编号,姓名,证件号码,县(市、区),乡(镇)\nH1,P1,林新人,350421201005031234,明溪县,雪峰镇\n';

describe(`upload of rolls, registries and lists (${testDbKind})`, () => {
  let database: Database;
  let app: App;
  beforeAll(async () => {
    database = await createTestDb();
    await seedMiniRegions(database);
    await addUser(database, 'mx-school', 'school_aid_officer', { schoolCode: '2135000001' });
    await addUser(database, 'mx-county', 'county_admin', { scopeCode: '350421' });
    await addUser(database, 'mx-aid', 'county_aid_centre', { scopeCode: '350421' });
    await addUser(database, 'mx-auditor', 'auditor', { scopeCode: '350421' });
    await addUser(database, 'city-admin', 'city_admin', { scopeCode: '3504' });
    app = await testApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const upload = (cookie: string, kind: string, body: string, filename = 'r.csv') =>
    app.inject({
      method: 'POST',
      url: `/api/imports/${kind}?filename=${encodeURIComponent(filename)}`,
      headers: { cookie, 'content-type': 'application/octet-stream' },
      payload: body,
    });

  /** The import job once it has ended (it must succeed: a refused file is a report, not a failure). */
  const finished = async (cookie: string, jobId: string) => {
    let job: { status: string; result?: Record<string, unknown> } = { status: '' };
    for (let i = 0; i < 200 && job.status !== 'succeeded' && job.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await app.inject({ method: 'GET', url: `/api/jobs/${jobId}`, headers: { cookie } })).json().job;
    }
    expect(job.status).toBe('succeeded');
    return job.result!;
  };

  it('lets a school bring its roll, but not a 建档立卡 or assistance list that replaces the county’s', async () => {
    const school = await login(app, 'mx-school');
    for (const kind of ['registry', 'lists']) {
      const res = await upload(school, kind, REGISTRY);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.message).toBe(
        '建档立卡名单和救助名单由县(市、区)及以上教育部门导入；学校只导入本校的学生名册',
      );
    }
    // The roll is the school's own: accepted as a job.
    expect((await upload(school, 'students', '学籍号,姓名,身份证件号\n')).statusCode).toBe(202);
    const me = (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: school } })).json();
    expect(me.user.permissions).toMatchObject({ write: true, importRegistry: false });
  });

  it('lets county bureaus bring the registry', async () => {
    for (const user of ['mx-county', 'mx-aid']) {
      const cookie = await login(app, user);
      expect((await upload(cookie, 'registry', REGISTRY)).statusCode).toBe(202);
      const me = (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json();
      expect(me.user.permissions.importRegistry).toBe(true);
    }
  });

  it('names the report of a list that changed persons 导入报告.xlsx (it lists them, not only problems)', async () => {
    const cookie = await login(app, 'mx-county');
    const next = `${REGISTRY}H1,P2,林新二,,明溪县,雪峰镇\n`;
    const { jobId } = (await upload(cookie, 'registry', next)).json();
    const result = (await finished(cookie, jobId)) as { changes?: unknown[] };
    expect(result.changes?.length).toBeGreaterThan(0);
    const report = await app.inject({
      method: 'GET',
      url: `/api/imports/report/${jobId}`,
      headers: { cookie },
    });
    expect(decodeURIComponent(String(report.headers['content-disposition']))).toContain("''导入报告.xlsx");
  });

  it('lists a refused import as 未导入 among the jobs, with its file name', async () => {
    const cookie = await login(app, 'mx-school');
    // A roll without any student row: the import job finishes, its report refuses the file.
    const res = await upload(cookie, 'students', '学籍号,姓名,身份证件号\n', '空名册.csv');
    const { jobId } = res.json();
    await finished(cookie, jobId);
    const list = (await app.inject({ method: 'GET', url: '/api/jobs', headers: { cookie } })).json();
    const item = list.items.find((j: { id: string }) => j.id === jobId);
    expect(item).toMatchObject({
      kind: 'import',
      filename: '空名册.csv',
      accepted: false,
      file_refused: true,
    });
    expect(item.result).toBeUndefined();
  });

  it('masks the ID numbers and G + ID 学籍号 its report quotes, on the page and in the download', async () => {
    const cookie = await login(app, 'mx-county');
    // A typo in an ID (quoted by its warning) and a 学籍号 given twice (quoted by its error).
    const roll = [
      '学籍号,姓名,身份证件号,学校标识码',
      'G350421201005031231,林一,350421201005031235,2135000001',
      'G350421201005031231,林二,350421201005031231,2135000001',
    ].join('\n');
    const { jobId } = (await upload(cookie, 'students', `${roll}\n`)).json();
    const result = (await finished(cookie, jobId)) as {
      errors: { message: string }[];
      warnings: { message: string }[];
    };
    const messages = [...result.errors, ...result.warnings].map((m) => m.message).join('\n');
    expect(messages).toContain('学籍号 G350421***********1 与第 2 行重复');
    expect(messages).toContain('身份证件号“350421***********5”');
    const report = await app.inject({
      method: 'GET',
      url: `/api/imports/report/${jobId}`,
      headers: { cookie },
    });
    expect(report.statusCode).toBe(200);
    // A report of problems only is named for them (one that lists changes is 导入报告.xlsx).
    expect(decodeURIComponent(String(report.headers['content-disposition']))).toContain('导入问题报告.xlsx');
    const wb = new (loadExcel().Workbook)();
    const file = path.join(os.tmpdir(), `jiaofu-report-${process.pid}.xlsx`);
    writeFileSync(file, report.rawPayload);
    await wb.xlsx.readFile(file);
    rmSync(file);
    const text = JSON.stringify(wb.worksheets[0]!.getSheetValues());
    expect(text).toContain('350421***********1');
    for (const raw of ['350421201005031235', '350421201005031231']) {
      expect(messages).not.toContain(raw);
      expect(text).not.toContain(raw);
    }
  });

  it('holds a 建档立卡 list that would remove most of a county until the upload confirms it', async () => {
    const cookie = await login(app, 'mx-county');
    const CH = '一二三四五六七八九十百千万东南西北春夏秋冬';
    const list = (n: number) =>
      `户编号,人编号,姓名,证件号码,县(市、区),乡(镇)\n${Array.from(
        { length: n },
        (_, i) => `HQ${i},PQ${i},林${CH[i % 20]}${CH[Math.floor(i / 20)]},,明溪县,雪峰镇`,
      ).join('\n')}\n`;
    const run = async (body: string, query = '') => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/imports/registry?filename=${encodeURIComponent('建档立卡.csv')}${query}`,
        headers: { cookie, 'content-type': 'application/octet-stream' },
        payload: body,
      });
      expect(res.statusCode).toBe(202);
      return finished(cookie, res.json().jobId);
    };
    const current = async () =>
      (
        await database.db
          .selectFrom('registry_person')
          .select(['person_no'])
          .where('county_code', '=', '350421')
          .where('current', '=', true)
          .execute()
      ).length;
    // The county's whole list (it replaces what earlier tests brought), then 5 of its 30: 25 would go.
    expect((await run(list(30))).ok).toBe(true);
    expect(await current()).toBe(30);
    const held = await run(list(5));
    expect(held).toMatchObject({ ok: false, confirm: 'removal', batchId: null });
    expect(held.fileError).toContain('明溪县：现有 30 人，文件中 5 人，其中 25 人不在文件中');
    expect(await current()).toBe(30);
    // confirmRemoval=false is no confirmation; true imports.
    expect((await run(list(5), '&confirmRemoval=false')).confirm).toBe('removal');
    const ok = await run(list(5), '&confirmRemoval=true');
    expect(ok).toMatchObject({ ok: true });
    expect(await current()).toBe(5);
  });

  it('holds a roll that would move a pupil still 在读 at another county’s school until the upload confirms it', async () => {
    // 清流县实验小学's pupil, brought by the city.
    const PUPIL = '350423201003031230';
    const HEAD = '学籍号,姓名,性别,出生日期,身份证件号,学校标识码,学校名称,学段,年级';
    const line = (school: string) => `G${PUPIL},林转学,男,2010-03-03,${PUPIL},${school},小学,五年级`;
    const admin = await login(app, 'city-admin');
    const ql = await app.inject({
      method: 'POST',
      url: `/api/imports/students?filename=ql.csv`,
      headers: { cookie: admin, 'content-type': 'application/octet-stream' },
      payload: `${HEAD}\n${line('2135000002,清流县实验小学')}\n`,
    });
    expect(await finished(admin, ql.json().jobId)).toMatchObject({ ok: true });
    const school = await login(app, 'mx-school');
    const run = async (query = '') => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/imports/students?filename=mx.csv${query}`,
        headers: { cookie: school, 'content-type': 'application/octet-stream' },
        payload: `${HEAD}\n${line('2135000001,明溪县实验小学')}\n`,
      });
      expect(res.statusCode).toBe(202);
      return finished(school, res.json().jobId);
    };
    const where = async () =>
      (
        await database.db
          .selectFrom('student')
          .select(['school_code', 'status'])
          .where('student_no', '=', `G${PUPIL}`)
          .executeTakeFirstOrThrow()
      ).school_code;
    const held = await run();
    expect(held).toMatchObject({ ok: false, confirm: 'transfer', batchId: null });
    expect(held.fileError).toContain('第 2 行（学籍号 G350423***********0）目前在清流县实验小学在读');
    // Another confirmation is not this one; nothing moved.
    expect((await run('&confirmLeft=true')).confirm).toBe('transfer');
    expect(await where()).toBe('2135000002');
    const ok = await run('&confirmTransfer=true&confirmLeft=true&confirmNewest=false');
    expect(ok, JSON.stringify(ok)).toMatchObject({ ok: true, counts: { transferred_in: 1 } });
    expect(await where()).toBe('2135000001');
  });

  it('brings the school list as an import job: county bureaus only, per-row problems in the report, counts when done', async () => {
    const HEAD = '学校标识码,学校名称,县(市、区),乡(镇),学段,办学类型';
    const school = await login(app, 'mx-school');
    const refused = await upload(
      school,
      'schools',
      `${HEAD}\n2135000009,明溪县新建小学,明溪县,雪峰镇,小学,公办\n`,
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe('学校名单由市、县(市、区)教育局的管理员导入');
    // A role that writes nothing (审计) is told the same, not that it may not write.
    const auditor = await upload(await login(app, 'mx-auditor'), 'schools', `${HEAD}\n`);
    expect(auditor.statusCode).toBe(403);
    expect(auditor.json().error.message).toBe('学校名单由市、县(市、区)教育局的管理员导入');

    const county = await login(app, 'mx-county');
    // Another county's school is refused for its row and column; nothing is written.
    const bad = await upload(
      county,
      'schools',
      `${HEAD}\n2135000009,明溪县新建小学,明溪县,雪峰镇,小学,公办\n2135000010,清流县新建小学,清流县,龙津镇,小学,公办\n`,
      '学校名单.csv',
    );
    expect(bad.statusCode).toBe(202);
    const badReport = await finished(county, bad.json().jobId);
    expect(badReport).toMatchObject({ ok: false, kind: 'schools', filename: '学校名单.csv', rows: 2 });
    expect(badReport.errors).toEqual([
      {
        row: 3,
        column: '县(市、区)',
        message: expect.stringContaining('不在您的管辖范围内'),
        severity: 'error',
      },
    ]);
    const download = await app.inject({
      method: 'GET',
      url: `/api/imports/report/${bad.json().jobId}`,
      headers: { cookie: county },
    });
    expect(download.statusCode).toBe(200);
    const count = async () =>
      (await database.db.selectFrom('school').select('code').where('code', '=', '2135000009').execute())
        .length;
    expect(await count()).toBe(0);

    // A file the reader cannot take is the report's file error, as for a roll.
    const wrong = await finished(
      county,
      (await upload(county, 'schools', REGISTRY, '建档立卡.csv')).json().jobId,
    );
    expect(wrong).toMatchObject({ ok: false, errors: [] });
    expect(wrong.fileError).toContain('像是建档立卡名单');

    const good = await upload(
      county,
      'schools',
      `${HEAD}\n2135000009,明溪县新建小学,明溪县,雪峰镇,小学,公办\n`,
    );
    expect(await finished(county, good.json().jobId)).toMatchObject({
      ok: true,
      counts: { new: 1, updated: 0, unchanged: 0 },
      errors: [],
    });
    expect(await count()).toBe(1);
    // The jobs list says what each import brought.
    const jobs = (await app.inject({ method: 'GET', url: '/api/jobs', headers: { cookie: county } })).json();
    expect(jobs.items.find((j: { id: string }) => j.id === good.json().jobId)).toMatchObject({
      kind: 'import',
      import_kind: 'schools',
    });
    // Paged, newest first: every job of the scope can be reached.
    const page = async (n: number) =>
      (
        await app.inject({
          method: 'GET',
          url: `/api/jobs?page=${n}&pageSize=2`,
          headers: { cookie: county },
        })
      ).json();
    const [p1, p2] = [await page(1), await page(2)];
    expect(p1.total).toBe(jobs.total);
    expect(p1.total).toBeGreaterThan(3);
    expect(p1.items.map((j: { id: string }) => j.id)).toEqual(
      jobs.items.slice(0, 2).map((j: { id: string }) => j.id),
    );
    expect(p2.items.map((j: { id: string }) => j.id)).toEqual(
      jobs.items.slice(2, 4).map((j: { id: string }) => j.id),
    );
  });

  it('takes a long file name (kept whole in the report, shortened on disk) and says in Chinese when one is too long', async () => {
    const cookie = await login(app, 'mx-county');
    const long = `${'学校名单'.repeat(60)}.csv`;
    const res = await upload(cookie, 'schools', '学校标识码,学校名称\n', long);
    expect(res.statusCode).toBe(202);
    const report = await finished(cookie, res.json().jobId);
    expect(report.filename).toBe(long);
    expect(report.fileError).toMatch(/^学校名单缺少必需的列/);
    const tooLong = await upload(cookie, 'schools', '学校标识码,学校名称\n', `${'名'.repeat(1001)}.csv`);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.message).toContain('太长或太大（最多 1000）');
  });

  it('gives a blank template of each import that the import reads back, IDs kept as text', async () => {
    const cookie = await login(app, 'mx-county');
    const template = async (kind: string) => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/imports/template/${kind}`,
        headers: { cookie },
      });
      expect(res.statusCode, kind).toBe(200);
      expect(res.headers['content-disposition']).toContain(encodeURIComponent('模板.xlsx'));
      const wb = new (loadExcel().Workbook)();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      return wb;
    };
    const filled = async (kind: string, values: Record<string, string>) => {
      const wb = await template(kind);
      const sheet = wb.worksheets[0]!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
      expect(wb.worksheets[1]!.name).toBe('填表说明');
      const row = sheet.getRow(2);
      header.forEach((h, i) => {
        if (values[h] !== undefined) row.getCell(i + 1).value = values[h];
      });
      row.commit();
      const file = path.join(os.tmpdir(), `jiaofu-template-${kind}-${process.pid}.xlsx`);
      await wb.xlsx.writeFile(file);
      return { header, wb, file };
    };
    const id = '350421201005031234';
    const students = await filled('students', {
      学籍号: `G${id}`,
      姓名: '林模板',
      身份证件号: id,
      学校标识码: '2135000001',
    });
    expect(students.header.slice(0, 2)).toEqual(['学籍号', '姓名']);
    // The ID column is text: Excel keeps all 18 digits of what is typed there.
    const idCol = students.header.indexOf('身份证件号') + 1;
    expect(students.wb.worksheets[0]!.getColumn(idCol).numFmt).toBe('@');
    const schools = await filled('schools', {
      学校标识码: '2135000019',
      学校名称: '明溪县模板小学',
      '县(市、区)': '明溪县',
      '乡(镇)': '雪峰镇',
      学段: '小学',
      办学类型: '公办',
    });
    expect(schools.header.slice(0, 6)).toEqual([
      '学校标识码',
      '学校名称',
      '县(市、区)',
      '乡(镇)',
      '学段',
      '办学类型',
    ]);
    for (const kind of ['registry', 'lists']) await template(kind);
    const post = async (kind: string, file: string) => {
      const res = await app.inject({
        method: 'POST',
        // (The template's one pupil is the school's roll: the pupils earlier tests left there go.)
        url: `/api/imports/${kind}?filename=${encodeURIComponent(`${kind}.xlsx`)}${kind === 'students' ? '&confirmLeft=true' : ''}`,
        headers: { cookie, 'content-type': 'application/octet-stream' },
        payload: readFileSync(file),
      });
      return finished(cookie, res.json().jobId);
    };
    expect(await post('schools', schools.file)).toMatchObject({ ok: true, counts: { new: 1 }, errors: [] });
    expect(await post('students', students.file)).toMatchObject({ ok: true, errors: [] });
    for (const f of [students.file, schools.file]) rmSync(f);
    expect((await app.inject({ method: 'GET', url: '/api/imports/template/students' })).statusCode).toBe(401);
  });

  it('tells an empty file by its name', async () => {
    const res = await upload(await login(app, 'mx-county'), 'students', '', '名册.csv');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('文件“名册.csv”是空的（0 字节），请检查后重新选择');
  });
});
