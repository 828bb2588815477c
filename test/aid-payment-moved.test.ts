/**
 * A pupil who moves school after their school's payment list was generated (an outside tester's P2,
 * v19b F6): the old school's draft kept her without a word, and the new school could not list her
 * while that draft held her — she would have been paid through a school she had left. The checks
 * now hold the draft until she is taken off it; then the new school's list takes her.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { runEntitlements } from '../src/modules/aid/entitlement.run.ts';
import { checkList, generateLists, removeLine } from '../src/modules/aid/payment.service.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { makeAidStudent, resetAidFactories } from './helpers/aid-foreign.ts';
import { seedMiniRegions } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { resetFactories } from './helpers/dropout-factories.ts';

let database: Database;
const term = '2020-autumn';
const city: Actor = { ...SYSTEM_ACTOR, id: 1, role: 'city_aid_centre', scopeCode: '3504' };
let movedId = 0;

beforeAll(async () => {
  resetFactories();
  resetAidFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  const { db } = database;
  const moved = await makeAidStudent(db, { name: '林丽芳', registeredPoor: true });
  movedId = moved.student.id;
  await makeAidStudent(db, { name: '林丽华', registeredPoor: true });
  await runEntitlements(db, SYSTEM_ACTOR, { term });
});

afterAll(() => database?.close());

describe(`a pupil who moved after her school's list was made (${testDbKind})`, () => {
  it('holds the old school’s draft naming the new school, and lets the new school list her once she is off it', async () => {
    const { db } = database;
    const first = await generateLists(db, city, {
      programme: 'nonboarding_living',
      term,
      schoolCode: '2135000001',
    });
    const listId = first.created[0]!.id;
    expect((await checkList(db, city, listId)).filter((i) => i.severity === 'error')).toEqual([]);
    // The roll moves her to 清流县实验小学; the entitlements are computed again.
    await db
      .updateTable('student')
      .set({ school_code: '2135000002', county_code: '350423', region_code: '350423100' })
      .where('id', '=', movedId)
      .execute();
    await runEntitlements(db, SYSTEM_ACTOR, { term });
    const issues = await checkList(db, city, listId);
    // (Her amount may differ at the new school's county too: that is said as well.)
    expect(issues.filter((i) => i.kind === 'moved').map((i) => [i.kind, i.severity, i.message])).toEqual([
      [
        'moved',
        'error',
        '学籍变动：林丽芳，名单生成后已转至清流县实验小学：请从本名单移出，该生的资助由清流县实验小学的发放名单发放',
      ],
    ]);
    await removeLine(
      db,
      city,
      listId,
      issues.find((i) => i.kind === 'moved')!.lineId,
      '已转学至清流县实验小学',
    );
    expect(await checkList(db, city, listId)).toEqual([]);
    const second = await generateLists(db, city, {
      programme: 'nonboarding_living',
      term,
      schoolCode: '2135000002',
    });
    expect(second.created).toHaveLength(1);
    const lines = await db
      .selectFrom('payment_line')
      .select(['name', 'school_code'])
      .where('list_id', '=', second.created[0]!.id)
      .execute();
    expect(lines).toEqual([{ name: '林丽芳', school_code: '2135000002' }]);
  });
});
