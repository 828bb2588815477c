/**
 * 学生资助 after the roll and the registry moved on (outside tester, B4): 明溪县实验小学 paid four
 * 建档立卡 pupils; then one transfers to 清流县实验小学, one leaves, one's household is removed
 * from the registry, and 明溪县 computes the term again. A payment belongs to the unit that paid it
 * (domain coverageUnits): the summary, its drill-down lists, the coverage export and the 资金监管
 * export must give 明溪 the same money and 清流 none of it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { writeCoverage } from '../src/modules/aid/coverage.export.ts';
import { runEntitlements } from '../src/modules/aid/entitlement.run.ts';
import type { App } from '../src/server/http.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { makeAidStudent, makePaymentList, resetAidFactories } from './helpers/aid-foreign.ts';
import { addUser, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { expectCoverageSummaryConsistent } from './helpers/coverage-summary.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { resetFactories } from './helpers/dropout-factories.ts';

let database: Database;
let app: App;
const c: Record<string, string> = {};
const term = '2020-autumn';
const mingxi: Actor = {
  id: 0,
  username: 'mx',
  displayName: '明溪',
  role: 'county_aid_centre',
  scopeCode: '350421',
  schoolCode: null,
};
const qingliu: Actor = { ...mingxi, username: 'ql', displayName: '清流', scopeCode: '350423' };
const ids: Record<string, number> = {};
let listId = 0;

async function get(who: string, url: string) {
  const res = await app.inject({ method: 'GET', url, headers: { cookie: c[who]! } });
  const json = res.headers['content-type']?.toString().startsWith('application/json');
  return { status: res.statusCode, body: json ? JSON.parse(res.body) : res.body };
}

beforeAll(async () => {
  resetFactories();
  resetAidFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  await addUser(database, 'mx-county', 'county_aid_centre', { scopeCode: '350421' });
  await addUser(database, 'ql-county', 'county_aid_centre', { scopeCode: '350423' });
  await addUser(database, 'city-aid', 'city_aid_centre', { scopeCode: '3504' });
  app = await testApp(database);
  for (const u of ['mx-county', 'ql-county', 'city-aid']) c[u] = await login(app, u);
  const { db } = database;
  for (const name of ['留校生', '转出生', '离校生', '脱卡生'])
    ids[name] = (await makeAidStudent(db, { name, registeredPoor: true })).student.id;
  // Never entitled to it (not 建档立卡), yet on the list: a wrong payment whatever happens later.
  ids.错发生 = (await makeAidStudent(db, { name: '错发生' })).student.id;
  await runEntitlements(db, mingxi, { term });
  // 明溪县实验小学's approved list of 非寄宿建档立卡生活补助, paid by the bank.
  listId = await makePaymentList(db, { programme: 'nonboarding_living', term });
  const students = await db
    .selectFrom('student as s')
    .leftJoin('entitlement as e', (j) =>
      j.onRef('e.student_id', '=', 's.id').on('e.programme', '=', 'nonboarding_living'),
    )
    .select(['s.id', 's.person_id', 's.student_no', 's.name', 's.id_number', 'e.amount_fen'])
    .orderBy('s.id')
    .execute();
  expect(students.map((s) => s.amount_fen)).toEqual([25000, 25000, 25000, 25000, null]);
  for (const s of students)
    await db
      .insertInto('payment_line')
      .values({
        list_id: listId,
        student_id: s.id,
        person_id: s.person_id,
        student_no: s.student_no,
        name: s.name,
        id_number: s.id_number,
        programme: 'nonboarding_living',
        term,
        amount_fen: s.amount_fen ?? 25000,
        entitled_fen: s.amount_fen,
        status: 'paid',
        paid_at: '2020-10-15',
        school_code: '2135000001',
        county_code: '350421',
        region_code: '350421100',
      })
      .execute();
  await db
    .updateTable('payment_list')
    .set({ status: 'paid', approved_by: 2, approved_at: new Date(Date.now() - 60_000) })
    .where('id', '=', listId)
    .execute();
  // The roll and the registry move on: a transfer to 清流, a pupil leaving, a household removed.
  await db
    .updateTable('student')
    .set({ school_code: '2135000002', county_code: '350423', region_code: '350423100' })
    .where('id', '=', ids.转出生!)
    .execute();
  await db
    .updateTable('student')
    .set({ status: 'left', left_at: '2020-11-01' })
    .where('id', '=', ids.离校生!)
    .execute();
  await db.updateTable('registry_person').set({ current: false }).where('name', '=', '脱卡生').execute();
  // … recorded as the roll import records them (its change history is where the coverage report
  // finds the pupils whose lines may sit at another school: the import is the one writer of a
  // pupil's school and status).
  const batch = await db
    .insertInto('import_batch')
    .values({ kind: 'students', filename: '新学期名册.xlsx', rows: 2, scope_code: '3504', actor_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [id, kind] of [
    [ids.转出生!, 'moved'],
    [ids.离校生!, 'left'],
  ] as const) {
    const s = await db
      .selectFrom('student')
      .select(['student_no', 'county_code', 'region_code'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('student_change')
      .values({
        student_no: s.student_no,
        batch_id: batch.id,
        kind,
        county_code: s.county_code,
        region_code: s.region_code,
        before: null,
        after: null,
      })
      .execute();
  }
  await runEntitlements(db, mingxi, { term });
});
afterEach(async () => {
  await expectCoverageSummaryConsistent(database.db);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

type Row = Record<string, number | string>;
const yuan = (fen: number) => (fen / 100).toFixed(2);

/** Every surface's figure of "what the county paid", and the counts against the lists behind them. */
async function surfaces(who: string, actor: Actor, countyCode: string) {
  const report = await get(who, `/api/aid/coverage?term=${term}&level=county`);
  expect(report.status).toBe(200);
  const row: Row = report.body.items.find((r: Row) => r.key === countyCode) ?? {
    paid_fen: 0,
    not_entitled: 0,
    paid: 0,
  };
  const list = async (q: string) =>
    (await get(who, `/api/aid/coverage/students?term=${term}&countyCode=${countyCode}&pageSize=500&${q}`))
      .body;
  const all = await list('');
  const wrong = await list('status=not_entitled');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aid-attr-'));
  await writeCoverage(database.db, actor, term, path.join(dir, 'c.csv'));
  const coverageRows = readFileSync(path.join(dir, 'c.csv'), 'utf8').trim().split('\r\n').slice(1);
  const sup = await get(who, `/api/aid/supervision-export?term=${term}&format=csv&columns=姓名,金额`);
  const supRows = (sup.body as string)
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .slice(1);
  return {
    summaryPaid: yuan(Number(row.paid_fen)),
    listPaid: yuan(all.items.reduce((n: number, i: Row) => n + Number(i.paid_fen), 0)),
    coveragePaid: coverageRows.reduce((n, r) => n + Math.round(Number(r.split(',')[6]) * 100), 0).toString(),
    supervisionPaid: supRows.reduce((n, r) => n + Math.round(Number(r.split(',')[1]) * 100), 0).toString(),
    notEntitled: row.not_entitled,
    notEntitledListed: wrong.students,
    notEntitledNames: wrong.items.map((i: Row) => i.name).sort(),
    paidStudents: row.paid,
    paidListed: new Set(all.items.filter((i: Row) => Number(i.paid_fen) > 0).map((i: Row) => i.student_id))
      .size,
  };
}

