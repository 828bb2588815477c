/**
 * 工作要点 5 out-of-school detection and 流转学生 monitoring, computed straight from the tables so
 * that the UI, the export and the CLI give the same list whether or not a comparison has run.
 *
 * Contract (issue 3): a student is in the roll when a `student` row has status 'enrolled'; a
 * registry person and a student are the same person when they share `person_id`; for a registry
 * person without `person_id`, an enrolled student with the same ID number counts.
 */
import { type Kysely, type RawBuilder, type SqlBool, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  type AgeRange,
  birthWindow,
  isFinalCompulsoryGrade,
  transferCutoff,
} from '../../domain/dropout/index.ts';
import { ADULT_RELATIONS } from '../../domain/matching/index.ts';
import { type Actor, escapeLike, inSchoolScope, inScope } from '../../server/scope.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface OutOfSchoolFilter {
  asOf: string;
  ages: AgeRange;
  q?: string;
  /** Only this registry person (used to check a case opened from the list). */
  registryPersonId?: number;
}

/**
 * The contract's "in no roll" for a person column and an ID-number column of the outer row: no
 * enrolled student is the same person, nor — when the row is linked to no person — has the same ID
 * number. Two anti-joins instead of one OR: PostgreSQL turns each into a hash anti join (≈ 25 ms
 * on 55k registry persons) where the OR form ran a subplan per row and tripped the JIT (≈ 280 ms).
 * A null person never equals, so the first test only bites for linked rows; the second only for
 * unlinked ones.
 */
function enrolledNowhere(person: RawBuilder<unknown>, idNumber: RawBuilder<unknown>) {
  return sql<SqlBool>`not exists (select 1 from student e where e.status = 'enrolled' and e.person_id = ${person})
    and not exists (select 1 from student e where e.status = 'enrolled' and ${person} is null
      and e.id_number = ${idNumber})`;
}

/**
 * Registry children of compulsory age in the school year of `asOf` (aged min–max on its entry
 * cut-off, 31 August by default: domain/dropout birthWindow) in no roll, inside the actor's scope.
 */
function outOfSchoolBase(db: Executor, actor: Actor, f: OutOfSchoolFilter) {
  const w = birthWindow(f.asOf, f.ages);
  const q = f.q?.trim();
  return db
    .selectFrom('registry_person as rp')
    .where('rp.current', '=', true)
    .where(inScope(actor, 'rp.region_code'))
    .where('rp.birth_date', '<=', w.bornOnOrBefore)
    .where('rp.birth_date', '>', w.bornAfter)
    .where(enrolledNowhere(sql.ref('rp.person_id'), sql.ref('rp.id_number')))
    .$if(!!q, (qb) =>
      qb.where((eb) => eb.or([eb('rp.name', 'like', `%${escapeLike(q!)}%`), eb('rp.person_no', '=', q!)])),
    )
    .$if(f.registryPersonId !== undefined, (qb) => qb.where('rp.id', '=', f.registryPersonId!));
}

const OUT_OF_SCHOOL_COLUMNS = [
  'rp.id',
  'rp.person_no',
  'rp.household_no',
  'rp.name',
  'rp.sex',
  'rp.id_number',
  'rp.id_number_raw',
  'rp.birth_date',
  'rp.county_name',
  'rp.township_name',
  'rp.village_name',
  'rp.county_code',
  'rp.region_code',
  'rp.person_id',
] as const;

/**
 * The 核实提示 the latest comparison run over the child's place left beside them (疑似在外县就读:
 * a namesake born the same day at another county's school; comparison.service.ts), or null.
 */
const hintOf = sql<string | null>`(select o.hint from out_of_school o
  where o.registry_person_id = rp.id order by o.id desc limit 1)`.as('hint');

/** One page of the out-of-school list with its total, ordered by place and household. */
export async function listOutOfSchool(
  db: Executor,
  actor: Actor,
  f: OutOfSchoolFilter & { page?: number; pageSize?: number },
) {
  const pageSize = Math.min(Math.max(f.pageSize ?? 50, 1), 500);
  const page = Math.max(f.page ?? 1, 1);
  const items = await outOfSchoolBase(db, actor, f)
    .select(OUT_OF_SCHOOL_COLUMNS)
    .select(hintOf)
    .orderBy('rp.region_code')
    .orderBy('rp.household_no')
    .orderBy('rp.person_no')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const total = await outOfSchoolBase(db, actor, f)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return { items, total: total.n, page, pageSize };
}

