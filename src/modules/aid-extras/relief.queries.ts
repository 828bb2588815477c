/**
 * Scoped reads of 应急救助 (工作要点 1). Every query of an application or of its steps composes
 * `reliefInScope`: school roles see their school's applications, everyone else their subtree.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { ReliefStatusCol } from '../../db/types-aid-extras.ts';
import { type Actor, escapeLike, inSchoolScope, inScope } from '../../server/scope.ts';
import { personInScope } from '../persons/persons.queries.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** The scope filter of applications. */
export function reliefInScope(actor: Actor) {
  return inSchoolScope(actor, 'emergency_relief.school_code', 'emergency_relief.region_code');
}

const COLUMNS = [
  'emergency_relief.id',
  'emergency_relief.person_id',
  'emergency_relief.student_id',
  'emergency_relief.school_code',
  'emergency_relief.name',
  'emergency_relief.amount_fen',
  'emergency_relief.reason',
  'emergency_relief.description',
  'emergency_relief.approval_level',
  'emergency_relief.status',
  'emergency_relief.applied_by',
  'emergency_relief.applied_at',
  'emergency_relief.paid_at',
  'emergency_relief.voucher_no',
  'emergency_relief.county_code',
  'emergency_relief.region_code',
  'emergency_relief.updated_at',
] as const;

export interface ReliefFilter {
  status?: ReliefStatusCol;
  reason?: string;
  q?: string;
  page: number;
  pageSize: number;
}

function base(db: Executor, actor: Actor, f: Partial<ReliefFilter>) {
  const q = f.q?.trim();
  return db
    .selectFrom('emergency_relief')
    .where(reliefInScope(actor))
    .$if(!!f.status, (b) => b.where('emergency_relief.status', '=', f.status!))
    .$if(!!f.reason, (b) => b.where('emergency_relief.reason', '=', f.reason as 'other'))
    .$if(!!q, (b) => b.where('emergency_relief.name', 'like', `%${escapeLike(q!)}%`));
}

function withNames(db: Executor, actor: Actor, f: Partial<ReliefFilter>) {
  return base(db, actor, f)
    .leftJoin('school', 'school.code', 'emergency_relief.school_code')
    .leftJoin('region as county', 'county.code', 'emergency_relief.county_code')
    .select([...COLUMNS, 'school.name as school_name', 'county.name as county_name']);
}

/** A page of applications, newest first, with totals of the amounts in the filter. */
export async function listRelief(db: Executor, actor: Actor, f: ReliefFilter) {
  const [items, total] = await Promise.all([
    withNames(db, actor, f)
      .orderBy('emergency_relief.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    base(db, actor, f)
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.coalesce(eb.fn.sum<number>('emergency_relief.amount_fen'), eb.val(0)).as('amount'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n), totalAmountFen: Number(total.amount) };
}

/** One application inside the actor's scope, or undefined. */
export function findRelief(db: Executor, actor: Actor, id: number) {
  return withNames(db, actor, {}).where('emergency_relief.id', '=', id).executeTakeFirst();
}

/** The steps (who/when/comment) of applications already known to be in scope. */
export async function stepsOf(db: Executor, reliefIds: number[]) {
  if (reliefIds.length === 0) return [];
  return db
    .selectFrom('emergency_relief_step')
    .select([
      'id',
      'relief_id',
      'step',
      'from_status',
      'to_status',
      'actor_id',
      'actor_name',
      'actor_role',
      'comment',
      'at',
    ])
    .where('relief_id', 'in', reliefIds)
    .orderBy('id')
    .execute();
}

/** The applications of one person in scope (一生一档), or null when the person is out of scope. */
export async function reliefOfPerson(db: Executor, actor: Actor, personId: number) {
  const person = await db
    .selectFrom('person')
    .select('person.id')
    .where('person.id', '=', personId)
    .where(personInScope(actor))
    .executeTakeFirst();
  if (!person) return null;
  return withNames(db, actor, {})
    .where('emergency_relief.person_id', '=', personId)
    .orderBy('emergency_relief.id', 'desc')
    .execute();
}

/**
 * The person an application is for and the enrolment it goes through: the given student (of that
 * person, in scope), else the person's newest enrolment in scope, else none (a child out of school,
 * placed by the person's registry row in scope or the person's own region).
 */
export async function findBeneficiary(
  db: Executor,
  actor: Actor,
  personId: number,
  studentId?: number | null,
) {
  const person = await db
    .selectFrom('person')
    .select(['person.id', 'person.name', 'person.county_code', 'person.region_code'])
    .where('person.id', '=', personId)
    .where(personInScope(actor))
    .executeTakeFirst();
  if (!person) return null;
  const student = await db
    .selectFrom('student')
    .select([
      'student.id',
      'student.name',
      'student.school_code',
      'student.county_code',
      'student.region_code',
    ])
    .where('student.person_id', '=', personId)
    .where(inSchoolScope(actor, 'student.school_code', 'student.region_code'))
    .$if(!!studentId, (b) => b.where('student.id', '=', studentId!))
    .$if(!studentId, (b) => b.where('student.status', '=', 'enrolled'))
    .orderBy('student.updated_at', 'desc')
    .executeTakeFirst();
  if (studentId && !student) return { person, student: null, missingStudent: true as const };
  if (student)
    return { person, student, place: { county: student.county_code, region: student.region_code } };
  const registry = await db
    .selectFrom('registry_person')
    .select(['county_code', 'region_code'])
    .where('person_id', '=', personId)
    .where('current', '=', true)
    .where(inScope(actor, 'registry_person.region_code'))
    .executeTakeFirst();
  const place = registry
    ? { county: registry.county_code, region: registry.region_code }
    : { county: person.county_code, region: person.region_code };
  return { person, student: null, place };
}
