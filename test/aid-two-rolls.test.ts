/**
 * 一人多籍 and 学生资助: a pupil on two rolls (one 一生一档, two 学籍号 — a transfer the old school never
 * closed; the comparison confirms both rows) is entitled once, at the enrolment of the newer roll;
 * the older enrolment, a 困难学生 without aid of its school, says why in the 困难无资助 list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { coverageGaps, coverageReport } from '../src/modules/aid/coverage.queries.ts';
import { runEntitlements } from '../src/modules/aid/entitlement.run.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { makeAidStudent, resetAidFactories } from './helpers/aid-foreign.ts';
import { seedMiniRegions } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { makeStudent, resetFactories, yearsAgo } from './helpers/dropout-factories.ts';

let database: Database;
const term = '2020-autumn';
const mingxi: Actor = { ...SYSTEM_ACTOR, role: 'county_admin', scopeCode: '350421' };
const qingliu: Actor = { ...SYSTEM_ACTOR, role: 'county_admin', scopeCode: '350423' };
let older = 0;
let newer = 0;

beforeAll(async () => {
  resetFactories();
  resetAidFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  const { db } = database;
  // One pupil of a 建档立卡 household at 明溪县实验小学, and her second 学籍 at 清流县实验小学 (newer).
  const { student, person } = await makeAidStudent(db, {
    name: '两籍生',
    boarding: true,
    registeredPoor: true,
  });
  older = student.id;
  const second = await makeStudent(db, {
    name: '两籍生',
    birthDate: yearsAgo(10),
    schoolCode: '2135000002',
    regionCode: '350423100',
    personId: person.id,
    idNumber: person.id_number,
  });
  newer = second.id;
  await db.updateTable('student').set({ boarding: true }).where('id', '=', newer).execute();
  const m = await db
    .selectFrom('match_result')
    .selectAll()
    .where('student_id', '=', older)
    .executeTakeFirstOrThrow();
  const { id: _, ...rest } = m;
  await db
    .insertInto('match_result')
    .values({ ...rest, student_id: newer, county_code: '350423', region_code: '350423100' })
    .execute();
  // And an ordinary 建档立卡 pupil.
  await makeAidStudent(db, { name: '一籍生', registeredPoor: true });
});
afterAll(async () => {
  await database?.close();
});

describe(`a pupil on two rolls in 学生资助 (${testDbKind})`, () => {
  it('is entitled once, at the newer enrolment, whatever the run’s scope', async () => {
    const { db } = database;
    const lines = async () =>
      (await db.selectFrom('entitlement').select(['student_id']).where('term', '=', term).execute()).map(
        (r) => Number(r.student_id),
      );
    await runEntitlements(db, SYSTEM_ACTOR, { term });
    const city = await lines();
    expect(city).toContain(newer);
    expect(city).not.toContain(older);
    // 明溪's own run does not entitle her at its school either: 清流's roll is the newer.
    await runEntitlements(db, mingxi, { term });
    expect(await lines()).not.toContain(older);
  });

  it('explains her older enrolment among 困难无资助: entitled at the newer one', async () => {
    const { db } = database;
    await runEntitlements(db, SYSTEM_ACTOR, { term });
    // The report counts enrolments (one pass over the roll, ≤ 2 s at 1M): her older one is a 困难学生
    // without aid of its school, and its list says why.
    const report = await coverageReport(db, SYSTEM_ACTOR, term, 'county');
    expect(report.totals).toMatchObject({ students: 3, poor: 3, poor_without_aid: 1 });
    const mx = await coverageGaps(db, mingxi, term, { kind: 'without_aid', page: 1, pageSize: 50 });
    expect(mx.total).toBe(1);
    expect(mx.items[0]!.reasons).toEqual([
      '一人多籍：该生另有清流县实验小学的学籍（较新导入），应享资助按该学籍计算一次，本校不重复计算；请核实并注销多余的学籍',
    ]);
    const ql = await coverageReport(db, qingliu, term, 'county');
    expect(ql.totals).toMatchObject({ students: 1, poor: 1, poor_without_aid: 0 });
  });
});
