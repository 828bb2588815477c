/**
 * 清流县 comparison records for the scope matrix (test/scope-matrix.test.ts): a student with a
 * review result and a candidate, a registry child out of school, an import job with a report.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import { makePerson, makeRegistryPerson, makeStudent, yearsAgo } from './dropout-factories.ts';

export interface ForeignComparison {
  studentId: number;
  personId: number;
  personNo: string;
  importJobId: string;
}

export async function seedForeignComparison(db: Kysely<DB>): Promise<ForeignComparison> {
  const region = '350423100';
  const person = await makePerson(db, { name: '清流生', birthDate: yearsAgo(9), regionCode: region });
  const rp = await makeRegistryPerson(db, {
    name: '清流生',
    birthDate: yearsAgo(9),
    regionCode: region,
    personId: person.id,
  });
  const student = await makeStudent(db, {
    name: '清流生',
    birthDate: yearsAgo(9),
    schoolCode: '2135000002',
    regionCode: region,
    personId: person.id,
  });
  const reg = await db
    .selectFrom('registry_person')
    .select(['person_no', 'household_no'])
    .where('id', '=', rp.id)
    .executeTakeFirstOrThrow();
  const run = await db
    .insertInto('match_run')
    .values({ scope_code: '350423', as_of: '2020-09-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('match_result')
    .values({
      run_id: run.id,
      student_id: student.id,
      result: 'review',
      person_no: reg.person_no,
      household_no: reg.household_no,
      score: 80,
      explanation: '清流县疑似匹配',
      candidates: JSON.stringify([
        { personNo: reg.person_no, householdNo: reg.household_no, score: 80, explanation: '清流县' },
      ]),
      county_code: '350423',
      region_code: region,
    })
    .execute();
  await db
    .insertInto('out_of_school')
    .values({ run_id: run.id, registry_person_id: rp.id, age: 9, county_code: '350423', region_code: region })
    .execute();
  const importJobId = '00000000-0000-4000-8000-0000000000bb';
  await db
    .insertInto('job')
    .values({
      id: importJobId,
      kind: 'import',
      status: 'succeeded',
      scope_code: '350423',
      params: '{}',
      result: JSON.stringify({
        ok: false,
        kind: 'students',
        filename: '清流县学籍.xlsx',
        rows: 1,
        batchId: null,
        counts: {},
        errors: [],
        warnings: [],
      }),
    })
    .execute();
  await db
    .insertInto('import_batch')
    .values({ kind: 'students', filename: '清流县学籍.xlsx', rows: 1, scope_code: '350423' })
    .execute();
  return { studentId: student.id, personId: person.id, personNo: reg.person_no, importJobId };
}

/** Everything of 清流县 the comparison routes could change. */
export async function comparisonSnapshot(db: Kysely<DB>): Promise<string> {
  const [results, decisions, registry, students, persons] = await Promise.all([
    db
      .selectFrom('match_result')
      .select(['student_id', 'result', 'person_no', 'explanation'])
      .where('county_code', '=', '350423')
      .orderBy('id')
      .execute(),
    db.selectFrom('match_decision').select(['student_no', 'person_no', 'decision']).orderBy('id').execute(),
    db
      .selectFrom('registry_person')
      .select(['id', 'name', 'current'])
      .where('county_code', '=', '350423')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('student')
      .select(['id', 'name', 'person_id', 'status'])
      .where('county_code', '=', '350423')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'view_personal')
      .execute(),
  ]);
  return JSON.stringify({ results, decisions, registry, students, persons });
}
