import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The outside tester ran the app with JIAOFU_TODAY=2020-10-20; this file pins the same day before
// the factories read it (vi.hoisted runs ahead of the imports).
const saved = vi.hoisted(() => {
  const before = process.env.JIAOFU_TODAY;
  process.env.JIAOFU_TODAY = '2020-10-20';
  return before;
});

import type { Database } from '../src/db/connect.ts';
import type { App } from '../src/server/http.ts';
import { addUser, callAs, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { unzipDocumentXml } from './helpers/docx.ts';
import { makeRegistryPerson, makeStudent, resetFactories, TODAY } from './helpers/dropout-factories.ts';

// 控辍保学 faults an outside tester found in Chromium (county 明溪, JIAOFU_TODAY=2020-10-20):
// 1. a case closed as 已复学 was checked against nothing and 复学率 counted cases;
// 2. impossible and out-of-range dates;
// 3. the 书面报告's 性别, signer and "多次劝返";
// 4. 重点群体 not pre-filled;
// 5. ages counted on the list's day instead of the school-entry cut-off (31 August).

let database: Database;
let app: App;
const cookie: Record<string, string> = {};
const ids: Record<string, number> = {};

const call = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
  callAs(app, cookie, who, method, url, payload);

/** Runs `work` with the bureau's day moved to `day` (the app reads it at each request). */
async function on<T>(day: string, work: () => Promise<T>): Promise<T> {
  process.env.JIAOFU_TODAY = day;
  try {
    return await work();
  } finally {
    process.env.JIAOFU_TODAY = '2020-10-20';
  }
}

async function openCase(who: string, registryPersonId: number, more: object = {}) {
  const r = await call(who, 'POST', '/api/dropout/cases', {
    source: 'out_of_school',
    registryPersonId,
    reason: 'family_hardship',
    ...more,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.case.id as number;
}

async function persuade(who: string, caseId: number, date: string, result = 'succeeded') {
  const r = await call(who, 'POST', `/api/dropout/cases/${caseId}/persuasions`, {
    date,
    persuader: '王干部',
    method: 'home_visit',
    result,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

beforeAll(async () => {
  expect(TODAY).toBe('2020-10-20');
  resetFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  await addUser(database, 'xf-official', 'township_official', { scopeCode: '350421100' });
  await addUser(database, 'mx-admin', 'county_admin', { scopeCode: '350421' });
  await addUser(database, 'city-admin', 'city_admin', { scopeCode: '3504' });
  app = await testApp(database);
  cookie.xf = await login(app, 'xf-official');
  cookie.mx = await login(app, 'mx-admin');
  cookie.city = await login(app, 'city-admin');
  const { db } = database;
  ids.mei = (await makeRegistryPerson(db, { name: '林小梅', birthDate: '2010-03-15' })).id;
  ids.hua = (await makeRegistryPerson(db, { name: '张小华', birthDate: '2011-06-01' })).id;
  ids.fang = (await makeRegistryPerson(db, { name: '陈小芳', birthDate: '2012-01-09' })).id;
  ids.dates = (await makeRegistryPerson(db, { name: '吴日期', birthDate: '2009-05-05' })).id;
  await db.updateTable('registry_person').set({ sex: 'F' }).where('id', '=', ids.fang).execute();
  // Finding 5: born after 31 August 2014 — 6 on 2020-10-20, but 5 on the 2020 entry cut-off.
  ids.oct = (await makeRegistryPerson(db, { name: '十月生', birthDate: '2014-10-20' })).id;
  ids.sep = (await makeRegistryPerson(db, { name: '九月生', birthDate: '2014-09-20' })).id;
  ids.aug = (await makeRegistryPerson(db, { name: '八月生', birthDate: '2014-08-31' })).id;
  // Finding 4: a lost transfer the roll marks disabled and left behind.
  ids.transfer = (
    await makeStudent(db, {
      name: '郑流转',
      birthDate: '2009-02-02',
      status: 'left',
      leftAt: '2020-09-10',
      disabled: true,
      leftBehind: true,
    })
  ).id;
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  if (saved === undefined) delete process.env.JIAOFU_TODAY;
  else process.env.JIAOFU_TODAY = saved;
});

describe(`finding 5: school age on the entry cut-off (${testDbKind})`, () => {
  it('lists on 2020-10-20 only children 6–15 on 31 August 2020, and says so', async () => {
    const r = await call('xf', 'GET', '/api/dropout/out-of-school?pageSize=100');
    expect(r.status).toBe(200);
    expect(r.body.asOf).toBe('2020-10-20');
    expect(r.body.ageDay).toBe('2020-08-31');
    const names = r.body.items.map((i: { name: string }) => i.name);
    expect(names).not.toContain('十月生');
    expect(names).not.toContain('九月生');
    expect(r.body.items.find((i: { name: string }) => i.name === '八月生').age).toBe(6);
    // The same list on the comparison's as-of day (1 September) and on any day of the school year.
    const sep1 = await call('xf', 'GET', '/api/dropout/out-of-school?asOf=2020-09-01&pageSize=100');
    expect(sep1.body.total).toBe(r.body.total);
    expect(sep1.body.ageDay).toBe('2020-08-31');
    // Next school year the October child is of school age.
    const next = await call('xf', 'GET', '/api/dropout/out-of-school?asOf=2021-09-01&pageSize=100');
    expect(next.body.items.map((i: { name: string }) => i.name)).toContain('十月生');
  });

  it('refuses a case for a child not yet of school age, and the export agrees with the page', async () => {
    const r = await call('xf', 'POST', '/api/dropout/cases', {
      source: 'out_of_school',
      registryPersonId: ids.oct,
      reason: 'other',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/十月生 不在失学儿童名单中/);
    const csv = await app.inject({
      method: 'GET',
      url: '/api/dropout/out-of-school/export?format=csv',
      headers: { cookie: cookie.xf! },
    });
    expect(csv.body).not.toContain('十月生');
    expect(csv.body).toMatch(/八月生,[^\r\n]*,2014-08-31,6/);
  });
});

describe(`finding 4: 重点群体 pre-filled from the records (${testDbKind})`, () => {
  it('the lists carry the groups the records show; the form’s list is stored as sent', async () => {
    const oos = await call('xf', 'GET', '/api/dropout/out-of-school?pageSize=100');
    const mei = oos.body.items.find((i: { id: number }) => i.id === ids.mei);
    expect(mei.key_groups).toEqual(['registered_poor']);
    const tr = await call('mx', 'GET', '/api/dropout/transfers');
    const t = tr.body.items.find((i: { id: number }) => i.id === ids.transfer);
    expect(t.key_groups).toEqual(['disabled', 'left_behind']);
    // Without a list the records' groups are kept; with one (the user edited it) it is stored as sent.
    const c = await call('mx', 'POST', '/api/dropout/cases', {
      source: 'transfer',
      studentId: ids.transfer,
      reason: 'working_away',
      keyGroups: ['disabled'],
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body.case.key_groups).toEqual(['disabled']);
  });
});

describe(`finding 2: every date checked (${testDbKind})`, () => {
  it('refuses impossible, future and too-early dates, naming the field, instead of replacing them', async () => {
    const caseId = await on('2020-10-08', () =>
      openCase('xf', ids.dates!, { leftAt: '2020-10-05', keyGroups: ['registered_poor', 'disabled'] }),
    );
    const p = (date: string) =>
      call('xf', 'POST', `/api/dropout/cases/${caseId}/persuasions`, {
        date,
        persuader: '王干部',
        method: 'home_visit',
        result: 'failed',
      });
    const bad = await p('2020-02-30');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      '劝返日期“2020-02-30”不是有效的日期，请填写日历上存在的日期（格式 YYYY-MM-DD）',
    );
    expect((await p('2019-01-01')).body.error.message).toBe('劝返日期不能早于辍学日期（2020-10-05）');
    // (A visit between the 辍学日期 and the day the case was entered is recorded: rules.test.ts, v24b F4.)
    expect((await p('2020-10-21')).body.error.message).toBe('劝返日期不能晚于今天（不能登记未来的劝返）');
    expect((await call('xf', 'GET', `/api/dropout/cases/${caseId}`)).body.persuasions).toEqual([]);
    expect((await p('2020-10-09')).status).toBe(201);

    const status = (body: object) => call('xf', 'POST', `/api/dropout/cases/${caseId}/status`, body);
    expect((await status({ to: 'reported', date: '2020-02-30' })).body.error.message).toBe(
      '状态变更日期“2020-02-30”不是有效的日期，请填写日历上存在的日期（格式 YYYY-MM-DD）',
    );
    expect((await status({ to: 'reported', date: '2020-10-08' })).body.error.message).toBe(
      '状态变更日期不能早于当前状态“劝返中”的开始日期（2020-10-09）',
    );
    expect((await status({ to: 'reported', date: '2020-10-21' })).body.error.message).toBe(
      '状态变更日期不能晚于今天',
    );
    const ret = await status({
      to: 'returned',
      date: '2020-10-20',
      returnDate: '2020-10-04',
      returnSchoolCode: '2135000001',
    });
    expect(ret.body.error.message).toBe('复学日期不能早于辍学日期（2020-10-05）');

    const patch = await call('xf', 'PATCH', `/api/dropout/cases/${caseId}`, { leftAt: '2020-02-30' });
    expect(patch.status).toBe(400);
    expect(patch.body.error.message).toMatch(/^辍学日期“2020-02-30”不是有效的日期/);
    expect(
      (await call('xf', 'PATCH', `/api/dropout/cases/${caseId}`, { leftAt: '2020-10-12' })).body.error
        .message,
    ).toBe('辍学日期不能晚于建档日期（2020-10-08）');

    const plan = (decisionDate: string, startDate: string) =>
      call('xf', 'PUT', `/api/dropout/cases/${caseId}/home-teaching`, {
        decisionDate,
        teacher: '陈老师',
        schedule: '每周三下午',
        startDate,
      });
    expect((await plan('2020-09-31', '2020-10-12')).body.error.message).toMatch(
      /^安置决定日期“2020-09-31”不是有效的日期/,
    );
    expect((await plan('2020-10-01', '2020-10-12')).body.error.message).toBe(
      '安置决定日期不能早于建档日期（2020-10-08）',
    );
    expect((await plan('2020-10-12', '2020-02-30')).body.error.message).toMatch(
      /^送教开始日期“2020-02-30”不是有效的日期/,
    );
    expect((await plan('2020-10-12', '2020-10-12')).status).toBe(200);
    await status({ to: 'home_teaching', date: '2020-10-12' });
    const visit = await call('xf', 'POST', `/api/dropout/cases/${caseId}/home-teaching/visits`, {
      date: '2020-10-32',
      teacher: '陈老师',
      content: '语文',
    });
    expect(visit.body.error.message).toMatch(/^送教日期“2020-10-32”不是有效的日期/);
  });

  it('a letter’s 签订日期 is a real day too', async () => {
    await call('city', 'POST', '/api/dropout/letters/issue', { year: 2020 });
    const letters = await call('mx', 'GET', '/api/dropout/letters?year=2020');
    const id = letters.body.items[0].id;
    const r = await call('mx', 'PATCH', `/api/dropout/letters/${id}`, {
      signed: true,
      signedAt: '2020-02-30',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/^签订日期“2020-02-30”不是有效的日期/);
  });
});

describe(`finding 3: the written report (${testDbKind})`, () => {
  it('writes 性别 as 女, is signed by the education side, and says how many attempts there were', async () => {
    const caseId = await openCase('xf', ids.fang!);
    await persuade('xf', caseId, TODAY, 'failed');
    const gen = async (recipient: 'township' | 'county') => {
      const rep = await call('xf', 'POST', `/api/dropout/cases/${caseId}/reports`, { recipient });
      expect(rep.status, JSON.stringify(rep.body)).toBe(201);
      const doc = await app.inject({
        method: 'GET',
        url: `/api/dropout/reports/${rep.body.report.id}/docx`,
        headers: { cookie: cookie.xf! },
      });
      return unzipDocumentXml(doc.rawPayload);
    };
    const township = await gen('township');
    expect(township).toContain('雪峰镇人民政府：');
    expect(township).toMatch(/性别<\/w:t>.*?<w:t[^>]*>女<\/w:t>/s);
    expect(township).not.toMatch(/<w:t[^>]*>F<\/w:t>/);
    // Addressed to the township government, signed by the county education bureau (the child has
    // no school) — never by a body of the government it is addressed to.
    expect(township).toContain('明溪县教育局（盖章）');
    expect(township).not.toContain('领导小组');
    expect(township).toContain('经1次劝返未成功');
    expect(township).not.toContain('多次');
    const county = await gen('county');
    expect(county).toContain('明溪县人民政府：');
    expect(county).toContain('明溪县教育局（盖章）');
  });
});

describe(`finding 1: a return is checked against the roll, and children are counted once (${testDbKind})`, () => {
  it('已复学 records the school (of the city) and the date; the detail says whether the roll shows the child', async () => {
    ids.meiCase = await openCase('xf', ids.mei!);
    await persuade('xf', ids.meiCase!, TODAY);
    const to = (body: object) =>
      call('xf', 'POST', `/api/dropout/cases/${ids.meiCase}/status`, { to: 'returned', ...body });
    expect((await to({ returnDate: TODAY })).body.error.message).toBe('标记“已复学”须选择复学学校');
    // Any school of the city may be named (test/dropout-return-school.test.ts), but a school it is.
    const unknown = await to({ returnDate: TODAY, returnSchoolCode: '2135009999' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      '复学学校（学校标识码 2135009999）不在本市学校名单中，请从学校列表中选择',
    );
    const ok = await to({ returnDate: TODAY, returnSchoolCode: '2135000001', note: '家长送回' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const d = await call('xf', 'GET', `/api/dropout/cases/${ids.meiCase}`);
    expect(d.body.returnSchool).toEqual({ code: '2135000001', name: '明溪县实验小学' });
    // Stored on the case (a column, not only the history's words).
    expect(d.body.case.return_school_code).toBe('2135000001');
    expect(d.body.events.at(-1).note).toBe('复学学校：明溪县实验小学（2135000001）；家长送回');
    expect(d.body.enrolment).toMatchObject({ enrolled: false, returnState: 'unconfirmed' });
    await call('xf', 'POST', `/api/dropout/cases/${ids.meiCase}/status`, { to: 'closed', note: '已返校' });
  });

  it('a child closed as 已复学 but on no roll stays on the list marked 待学籍核实', async () => {
    const r = await call('xf', 'GET', '/api/dropout/out-of-school?pageSize=100');
    const mei = r.body.items.find((i: { id: number }) => i.id === ids.mei);
    expect(mei.open_case).toBeNull();
    expect(mei.last_case).toMatchObject({ id: ids.meiCase, status: 'closed', return_date: TODAY });
    expect(mei.return_unconfirmed).toBe(true);
    const untouched = r.body.items.find((i: { id: number }) => i.id === ids.aug);
    expect(untouched).toMatchObject({ open_case: null, last_case: null, return_unconfirmed: false });
  });

  it('a second case while one is open is refused, naming it', async () => {
    ids.huaCase = await openCase('xf', ids.hua!);
    const dup = await call('mx', 'POST', '/api/dropout/cases', {
      source: 'out_of_school',
      registryPersonId: ids.hua,
      reason: 'other',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toBe(
      `张小华 已有未结案的控辍保学台账（案件编号 ${ids.huaCase}，疑似辍学），不能重复建立`,
    );
  });

  it('the dashboard counts children by their latest case; 复学率 counts returns the roll confirms', async () => {
    // 张小华 returns too, and her school puts her on the roll.
    await persuade('xf', ids.huaCase!, TODAY);
    await call('xf', 'POST', `/api/dropout/cases/${ids.huaCase}/status`, {
      to: 'returned',
      returnDate: TODAY,
      returnSchoolCode: '2135000001',
    });
    const hua = await database.db
      .selectFrom('registry_person')
      .select('id_number')
      .where('id', '=', ids.hua!)
      .executeTakeFirstOrThrow();
    await makeStudent(database.db, { name: '张小华', birthDate: '2011-06-01', idNumber: hua.id_number });
    const d = await call('xf', 'GET', `/api/dropout/cases/${ids.huaCase}`);
    expect(d.body.enrolment).toMatchObject({
      enrolled: true,
      schools: ['明溪县实验小学'],
      // With its code: the 已复学 form's 复学学校 starts there (tester v19b F12).
      current: [{ code: '2135000001', name: '明溪县实验小学' }],
      returnState: 'confirmed',
    });

    let dash = await call('xf', 'GET', '/api/dropout/dashboard');
    // Children: 林小梅 (closed, returned, on no roll), 张小华 (returned, on the roll), 陈小芳 (report),
    // 吴日期 (送教上门), 郑流转 (transfer).
    expect(dash.body.totals).toMatchObject({
      cases: 5,
      total: 5,
      returned: 2,
      unconfirmed: 1,
      confirmed: 1,
      returnRate: 0.2,
    });
    // The tester's second case for 林小梅: she is one child, not two, and no longer returned.
    const second = await openCase('xf', ids.mei!);
    const opened = await call('xf', 'GET', `/api/dropout/cases/${second}`);
    expect(opened.body.events[0].note).toBe(
      `建立台账（此前台账编号 ${ids.meiCase} 已于 ${TODAY} 结案，曾记录复学日期 ${TODAY}，但该儿童仍未在学籍中）`,
    );
    dash = await call('xf', 'GET', '/api/dropout/dashboard');
    expect(dash.body.totals).toMatchObject({
      cases: 6,
      total: 5,
      returned: 1,
      unconfirmed: 0,
      confirmed: 1,
      returnRate: 0.2,
    });
    expect(dash.body.byCounty).toEqual([
      expect.objectContaining({ county_code: '350421', total: 5, returned: 1, confirmed: 1 }),
    ]);
    expect(dash.body.byStatus.reduce((n: number, s: { n: number }) => n + s.n, 0)).toBe(5);
    const list = await call('xf', 'GET', '/api/dropout/out-of-school?pageSize=100');
    const mei = list.body.items.find((i: { id: number }) => i.id === ids.mei);
    expect(mei.open_case).toEqual({ id: second, status: 'suspected' });
    expect(list.body.items.map((i: { id: number }) => i.id)).not.toContain(ids.hua);
  });
});

describe(`tester v24b F9: a blank 辍学日期 (${testDbKind})`, () => {
  it('a blank (spaces only) optional 辍学日期 means unknown, on opening and on editing (tester v24b F9)', async () => {
    const child = (await makeRegistryPerson(database.db, { name: '空日期', birthDate: '2010-04-04' })).id;
    const caseId = await openCase('xf', child, { leftAt: '   ' });
    const opened = await call('xf', 'GET', `/api/dropout/cases/${caseId}`);
    expect(opened.body.case.left_at).toBeNull();
    expect((await call('xf', 'PATCH', `/api/dropout/cases/${caseId}`, { leftAt: '2020-10-01' })).status).toBe(
      200,
    );
    const cleared = await call('xf', 'PATCH', `/api/dropout/cases/${caseId}`, { leftAt: ' ' });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect(cleared.body.case.left_at).toBeNull();
    // Texts of only spaces are no texts either (tester v25b F8).
    const blank = await call('xf', 'PATCH', `/api/dropout/cases/${caseId}`, {
      reasonNote: '   ',
      responsibleTownship: ' ',
    });
    expect(blank.body.case).toMatchObject({ reason_note: null, responsible_township: null });
  });

  it('keeps an edited 辍学日期 before the 劝返 already recorded (tester v25b F1)', async () => {
    const child = (await makeRegistryPerson(database.db, { name: '改日期', birthDate: '2010-05-05' })).id;
    const caseId = await openCase('xf', child, { leftAt: '2020-10-01' });
    await persuade('xf', caseId, '2020-10-05', 'failed');
    const later = await call('xf', 'PATCH', `/api/dropout/cases/${caseId}`, { leftAt: '2020-10-06' });
    expect(later.status).toBe(400);
    expect(later.body.error.message).toBe('辍学日期不能晚于已登记的最早劝返日期（2020-10-05）');
    expect((await call('xf', 'PATCH', `/api/dropout/cases/${caseId}`, { leftAt: '2020-10-05' })).status).toBe(
      200,
    );
    // The visit came before the case was entered (today, 10-20): 劝返中 from the day it was entered,
    // not overdue on its first day, its history in order (tester v25b F7).
    const c = (await call('xf', 'GET', `/api/dropout/cases/${caseId}`)).body.case;
    expect(c).toMatchObject({ status: 'persuading', status_since: '2020-10-20' });
    expect(c.deadline > '2020-10-20').toBe(true);
  });
});

describe(`tester v25b F10: a list loaded before the registry was imported again (${testDbKind})`, () => {
  it('opens the case for the same child under the current registry row, or says to refresh', async () => {
    const { db } = database;
    const old = await makeRegistryPerson(db, { name: '旧名单', birthDate: '2011-02-02' });
    // The registry imported again: the row is replaced by a current one of the same 人编号.
    await db.updateTable('registry_person').set({ current: false }).where('id', '=', old.id).execute();
    const { id: _id, ...rest } = await db
      .selectFrom('registry_person')
      .selectAll()
      .where('id', '=', old.id)
      .executeTakeFirstOrThrow();
    const now = await db
      .insertInto('registry_person')
      .values({ ...rest, current: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    const caseId = await openCase('xf', old.id);
    const opened = await call('xf', 'GET', `/api/dropout/cases/${caseId}`);
    expect(opened.body.case.registry_person_id).toBe(now.id);
    // A child the new registry left out: told to refresh, not that they are at school.
    const gone = await makeRegistryPerson(db, { name: '已移出', birthDate: '2011-03-03', current: false });
    const r = await call('xf', 'POST', '/api/dropout/cases', {
      source: 'out_of_school',
      registryPersonId: gone.id,
      reason: 'family_hardship',
    });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toBe(
      '已移出 已不在当前的建档立卡名单中（名单已重新导入）：请刷新失学儿童名单后再操作',
    );
  });
});