/** The whole list in export order, streamed in pages of `batch` rows (keyset on id within order). */
export async function* iterateOutOfSchool(db: Executor, actor: Actor, f: OutOfSchoolFilter, batch = 5000) {
  let offset = 0;
  for (;;) {
    const rows = await outOfSchoolBase(db, actor, f)
      .select(OUT_OF_SCHOOL_COLUMNS)
      .select(hintOf)
      .orderBy('rp.region_code')
      .orderBy('rp.household_no')
      .orderBy('rp.person_no')
      .orderBy('rp.id')
      .limit(batch)
      .offset(offset)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
    offset += batch;
  }
}

/**
 * Registry persons in scope whose birth date is unknown, who cannot be aged and need a manual check
 * — children (not an adult of the household by relation, as the comparison reads it: domain
 * ADULT_RELATIONS) in no roll, as the list itself: a child of unknown age already enrolled, or
 * confirmed at a school, is accounted for.
 */
export async function countUnknownAge(db: Executor, actor: Actor): Promise<number> {
  const r = await unknownAgeBase(db, actor)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return r.n;
}

function unknownAgeBase(db: Executor, actor: Actor) {
  return db
    .selectFrom('registry_person as rp')
    .where('rp.current', '=', true)
    .where('rp.birth_date', 'is', null)
    .where(inScope(actor, 'rp.region_code'))
    .where((eb) => eb.or([eb('rp.relation', 'is', null), eb('rp.relation', 'not in', [...ADULT_RELATIONS])]))
    .where(enrolledNowhere(sql.ref('rp.person_id'), sql.ref('rp.id_number')));
}

/** The persons `countUnknownAge` counts, by place and household (at most `limit`): whom to check by hand. */
export async function listUnknownAge(db: Executor, actor: Actor, limit = 500) {
  return unknownAgeBase(db, actor)
    .select([
      'rp.id',
      'rp.person_no',
      'rp.household_no',
      'rp.name',
      'rp.relation',
      'rp.id_number_raw',
      'rp.county_name',
      'rp.township_name',
      'rp.village_name',
    ])
    .orderBy('rp.region_code')
    .orderBy('rp.household_no')
    .orderBy('rp.person_no')
    .limit(limit)
    .execute();
}

/**
 * 流转学生: compulsory-stage students who left a roll in the actor's scope on or before
 * `asOf − N − 1` days and are enrolled nowhere in the city (same person, or same ID number when
 * the student is not linked to a person). Graduates of the last junior grade are left out.
 */
export async function listLostTransfers(
  db: Executor,
  actor: Actor,
  asOf: string,
  days: number,
  limit = 2000,
) {
  const cutoff = transferCutoff(asOf, days);
  const rows = await db
    .selectFrom('student as s')
    .leftJoin('school as sc', 'sc.code', 's.school_code')
    .where('s.status', '=', 'left')
    .where('s.left_at', '<=', cutoff)
    .where('s.stage', 'in', ['primary', 'junior'])
    .where(inSchoolScope(actor, 's.school_code', 's.region_code'))
    .where(enrolledNowhere(sql.ref('s.person_id'), sql.ref('s.id_number')))
    .select([
      's.id',
      's.student_no',
      's.name',
      's.sex',
      's.id_number',
      's.birth_date',
      's.school_code',
      'sc.name as school_name',
      's.stage',
      's.grade',
      's.left_at',
      's.county_code',
      's.region_code',
      's.person_id',
      // What the records say of the child's key groups, to pre-fill a new case.
      's.school_marked_poor',
      's.disabled',
      's.left_behind',
      sql<boolean>`exists (select 1 from registry_person r where r.current and r.person_id = s.person_id)`.as(
        'in_registry',
      ),
    ])
    .orderBy('s.left_at')
    .orderBy('s.id')
    .limit(limit)
    .execute();
  return rows.filter((r) => !isFinalCompulsoryGrade(r.stage, r.grade));
}

/** True when the same person (or, unlinked, the same ID number) is enrolled at any school in the city. */
export async function isReEnrolled(
  db: Executor,
  s: { id: number; person_id: number | null; id_number: string | null },
): Promise<boolean> {
  if (s.person_id == null && !s.id_number) return false;
  const hit = await db
    .selectFrom('student')
    .select('id')
    .where('status', '=', 'enrolled')
    .where('id', '<>', s.id)
    .where((eb) =>
      s.person_id != null ? eb('person_id', '=', s.person_id) : eb('id_number', '=', s.id_number!),
    )
    .executeTakeFirst();
  return !!hit;
}
