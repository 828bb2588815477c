/**
 * Scoped reads of the 控辍保学 ledger (工作要点 5). Every query of a case, or of anything hanging
 * off a case, composes `caseInScope`: township and county users see cases whose child (or school)
 * lies in their subtree, school roles only their own school's cases.
 */
import { type ExpressionBuilder, type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import type { DB, DropoutCaseStatus } from '../../db/types.ts';
import { type Actor, escapeLike, inScope } from '../../server/scope.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * The scope filter of the ledger: school roles see their school's cases — wherever the child lives (a
 * case opened from the out-of-school list keeps the child's home township and carries the school
 * they left: case-child.ts) —, others the cases placed in their region subtree.
 */
export function caseInScope(actor: Actor) {
  if (actor.schoolCode) return sql<SqlBool>`${sql.ref('dropout_case.school_code')} = ${actor.schoolCode}`;
  return inScope(actor, 'dropout_case.region_code');
}

/**
 * Whose cases the out-of-school list (and its file) marks its children by: the cases of the list's
 * own area. A school's staff see their area's list (劝返 in the catchment), where the township opens
 * the cases: they are shown that a child has one, and its status — not told 未建台账 (tester v25b F5)
 * — though the case itself stays the township's (caseInScope).
 */
export function listMarksScope(actor: Actor): Actor {
  return actor.schoolCode ? { ...actor, schoolCode: null } : actor;
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
  'dropout_case.return_school_code',
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

/** What identifies a child across cases: any of these in common means the same child. */
export interface ChildIds {
  personId: number | null;
  idNumber: string | null;
  registryPersonId: number | null;
  studentId: number | null;
}

function sameChild(child: ChildIds) {
  return (eb: ExpressionBuilder<DB, 'dropout_case'>) => {
    const ors = [];
    if (child.personId != null) ors.push(eb('person_id', '=', child.personId));
    if (child.idNumber) ors.push(eb('id_number', '=', child.idNumber));
    if (child.registryPersonId != null) ors.push(eb('registry_person_id', '=', child.registryPersonId));
    if (child.studentId != null) ors.push(eb('student_id', '=', child.studentId));
    return ors.length ? eb.or(ors) : eb.val(false);
  };
}

/** An open case of the same child anywhere in the city (no scope: duplicates must be seen). */
export function findOpenCaseForChild(db: Executor, child: ChildIds) {
  return db
    .selectFrom('dropout_case')
    .select(['id', 'status', 'region_code', 'name'])
    .where('status', '<>', 'closed')
    .where(sameChild(child))
    .executeTakeFirst();
}

/** The most recently closed case of the same child anywhere in the city (named on a new case). */
export function findLastClosedCaseForChild(db: Executor, child: ChildIds) {
  return db
    .selectFrom('dropout_case')
    .select(['id', 'closed_at', 'return_date'])
    .where('status', '=', 'closed')
    .where(sameChild(child))
    .orderBy('closed_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/**
 * The school returned to is written on the history entry of the change to 已复学, as
 * `复学学校：名称（学校标识码）`, before the user's note; `returnSchoolOf` reads it back.
 */
export function returnSchoolNote(school: { code: string; name: string }, note: string | null): string {
  return `复学学校：${school.name}（${school.code}）${note ? `；${note}` : ''}`;
}

const RETURN_SCHOOL_RE = /^复学学校：(.+?)（(\d{10})）/;

/** The school of the latest change to 已复学 in a case's history, or null. */
export function returnSchoolOf(
  events: ReadonlyArray<{ to_status: string; note: string | null }>,
): { code: string; name: string } | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.to_status !== 'returned') continue;
    const m = RETURN_SCHOOL_RE.exec(e.note ?? '');
    return m ? { name: m[1]!, code: m[2]! } : null;
  }
  return null;
}

/**
 * A school a child may have returned to (已复学): any school of the city, whoever records the return —
 * a child often returns to the county town's school or another county's. The school is a reference
 * on the case (code and name), which gives no access to the school's pupils.
 */
export function findReturnSchool(db: Executor, code: string) {
  return db.selectFrom('school').select(['code', 'name']).where('code', '=', code).executeTakeFirst();
}

/**
 * The schools to pick the 复学学校 from: every school of the city whose name or 学校标识码 holds `q`,
 * with its county and township (two schools of one name in two counties), the actor's own area first.
 */
export function searchReturnSchools(db: Executor, actor: Actor, q: string | undefined, limit = 50) {
  const text = q?.trim();
  const mine = actor.schoolCode
    ? sql<number>`case when school.code = ${actor.schoolCode} then 0 when school.region_code like ${`${escapeLike(actor.scopeCode)}%`} then 1 else 2 end`
    : sql<number>`case when school.region_code like ${`${escapeLike(actor.scopeCode)}%`} then 0 else 1 end`;
  return db
    .selectFrom('school')
    .leftJoin('region as c', 'c.code', 'school.county_code')
    .leftJoin('region as t', 't.code', 'school.township_code')
    .select(['school.code', 'school.name', 'c.name as county_name', 't.name as township_name'])
    .$if(!!text, (b) =>
      b.where((eb) =>
        eb.or([
          eb('school.name', 'like', `%${escapeLike(text!)}%`),
          eb('school.code', 'like', `${escapeLike(text!)}%`),
        ]),
      ),
    )
    .orderBy(mine)
    .orderBy('school.county_code')
    .orderBy('school.township_code')
    .orderBy('school.name')
    .orderBy('school.code')
    .limit(limit)
    .execute();
}

/**
 * The school a case's child returned to: the stored `return_school_code` (its current name), or for
 * a return recorded before that column, the school its history entry names.
 */
export async function returnSchoolOfCase(
  db: Kysely<DB>,
  code: string | null,
  events: ReadonlyArray<{ to_status: string; note: string | null }>,
): Promise<{ code: string; name: string } | null> {
  if (code === null) return returnSchoolOf(events);
  return (await findReturnSchool(db, code)) ?? { code, name: code };
}

/**
 * "On no roll" for a case row aliased `c`: no enrolled student is the same person, nor the case's
 * own student row, nor — when the case is linked to no person — has the same ID number. The
 * contract of the out-of-school list (out-of-school.queries.ts), applied to a case.
 */
export function caseChildEnrolledNowhere(c: string) {
  const ref = (col: string) => sql.ref(`${c}.${col}`);
  return sql<SqlBool>`not exists (select 1 from student e where e.status = 'enrolled'
      and (e.person_id = ${ref('person_id')} or e.id = ${ref('student_id')}))
    and not exists (select 1 from student e where e.status = 'enrolled' and ${ref('person_id')} is null
      and e.id_number = ${ref('id_number')})`;
}

/** Enrolled roll rows of a case's child now, with the school (its name only inside the actor's scope). */
export async function enrolmentOfCase(
  db: Executor,
  actor: Actor,
  c: { person_id: number | null; student_id: number | null; id_number: string | null },
) {
  if (c.person_id == null && c.student_id == null && !c.id_number) return [];
  const rows = await db
    .selectFrom('student as e')
    .leftJoin('school as sc', 'sc.code', 'e.school_code')
    .select(['e.school_code', 'sc.name as school_name', 'sc.region_code as school_region'])
    .where('e.status', '=', 'enrolled')
    .where((eb) => {
      const ors = [];
      if (c.person_id != null) ors.push(eb('e.person_id', '=', c.person_id));
      if (c.student_id != null) ors.push(eb('e.id', '=', c.student_id));
      if (c.person_id == null && c.id_number) ors.push(eb('e.id_number', '=', c.id_number));
      return eb.or(ors);
    })
    .execute();
  const visible = (r: (typeof rows)[number]) =>
    actor.schoolCode
      ? r.school_code === actor.schoolCode
      : (r.school_region ?? '').startsWith(actor.scopeCode);
  return rows.map((r) =>
    visible(r)
      ? { school_code: r.school_code, school_name: r.school_name, in_scope: true }
      : { school_code: null, school_name: null, in_scope: false },
  );
}

/** A child's latest case, as the lists show it. */
export interface LatestCase {
  id: number;
  status: DropoutCaseStatus;
  return_date: string | null;
  closed_at: string | null;
}

/**
 * A registry child's latest case from `latestCasesFor`'s maps, by the registry row and by the person:
 * a newer 建档立卡 list gives the child a new row, and their open case must still show (verifier v17c
 * C2: a second case was invited). The open one wins, else the newer.
 */
export function latestCaseOfChild(
  maps: { byRegistryPerson: Map<number, LatestCase>; byPerson: Map<number, LatestCase> },
  child: { id: number; person_id: number | null },
): LatestCase | undefined {
  const a = maps.byRegistryPerson.get(child.id);
  const b = child.person_id === null ? undefined : maps.byPerson.get(child.person_id);
  if (!a || !b) return a ?? b;
  if ((a.status === 'closed') !== (b.status === 'closed')) return a.status === 'closed' ? b : a;
  return a.id >= b.id ? a : b;
}

/**
 * The latest case (any status) of each given registry person / student inside the actor's scope,
 * to mark the out-of-school and transfer lists: an open case, or the case closed last — so that a
 * child whose case was closed as 已复学 but who is still on no roll shows as 待学籍核实, not as a
 * child nobody has looked at.
 */
export async function latestCasesFor(
  db: Executor,
  actor: Actor,
  by: { registryPersonIds?: number[]; studentIds?: number[]; personIds?: number[] },
): Promise<{
  byRegistryPerson: Map<number, LatestCase>;
  byStudent: Map<number, LatestCase>;
  byPerson: Map<number, LatestCase>;
}> {
  const rp = by.registryPersonIds ?? [];
  const st = by.studentIds ?? [];
  const pe = by.personIds ?? [];
  const byRegistryPerson = new Map<number, LatestCase>();
  const byStudent = new Map<number, LatestCase>();
  const byPerson = new Map<number, LatestCase>();
  if (rp.length + st.length + pe.length === 0) return { byRegistryPerson, byStudent, byPerson };
  const rows = await db
    .selectFrom('dropout_case')
    .select(['id', 'status', 'return_date', 'closed_at', 'registry_person_id', 'student_id', 'person_id'])
    .where(caseInScope(actor))
    .where((eb) =>
      eb.or([
        ...(rp.length ? [eb('registry_person_id', 'in', rp)] : []),
        ...(st.length ? [eb('student_id', 'in', st)] : []),
        ...(pe.length ? [eb('person_id', 'in', pe)] : []),
      ]),
    )
    .orderBy('opened_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  // Rows come newest first; an open case wins over any closed one (there is at most one).
  const keep = (map: Map<number, LatestCase>, key: number | null, r: (typeof rows)[number]) => {
    if (key == null) return;
    const had = map.get(key);
    if (!had || (had.status === 'closed' && r.status !== 'closed'))
      map.set(key, { id: r.id, status: r.status, return_date: r.return_date, closed_at: r.closed_at });
  };
  for (const r of rows) {
    keep(byRegistryPerson, r.registry_person_id, r);
    keep(byStudent, r.student_id, r);
    if (pe.length) keep(byPerson, r.person_id, r);
  }
  return { byRegistryPerson, byStudent, byPerson };
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
