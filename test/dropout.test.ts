import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { addDays, addYears, ageOn, ageReferenceDay } from '../src/domain/dropout/index.ts';
import type { App } from '../src/server/http.ts';
import { addUser, callAs, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { unzipDocumentXml } from './helpers/docx.ts';
import {
  daysAgo,
  makePerson,
  makeRegistryPerson,
  makeStudent,
  resetFactories,
  TODAY,
  yearsAgo,
} from './helpers/dropout-factories.ts';

// 工作要点 5 控辍保学 against a real database: out-of-school detection, 流转学生 monitoring, the
// ledger's state machine through the API, persuasion, the written report — and every refusal
// the issue lists (out of scope, skipped step, future persuasion, duplicate) in Chinese.

let database: Database;
let app: App;
const cookie: Record<string, string> = {};
const ids: Record<string, number> = {};

const call = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
  callAs(app, cookie, who, method, url, payload);

beforeAll(async () => {
  resetFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  await addUser(database, 'xf-official', 'township_official', { scopeCode: '350421100' });
  await addUser(database, 'mx-admin', 'county_admin', { scopeCode: '350421' });
  await addUser(database, 'sch-officer', 'school_aid_officer', { schoolCode: '2135000001' });
  await addUser(database, 'aud-reader', 'auditor', { scopeCode: '3504' });
  await addUser(database, 'city-admin', 'city_admin', { scopeCode: '3504' });
  app = await testApp(database);
  const names = {
    xf: 'xf-official',
    mx: 'mx-admin',
    sch: 'sch-officer',
    aud: 'aud-reader',
    city: 'city-admin',
  };
  for (const [k, u] of Object.entries(names)) cookie[k] = await login(app, u);
  const { db } = database;

  // Out-of-school: a 10-year-old in 雪峰镇 with no roll row (the one the township must see).
  ids.lost = (await makeRegistryPerson(db, { name: '林小梅', birthDate: yearsAgo(10) })).id;
  // Enrolled through the person link, and (unlinked) through the same ID number: not listed.
  const p1 = await makePerson(db, { name: '陈在校', birthDate: yearsAgo(9) });
  await makeRegistryPerson(db, { name: '陈在校', birthDate: yearsAgo(9), personId: p1.id });
  await makeStudent(db, { name: '陈在校', birthDate: yearsAgo(9), personId: p1.id });
  const rp2 = await makeRegistryPerson(db, { name: '黄同号', birthDate: yearsAgo(12) });
  await makeStudent(db, { name: '黄同号', birthDate: yearsAgo(12), idNumber: rp2.id_number });
  // Linked, but the only roll row says 'left': out of school.
  const p3 = await makePerson(db, { name: '吴离校', birthDate: yearsAgo(13) });
  ids.leftRegistry = (
    await makeRegistryPerson(db, { name: '吴离校', birthDate: yearsAgo(13), personId: p3.id })
  ).id;
  await makeStudent(db, {
    name: '吴离校',
    birthDate: yearsAgo(13),
    personId: p3.id,
    status: 'left',
    leftAt: daysAgo(40),
  });
  // Ages at the bounds, on the entry cut-off of this school year (31 August): 6 and 15 (16 the day
  // after) are in; 5 (6 the day after) and 16 are out.
  const cut = ageReferenceDay(TODAY);
  await makeRegistryPerson(db, { name: '六岁整', birthDate: addYears(cut, -6) });
  await makeRegistryPerson(db, { name: '十五岁', birthDate: addDays(addYears(cut, -16), 1) });
  await makeRegistryPerson(db, { name: '五岁', birthDate: addDays(addYears(cut, -6), 1) });
  await makeRegistryPerson(db, { name: '十六岁', birthDate: addYears(cut, -16) });
  await makeRegistryPerson(db, { name: '旧名单', birthDate: yearsAgo(10), current: false });
  // Another county: 清流县.
  ids.foreign = (
    await makeRegistryPerson(db, { name: '清流娃', birthDate: yearsAgo(10), regionCode: '350423100' })
  ).id;

  // 流转学生: left 20 days ago and nowhere now; left 10 days ago; left 20 days ago but re-enrolled.
  ids.lostTransfer = (
    await makeStudent(db, { name: '郑流失', birthDate: yearsAgo(11), status: 'left', leftAt: daysAgo(20) })
  ).id;
  ids.recentTransfer = (
    await makeStudent(db, { name: '钱刚走', birthDate: yearsAgo(11), status: 'left', leftAt: daysAgo(10) })
  ).id;
  const p4 = await makePerson(db, { name: '孙转学', birthDate: yearsAgo(11) });
  await makeStudent(db, {
    name: '孙转学',
    birthDate: yearsAgo(11),
    personId: p4.id,
    status: 'left',
    leftAt: daysAgo(20),
  });
  await makeStudent(db, {
    name: '孙转学',
    birthDate: yearsAgo(11),
    personId: p4.id,
    schoolCode: '2135000002',
    regionCode: '350423100',
  });
  await makeStudent(db, {
    name: '周毕业',
    birthDate: yearsAgo(15),
    stage: 'junior',
    grade: '九年级',
    status: 'left',
    leftAt: daysAgo(60),
  });
  ids.enrolled = (await makeStudent(db, { name: '何在读', birthDate: yearsAgo(10) })).id;
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe(`控辍保学 lists (${testDbKind})`, () => {
  it('the out-of-school list holds registry children 6–15 in no roll, inside the scope', async () => {
    const r = await call('xf', 'GET', '/api/dropout/out-of-school?pageSize=100');
    expect(r.status).toBe(200);
    const names = r.body.items.map((i: { name: string }) => i.name).sort();
    expect(names).toEqual(['六岁整', '十五岁', '吴离校', '林小梅'].sort());
    expect(r.body.ageDay).toBe(ageReferenceDay(TODAY));
    expect(r.body.items.find((i: { name: string }) => i.name === '林小梅').age).toBe(
      ageOn(yearsAgo(10), r.body.ageDay),
    );
    expect(r.raw.body).not.toMatch(/清流/);
    // IDs are masked in the list.
    for (const i of r.body.items) expect(i.id_number).toMatch(/^\d{6}\*{11}[\dX]$/);
    const city = await call('city', 'GET', '/api/dropout/out-of-school?pageSize=100');
    expect(city.body.total).toBe(5);
  });

  it('on a date of another school year the ages move with it', async () => {
    const r = await call('xf', 'GET', `/api/dropout/out-of-school?asOf=${yearsAgo(1)}&pageSize=100`);
    const names = r.body.items.map((i: { name: string }) => i.name);
    expect(names).not.toContain('六岁整'); // 5 a year ago
    expect(names).toContain('十六岁'); // 15 a year ago
  });

  it('流转学生 monitoring flags a student gone more than 15 days and enrolled nowhere', async () => {
    const r = await call('mx', 'GET', '/api/dropout/transfers');
    expect(r.status).toBe(200);
    expect(r.body.days).toBe(15);
    // 吴离校 left 40 days ago and is enrolled nowhere either; 钱刚走 left only 10 days ago; 孙转学 is
    // enrolled again in 清流县; 周毕业 finished 九年级.
    expect(r.body.items.map((i: { name: string }) => i.name)).toEqual(['吴离校', '郑流失']);
  });
});

describe(`控辍保学 ledger (${testDbKind})`, () => {
  it('a township official opens a case from the out-of-school list', async () => {
    const r = await call('xf', 'POST', '/api/dropout/cases', {
      source: 'out_of_school',
      registryPersonId: ids.lost,
      reason: 'family_hardship',
      // The form pre-fills 建档立卡 (the list row's key_groups); the user added 留守.
      keyGroups: ['registered_poor', 'left_behind'],
      responsibleTownship: '雪峰镇 王干部',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.case.status).toBe('suspected');
    expect(r.body.case.key_groups.sort()).toEqual(['left_behind', 'registered_poor']);
    expect(r.body.case.deadline).toBeTruthy();
    ids.case = r.body.case.id;
    const list = await call('xf', 'GET', '/api/dropout/out-of-school?pageSize=100');
    expect(list.body.items.find((i: { id: number }) => i.id === ids.lost).open_case.id).toBe(ids.case);
  });

  it('refuses a duplicate case for the same child', async () => {
    const r = await call('mx', 'POST', '/api/dropout/cases', {
      source: 'out_of_school',
      registryPersonId: ids.lost,
      reason: 'other',
    });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toBe(
      `林小梅 已有未结案的控辍保学台账（案件编号 ${ids.case}，疑似辍学），不能重复建立`,
    );
  });

  it('refuses a case for a child outside one’s scope, and for one who is not out of school', async () => {
    const r = await call('xf', 'POST', '/api/dropout/cases', {
      source: 'out_of_school',
      registryPersonId: ids.foreign,
      reason: 'other',
    });
    expect(r.status).toBe(404);
    expect(r.body.error.message).toBe('建档立卡人员不存在或不在您的管辖范围内');
    const s = await call('xf', 'POST', '/api/dropout/cases', {
      source: 'transfer',
      studentId: ids.recentTransfer,
      reason: 'other',
    });
    expect(s.status).toBe(400);
    expect(s.body.error.message).toMatch(/不是流转失联学生（须离开学籍超过 15 天/);
  });

  it('the auditor reads but cannot write', async () => {
    expect((await call('aud', 'GET', `/api/dropout/cases/${ids.case}`)).status).toBe(200);
    const r = await call('aud', 'POST', '/api/dropout/cases', {
      source: 'out_of_school',
      registryPersonId: ids.leftRegistry,
      reason: 'other',
    });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(/只读/);
  });

  it('refuses a status jump that skips required steps', async () => {
    const r = await call('xf', 'POST', `/api/dropout/cases/${ids.case}/status`, {
      to: 'closed',
      note: '结案',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('不能从“疑似辍学”直接变更为“结案”，当前只能变更为“劝返中”');
    const ret = await call('xf', 'POST', `/api/dropout/cases/${ids.case}/status`, {
      to: 'returned',
      returnDate: TODAY,
    });
    expect(ret.status).toBe(400);
  });

  it('refuses a persuasion dated in the future', async () => {
    const r = await call('xf', 'POST', `/api/dropout/cases/${ids.case}/persuasions`, {
      date: '2099-01-01',
      persuader: '王干部',
      method: 'home_visit',
      result: 'failed',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('劝返日期不能晚于今天（不能登记未来的劝返）');
  });

  it('persuasion → written report → return → close, the whole story on the case', async () => {
    const p1 = await call('xf', 'POST', `/api/dropout/cases/${ids.case}/persuasions`, {
      date: TODAY,
      persuader: '王干部',
      method: 'home_visit',
      result: 'failed',
      note: '家长坚持带孩子外出',
    });
    expect(p1.status).toBe(201);
    let c = await call('xf', 'GET', `/api/dropout/cases/${ids.case}`);
    expect(c.body.case.status).toBe('persuading');
    // 报告政府 needs the written report first.
    const early = await call('xf', 'POST', `/api/dropout/cases/${ids.case}/status`, { to: 'reported' });
    expect(early.body.error.message).toBe('报告政府前须先生成书面报告');
    const rep = await call('xf', 'POST', `/api/dropout/cases/${ids.case}/reports`, { recipient: 'township' });
    expect(rep.status, JSON.stringify(rep.body)).toBe(201);
    expect(rep.body.report.recipient_name).toBe('雪峰镇人民政府');
    const doc = await app.inject({
      method: 'GET',
      url: `/api/dropout/reports/${rep.body.report.id}/docx`,
      headers: { cookie: cookie.xf! },
    });
    expect(doc.statusCode).toBe(200);
    const xml = unzipDocumentXml(doc.rawPayload);
    expect(xml).toContain('林小梅');
    expect(xml).toContain('家长坚持带孩子外出');
    expect(xml).toContain('劝返未成功');
    expect(xml).not.toMatch(/\d{17}[\dX]/); // township officials get masked IDs

    await call('xf', 'POST', `/api/dropout/cases/${ids.case}/persuasions`, {
      date: TODAY,
      persuader: '李老师',
      method: 'interview',
      result: 'succeeded',
    });
    const noDate = await call('xf', 'POST', `/api/dropout/cases/${ids.case}/status`, { to: 'returned' });
    expect(noDate.body.error.message).toBe('标记“已复学”须填写复学日期');
    expect(
      (
        await call('xf', 'POST', `/api/dropout/cases/${ids.case}/status`, {
          to: 'returned',
          returnDate: TODAY,
          returnSchoolCode: '2135000001',
        })
      ).status,
    ).toBe(200);
    const noNote = await call('xf', 'POST', `/api/dropout/cases/${ids.case}/status`, { to: 'closed' });
    expect(noNote.body.error.message).toBe('结案须填写结案说明');
    const closed = await call('xf', 'POST', `/api/dropout/cases/${ids.case}/status`, {
      to: 'closed',
      note: '已返校就读，巩固一月',
    });
    expect(closed.status).toBe(200);
    c = await call('xf', 'GET', `/api/dropout/cases/${ids.case}`);
    expect(c.body.events.map((e: { to_status: string }) => e.to_status)).toEqual([
      'suspected',
      'persuading',
      'returned',
      'closed',
    ]);
    expect(c.body.persuasions).toHaveLength(2);
    expect(c.body.canWrite).toBe(false);
    const late = await call('xf', 'POST', `/api/dropout/cases/${ids.case}/persuasions`, {
      date: TODAY,
      persuader: '王',
      method: 'phone',
      result: 'pending',
    });
    expect(late.body.error.message).toBe('案件处于“结案”状态，不能再登记劝返');
    // Every change is on the audit trail.
    const audit = await database.db
      .selectFrom('audit_log')
      .select('entity')
      .where('entity', 'in', ['dropout_case', 'persuasion', 'written_report'])
      .execute();
    expect(audit.length).toBe(6); // create, 2 persuasions, report, returned, closed
  });

  it('a closed case frees the child for a new case later (one OPEN case per child)', async () => {
    // The child is still out of school (no roll row), so a new case may be opened; its first entry
    // names the earlier case, closed as 已复学 with no roll to show it.
    const r = await call('xf', 'POST', '/api/dropout/cases', {
      source: 'out_of_school',
      registryPersonId: ids.lost,
      reason: 'school_weariness',
    });
    expect(r.status).toBe(201);
    const c = await call('xf', 'GET', `/api/dropout/cases/${r.body.case.id}`);
    expect(c.body.events[0].note).toBe(
      `建立台账（此前台账编号 ${ids.case} 已于 ${TODAY} 结案，曾记录复学日期 ${TODAY}，但该儿童仍未在学籍中）`,
    );
  });

  it('a school opens a case for its own student; transfer monitoring opens one for a lost transfer', async () => {
    const s = await call('sch', 'POST', '/api/dropout/cases', {
      source: 'school',
      studentId: ids.enrolled,
      reason: 'learning_difficulty',
      leftAt: daysAgo(3),
    });
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    expect(s.body.case.school_code).toBe('2135000001');
    const future = await call('sch', 'POST', '/api/dropout/cases', {
      source: 'school',
      studentId: ids.lostTransfer,
      reason: 'other',
      leftAt: '2099-01-01',
    });
    expect(future.body.error.message).toBe('辍学日期不能晚于今天');
    const t = await call('mx', 'POST', '/api/dropout/cases', {
      source: 'transfer',
      studentId: ids.lostTransfer,
      reason: 'working_away',
    });
    expect(t.status, JSON.stringify(t.body)).toBe(201);
    expect(t.body.case.left_at).toBe(daysAgo(20));
    const schoolList = await call('sch', 'GET', '/api/dropout/cases');
    expect(schoolList.body.items.map((c: { name: string }) => c.name).sort()).toEqual(
      ['何在读', '郑流失'].sort(),
    );
    const oos = await call('sch', 'POST', '/api/dropout/cases', {
      source: 'out_of_school',
      registryPersonId: ids.leftRegistry,
      reason: 'other',
    });
    expect(oos.status).toBe(403);
  });

  it('the dashboard counts children (each by the latest case), by county, status and reason', async () => {
    const r = await call('mx', 'GET', '/api/dropout/dashboard');
    expect(r.status).toBe(200);
    // 林小梅 (two cases: the first closed as 已复学, the second open), 何在读, 郑流失.
    expect(r.body.totals.cases).toBe(4);
    expect(r.body.totals.total).toBe(3);
    expect(r.body.totals.returned).toBe(0);
    expect(r.body.totals.returnRate).toBe(0);
    expect(r.body.byCounty).toEqual([
      expect.objectContaining({ county_code: '350421', county_name: '明溪县', total: 3 }),
    ]);
    expect(r.body.byStatus).toEqual([{ status: 'suspected', n: 3 }]);
  });
});

describe(`控辍保学 new-case form: the child's preview and the 辍学日期 (${testDbKind})`, () => {
  it('previews the 重点群体 the case will record, in scope and refused as opening it would be', async () => {
    const { db } = database;
    const born = yearsAgo(11);
    const p = await makePerson(db, { name: '郭预览', birthDate: born });
    await makeRegistryPerson(db, { name: '郭预览', birthDate: born, personId: p.id });
    const s = await makeStudent(db, { name: '郭预览', birthDate: born, personId: p.id, disabled: true });
    const url = `/api/dropout/case-child?source=school&studentId=${s.id}`;
    const preview = await call('sch', 'GET', url);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toEqual({
      name: '郭预览',
      birthDate: born,
      leftAt: null,
      keyGroups: ['registered_poor', 'disabled'],
      today: TODAY,
    });
    // Those who cannot open a case get no preview; a child out of scope is not found.
    expect((await call('aud', 'GET', url)).status).toBe(403);
    const foreign = await call(
      'xf',
      'GET',
      `/api/dropout/case-child?source=out_of_school&registryPersonId=${ids.foreign}`,
    );
    expect(foreign.status).toBe(404);
    // The source's own rule, as on opening: a pupil gone 10 days is no lost transfer yet.
    const recent = await call(
      'mx',
      'GET',
      `/api/dropout/case-child?source=transfer&studentId=${ids.recentTransfer}`,
    );
    expect(recent.status).toBe(400);
    expect(recent.body.error.message).toContain('不是流转失联学生');
    // A lost transfer: the roll's leaving day is the 辍学日期 a case takes when the form gives none.
    const lost = await call(
      'mx',
      'GET',
      `/api/dropout/case-child?source=transfer&studentId=${ids.lostTransfer}`,
    );
    expect(lost.body).toMatchObject({ name: '郑流失', leftAt: daysAgo(20), keyGroups: [] });
    // The case opened without 重点群体 records those the preview showed.
    const opened = await call('sch', 'POST', '/api/dropout/cases', {
      source: 'school',
      studentId: s.id,
      reason: 'other',
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body.case.key_groups).toEqual(preview.body.keyGroups);
  });

  it('辍学日期 is optional; a future day or one before the pupil’s birth is refused naming the field', async () => {
    const { db } = database;
    const born = yearsAgo(12);
    const s = await makeStudent(db, { name: '冯日期', birthDate: born });
    const open = (leftAt?: string) =>
      call('sch', 'POST', '/api/dropout/cases', {
        source: 'school',
        studentId: s.id,
        reason: 'other',
        leftAt,
      });
    for (const [day, message] of [
      [addDays(TODAY, 1), '辍学日期不能晚于今天'],
      [addDays(born, -1), `辍学日期不能早于出生日期（${born}）`],
      ['2020-02-30', '辍学日期“2020-02-30”不是有效的日期，请填写日历上存在的日期（格式 YYYY-MM-DD）'],
    ] as const) {
      const r = await open(day);
      expect(r.status, day).toBe(400);
      expect(r.body.error.message).toBe(message);
    }
    expect(await db.selectFrom('dropout_case').select('id').where('student_id', '=', s.id).execute()).toEqual(
      [],
    );
    // A real day between the two: the case keeps it.
    const r = await open(daysAgo(5));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.case.left_at).toBe(daysAgo(5));
    // Without a day (a child who may never have attended): opened, 辍学日期 left empty.
    const other = await makeStudent(db, { name: '冯无日', birthDate: born });
    const none = await call('sch', 'POST', '/api/dropout/cases', {
      source: 'school',
      studentId: other.id,
      reason: 'other',
    });
    expect(none.status).toBe(201);
    expect(none.body.case.left_at).toBeNull();
  });
});
