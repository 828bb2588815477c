/**
 * 学生资助 test data: factories (students with 建档立卡 matches, assistance lists, recognitions)
 * and the 清流县 records of the scope matrix (test/scope-matrix.test.ts), so a 明溪县 account
 * provably never reads or changes any of them.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import { makePerson, makeRegistryPerson, makeStudent, yearsAgo } from './dropout-factories.ts';

let runId: number | null = null;
let batchId: number | null = null;

/** Forgets cached run/batch ids (call when a test file opens a new database). */
export function resetAidFactories(): void {
  runId = null;
  batchId = null;
}

async function matchRun(db: Kysely<DB>): Promise<number> {
  if (runId !== null) return runId;
  runId = (
    await db
      .insertInto('match_run')
      .values({ scope_code: '3504', as_of: '2020-09-01' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  return runId;
}

async function listBatch(db: Kysely<DB>): Promise<number> {
  if (batchId !== null) return batchId;
  batchId = (
    await db
      .insertInto('import_batch')
      .values({ kind: 'list:minimum_living', filename: 'f.xlsx', rows: 0, scope_code: '3504' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  return batchId;
}

export interface AidStudentSpec {
  name: string;
  stage?: string;
  grade?: string;
  boarding?: boolean;
  schoolCode?: string;
  regionCode?: string;
  /** Linked to a 建档立卡 registry member by a confirmed comparison result. */
  registeredPoor?: boolean;
  exitStatus?: string;
  lists?: ('minimum_living' | 'extreme_poverty' | 'disability' | 'hardship')[];
  age?: number;
}

/** A person + enrolled student, optionally 建档立卡 (confirmed match) and on assistance lists. */
export async function makeAidStudent(db: Kysely<DB>, s: AidStudentSpec) {
  const region = s.regionCode ?? '350421100';
  const birth = yearsAgo(s.age ?? 10);
  const person = await makePerson(db, { name: s.name, birthDate: birth, regionCode: region });
  const student = await makeStudent(db, {
    name: s.name,
    birthDate: birth,
    schoolCode: s.schoolCode ?? (region.startsWith('350423') ? '2135000002' : '2135000001'),
    regionCode: region,
    personId: person.id,
    idNumber: person.id_number,
    stage: s.stage ?? 'primary',
    grade: s.grade ?? '四年级',
  });
  if (s.boarding)
    await db.updateTable('student').set({ boarding: true }).where('id', '=', student.id).execute();
  if (s.registeredPoor) {
    const rp = await makeRegistryPerson(db, {
      name: s.name,
      birthDate: birth,
      regionCode: region,
      personId: person.id,
      idNumber: person.id_number,
    });
    if (s.exitStatus)
      await db
        .updateTable('registry_person')
        .set({ exit_status: s.exitStatus })
        .where('id', '=', rp.id)
        .execute();
    await db
      .insertInto('match_result')
      .values({
        run_id: await matchRun(db),
        student_id: student.id,
        result: 'confirmed',
        person_no: rp.person_no,
        household_no: rp.household_no,
        score: 1,
        explanation: '证件号一致',
        county_code: student.county_code,
        region_code: student.region_code,
      })
      .execute();
  }
  for (const kind of s.lists ?? [])
    await db
      .insertInto('assistance_entry')
      .values({
        batch_id: await listBatch(db),
        list_kind: kind,
        name: s.name,
        id_number: person.id_number,
        person_id: person.id,
        county_code: student.county_code,
        region_code: student.region_code,
      })
      .execute();
  return { person, student: { ...student, boarding: !!s.boarding } };
}

export interface ForeignAid {
  personId: number;
  studentId: number;
  recognitionId: number;
  attachmentId: number;
  noticeId: number;
  objectionId: number;
  listId: number;
  lineId: number;
  runId: number;
  policyId: number;
}

/**
 * 清流县: a 建档立卡 boarder with a recognition in notice, an attachment, entitlements and a submitted
 * list, and a 建档立卡 pupil without any entitlement (困难无资助).
 */
export async function seedForeignAid(db: Kysely<DB>): Promise<ForeignAid> {
  const region = '350423100';
  const { person, student } = await makeAidStudent(db, {
    name: '清流资助生',
    regionCode: region,
    boarding: true,
    registeredPoor: true,
  });
  // 建档立卡 without any entitlement line: listed under 困难无资助 (GET /api/aid/coverage/gaps).
  await makeAidStudent(db, { name: '清流无资助', regionCode: region, registeredPoor: true });
  const notice = await db
    .insertInto('public_notice')
    .values({
      school_year: 2020,
      school_code: '2135000002',
      title: '清流县实验小学认定公示',
      starts_on: '2020-09-07',
      ends_on: '2020-09-11',
      working_days: 5,
      county_code: '350423',
      region_code: region,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rec = await db
    .insertInto('recognition')
    .values({
      school_year: 2020,
      student_id: student.id,
      person_id: person.id,
      school_code: '2135000002',
      grade: '四年级',
      tier: 'special',
      priority_groups: ['registered_poor'],
      reason: '清流家庭困难',
      status: 'in_notice',
      notice_id: notice.id,
      county_code: '350423',
      region_code: region,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const att = await db
    .insertInto('recognition_attachment')
    .values({
      recognition_id: rec.id,
      filename: '清流证明.pdf',
      content_type: 'application/pdf',
      size: 8,
      data: Buffer.from('%PDF-清流'),
      county_code: '350423',
      region_code: region,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const objection = await db
    .insertInto('objection')
    .values({
      notice_id: notice.id,
      recognition_id: rec.id,
      received_on: '2020-09-08',
      content: '清流异议',
      county_code: '350423',
      region_code: region,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const pv = await db
    .insertInto('policy_version')
    .values({ year: 2019, version: 1, config: '{}', status: 'superseded', note: 'fixture' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const run = await db
    .insertInto('entitlement_run')
    .values({ term: '2020-autumn', policy_version_id: pv.id, scope_code: '350423' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('entitlement')
    .values({
      run_id: run.id,
      term: '2020-autumn',
      student_id: student.id,
      person_id: person.id,
      school_code: '2135000002',
      stage: 'primary',
      programme: 'boarding_subsidy',
      amount_fen: 60000,
      rule: '清流县标准',
      policy_version_id: pv.id,
      county_code: '350423',
      region_code: region,
    })
    .execute();
  const list = await db
    .insertInto('payment_list')
    .values({
      programme: 'boarding_subsidy',
      term: '2020-autumn',
      school_code: '2135000002',
      status: 'submitted',
      created_by: 999,
      submitted_by: 999,
      county_code: '350423',
      region_code: region,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const line = await db
    .insertInto('payment_line')
    .values({
      list_id: list.id,
      student_id: student.id,
      person_id: person.id,
      student_no: student.student_no,
      name: '清流资助生',
      id_number: person.id_number,
      programme: 'boarding_subsidy',
      term: '2020-autumn',
      amount_fen: 60000,
      entitled_fen: 60000,
      school_code: '2135000002',
      county_code: '350423',
      region_code: region,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    personId: person.id,
    studentId: student.id,
    recognitionId: rec.id,
    attachmentId: att.id,
    noticeId: notice.id,
    objectionId: objection.id,
    listId: list.id,
    lineId: line.id,
    runId: run.id,
    policyId: pv.id,
  };
}

/** Every aid row, for the matrix's "nothing changed" check. */
export async function aidSnapshot(db: Kysely<DB>) {
  const [
    policies,
    recognitions,
    attachments,
    notices,
    objections,
    runs,
    entitlements,
    lists,
    lines,
    returns,
  ] = await Promise.all([
    db.selectFrom('policy_version').select(['id', 'status', 'version']).orderBy('id').execute(),
    db.selectFrom('recognition').selectAll().orderBy('id').execute(),
    db.selectFrom('recognition_attachment').select(['id', 'size']).orderBy('id').execute(),
    db.selectFrom('public_notice').selectAll().orderBy('id').execute(),
    db.selectFrom('objection').selectAll().orderBy('id').execute(),
    db.selectFrom('entitlement_run').select(['id']).orderBy('id').execute(),
    db.selectFrom('entitlement').select(['id', 'amount_fen']).orderBy('id').execute(),
    db.selectFrom('payment_list').selectAll().orderBy('id').execute(),
    db.selectFrom('payment_line').selectAll().orderBy('id').execute(),
    db.selectFrom('bank_return').select(['id']).orderBy('id').execute(),
  ]);
  return {
    policies,
    recognitions,
    attachments,
    notices,
    objections,
    runs,
    entitlements,
    lists,
    lines,
    returns,
  };
}

/** A 明溪县 school-1 payment list written directly (status and programme as asked); returns its id. */
export async function makePaymentList(
  db: Kysely<DB>,
  o: { programme?: string; term?: string; status?: 'draft' | 'submitted' | 'approved' | 'paid' } = {},
): Promise<number> {
  const row = await db
    .insertInto('payment_list')
    .values({
      programme: o.programme ?? 'boarding_subsidy',
      term: o.term ?? '2020-autumn',
      school_code: '2135000001',
      status: o.status ?? 'draft',
      created_by: 1,
      county_code: '350421',
      region_code: '350421100',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
