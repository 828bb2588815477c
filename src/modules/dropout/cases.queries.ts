/**
 * Scoped reads of the 控辍保学 ledger (工作要点 5). Every query of a case, or of anything hanging
 * off a case, composes `caseInScope`: township and county users see cases whose child (or school)
 * lies in their subtree, school roles only their own school's cases.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, DropoutCaseStatus } from '../../db/types.ts';
import { type Actor, escapeLike, inSchoolScope } from '../../server/scope.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** The scope filter of the ledger (school roles: their school; others: the region subtree). */
export function caseInScope(actor: Actor) {
  return inSchoolScope(actor, 'dropout_case.school_code', 'dropout_case.region_code');
}

export interface CaseFilter {
  status?: DropoutCaseStatus;
  reason?: string;
  county?: string;
  source?: string;
  overdue?: boolean;
  q?: string;
  today: string;
  page?: number;
  pageSize?: number;
}

const CASE_COLUMNS = [
  'dropout_case.id',
  'dropout_case.person_id',
  'dropout_case.student_id',
  'dropout_case.registry_person_id',
  'dropout_case.name',
  'dropout_case.sex',
  'dropout_case.birth_date',
  'dropout_case.id_number',
  'dropout_case.school_code',
  'dropout_case.county_code',
  'dropout_case.region_code',
  'dropout_case.source',
  'dropout_case.left_at',
  'dropout_case.reason',
  'dropout_case.reason_note',
  'dropout_case.key_groups',
  'dropout_case.responsible_school',
  'dropout_case.responsible_township',
  'dropout_case.responsible_county',
  'dropout_case.status',
  'dropout_case.status_since',
  'dropout_case.deadline',
  'dropout_case.return_date',
  'dropout_case.closed_at',
  'dropout_case.closing_note',
  'dropout_case.opened_at',
  'dropout_case.updated_at',
] as const;

function caseBase(db: Executor, actor: Actor, f: CaseFilter) {
  const q = f.q?.trim();
  return db
    .selectFrom('dropout_case')
    .where(caseInScope(actor))
    .$if(!!f.status, (qb) => qb.where('dropout_case.status', '=', f.status!))
    .$if(!!f.reason, (qb) => qb.where('dropout_case.reason', '=', f.reason!))
    .$if(!!f.source, (qb) => qb.where('dropout_case.source', '=', f.source as 'school'))
    .$if(!!f.county, (qb) => qb.where('dropout_case.county_code', '=', f.county!))
    .$if(!!f.overdue, (qb) =>
      qb.where('dropout_case.status', '<>', 'closed').where('dropout_case.deadline', '<', f.today),
    )
    .$if(!!q, (qb) => qb.where('dropout_case.name', 'like', `%${escapeLike(q!)}%`));
}

/** A page of cases with place and school names. */
export async function listCases(db: Executor, actor: Actor, f: CaseFilter) {
  const pageSize = Math.min(Math.max(f.pageSize ?? 50, 1), 500);
  const page = Math.max(f.page ?? 1, 1);
  const items = await caseBase(db, actor, f)
    .leftJoin('region as c', 'c.code', 'dropout_case.county_code')
    .leftJoin('school as sc', 'sc.code', 'dropout_case.school_code')
    .select([...CASE_COLUMNS, 'c.name as county_name', 'sc.name as school_name'])
    .orderBy('dropout_case.opened_at', 'desc')
    .orderBy('dropout_case.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const total = await caseBase(db, actor, f)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return { items, total: total.n, page, pageSize };
}

/** One case inside the actor's scope, with place and school names. */
export function findCase(db: Executor, actor: Actor, id: number) {
  return db
    .selectFrom('dropout_case')
    .leftJoin('region as c', 'c.code', 'dropout_case.county_code')
    .leftJoin('region as r', 'r.code', 'dropout_case.region_code')
    .leftJoin('school as sc', 'sc.code', 'dropout_case.school_code')
    .select([...CASE_COLUMNS, 'c.name as county_name', 'r.name as region_name', 'sc.name as school_name'])
    .where('dropout_case.id', '=', id)
    .where(caseInScope(actor))
    .executeTakeFirst();
}

/** Everything recorded on a case (the caller has checked the case is in scope). */
export async function caseHistory(db: Executor, caseId: number) {
  const [persuasions, events, homeTeaching, visits, reports] = await Promise.all([
    db
      .selectFrom('persuasion')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('date')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('dropout_case_event')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('date')
      .orderBy('id')
      .execute(),
    db.selectFrom('home_teaching').selectAll().where('case_id', '=', caseId).executeTakeFirst(),
    db
      .selectFrom('home_teaching_visit')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('date')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('written_report')
      .select(['id', 'case_id', 'recipient', 'recipient_name', 'filename', 'created_by_name', 'created_at'])
      .where('case_id', '=', caseId)
      .orderBy('id')
      .execute(),
  ]);
  return { persuasions, events, homeTeaching: homeTeaching ?? null, visits, reports };
}

/** An open case of the same child anywhere in the city (no scope: duplicates must be seen). */
export function findOpenCaseForChild(
  db: Executor,
  child: {
    personId: number | null;
    idNumber: string | null;
    registryPersonId: number | null;
    studentId: number | null;
  },
) {
  return db
    .selectFrom('dropout_case')
    .select(['id', 'status', 'region_code', 'name'])
    .where('status', '<>', 'closed')
    .where((eb) => {
      const ors = [];
      if (child.personId != null) ors.push(eb('person_id', '=', child.personId));
      if (child.idNumber) ors.push(eb('id_number', '=', child.idNumber));
      if (child.registryPersonId != null) ors.push(eb('registry_person_id', '=', child.registryPersonId));
      if (child.studentId != null) ors.push(eb('student_id', '=', child.studentId));
      return ors.length ? eb.or(ors) : eb.val(false);
    })
    .executeTakeFirst();
}

/** Open cases (id, status) of the given registry persons / students, to mark lists. */
export async function openCasesFor(
  db: Executor,
  actor: Actor,
  by: { registryPersonIds?: number[]; personIds?: number[]; studentIds?: number[] },
) {
  const rp = by.registryPersonIds ?? [];
  const ps = by.personIds ?? [];
  const st = by.studentIds ?? [];
  if (rp.length + ps.length + st.length === 0) return [];
  return db
    .selectFrom('dropout_case')
    .select(['id', 'status', 'registry_person_id', 'person_id', 'student_id'])
    .where('status', '<>', 'closed')
    .where(caseInScope(actor))
    .where((eb) =>
      eb.or([
        ...(rp.length ? [eb('registry_person_id', 'in', rp)] : []),
        ...(ps.length ? [eb('person_id', 'in', ps)] : []),
        ...(st.length ? [eb('student_id', 'in', st)] : []),
      ]),
    )
    .execute();
}

/** Cases of one person (the person file, 工作要点 1 一生一档: "with every … case on it"). */
export function casesOfPerson(db: Executor, actor: Actor, personId: number) {
  return db
    .selectFrom('dropout_case')
    .leftJoin('school as sc', 'sc.code', 'dropout_case.school_code')
    .select([...CASE_COLUMNS, 'sc.name as school_name'])
    .where('dropout_case.person_id', '=', personId)
    .where(caseInScope(actor))
    .orderBy('dropout_case.opened_at', 'desc')
    .execute();
}
