/**
 * 覆盖情况 counts as 困难学生 every pupil the entitlement run takes as one by a list alone: 低保,
 * 特困供养 and the sudden-hardship list (an outside tester's P2, v19b F4: four urban 低保 and 特困
 * children outside the 建档立卡 registry were entitled, yet missing from 困难学生, so the 困难无资助
 * check could not see one of them left without aid). The 残联 list alone makes no 困难学生 (it needs
 * the 认定, as in the entitlement run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { coverageGaps, coverageReport } from '../src/modules/aid/coverage.queries.ts';
import { runEntitlements } from '../src/modules/aid/entitlement.run.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { makeAidStudent, resetAidFactories } from './helpers/aid-foreign.ts';
import { seedMiniRegions } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { resetFactories } from './helpers/dropout-factories.ts';

let database: Database;
const term = '2020-autumn';
const mingxi = { ...SYSTEM_ACTOR, role: 'county_aid_centre' as const, scopeCode: '350421' };

beforeAll(async () => {
  resetFactories();
  resetAidFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  const { db } = database;
  await makeAidStudent(db, { name: '低保学生', boarding: true, lists: ['minimum_living'] });
  await makeAidStudent(db, { name: '特困学生', boarding: true, lists: ['extreme_poverty'] });
  await makeAidStudent(db, { name: '突发困难学生', boarding: true, lists: ['hardship'] });
  await makeAidStudent(db, { name: '残联学生', boarding: true, lists: ['disability'] });
  await makeAidStudent(db, {
    name: '建档立卡学生',
    boarding: true,
    registeredPoor: true,
    lists: ['minimum_living'],
  });
  await makeAidStudent(db, { name: '普通学生', boarding: true });
  await runEntitlements(db, SYSTEM_ACTOR, { term });
  // Put on the 低保 list after the run: 困难无资助 until the entitlements are computed again.
  await makeAidStudent(db, { name: '新增低保学生', boarding: true, lists: ['minimum_living'] });
});

afterAll(() => database?.close());

const names = (items: { name: string }[]) => items.map((i) => i.name).sort();

describe(`困难学生 of the coverage report include the list pupils (${testDbKind})`, () => {
  it('counts 低保, 特困供养 and sudden-hardship pupils once each, and not a 残联 pupil without 认定', async () => {
    const report = await coverageReport(database.db, mingxi, term, 'county');
    expect(report.totals.students).toBe(7);
    expect(report.totals.poor).toBe(5);
    expect(report.totals.poor_without_aid).toBe(1);
    const poor = await coverageGaps(database.db, mingxi, term, { kind: 'poor', page: 1, pageSize: 50 });
    expect(names(poor.items)).toEqual(
      ['低保学生', '建档立卡学生', '新增低保学生', '特困学生', '突发困难学生'].sort(),
    );
    const basis = new Map(poor.items.map((i) => [i.name, i.basis]));
    expect(basis.get('低保学生')).toEqual(['低保名单']);
    expect(basis.get('特困学生')).toEqual(['特困供养名单']);
    expect(basis.get('突发困难学生')).toEqual(['突发严重困难名单']);
    expect(basis.get('建档立卡学生')).toEqual(['建档立卡（脱贫状态未填）', '低保名单']);
  });

  it('lists the 低保 pupil added after the run as 困难无资助', async () => {
    const gaps = await coverageGaps(database.db, mingxi, term, {
      kind: 'without_aid',
      page: 1,
      pageSize: 50,
    });
    expect(names(gaps.items)).toEqual(['新增低保学生']);
    expect(gaps.total).toBe(1);
  });
});
