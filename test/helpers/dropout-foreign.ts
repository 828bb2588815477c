/**
 * 清流县 dropout records for the scope matrix (test/scope-matrix.test.ts): one of everything the
 * 控辍保学 routes serve, so a 明溪县 account provably never reads or changes any of it.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import {
  daysAgo,
  makePerson,
  makeRegistryPerson,
  makeStudent,
  TODAY,
  yearsAgo,
} from './dropout-factories.ts';

export interface ForeignDropout {
  caseId: number;
  reportId: number;
  letterId: number;
  personId: number;
  registryPersonId: number;
  /** A 清流县 out-of-school child without a case: a case for them would be a real write. */
  otherRegistryPersonId: number;
  studentId: number;
}

/** Inserts a 清流县 out-of-school child with an open case, a report, a letter with a scan, a lost transfer. */
export async function seedForeignDropout(db: Kysely<DB>): Promise<ForeignDropout> {
  const region = '350423100';
  const person = await makePerson(db, { name: '清流娃', birthDate: yearsAgo(10), regionCode: region });
  const rp = await makeRegistryPerson(db, {
    name: '清流娃',
    birthDate: yearsAgo(10),
    regionCode: region,
    personId: person.id,
  });
  const other = await makeRegistryPerson(db, { name: '清流妹', birthDate: yearsAgo(9), regionCode: region });
  const student = await makeStudent(db, {
    name: '清流转',
    birthDate: yearsAgo(11),
    schoolCode: '2135000002',
    regionCode: region,
    status: 'left',
    leftAt: daysAgo(30),
  });
  const c = await db
    .insertInto('dropout_case')
    .values({
      person_id: person.id,
      registry_person_id: rp.id,
      child_key: `person:${person.id}`,
      name: '清流娃',
      county_code: '350423',
      region_code: region,
      source: 'out_of_school',
      reason: 'other',
      key_groups: ['registered_poor'],
      status: 'persuading',
      status_since: TODAY,
      deadline: daysAgo(1),
      opened_at: TODAY,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('persuasion')
    .values({
      case_id: c.id,
      date: TODAY,
      persuader: '清流干部',
      method: 'phone',
      result: 'failed',
      county_code: '350423',
      region_code: region,
    })
    .execute();
  const report = await db
    .insertInto('written_report')
    .values({
      case_id: c.id,
      recipient: 'county',
      recipient_name: '清流县人民政府',
      filename: '清流.docx',
      document: Buffer.from('PK清流'),
      county_code: '350423',
      region_code: region,
      created_by_name: '清流干部',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const letter = await db
    .insertInto('responsibility_letter')
    .values({
      year: 2020,
      party_kind: 'school',
      party_code: '2135000002',
      party_name: '清流县实验小学',
      county_code: '350423',
      region_code: region,
      issued_at: TODAY,
      scan: Buffer.from('%PDF-清流'),
      scan_name: '清流.pdf',
      scan_type: 'application/pdf',
      scan_size: 10,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    caseId: c.id,
    reportId: report.id,
    letterId: letter.id,
    personId: person.id,
    registryPersonId: rp.id,
    otherRegistryPersonId: other.id,
    studentId: student.id,
  };
}

/** Every dropout row, for the matrix's "nothing changed" check. */
export async function dropoutSnapshot(db: Kysely<DB>) {
  const [cases, persuasions, plans, visits, letters, reports, settings] = await Promise.all([
    db.selectFrom('dropout_case').selectAll().orderBy('id').execute(),
    db.selectFrom('persuasion').selectAll().orderBy('id').execute(),
    db.selectFrom('home_teaching').selectAll().orderBy('id').execute(),
    db.selectFrom('home_teaching_visit').selectAll().orderBy('id').execute(),
    db
      .selectFrom('responsibility_letter')
      .select(['id', 'signed', 'signed_at', 'signer', 'scan_size', 'party_code'])
      .orderBy('id')
      .execute(),
    db.selectFrom('written_report').select(['id', 'case_id']).orderBy('id').execute(),
    db.selectFrom('setting').selectAll().where('key', '=', 'dropout').execute(),
  ]);
  return { cases, persuasions, plans, visits, letters, reports, settings };
}
