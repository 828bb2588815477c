import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import type { App } from '../src/server/http.ts';
import { aidExtrasSnapshot, confirmRegistered } from './helpers/aid-extras-foreign.ts';
import { addUser, callAs, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { makePerson, makeStudent, resetFactories, TODAY, yearsAgo } from './helpers/dropout-factories.ts';

// 工作要点 2 学校资助基金 (普高 3–5% of 事业收入, 中职 5%; spent on 减免学费 / 临时生活补助) and
// 红烛暖心 (poor left-behind children paired with caring teachers) against a real database.

let database: Database;
let app: App;
const cookie: Record<string, string> = {};
const ids: Record<string, number> = {};
const SENIOR = '2135000011';
const VOCATIONAL = '2135000012';

const call = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  callAs(app, cookie, who, method, url, payload);

beforeAll(async () => {
  resetFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  const { db } = database;
  const school = (code: string, name: string, stages: ('senior' | 'vocational' | 'junior')[]) => ({
    code,
    name,
    county_code: '350421',
    township_code: '350421100',
    region_code: '350421100',
    stages,
    ownership: 'public' as const,
    boarding: true,
    kind: 'regular' as const,
    urban_rural: 'urban' as const,
    urban_rural_manual: false,
  });
  await db
    .insertInto('school')
    .values([
      school(SENIOR, '明溪一中', ['junior', 'senior']),
      school(VOCATIONAL, '明溪职专', ['vocational']),
    ])
    .execute();
  for (const [k, role, where] of [
    ['senior', 'school_aid_officer', { schoolCode: SENIOR }],
    ['primary', 'school_aid_officer', { schoolCode: '2135000001' }],
    ['teacher', 'head_teacher', { schoolCode: '2135000001' }],
    ['county', 'county_aid_centre', { scopeCode: '350421' }],
    ['auditor', 'auditor', { scopeCode: '3504' }],
  ] as const) {
    await addUser(database, `f-${k}`, role, where);
  }
  app = await testApp(database);
  for (const k of ['senior', 'primary', 'teacher', 'county', 'auditor'])
    cookie[k] = await login(app, `f-${k}`);
  const p = await makePerson(db, { name: '高中生', birthDate: yearsAgo(16) });
  ids.seniorStudent = (
    await makeStudent(db, {
      name: '高中生',
      birthDate: yearsAgo(16),
      personId: p.id,
      schoolCode: SENIOR,
      stage: 'senior',
    })
  ).id;
  // 红烛暖心 candidates at the primary school.
  const poor = await makePerson(db, { name: '留守贫', birthDate: yearsAgo(9) });
  ids.poorPerson = poor.id;
  ids.poorLeft = (
    await makeStudent(db, { name: '留守贫', birthDate: yearsAgo(9), personId: poor.id, leftBehind: true })
  ).id;
  ids.notPoor = (await makeStudent(db, { name: '留守非贫', birthDate: yearsAgo(9), leftBehind: true })).id;
  ids.poorHome = (await makeStudent(db, { name: '非留守贫', birthDate: yearsAgo(9) })).id;
  ids.recognised = (
    await makeStudent(db, { name: '认定留守', birthDate: yearsAgo(10), leftBehind: true })
  ).id;
  await confirmRegistered(db, [ids.poorLeft, ids.poorHome]);
  await db
    .insertInto('recognition')
    .values({
      school_year: 2020,
      student_id: ids.recognised,
      school_code: '2135000001',
      reason: '父母务工收入低',
      status: 'confirmed',
      county_code: '350421',
      region_code: '350421100',
    })
    .execute();
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const entry = (who: string, body: object) =>
  call(who, 'POST', '/api/aid/fund/entries', { year: 2020, entryDate: '2020-03-01', ...body });

describe(`学校资助基金 (${testDbKind})`, () => {
  it('extracts 4% of 普高 事业收入 by default, 5% for 中职; refuses ratios outside the policy', async () => {
    const x = await entry('senior', { schoolCode: SENIOR, kind: 'extraction', revenueFen: 150_000_000 });
    expect(x.status).toBe(201);
    expect(x.body.entry).toMatchObject({ amount_fen: 6_000_000, ratio_bp: 400, revenue_fen: 150_000_000 });
    expect(x.body.balanceFen).toBe(6_000_000);
    const dup = await entry('senior', {
      schoolCode: SENIOR,
      kind: 'extraction',
      revenueFen: 1_000,
      ratioBp: 300,
    });
    expect(dup.status).toBe(409);
    const bad = await entry('county', {
      schoolCode: VOCATIONAL,
      kind: 'extraction',
      revenueFen: 80_000_000,
      ratioBp: 300,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('提取比例 3% 不符合政策：该校应按事业收入的 5% 提取');
    const voc = await entry('county', { schoolCode: VOCATIONAL, kind: 'extraction', revenueFen: 80_000_000 });
    expect(voc.body.entry.amount_fen).toBe(4_000_000);
    const primary = await entry('primary', {
      schoolCode: '2135000001',
      kind: 'extraction',
      revenueFen: 1_000_000,
    });
    expect(primary.body.error.message).toBe('该校不是普通高中或中职学校，不适用学校资助基金提取');
    const negative = await entry('county', {
      schoolCode: VOCATIONAL,
      year: 2021,
      entryDate: '2021-01-05',
      kind: 'extraction',
      revenueFen: -5,
    });
    expect(negative.body.error.message).toBe('事业收入必须大于 0 元');
  });

  it('spends on 减免学费 and 临时生活补助 for the school’s students, never beyond the balance', async () => {
    const fee = await entry('senior', {
      schoolCode: SENIOR,
      kind: 'fee_waiver',
      amountFen: 120_000,
      studentId: ids.seniorStudent,
      entryDate: '2020-09-01',
    });
    expect(fee.status).toBe(201);
    expect(fee.body.entry.recipient_name).toBe('高中生');
    const living = await entry('senior', {
      schoolCode: SENIOR,
      kind: 'living_subsidy',
      amountFen: 80_000,
      studentId: ids.seniorStudent,
      entryDate: '2020-09-02',
    });
    expect(living.body.balanceFen).toBe(6_000_000 - 200_000);
    const before = JSON.stringify(await aidExtrasSnapshot(database.db));
    const over = await entry('senior', {
      schoolCode: SENIOR,
      kind: 'living_subsidy',
      amountFen: 5_800_001,
      studentId: ids.seniorStudent,
    });
    expect(over.status).toBe(400);
    expect(over.body.error.message).toBe('学校资助基金余额不足：当前余额 58000.00 元，本笔 58000.01 元');
    const neg = await entry('senior', {
      schoolCode: SENIOR,
      kind: 'fee_waiver',
      amountFen: -100,
      studentId: ids.seniorStudent,
    });
    expect(neg.body.error.message).toBe('减免学费金额必须大于 0 元');
    const otherSchool = await entry('senior', {
      schoolCode: VOCATIONAL,
      kind: 'adjustment',
      amountFen: 100,
      note: 'x',
    });
    expect(otherSchool.status).toBe(404);
    const wrongStudent = await entry('county', {
      schoolCode: VOCATIONAL,
      kind: 'fee_waiver',
      amountFen: 100,
      studentId: ids.seniorStudent,
    });
    expect(wrongStudent.status).toBe(404);
    const noNote = await entry('county', { schoolCode: SENIOR, kind: 'adjustment', amountFen: -100 });
    expect(noNote.body.error.message).toBe('调整须说明原因');
    expect(
      (await entry('auditor', { schoolCode: SENIOR, kind: 'adjustment', amountFen: 1, note: 'x' })).status,
    ).toBe(403);
    expect(JSON.stringify(await aidExtrasSnapshot(database.db))).toBe(before);
  });

  it('concurrent spendings cannot overdraw (the school is locked per write)', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        entry('county', {
          schoolCode: VOCATIONAL,
          kind: 'living_subsidy',
          amountFen: 1_500_000,
          studentId: undefined,
        }),
      ),
    );
    // No student at the vocational school: each is refused, the balance untouched.
    expect(results.every((r) => r.status === 400)).toBe(true);
    const { db } = database;
    const v = await makeStudent(db, {
      name: '职专生',
      birthDate: yearsAgo(17),
      schoolCode: VOCATIONAL,
      stage: 'vocational',
    });
    const spend = await Promise.all(
      [1, 2, 3].map(() =>
        entry('county', {
          schoolCode: VOCATIONAL,
          kind: 'living_subsidy',
          amountFen: 1_500_000,
          studentId: v.id,
        }),
      ),
    );
    expect(spend.filter((r) => r.status === 201)).toHaveLength(2);
    expect(spend.filter((r) => r.status === 400)).toHaveLength(1);
  });

  it('balances per school and county: opening, extracted, spent, closing', async () => {
    await entry('county', {
      schoolCode: SENIOR,
      year: 2021,
      entryDate: '2021-02-01',
      kind: 'adjustment',
      amountFen: -300_000,
      note: '上年多提更正',
    });
    const b2020 = (await call('county', 'GET', '/api/aid/fund/balances?year=2020')).body;
    const s = b2020.schools.find((x: any) => x.school_code === SENIOR);
    expect(s).toMatchObject({
      opening_fen: 0,
      extracted_fen: 6_000_000,
      fee_waiver_fen: 120_000,
      living_subsidy_fen: 80_000,
      balance_fen: 5_800_000,
    });
    expect(b2020.counties).toEqual([
      expect.objectContaining({
        county_code: '350421',
        schools: 2,
        extracted_fen: 10_000_000,
        balance_fen: 5_800_000 + 1_000_000,
      }),
    ]);
    const b2021 = (await call('county', 'GET', '/api/aid/fund/balances?year=2021')).body;
    expect(b2021.schools.find((x: any) => x.school_code === SENIOR)).toMatchObject({
      opening_fen: 5_800_000,
      adjusted_fen: -300_000,
      balance_fen: 5_500_000,
    });
    // A school account sees its own school only.
    const own = (await call('senior', 'GET', '/api/aid/fund/balances?year=2020')).body;
    expect(own.schools.map((x: any) => x.school_code)).toEqual([SENIOR]);
    const entries = (await call('senior', 'GET', '/api/aid/fund/entries?year=2020')).body;
    expect(entries.total).toBe(3);
  });
});

describe(`红烛暖心 (${testDbKind})`, () => {
  it('lists poor left-behind children without a pairing (建档立卡 or 认定)', async () => {
    const r = (await call('teacher', 'GET', '/api/aid/care/eligible')).body;
    expect(r.items.map((i: any) => i.name).sort()).toEqual(['留守贫', '认定留守'].sort());
    expect(r.items.find((i: any) => i.name === '认定留守')).toMatchObject({
      recognised: true,
      registered_poor: false,
    });
  });

  it('pairs an eligible child; refuses the ineligible and a second pairing', async () => {
    const notPoor = await call('teacher', 'POST', '/api/aid/care/pairings', {
      studentId: ids.notPoor,
      teacherName: '李老师',
      startDate: TODAY,
    });
    expect(notPoor.body.error.message).toBe('红烛暖心只面向建档立卡或认定为家庭经济困难的留守儿童');
    const notLeft = await call('teacher', 'POST', '/api/aid/care/pairings', {
      studentId: ids.poorHome,
      teacherName: '李老师',
      startDate: TODAY,
    });
    expect(notLeft.body.error.message).toContain('留守儿童');
    const ok = await call('teacher', 'POST', '/api/aid/care/pairings', {
      studentId: ids.poorLeft,
      teacherName: '李老师',
      teacherPhone: '138 0000 1234',
      startDate: '2020-09-01',
    });
    expect(ok.status).toBe(201);
    ids.pairing = ok.body.pairing.id;
    const again = await call('county', 'POST', '/api/aid/care/pairings', {
      studentId: ids.poorLeft,
      teacherName: '王老师',
      startDate: TODAY,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('该学生已与 李老师 老师结对，请先结束原结对');
    const eligible = (await call('county', 'GET', '/api/aid/care/eligible')).body;
    expect(eligible.items.map((i: any) => i.name)).toEqual(['认定留守']);
    // 立德树人 care is open to any student in scope.
    const mentoring = await call('county', 'POST', '/api/aid/care/pairings', {
      programme: 'mentoring',
      studentId: ids.notPoor,
      teacherName: '周老师',
      startDate: TODAY,
    });
    expect(mentoring.status).toBe(201);
  });

  it('masks the teacher’s phone in lists; unmasking is permitted and logged', async () => {
    const list = (await call('county', 'GET', '/api/aid/care/pairings?programme=red_candle')).body;
    expect(list.items[0]).toMatchObject({
      teacher_name: '李老师',
      teacher_phone: '138****1234',
      visit_count: 0,
    });
    expect(JSON.stringify(list)).not.toContain('13800001234');
    expect((await call('teacher', 'POST', `/api/aid/care/pairings/${ids.pairing}/unmask`)).status).toBe(403);
    const un = await call('county', 'POST', `/api/aid/care/pairings/${ids.pairing}/unmask`);
    expect(un.body.teacherPhone).toBe('13800001234');
    const logged = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'care_pairing')
      .where('action', '=', 'view_personal')
      .execute();
    expect(logged).toHaveLength(1);
  });

  it('logs visits within the pairing; ends it; the person file shows everything', async () => {
    const v = await call('teacher', 'POST', `/api/aid/care/pairings/${ids.pairing}/visits`, {
      date: '2020-10-01',
      kind: 'home_visit',
      notes: '家访，了解学习和生活情况',
    });
    expect(v.status).toBe(201);
    await call('teacher', 'POST', `/api/aid/care/pairings/${ids.pairing}/visits`, {
      date: '2020-11-01',
      kind: 'psychological',
      notes: '谈心，缓解想念父母的情绪',
    });
    const early = await call('teacher', 'POST', `/api/aid/care/pairings/${ids.pairing}/visits`, {
      date: '2020-08-01',
      kind: 'talk',
      notes: 'x',
    });
    expect(early.body.error.message).toBe('走访日期不能早于结对开始日期');
    const future = await call('teacher', 'POST', `/api/aid/care/pairings/${ids.pairing}/visits`, {
      date: '2999-01-01',
      kind: 'talk',
      notes: 'x',
    });
    expect(future.body.error.message).toBe('走访日期不能晚于今天');
    const noReason = await call('teacher', 'PATCH', `/api/aid/care/pairings/${ids.pairing}`, {
      endDate: TODAY,
    });
    expect(noReason.body.error.message).toContain('须说明原因');
    const end = await call('teacher', 'PATCH', `/api/aid/care/pairings/${ids.pairing}`, {
      endDate: TODAY,
      endReason: '父母返乡，不再留守',
    });
    expect(end.body.pairing.end_date).toBe(TODAY);
    const detail = (await call('county', 'GET', `/api/aid/care/pairings/${ids.pairing}`)).body;
    expect(detail.visits.map((x: any) => x.kind)).toEqual(['psychological', 'home_visit']);
    expect(detail.canWrite).toBe(false);
    const file = (await call('teacher', 'GET', `/api/persons/${ids.poorPerson}/care`)).body;
    expect(file.pairings[0]).toMatchObject({
      teacher_name: '李老师',
      visit_count: 2,
      teacher_phone: '138****1234',
    });
    expect(file.visits).toHaveLength(2);
    expect(
      (
        await call('auditor', 'POST', `/api/aid/care/pairings/${ids.pairing}/visits`, {
          date: TODAY,
          kind: 'talk',
          notes: 'x',
        })
      ).status,
    ).toBe(403);
  });
});
