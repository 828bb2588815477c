import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { entitleStudent, type PriorityGroup, parseTerm } from '../src/domain/aid/index.ts';
import { runEntitlements } from '../src/modules/aid/entitlement.run.ts';
import { getActivePolicy, versionLabel } from '../src/modules/aid/policy.store.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { makeAidStudent, resetAidFactories } from './helpers/aid-foreign.ts';
import { seedMiniRegions } from './helpers/app.ts';
import { expectCoverageSummaryConsistent } from './helpers/coverage-summary.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { resetFactories } from './helpers/dropout-factories.ts';

let database: Database;
const term = '2020-autumn';

beforeAll(async () => {
  resetFactories();
  resetAidFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
});
// Every write path below keeps the trigger-kept coverage summary equal to the lines (ADR 0005).
afterEach(async () => {
  await expectCoverageSummaryConsistent(database.db);
});

afterAll(async () => {
  await database?.close();
});

describe(`entitlement run (${testDbKind})`, () => {
  it('computes every programme set-based, exactly as the pure rules do', async () => {
    const { db } = database;
    const specs = [
      { name: '寄宿建档', boarding: true, registeredPoor: true },
      { name: '走读建档', registeredPoor: true, stage: 'junior', grade: '初二' },
      { name: '低保走读', lists: ['minimum_living' as const] },
      { name: '普通小学' },
      { name: '高中建档', stage: 'senior', grade: '高一', registeredPoor: true },
      { name: '高中低保', stage: 'senior', grade: '高二', lists: ['minimum_living' as const] },
      { name: '中职一年级', stage: 'vocational', grade: '一年级', lists: ['extreme_poverty' as const] },
      { name: '中职三年级', stage: 'vocational', grade: '三年级', lists: ['hardship' as const] },
      { name: '幼儿建档', stage: 'preschool', grade: '中班', registeredPoor: true },
      { name: '已脱贫不享受', registeredPoor: true, exitStatus: '已脱贫(不享受政策)', boarding: true },
      {
        name: '清流寄宿',
        regionCode: '350423100',
        boarding: true,
        registeredPoor: true,
        stage: 'junior',
        grade: '初一',
      },
      { name: '清流走读', regionCode: '350423100', registeredPoor: true },
    ];
    const made: Awaited<ReturnType<typeof makeAidStudent>>[] = [];
    for (const s of specs) made.push(await makeAidStudent(db, s));
    const res = await runEntitlements(db, SYSTEM_ACTOR, { term });
    expect(res.diff.firstRun).toBe(true);
    expect(res.students).toBe(specs.length);

    const policy = await getActivePolicy(db, 2020);
    const t = parseTerm(term);
    if (!t.ok) throw new Error();
    const rows = await db.selectFrom('entitlement').selectAll().where('run_id', '=', res.runId).execute();
    for (const [i, s] of specs.entries()) {
      const st = made[i]!.student;
      const groups: PriorityGroup[] = [];
      if (s.registeredPoor && !s.exitStatus) groups.push('registered_poor');
      for (const l of s.lists ?? []) groups.push(l === 'hardship' ? 'covid_affected' : (l as PriorityGroup));
      const expected = entitleStudent(
        policy.config,
        t.term,
        {
          stage: st.stage,
          grade: st.grade,
          boarding: st.boarding,
          countyCode: st.county_code,
          schoolCode: st.school_code,
          groups,
          tier: null,
        },
        versionLabel(policy),
      );
      const got = rows
        .filter((r) => r.student_id === st.id)
        .map((r) => ({ programme: r.programme, amountFen: r.amount_fen, rule: r.rule }))
        .sort((a, b) => a.programme.localeCompare(b.programme));
      expect(got, s.name).toEqual(expected.sort((a, b) => a.programme.localeCompare(b.programme)));
    }
    const find = (name: string, programme: string) => {
      const st = made[specs.findIndex((s) => s.name === name)]!.student;
      return rows.find((r) => r.student_id === st.id && r.programme === programme)?.amount_fen;
    };
    // Figures straight from the policy: 小学寄宿 500, 初中非寄宿建档 312.50, 清流初中寄宿 750, 营养 400.
    expect(find('寄宿建档', 'boarding_subsidy')).toBe(50000);
    expect(find('走读建档', 'nonboarding_living')).toBe(31250);
    expect(find('清流寄宿', 'boarding_subsidy')).toBe(75000);
    expect(find('普通小学', 'nutrition')).toBe(40000);
    expect(find('高中建档', 'senior_grant')).toBe(150000);
    expect(find('中职三年级', 'vocational_grant')).toBeUndefined();
    expect(find('已脱贫不享受', 'boarding_subsidy')).toBeUndefined();
  });

  it('shows the difference from the previous run', async () => {
    const { db } = database;
    await makeAidStudent(db, { name: '新来寄宿', boarding: true, registeredPoor: true });
    const res = await runEntitlements(db, SYSTEM_ACTOR, { term });
    expect(res.diff).toMatchObject({ firstRun: false, added: 2, removed: 0, changed: 0 });
    const lines = await db
      .selectFrom('entitlement')
      .select('run_id')
      .distinct()
      .where('term', '=', term)
      .execute();
    expect(lines.map((l) => l.run_id)).toEqual([res.runId]);
  });

  it('a county run touches only its county', async () => {
    const { db } = database;
    const before = await db
      .selectFrom('entitlement')
      .select(['id', 'run_id'])
      .where('county_code', '=', '350423')
      .execute();
    const county: Actor = { ...SYSTEM_ACTOR, id: 0, role: 'county_aid_centre', scopeCode: '350421' };
    const res = await runEntitlements(db, county, { term });
    expect(res.diff).toMatchObject({ added: 0, removed: 0, changed: 0 });
    const after = await db
      .selectFrom('entitlement')
      .select(['id', 'run_id'])
      .where('county_code', '=', '350423')
      .execute();
    expect(after).toEqual(before);
  });

  it('refuses a malformed term in Chinese', async () => {
    await expect(runEntitlements(database.db, SYSTEM_ACTOR, { term: '2020-fall' })).rejects.toThrow(
      /学期格式/,
    );
  });
});

