/**
 * 清流县 学生资助 extras for the scope matrix (test/scope-matrix.test.ts): an 应急救助 application
 * with its steps, 学校资助基金 entries, a 红烛暖心 pairing with a visit, and an eligible child without
 * a pairing — so a 明溪县 account provably never reads or changes any of it.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import { makePerson, makeStudent, TODAY, yearsAgo } from './dropout-factories.ts';

export interface ForeignAidExtras {
  personId: number;
  reliefId: number;
  pairingId: number;
  /** A 清流县 poor left-behind child without a pairing: pairing them would be a real write. */
  unpairedStudentId: number;
}

const REGION = '350423100';
const SCHOOL = '2135000002';

/** Marks students as 建档立卡 the way the comparison does: a confirmed match result. */
export async function confirmRegistered(db: Kysely<DB>, studentIds: number[], scope = '3504') {
  const run = await db
    .insertInto('match_run')
    .values({ scope_code: scope, as_of: TODAY })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const id of studentIds) {
    const s = await db
      .selectFrom('student')
      .select(['county_code', 'region_code'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('match_result')
      .values({
        run_id: run.id,
        student_id: id,
        result: 'confirmed',
        explanation: '身份证号一致',
        county_code: s.county_code,
        region_code: s.region_code,
      })
      .execute();
  }
}

/** Inserts one of everything the extras routes serve, in 清流县. */
export async function seedForeignAidExtras(db: Kysely<DB>, foreignUserId: number): Promise<ForeignAidExtras> {
  const person = await makePerson(db, { name: '清流助', birthDate: yearsAgo(12), regionCode: REGION });
  const student = await makeStudent(db, {
    name: '清流助',
    birthDate: yearsAgo(12),
    schoolCode: SCHOOL,
    regionCode: REGION,
    personId: person.id,
    leftBehind: true,
  });
  const other = await makeStudent(db, {
    name: '清流留守',
    birthDate: yearsAgo(10),
    schoolCode: SCHOOL,
    regionCode: REGION,
    leftBehind: true,
  });
  await confirmRegistered(db, [student.id, other.id], '350423');
  const relief = await db
    .insertInto('emergency_relief')
    .values({
      person_id: person.id,
      student_id: student.id,
      school_code: SCHOOL,
      name: '清流助',
      amount_fen: 300_000,
      reason: 'illness',
      description: '清流县 患病住院',
      approval_level: 'city',
      status: 'school_reviewed',
      applied_by: foreignUserId,
      applied_at: TODAY,
      county_code: '350423',
      region_code: REGION,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('emergency_relief_step')
    .values({
      relief_id: relief.id,
      step: 'apply',
      to_status: 'applied',
      actor_id: foreignUserId,
      actor_name: 'ql-admin',
      actor_role: 'county_admin',
      county_code: '350423',
      region_code: REGION,
    })
    .execute();
  await db
    .insertInto('school_aid_fund_entry')
    .values([
      {
        school_code: SCHOOL,
        year: 2020,
        kind: 'extraction',
        revenue_fen: 100_000_000,
        ratio_bp: 400,
        amount_fen: 4_000_000,
        entry_date: '2020-03-01',
        created_by_name: '清流专干',
        county_code: '350423',
        region_code: REGION,
      },
      {
        school_code: SCHOOL,
        year: 2020,
        kind: 'fee_waiver',
        amount_fen: 120_000,
        student_id: student.id,
        person_id: person.id,
        recipient_name: '清流助',
        entry_date: '2020-04-01',
        created_by_name: '清流专干',
        county_code: '350423',
        region_code: REGION,
      },
    ])
    .execute();
  const pairing = await db
    .insertInto('care_pairing')
    .values({
      programme: 'red_candle',
      student_id: student.id,
      person_id: person.id,
      name: '清流助',
      school_code: SCHOOL,
      teacher_name: '清流老师',
      teacher_phone: '13935042300',
      start_date: '2020-03-01',
      county_code: '350423',
      region_code: REGION,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('care_visit')
    .values({
      pairing_id: pairing.id,
      date: '2020-04-01',
      kind: 'home_visit',
      notes: '清流家访',
      school_code: SCHOOL,
      county_code: '350423',
      region_code: REGION,
      created_by_name: '清流老师',
    })
    .execute();
  return { personId: person.id, reliefId: relief.id, pairingId: pairing.id, unpairedStudentId: other.id };
}

/** Every extras row and setting, for the matrix's "nothing changed" check. */
export async function aidExtrasSnapshot(db: Kysely<DB>) {
  const [relief, steps, fund, pairings, visits, settings] = await Promise.all([
    db.selectFrom('emergency_relief').selectAll().orderBy('id').execute(),
    db.selectFrom('emergency_relief_step').selectAll().orderBy('id').execute(),
    db.selectFrom('school_aid_fund_entry').selectAll().orderBy('id').execute(),
    db.selectFrom('care_pairing').selectAll().orderBy('id').execute(),
    db.selectFrom('care_visit').selectAll().orderBy('id').execute(),
    db
      .selectFrom('setting')
      .selectAll()
      .where('key', 'in', ['emergency_relief', 'school_aid_fund'])
      .execute(),
  ]);
  return { relief, steps, fund, pairings, visits, settings };
}