describe(`one attribution of payments on every surface (${testDbKind})`, () => {
  it('gives 明溪 its five payments everywhere after a transfer, a pupil leaving and a registry removal', async () => {
    const mx = await surfaces('mx-county', mingxi, '350421');
    expect(mx).toEqual({
      summaryPaid: '1250.00',
      listPaid: '1250.00',
      coveragePaid: '125000',
      supervisionPaid: '125000',
      notEntitled: 4,
      notEntitledListed: 4,
      notEntitledNames: ['脱卡生', '离校生', '转出生', '错发生'].sort(),
      paidStudents: 5,
      paidListed: 5,
    });
    // The list names the pupil's school of today beside the paying school.
    const moved = (
      await get('mx-county', `/api/aid/coverage/students?term=${term}&status=not_entitled`)
    ).body.items.find((i: Row) => i.name === '转出生');
    expect(moved).toMatchObject({ school_name: '明溪县实验小学', current_school_name: '清流县实验小学' });
    // 清流 paid nothing: none of 明溪's money shows there.
    const ql = await surfaces('ql-county', qingliu, '350423');
    expect(ql).toMatchObject({
      summaryPaid: '0.00',
      listPaid: '0.00',
      coveragePaid: '0',
      supervisionPaid: '0',
      notEntitled: 0,
      notEntitledListed: 0,
    });
  });

  it('tells the paid list’s checks an entitlement ended after approval (a notice, with the run and why) from a payment never entitled', async () => {
    const res = await get('mx-county', `/api/aid/payment-lists/${listId}/checks`);
    expect(res.status).toBe(200);
    const issues = res.body.issues as { kind: string; severity: string; message: string }[];
    const byName = (n: string) => issues.filter((i) => i.message.includes(`：${n}，`));
    const { id: runId } = await database.db
      .selectFrom('entitlement_run')
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    for (const [name, why] of [
      ['转出生', '学生已转至清流县实验小学，不在本次计算范围内'],
      ['离校生', '学生已不在学籍名册中（离校）'],
      ['脱卡生', '原应享依据“建档立卡”已不成立'],
    ] as const) {
      expect(byName(name), name).toHaveLength(1);
      expect(byName(name)[0]).toMatchObject({ kind: 'entitlement_changed', severity: 'notice' });
      expect(byName(name)[0]!.message).toContain(`计算记录 #${runId}（`);
      expect(byName(name)[0]!.message).toContain('明溪县');
      expect(byName(name)[0]!.message).toContain(why);
      expect(byName(name)[0]!.message).toContain('审批时的发放不算错发');
    }
    expect(byName('留校生')).toEqual([]);
    // The run's own list of changes says the same, per pupil, with the 学籍号 masked (tester v19b F7:
    // the run's −3 could not be opened).
    const changes = await get('mx-county', `/api/aid/entitlements/runs/${runId}/changes?pageSize=50`);
    expect(changes.status).toBe(200);
    const why = (n: string) =>
      (changes.body.items as { name: string; reason: string | null }[]).find((i) => i.name === n)?.reason;
    expect(why('离校生')).toContain('学生已不在学籍名册中（离校）');
    expect(why('脱卡生')).toContain('原应享依据“建档立卡”已不成立');
    for (const i of changes.body.items as { student_no: string }[])
      expect(i.student_no).not.toMatch(/^G\d{17}/);
    // Never entitled: still an error.
    expect(byName('错发生')).toEqual([
      expect.objectContaining({
        kind: 'not_entitled',
        severity: 'error',
        message: '不在应享名单：错发生，本学期不享受该资助项目（无应享记录）',
      }),
    ]);
  });

  it('says in coverage, as the list’s checks do, that a payment whose entitlement ended after approval is no wrong payment', async () => {
    const wrong = (await get('mx-county', `/api/aid/coverage/students?term=${term}&status=not_entitled`)).body
      .items as Row[];
    const note = (n: string) => wrong.find((i) => i.name === n)?.note;
    for (const [name, why] of [
      ['转出生', '学生已转至清流县实验小学'],
      ['离校生', '学生已不在学籍名册中（离校）'],
      ['脱卡生', '原应享依据“建档立卡”已不成立'],
    ] as const) {
      expect(note(name), name).toMatch(
        /^审批后应享变动：发放名单于 \d{4}-\d{2}-\d{2} 审批时应享，审批后计算记录 #\d+（/,
      );
      expect(note(name)).toContain(why);
      expect(note(name)).toContain('审批时的发放不算错发');
    }
    // Never entitled: a wrong payment, no note.
    expect(note('错发生')).toBeNull();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aid-attr-'));
    await writeCoverage(database.db, mingxi, term, path.join(dir, 'c.csv'));
    const lines = readFileSync(path.join(dir, 'c.csv'), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/,状态,说明$/);
    const row = (n: string) => lines.find((l) => l.split(',')[1] === n) ?? '';
    expect(row('离校生')).toContain('审批后应享变动：发放名单于');
    expect(row('错发生')).toMatch(/,已发但不应享,$/);
  });

  it('warns before recomputing a term with approved or paid lists (how many lists and pupils), without forbidding it', async () => {
    const mx = await get('mx-county', `/api/aid/entitlements/locked-lists?term=${term}`);
    expect(mx.status).toBe(200);
    expect(mx.body).toMatchObject({ lists: 1, pupils: 5 });
    expect(mx.body.warning).toContain('本学期已有 1 份已审批或已发放的发放名单（共 5 名学生）');
    const ql = await get('ql-county', `/api/aid/entitlements/locked-lists?term=${term}`);
    expect(ql.body).toEqual({ lists: 0, pupils: 0, warning: null });
    const spring = await get('mx-county', '/api/aid/entitlements/locked-lists?term=2020-spring');
    expect(spring.body.warning).toBeNull();
  });

  it('writes 区县 and 乡镇 of the 资金监管 export from the paying school, never a 户籍 township of another county', async () => {
    // 留校生's 建档立卡 household lives in 永安市青水畲族乡; 明溪县实验小学 (雪峰镇) paid.
    await database.db
      .updateTable('registry_person')
      .set({ township_name: '青水畲族乡', county_code: '350481', region_code: '350481203' })
      .where('name', '=', '留校生')
      .execute();
    const sup = await get(
      'mx-county',
      `/api/aid/supervision-export?term=${term}&format=csv&columns=姓名,主管部门,区县,乡镇`,
    );
    const rows = (sup.body as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows).toContain('留校生,明溪县教育局,明溪县,雪峰镇');
    for (const r of rows.slice(1)) expect(r).toMatch(/,明溪县教育局,明溪县,雪峰镇$/);
  });

  it('keeps the paid term with 明溪 when 清流 computes the transferred pupil’s entitlement', async () => {
    await runEntitlements(database.db, qingliu, { term });
    const mx = await surfaces('mx-county', mingxi, '350421');
    expect(mx).toMatchObject({
      summaryPaid: '1250.00',
      listPaid: '1250.00',
      coveragePaid: '125000',
      supervisionPaid: '125000',
      notEntitled: 3,
      notEntitledListed: 3,
      notEntitledNames: ['脱卡生', '离校生', '错发生'].sort(),
    });
    // 清流 does not owe the term 明溪 paid for (no 应享未发 there).
    const ql = await get('ql-county', `/api/aid/coverage/students?term=${term}&status=unpaid`);
    expect(ql.body.items.filter((i: Row) => i.programme === 'nonboarding_living')).toEqual([]);
    // The city's totals are the counties' sums, and every count opens a list of as many students.
    const city = await get('city-aid', `/api/aid/coverage?term=${term}&level=school`);
    for (const r of city.body.items as Row[])
      for (const [figure, q] of [
        ['not_entitled', 'status=not_entitled'],
        ['entitled', 'group=entitled'],
        ['paid_all', 'group=paid_all'],
        ['paid_some', 'group=paid_some'],
        ['unpaid', 'group=unpaid'],
      ] as const) {
        const l = await get('city-aid', `/api/aid/coverage/students?term=${term}&schoolCode=${r.key}&${q}`);
        expect(l.body.students, `${r.key} ${figure}`).toBe(r[figure]);
      }
  });

  it('keeps a past run’s record: the city’s run shows 明溪 the same figures after 明溪’s own run', async () => {
    const spring = '2020-spring';
    const cityRun = await runEntitlements(database.db, SYSTEM_ACTOR, { term: spring });
    const view = async (who: string) =>
      (await get(who, `/api/aid/entitlements/runs?term=${spring}`)).body.items.find(
        (r: { id: number }) => r.id === cityRun.runId,
      ) as { stats: { lines: number; totalFen: number; entitledStudents?: number }; diff: unknown };
    const before = await view('mx-county');
    expect(before.stats.lines).toBeGreaterThan(0);
    expect(before.stats.totalFen).toBeGreaterThan(0);
    const cityBefore = await view('city-aid');
    await runEntitlements(database.db, mingxi, { term: spring });
    const after = await view('mx-county');
    expect(after.stats).toEqual(before.stats);
    expect(after.diff).toEqual(before.diff);
    expect(await view('city-aid')).toEqual(cityBefore);
  });
});
