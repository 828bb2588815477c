import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { AID_CARE_ONLY, AID_READ_REFUSED } from '../src/modules/aid/aid.access.ts';
import { writeCoverage } from '../src/modules/aid/coverage.export.ts';
import { runEntitlements } from '../src/modules/aid/entitlement.run.ts';
import { loadExcel } from '../src/modules/xlsx/exceljs.ts';
import type { App } from '../src/server/http.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { makeAidStudent, makePaymentList, resetAidFactories } from './helpers/aid-foreign.ts';
import { addUser, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { expectCoverageSummaryConsistent } from './helpers/coverage-summary.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { resetFactories } from './helpers/dropout-factories.ts';

let database: Database;
let app: App;
const c: Record<string, string> = {};
const term = '2020-autumn';
let personId = 0;

async function get(who: string, url: string) {
  const res = await app.inject({ method: 'GET', url, headers: { cookie: c[who]! } });
  const json = res.headers['content-type']?.toString().startsWith('application/json');
  return { status: res.statusCode, body: json ? JSON.parse(res.body) : res.body, headers: res.headers };
}

beforeAll(async () => {
  resetFactories();
  resetAidFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  await addUser(database, 'mx-county', 'county_aid_centre', { scopeCode: '350421' });
  await addUser(database, 'city-aid', 'city_aid_centre', { scopeCode: '3504' });
  await addUser(database, 'mx-teacher', 'head_teacher', { schoolCode: '2135000001' });
  await addUser(database, 'mx-teacher-section', 'teacher_section', { scopeCode: '350421' });
  await addUser(database, 'mx-township', 'township_official', { scopeCode: '350421100' });
  await addUser(database, 'ql-county', 'county_aid_centre', { scopeCode: '350423' });
  app = await testApp(database);
  for (const u of ['mx-county', 'city-aid', 'mx-teacher', 'mx-teacher-section', 'mx-township', 'ql-county'])
    c[u] = await login(app, u);
  const { db } = database;
  const paid = await makeAidStudent(db, { name: '已发学生', boarding: true, registeredPoor: true });
  personId = paid.person.id;
  await makeAidStudent(db, { name: '未发学生', boarding: true, registeredPoor: true });
  const notEntitled = await makeAidStudent(db, { name: '=HYPERLINK("x")', boarding: true });
  // 建档立卡 but 已脱贫(不享受政策): legitimately without the 建档立卡 aid, so not 困难无资助.
  await makeAidStudent(db, {
    name: '脱贫学生',
    stage: 'senior',
    grade: '高一',
    registeredPoor: true,
    exitStatus: '已脱贫(不享受政策)',
  });
  await makeAidStudent(db, {
    name: '清流学生',
    regionCode: '350423100',
    boarding: true,
    registeredPoor: true,
  });
  await runEntitlements(db, SYSTEM_ACTOR, { term });
  // 建档立卡 (未脱贫) added after the run: 困难无资助 until the entitlements are computed again.
  await makeAidStudent(db, { name: '漏算学生', stage: 'senior', grade: '高一', registeredPoor: true });
  // A paid list: one entitled student, one who is not entitled (paid by mistake), paid late.
  const list = { id: await makePaymentList(db, { term }) };
  for (const [s, p] of [
    [paid.student, paid.person],
    [notEntitled.student, notEntitled.person],
  ] as const)
    await db
      .insertInto('payment_line')
      .values({
        list_id: list.id,
        student_id: s.id,
        person_id: p.id,
        student_no: s.student_no,
        name: s.name,
        id_number: p.id_number,
        programme: 'boarding_subsidy',
        term,
        amount_fen: 50000,
        status: 'paid',
        paid_at: s === paid.student ? '2020-10-15' : '2021-03-01',
        school_code: s.school_code,
        county_code: s.county_code,
        region_code: s.region_code,
      })
      .execute();
  await db.updateTable('payment_list').set({ status: 'paid' }).where('id', '=', list.id).execute();
  // 应急救助 paid to the same student inside the term, one paid before the term, one not yet paid.
  for (const [paidAt, status, amount] of [
    ['2020-12-20', 'paid', 300000],
    ['2020-08-31', 'paid', 100000],
    [null, 'city_approved', 200000],
  ] as const)
    await db
      .insertInto('emergency_relief')
      .values({
        person_id: paid.person.id,
        student_id: paid.student.id,
        school_code: paid.student.school_code,
        name: paid.student.name,
        amount_fen: amount,
        reason: 'illness',
        description: '重大疾病住院',
        approval_level: 'city',
        status,
        applied_by: 1,
        applied_at: '2020-08-01',
        paid_at: paidAt,
        county_code: '350421',
        region_code: paid.student.region_code,
      })
      .execute();
});
// Every write path below keeps the trigger-kept coverage summary equal to the lines (ADR 0005).
afterEach(async () => {
  await expectCoverageSummaryConsistent(database.db);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe(`coverage, supervision export, person file (${testDbKind})`, () => {
  it('shows a city-wide entitlement run to a county and a teacher with their own part of it only', async () => {
    const run = async (who: string) => {
      const res = await get(who, `/api/aid/entitlements/runs?term=${term}`);
      expect(res.status).toBe(200);
      return res.body.items[0] as {
        scoped: boolean;
        stats: { lines: number; totalFen: number };
        diff: { added: number; firstRun?: boolean };
      };
    };
    const city = await run('city-aid');
    const county = await run('mx-county');
    const teacher = await run('mx-teacher');
    expect(city.scoped).toBe(false);
    expect(county.scoped).toBe(true);
    // 清流学生's lines are the city's and not 明溪县's.
    const own = async (where: string) =>
      await database.db
        .selectFrom('entitlement')
        .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('amount_fen').as('fen')])
        .where('region_code', 'like', `${where}%`)
        .executeTakeFirstOrThrow();
    const mx = await own('350421');
    const all = await own('3504');
    expect(Number(all.n)).toBeGreaterThan(Number(mx.n));
    expect(city.stats).toMatchObject({ lines: Number(all.n), totalFen: Number(all.fen) });
    expect(county.stats).toMatchObject({ lines: Number(mx.n), totalFen: Number(mx.fen) });
    expect(teacher.stats.lines).toBeLessThanOrEqual(county.stats.lines);
    // The term's first run: every line of the county's part is new.
    expect(county.diff).toMatchObject({ added: county.stats.lines, firstRun: true });
  });

  it('offers the terms from 2020 to the server’s today, saying which have no policy yet', async () => {
    const pinned = process.env.JIAOFU_TODAY;
    try {
      process.env.JIAOFU_TODAY = '2021-10-08';
      const res = await get('mx-county', '/api/aid/terms');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        items: [
          { code: '2021-autumn', label: '2021年秋季学期', hasPolicy: false },
          { code: '2021-spring', label: '2021年春季学期', hasPolicy: false },
          { code: '2020-autumn', label: '2020年秋季学期', hasPolicy: true },
          { code: '2020-spring', label: '2020年春季学期', hasPolicy: true },
        ],
        current: '2021-autumn',
        // The server's day, for the web forms' date defaults (not the browser's clock).
        today: '2021-10-08',
      });
    } finally {
      process.env.JIAOFU_TODAY = pinned;
    }
  });

  it('finds a pupil by the 学籍号 as lists show it (masked) in 应享明细 and the student picker', async () => {
    const { student_no: no } = await database.db
      .selectFrom('student')
      .select('student_no')
      .where('name', '=', '已发学生')
      .executeTakeFirstOrThrow();
    const masked = `${no.slice(0, 7)}***********${no.slice(-1)}`;
    const lines = await get(
      'mx-county',
      `/api/aid/entitlements?term=${term}&q=${encodeURIComponent(masked)}`,
    );
    expect(lines.status).toBe(200);
    expect(lines.body.items.length).toBeGreaterThan(0);
    for (const l of lines.body.items) expect(l.student_no).toBe(masked);
    const picked = await get('mx-county', `/api/aid/students?q=${encodeURIComponent(masked)}`);
    expect(
      picked.body.items.map((x: { name: string; student_no: string }) => [x.name, x.student_no]),
    ).toEqual([['已发学生', masked]]);
    // By name, the picker shows the same mask as every list.
    const byName = await get('mx-county', `/api/aid/students?q=${encodeURIComponent('已发')}`);
    expect(byName.body.items[0].student_no).toBe(masked);
  });

  it('finds a pupil by the citizen ID as people type it, within scope only (the picker offers 身份证号)', async () => {
    const { id_number: id } = await database.db
      .selectFrom('student')
      .select('id_number')
      .where('name', '=', '已发学生')
      .executeTakeFirstOrThrow();
    expect(id).toMatch(/^\d{17}[\dX]$/);
    const typed = `${id!.slice(0, 6)} ${id!.slice(6, 14)} ${id!.slice(14).toLowerCase()}`;
    const picked = await get('mx-county', `/api/aid/students?q=${encodeURIComponent(typed)}`);
    expect(picked.status).toBe(200);
    expect(picked.body.items.map((x: { name: string }) => x.name)).toEqual(['已发学生']);
    // Another county's account does not find 明溪's pupil by the ID either.
    const other = await get('ql-county', `/api/aid/students?q=${encodeURIComponent(id!)}`);
    expect(other.body.items).toEqual([]);
  });

  it('reports coverage per county, school and stage with the named lists', async () => {
    const city = await get('city-aid', `/api/aid/coverage?term=${term}&level=county`);
    expect(city.body.items.map((i: { name: string }) => i.name)).toEqual(['明溪县', '清流县']);
    const mx = await get('mx-county', `/api/aid/coverage?term=${term}&level=stage`);
    expect(mx.body.items).toHaveLength(2);
    // 应享人数 = 全部已发 + 部分已发 + 尚未发放: every pupil has 营养改善计划 unpaid, two have a payment.
    expect(mx.body.items[0]).toMatchObject({
      key: 'primary',
      name: '小学',
      students: 3,
      poor: 2,
      exited: 0,
      entitled: 3,
      paid_all: 0,
      paid_some: 2,
      unpaid: 1,
      paid: 2,
      not_entitled: 1,
      poor_without_aid: 0,
    });
    // 脱贫学生 is counted apart (已脱贫不享受), 漏算学生 is 困难无资助.
    expect(mx.body.items[1]).toMatchObject({
      key: 'senior',
      students: 2,
      poor: 1,
      exited: 1,
      entitled: 0,
      poor_without_aid: 1,
    });
    for (const r of [...mx.body.items, mx.body.totals])
      expect(r.paid_all + r.paid_some + r.unpaid).toBe(r.entitled);
    // The students behind each part, as student × programme rows.
    const none = await get('mx-county', `/api/aid/coverage/students?term=${term}&group=unpaid`);
    expect(none.body.students).toBe(1);
    expect(none.body.items.map((i: { name: string }) => i.name)).toEqual(['未发学生', '未发学生']);
    const some = await get('mx-county', `/api/aid/coverage/students?term=${term}&group=paid_some`);
    expect(some.body.students).toBe(2);
    expect(some.body.total).toBe(4);
    const unpaid = await get('mx-county', `/api/aid/coverage/students?term=${term}&status=unpaid`);
    expect(
      unpaid.body.items.map((i: { name: string; programme: string }) => `${i.name}/${i.programme}`).sort(),
    ).toEqual(
      [
        '已发学生/nutrition',
        '未发学生/boarding_subsidy',
        '未发学生/nutrition',
        '=HYPERLINK("x")/nutrition',
      ].sort(),
    );
    const wrong = await get('mx-county', `/api/aid/coverage/students?term=${term}&status=not_entitled`);
    expect(wrong.body.items).toHaveLength(1);
    expect(wrong.body.items[0]).toMatchObject({
      programme: 'boarding_subsidy',
      paid_fen: 50000,
      status_label: '已发但不应享',
    });
    expect(wrong.body.items[0].person_id).toBeGreaterThan(0);
  });

  it('opens 困难无资助 and 已脱贫不享受 with why each student gets nothing', async () => {
    const gaps = await get('mx-county', `/api/aid/coverage/gaps?term=${term}&kind=without_aid`);
    expect(gaps.status).toBe(200);
    expect(gaps.body.total).toBe(1);
    const [missed] = gaps.body.items;
    expect(missed).toMatchObject({ name: '漏算学生', stage: 'senior', ent_fen: 0 });
    expect(missed.basis).toEqual(['建档立卡（脱贫状态未填）']);
    expect(missed.reasons).toContain(
      '按现行政策应享普通高中国家助学金 1500.00元，但本学期应享名单中没有：请重新计算应享资助',
    );
    expect(missed.student_no).toMatch(/\*{11}/);
    const exited = await get('mx-county', `/api/aid/coverage/gaps?term=${term}&kind=exited`);
    expect(exited.body.items.map((i: { name: string }) => i.name)).toEqual(['脱贫学生']);
    expect(exited.body.items[0].reasons[0]).toBe(
      '建档立卡脱贫状态为“已脱贫(不享受政策)”：按政策不再享受建档立卡学生资助，不计入困难学生',
    );
    // A school's staff see their own school's only; 清流县's never reach 明溪县.
    const other = await get('mx-teacher', `/api/aid/coverage/gaps?term=${term}&kind=without_aid`);
    expect(other.body.items.map((i: { name: string }) => i.name)).toEqual(['漏算学生']);
  });

  it('opens every count of the table — 在校生 and 困难学生 too — with as many students as the count, per row', async () => {
    const figures = {
      students: 'students',
      poor: 'poor',
      without_aid: 'poor_without_aid',
      exited: 'exited',
    } as const;
    const filterKey = { county: 'countyCode', school: 'schoolCode', stage: 'stage' } as const;
    let opened = 0;
    for (const who of ['city-aid', 'mx-county', 'mx-teacher'])
      for (const level of ['county', 'school', 'stage'] as const) {
        const report = await get(who, `/api/aid/coverage?term=${term}&level=${level}`);
        expect(report.status).toBe(200);
        for (const row of report.body.items as Record<string, number | string>[])
          for (const [kind, figure] of Object.entries(figures)) {
            const list = await get(
              who,
              `/api/aid/coverage/gaps?term=${term}&kind=${kind}&${filterKey[level]}=${row.key}&pageSize=500`,
            );
            const what = `${who} ${level} ${row.key} ${kind}`;
            expect(list.status, what).toBe(200);
            expect(list.body.total, what).toBe(row[figure]);
            expect(list.body.items, what).toHaveLength(row[figure] as number);
            opened += list.body.items.length;
            for (const i of list.body.items) {
              // Masked like every other drill-down: the 学籍号 (G + ID) hidden, no ID number at all.
              expect(i.student_no, what).toMatch(/\*{11}/);
              expect(i, what).not.toHaveProperty('id_number');
            }
          }
      }
    expect(opened).toBeGreaterThan(0);
    // 在校生 of 明溪县: its five pupils, never 清流学生; a school's staff see their school's only.
    const county = await get('mx-county', `/api/aid/coverage/gaps?term=${term}&kind=students&pageSize=500`);
    expect(county.body.items.map((i: { name: string }) => i.name).sort()).toEqual(
      ['=HYPERLINK("x")', '已发学生', '未发学生', '漏算学生', '脱贫学生'].sort(),
    );
    expect(county.body.items.every((i: { reasons: string[] }) => i.reasons.length === 0)).toBe(true);
    const poor = await get('mx-county', `/api/aid/coverage/gaps?term=${term}&kind=poor&pageSize=500`);
    expect(poor.body.items.map((i: { name: string }) => i.name).sort()).toEqual(
      ['已发学生', '未发学生', '漏算学生'].sort(),
    );
    for (const i of poor.body.items) expect(i.basis).toEqual(['建档立卡（脱贫状态未填）']);
    const city = await get('city-aid', `/api/aid/coverage/gaps?term=${term}&kind=students&pageSize=500`);
    expect(city.body.items.map((i: { name: string }) => i.name)).toContain('清流学生');
  });

  it('refuses the 资金监管系统 export to 教师科 and 乡镇干部 (no business with aid funds), in Chinese', async () => {
    // (乡镇干部 reads no 学生资助 record at all, 教师科 红烛暖心 only: test/aid-township-official.test.ts.)
    const refusal: Record<string, string> = {
      'mx-teacher-section': AID_CARE_ONLY,
      'mx-township': AID_READ_REFUSED,
    };
    for (const who of ['mx-teacher-section', 'mx-township']) {
      // (Also without a term: the role is refused before the query is checked.)
      for (const q of [`term=${term}&format=csv`, `term=${term}&format=csv&unmask=false`, 'format=csv']) {
        const res = await get(who, `/api/aid/supervision-export?${q}`);
        expect(res.status, who).toBe(403);
        expect(res.body.error.message).toBe(refusal[who]);
      }
      // Their session says so, for the page to leave the export out.
      expect((await get(who, '/api/auth/me')).body.user.permissions.exportAidFunds, who).toBe(false);
    }
    expect((await get('city-aid', '/api/auth/me')).body.user.permissions.exportAidFunds).toBe(true);
  });

  it('exports the coverage file with the contract columns', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aid-cov-'));
    const file = path.join(dir, 'coverage.csv');
    const rows = await writeCoverage(database.db, SYSTEM_ACTOR, term, file);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFF学籍号,姓名,学校名称,学段,资助项目,应享金额,已发金额,状态,说明',
    );
    expect(rows).toBe(text.trim().split('\r\n').length - 1);
    expect(text).toContain('寄宿生生活费补助,500.00,500.00,已足额发放');
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('exports payments for the supervision system with flags and configurable columns', async () => {
    const { db } = database;
    const { id_number: fullId } = await db
      .selectFrom('person')
      .select('id_number')
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    const viewsBefore = await db
      .selectFrom('audit_log')
      .select('seq')
      .where('entity', '=', 'supervision_export')
      .execute();
    // IDs are masked unless asked for, even for a user allowed to see them; nothing is logged.
    const byDefault = await get('city-aid', `/api/aid/supervision-export?term=${term}&format=csv`);
    expect(byDefault.status).toBe(200);
    expect(byDefault.headers['x-full-ids']).toBe('false');
    expect(byDefault.body as string).not.toContain(fullId);
    expect((byDefault.body as string).split('\r\n')[1]).toMatch(
      /^寄宿生生活费补助,明溪县教育局,明溪县,雪峰镇,已发学生,350421\*{11}[\dX],500.00,2020-10-15,1$/,
    );
    expect(
      await db.selectFrom('audit_log').select('seq').where('entity', '=', 'supervision_export').execute(),
    ).toHaveLength(viewsBefore.length);
    // The provincial system matches payments by the full ID: a user allowed to see full IDs gets
    // them when asking (unmask=true), the download logged as a view of personal data (like the bank file).
    const res = await get('city-aid', `/api/aid/supervision-export?term=${term}&format=csv&unmask=true`);
    expect(res.status).toBe(200);
    expect(res.headers['x-flagged-rows']).toBe('1');
    expect(res.headers['x-full-ids']).toBe('true');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain(
      '资金监管系统导出-2020年秋季学期.csv',
    );
    const lines = (res.body as string).trim().split('\r\n');
    expect(lines[0]!.replace(/^\uFEFF/, '')).toBe('项目,主管部门,区县,乡镇,姓名,身份证号,金额,发放日期,人次');
    expect(lines[1]).toBe(
      `寄宿生生活费补助,明溪县教育局,明溪县,雪峰镇,已发学生,${fullId},500.00,2020-10-15,1`,
    );
    const views = await db
      .selectFrom('audit_log')
      .select(['action', 'entity', 'entity_id', 'after'])
      .where('entity', '=', 'supervision_export')
      .orderBy('seq')
      .execute();
    expect(views.length - viewsBefore.length).toBe(1);
    expect(views.at(-1)).toMatchObject({
      action: 'view_personal',
      entity_id: term,
      after: { fields: ['id_number'] },
    });
    // A masked copy when asked for, and for a user without the right to full IDs.
    const masked = await get('city-aid', `/api/aid/supervision-export?term=${term}&format=csv&unmask=false`);
    expect((masked.body as string).split('\r\n')[1]).toMatch(
      /^寄宿生生活费补助,明溪县教育局,明溪县,雪峰镇,已发学生,350421\*{11}[\dX],500.00,2020-10-15,1$/,
    );
    const byTeacher = await get('mx-teacher', `/api/aid/supervision-export?term=${term}&format=csv`);
    expect(byTeacher.status).toBe(200);
    expect(byTeacher.headers['x-full-ids']).toBe('false');
    expect(byTeacher.body as string).not.toContain(fullId);
    expect(
      await db.selectFrom('audit_log').select('seq').where('entity', '=', 'supervision_export').execute(),
    ).toHaveLength(views.length);
    // xlsx: 金额 and 人次 are numbers (the system sums them), the ID text, the term in words.
    const xlsx = await app.inject({
      method: 'GET',
      url: `/api/aid/supervision-export?term=${term}&format=xlsx&columns=姓名,身份证号,金额,人次,学期&unmask=true`,
      headers: { cookie: c['city-aid']! },
    });
    const wb = new (loadExcel().Workbook)();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect((wb.worksheets[0]!.getRow(2).values as unknown[]).slice(1)).toEqual([
      '已发学生',
      fullId,
      500,
      1,
      '2020年秋季学期',
    ]);
    const custom = await get(
      'city-aid',
      `/api/aid/supervision-export?term=${term}&format=csv&columns=姓名,金额,标记&unmask=true`,
    );
    const rows = (custom.body as string).trim().split('\r\n');
    expect(rows[0]!.replace(/^\uFEFF/, '')).toBe('姓名,金额,标记');
    expect(rows[2]).toContain('逾期发放');
    expect(rows[2]).toContain('不在应享名单');
    expect(rows[2]).toMatch(/^"'=HYPERLINK/);
    // 应急救助 paid within the term's days (2020-09-01 … 2021-02-28) follows, flagged only for identity.
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe(`应急救助,明溪县教育局,明溪县,雪峰镇,已发学生,${fullId},3000.00,2020-12-20,1`);
    const onlyRelief = await get(
      'city-aid',
      `/api/aid/supervision-export?term=${term}&format=csv&programme=emergency_relief&columns=项目,金额,标记`,
    );
    expect(
      (onlyRelief.body as string)
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n'),
    ).toEqual(['项目,金额,标记', '应急救助,3000.00,']);
    const spring = await get(
      'city-aid',
      '/api/aid/supervision-export?term=2020-spring&format=csv&programme=emergency_relief',
    );
    expect(spring.status).toBe(200);
    expect(spring.body as string).toContain(',1000.00,2020-08-31,');
    const bad = await get('city-aid', `/api/aid/supervision-export?term=${term}&columns=姓名,银行卡号`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('未知的导出列：银行卡号');
    const teacher = await get('mx-teacher', `/api/aid/supervision-export?term=${term}&unmask=true`);
    expect(teacher.status).toBe(403);
  });

  it('shows the person file with entitlements and payments', async () => {
    const f = await get('mx-county', `/api/persons/${personId}/aid`);
    expect(f.status).toBe(200);
    const b = f.body.entitlements.find((e: { programme: string }) => e.programme === 'boarding_subsidy');
    expect(b).toMatchObject({ amount_fen: 50000, paid_fen: 50000, coverage: 'paid' });
    expect(f.body.payments).toHaveLength(1);
    expect(f.body.relief).toEqual([]);
  });
});