describe(`残疾 as a priority group (${testDbKind})`, () => {
  it('counts only with a confirmed 认定: a disabled pupil of a family not in difficulty is no 困难学生', async () => {
    const { db } = database;
    // 明溪 (nutrition plan) boarders: the roll's 是否残疾, the 残联 list, and the list with a confirmed 认定.
    const flag = await makeAidStudent(db, { name: '残疾标记寄宿', boarding: true });
    await db.updateTable('student').set({ disabled: true }).where('id', '=', flag.student.id).execute();
    const listed = await makeAidStudent(db, { name: '残联名单寄宿', boarding: true, lists: ['disability'] });
    const recognised = await makeAidStudent(db, {
      name: '残疾已认定寄宿',
      boarding: true,
      lists: ['disability'],
    });
    await db
      .insertInto('recognition')
      .values({
        school_year: 2020,
        student_id: recognised.student.id,
        person_id: recognised.student.person_id,
        school_code: recognised.student.school_code,
        grade: recognised.student.grade,
        tier: 'general',
        priority_groups: ['disability'],
        reason: '家庭经济困难残疾学生',
        status: 'confirmed',
        county_code: recognised.student.county_code,
        region_code: recognised.student.region_code,
      })
      .execute();
    const res = await runEntitlements(db, SYSTEM_ACTOR, { term });
    const lines = await db
      .selectFrom('entitlement')
      .select(['student_id', 'programme'])
      .where('run_id', '=', res.runId)
      .execute();
    const of = (s: { student: { id: number } }) =>
      lines
        .filter((l) => l.student_id === s.student.id)
        .map((l) => l.programme)
        .sort();
    // Every pupil of a nutrition county has the nutrition line; only the recognised one the subsidy.
    expect(of(flag)).toEqual(['nutrition']);
    expect(of(listed)).toEqual(['nutrition']);
    expect(of(recognised)).toEqual(['boarding_subsidy', 'nutrition']);
  });
});
