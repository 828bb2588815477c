import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import type { App } from '../src/server/http.ts';
import { aidExtrasSnapshot } from './helpers/aid-extras-foreign.ts';
import { addUser, callAs, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { makePerson, makeStudent, resetFactories, TODAY, yearsAgo } from './helpers/dropout-factories.ts';

// 工作要点 1 一个应急救助 against a real database: filing, the chain by amount (≤ 2000 元 county,
// above it the city too), payment, the person file — and every refusal the issue lists (negative or
// absurd amount, approving one's own application) in Chinese, with nothing changed.

let database: Database;
let app: App;
const cookie: Record<string, string> = {};
const ids: Record<string, number> = {};

const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  callAs(app, cookie, who, method, url, payload);

beforeAll(async () => {
  resetFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  const users = {
    officer: ['school_aid_officer', { schoolCode: '2135000001' }],
    teacher: ['head_teacher', { schoolCode: '2135000001' }],
    county: ['county_aid_centre', { scopeCode: '350421' }],
    county2: ['county_admin', { scopeCode: '350421' }],
    city: ['city_aid_centre', { scopeCode: '3504' }],
    cityAdmin: ['city_admin', { scopeCode: '3504' }],
    auditor: ['auditor', { scopeCode: '3504' }],
  } as const;
  for (const [k, [role, where]] of Object.entries(users)) {
    ids[k] = await addUser(database, `u-${k.toLowerCase()}`, role, where);
  }
  app = await testApp(database);
  for (const k of Object.keys(users)) {
    cookie[k] = await login(app, `u-${k.toLowerCase()}`);
  }
  const { db } = database;
  for (const name of ['林病', '陈灾', '王疫', '赵新']) {
    const p = await makePerson(db, { name, birthDate: yearsAgo(15) });
    await makeStudent(db, { name, birthDate: yearsAgo(15), personId: p.id, stage: 'junior' });
    ids[name] = p.id;
  }
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const apply = (who: string, personId: number, amountFen: number, reason = 'illness') =>
  call(who, 'POST', '/api/aid/relief', { personId, amountFen, reason, description: '突发重病住院' });

describe(`应急救助 (${testDbKind})`, () => {
  it('refuses negative, zero, fractional and absurd amounts in Chinese, with nothing saved', async () => {
    const before = JSON.stringify(await aidExtrasSnapshot(database.db));
    for (const [amount, msg] of [
      [-50_000, '救助金额必须大于 0 元'],
      [0, '救助金额必须大于 0 元'],
      [2_000_001, '救助金额超过单次上限 20000 元，请核实金额'],
      [1e15, '救助金额超过单次上限'],
    ] as const) {
      const r = await apply('officer', ids.林病!, amount);
      expect(r.status, String(amount)).toBe(400);
      expect(r.body.error.message).toContain(msg);
    }
    const frac = await apply('officer', ids.林病!, 100.5);
    expect(frac.status).toBe(400);
    expect(frac.body.error.message).toContain('分');
    // A description that an export would hand Excel as a formula (tester v20b F10), full-width too.
    for (const description of ['=HYPERLINK("http://x","点击")', '\t＝1+1', '@SUM(A1)']) {
      const r = await call('officer', 'POST', '/api/aid/relief', {
        personId: ids.林病!,
        amountFen: 50_000,
        reason: 'illness',
        description,
      });
      expect(r.status, description).toBe(400);
      expect(r.body.error.message).toContain('疑似公式');
    }
    expect(JSON.stringify(await aidExtrasSnapshot(database.db))).toBe(before);
  });

  it('county-level (≤ 2000 元): school officer files (reviewed) → county approves → another pays', async () => {
    const r = await apply('officer', ids.林病!, 200_000);
    expect(r.status).toBe(201);
    expect(r.body.relief).toMatchObject({
      status: 'school_reviewed',
      approval_level: 'county',
      school_code: '2135000001',
    });
    const id = r.body.relief.id;
    // The same person again while the first is open: a duplicate.
    const dup = await apply('teacher', ids.林病!, 1_000);
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain('请勿重复申请');

    const detail = await call('county', 'GET', `/api/aid/relief/${id}`);
    expect(detail.body.relief.actions).toEqual(['county_approve', 'reject']);
    expect(detail.body.steps.map((s: any) => s.step)).toEqual(['apply', 'review']);
    expect((await call('officer', 'GET', `/api/aid/relief/${id}`)).body.relief.actions).toEqual([]);

    const ok = await call('county', 'POST', `/api/aid/relief/${id}/approve`, { comment: '情况属实' });
    expect(ok.status).toBe(200);
    expect(ok.body.relief.status).toBe('county_approved');
    const early = await call('county2', 'POST', `/api/aid/relief/${id}/pay`, { paidAt: '2999-01-01' });
    expect(early.body.error.message).toBe('发放日期不能晚于今天');
    const paid = await call('county2', 'POST', `/api/aid/relief/${id}/pay`, {
      paidAt: TODAY,
      voucherNo: 'PZ-001',
    });
    expect(paid.status).toBe(200);
    expect(paid.body.relief).toMatchObject({
      status: 'paid',
      paid_at: TODAY,
      voucher_no: 'PZ-001',
      amount_fen: 200_000,
    });
    const again = await call('county', 'POST', `/api/aid/relief/${id}/approve`, {});
    expect(again.status).toBe(400);
    expect(again.body.error.message).toBe('该申请已发放，不能再办理');
  });

  it('an approver cannot approve their own application — refused, nothing changed', async () => {
    const r = await apply('county', ids.陈灾!, 150_000, 'disaster');
    // A county user filing for a student with a school: the school still reviews.
    expect(r.body.relief.status).toBe('applied');
    const id = r.body.relief.id;
    const review = await call('officer', 'POST', `/api/aid/relief/${id}/approve`, { comment: '学校核实' });
    expect(review.body.relief.status).toBe('school_reviewed');
    const before = JSON.stringify(await aidExtrasSnapshot(database.db));
    const own = await call('county', 'POST', `/api/aid/relief/${id}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.error.message).toBe('申请人不能审批自己提出的救助申请');
    expect(JSON.stringify(await aidExtrasSnapshot(database.db))).toBe(before);
    expect((await call('county2', 'POST', `/api/aid/relief/${id}/approve`, {})).body.relief.status).toBe(
      'county_approved',
    );
    // The applicant does not record the payment either; a colleague does.
    const selfPay = await call('county', 'POST', `/api/aid/relief/${id}/pay`, { paidAt: TODAY });
    expect(selfPay.body.error.message).toBe('申请人不能办理自己提出的救助申请的发放');
    expect(
      (await call('county2', 'POST', `/api/aid/relief/${id}/pay`, { paidAt: TODAY })).body.relief.status,
    ).toBe('paid');
  });

  it('city-level (> 2000 元): the county approves, then the city, then payment', async () => {
    const r = await apply('teacher', ids.王疫!, 500_000, 'covid');
    expect(r.body.relief).toMatchObject({ status: 'applied', approval_level: 'city' });
    const id = r.body.relief.id;
    const countyFirst = await call('county', 'POST', `/api/aid/relief/${id}/approve`, {});
    expect(countyFirst.body.error.message).toBe('学校审核须由学校办理');
    const teacherReview = await call('teacher', 'POST', `/api/aid/relief/${id}/approve`, {});
    expect(teacherReview.status).toBe(403);
    await call('officer', 'POST', `/api/aid/relief/${id}/approve`, {});
    await call('county', 'POST', `/api/aid/relief/${id}/approve`, {});
    const payTooEarly = await call('county2', 'POST', `/api/aid/relief/${id}/pay`, { paidAt: TODAY });
    expect(payTooEarly.status).toBe(400);
    expect(payTooEarly.body.error.message).toBe('该申请当前待市级审批，不能发放');
    const cityOk = await call('city', 'POST', `/api/aid/relief/${id}/approve`, { comment: '同意' });
    expect(cityOk.body.relief.status).toBe('city_approved');
    expect(
      (await call('county2', 'POST', `/api/aid/relief/${id}/pay`, { paidAt: TODAY })).body.relief.status,
    ).toBe('paid');
    const steps = (await call('city', 'GET', `/api/aid/relief/${id}`)).body.steps;
    expect(steps.map((s: any) => [s.step, s.actor_role])).toEqual([
      ['apply', 'head_teacher'],
      ['review', 'school_aid_officer'],
      ['county_approve', 'county_aid_centre'],
      ['city_approve', 'city_aid_centre'],
      ['pay', 'county_admin'],
    ]);
  });

  it('rejection needs a reason; read-only roles cannot act; the person file shows the history', async () => {
    const r = await apply('officer', ids.赵新!, 80_000, 'accident');
    const id = r.body.relief.id;
    expect(
      (
        await call('auditor', 'POST', '/api/aid/relief', {
          personId: ids.赵新,
          amountFen: 1,
          reason: 'other',
          description: 'x',
        })
      ).status,
    ).toBe(403);
    const noReason = await call('county', 'POST', `/api/aid/relief/${id}/reject`, {});
    expect(noReason.body.error.message).toBe('不予救助必须填写理由');
    const rej = await call('county', 'POST', `/api/aid/relief/${id}/reject`, { comment: '已获其他救助' });
    expect(rej.body.relief.status).toBe('rejected');
    const file = await call('teacher', 'GET', `/api/persons/${ids.赵新}/relief`);
    expect(file.status).toBe(200);
    expect(file.body.items[0]).toMatchObject({ status: 'rejected', reason: 'accident', amount_fen: 80_000 });
    expect(file.body.items[0].steps.at(-1)).toMatchObject({ step: 'reject', comment: '已获其他救助' });
    const list = await call('county', 'GET', '/api/aid/relief?status=paid');
    expect(list.body.total).toBe(3);
    expect(list.body.totalAmountFen).toBe(200_000 + 150_000 + 500_000);
    const audit = await database.db
      .selectFrom('audit_log')
      .select('entity')
      .where('entity', '=', 'emergency_relief')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(12);
  });

  it('thresholds are configuration: only city roles change them, validated', async () => {
    const settings = (await call('county', 'GET', '/api/aid/extras-settings')).body;
    expect(settings.settings.relief).toEqual({ countyLimitFen: 200_000, maxFen: 2_000_000 });
    expect(settings.canEdit).toBe(false);
    const body = { ...settings.settings, relief: { countyLimitFen: 300_000, maxFen: 3_000_000 } };
    expect((await call('county', 'PUT', '/api/aid/extras-settings', body)).status).toBe(403);
    const bad = await call('city', 'PUT', '/api/aid/extras-settings', {
      ...body,
      relief: { countyLimitFen: 5, maxFen: 1 },
    });
    expect(bad.body.error.message).toBe('县级审批限额不能高于单次救助上限');
    expect((await call('city', 'PUT', '/api/aid/extras-settings', body)).status).toBe(200);
    const r = await apply('officer', ids.林病!, 250_000);
    expect(r.body.relief.approval_level).toBe('county');
  });
});
