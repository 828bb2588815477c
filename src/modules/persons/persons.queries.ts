import { type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/types.ts';
import { maskId } from '../../domain/identity/id-number.ts';
import { maskPersonalData, maskStudentNo } from '../../domain/identity/personal-mask.ts';
import { changedFields, type RollSnapshot } from '../../domain/roll/roll-diff.ts';
import { type Actor, escapeLike } from '../../server/scope.ts';
import { parsePersonQuery } from './person-query.ts';

/**
 * A person is inside the actor's scope when any of their records is: a student enrolment at
 * a school in scope, a registry row or an assistance-list entry of a township in scope.
 */
export function personInScope(actor: Actor, personIdColumn = 'person.id') {
  const like = `${escapeLike(actor.scopeCode)}%`;
  const ref = sql.ref(personIdColumn);
  if (actor.schoolCode) {
    return sql<SqlBool>`exists (select 1 from student s where s.person_id = ${ref} and s.school_code = ${actor.schoolCode})`;
  }
  return sql<SqlBool>`(exists (select 1 from student s where s.person_id = ${ref} and s.region_code like ${like})
    or exists (select 1 from registry_person r where r.person_id = ${ref} and r.region_code like ${like})
    or exists (select 1 from assistance_entry a where a.person_id = ${ref} and a.region_code like ${like}))`;
}

/** Most hits one search gives (`more` says when there were others). */
export const PERSON_SEARCH_LIMIT = 100;

/** Search by name, citizen ID or 学籍号, within scope; IDs masked (the first PERSON_SEARCH_LIMIT hits). */
export async function searchPersons(db: Kysely<DB>, actor: Actor, q: string) {
  return (await searchPersonsPage(db, actor, q)).items;
}

/**
 * Search by name (its beginning), citizen ID or 学籍号 — whole or masked as lists show them — within
 * scope; IDs masked. The text is read as imports read names and IDs (person-query.ts). `more`: there
 * are hits beyond the first PERSON_SEARCH_LIMIT.
 */
export async function searchPersonsPage(db: Kysely<DB>, actor: Actor, q: string) {
  const query = parsePersonQuery(q);
  if (query === null) return { items: [], more: false };
  const studentNo: StudentNoQuery | null =
    query.kind === 'studentNo' ? { op: query.op, value: query.value } : null;
  const rows = await db
    .selectFrom('person')
    .select([
      'person.id',
      'person.name',
      'person.sex',
      'person.birth_date',
      'person.id_number',
      'person.county_code',
      (eb) =>
        eb
          .selectFrom('region')
          .select('region.name')
          .whereRef('region.code', '=', 'person.county_code')
          .where('region.current', '=', true)
          .limit(1)
          .as('county_name'),
    ])
    .where(personInScope(actor))
    .where((eb) => {
      if (query.kind === 'id' || query.kind === 'maskedId') {
        // A whole ID, or one copied from a list masked (each * one character): the person's, or an enrolment's.
        const [op, value] =
          query.kind === 'id' ? (['=', query.id] as const) : (['like', query.like] as const);
        return eb.or([
          eb('person.id_number', op, value),
          eb.exists(
            eb
              .selectFrom('student as s')
              .select('s.id')
              .whereRef('s.person_id', '=', 'person.id')
              .where('s.id_number', op, value),
          ),
        ]);
      }
      if (studentNo)
        // The pupil's 学籍号 now, or one a newer roll replaced (renumbered: temporary L… → G + ID).
        return eb.or([
          eb.exists(
            eb
              .selectFrom('student as s')
              .select('s.id')
              .whereRef('s.person_id', '=', 'person.id')
              .where('s.student_no', studentNo.op, studentNo.value),
          ),
          eb.exists(
            eb
              .selectFrom('student as s')
              .innerJoin('student_change as c', 'c.student_no', 's.student_no')
              .select('s.id')
              .whereRef('s.person_id', '=', 'person.id')
              .where(formerNoMatches('c', studentNo)),
          ),
        ]);
      return eb('person.name', 'like', `${escapeLike(query.kind === 'name' ? query.prefix : '')}%`);
    })
    .orderBy('person.name')
    .orderBy('person.id')
    .limit(PERSON_SEARCH_LIMIT + 1)
    .execute();
  const more = rows.length > PERSON_SEARCH_LIMIT;
  if (more) rows.length = PERSON_SEARCH_LIMIT;
  const former =
    studentNo && rows.length > 0
      ? await formerNumbers(db, rows, studentNo)
      : new Map<number, FormerStudentNo>();
  const items = rows.map(({ id_number, ...r }) => ({
    ...r,
    id_masked: maskId(id_number),
    /** Found by a 学籍号 the pupil had before a newer roll renumbered them: that number and today's. */
    former_student_no: former.get(Number(r.id)) ?? null,
  }));
  return { items, more };
}

/** A 学籍号 the pupil had before a newer roll gave them another (`former`), and the one they have now. */
export interface FormerStudentNo {
  former: string;
  current: string;
}

/** A 学籍号 as the search box gives it: whole (=), or as a list shows it masked (like). */
interface StudentNoQuery {
  op: '=' | 'like';
  value: string;
}

/**
 * The stored roll change (alias `c`) that renumbered a pupil from a 学籍号 matching `q`: the import
 * files the change under the new number, with the old one in its before-snapshot (students.import.ts
 * renumber). The inequality is the partial index's predicate (migration 0011), so the index serves.
 */
function formerNoMatches(c: string, q: StudentNoQuery) {
  const old = sql`(${sql.ref(`${c}.before`)} -> 'fields' ->> 'student_no')`;
  return sql<SqlBool>`(${old} <> ${sql.ref(`${c}.student_no`)} and ${old} ${sql.raw(q.op)} ${q.value})`;
}

/** For each hit found by a 学籍号 it had before renumbering, that number and the current one. */
async function formerNumbers(
  db: Kysely<DB>,
  hits: ReadonlyArray<{ id: number }>,
  q: StudentNoQuery,
): Promise<Map<number, FormerStudentNo>> {
  const rows = await db
    .selectFrom('student as s')
    .innerJoin('student_change as c', 'c.student_no', 's.student_no')
    .select([
      's.person_id',
      's.student_no as current',
      sql<string>`c.before -> 'fields' ->> 'student_no'`.as('former'),
    ])
    .where(
      's.person_id',
      'in',
      hits.map((h) => h.id),
    )
    .where(formerNoMatches('c', q))
    .orderBy('c.at')
    .execute();
  // (Masked as every 学籍号 leaves the server: a G + ID number holds the ID.)
  return new Map(
    rows.map((r) => [
      Number(r.person_id),
      { former: maskStudentNo(r.former)!, current: maskStudentNo(r.current)! },
    ]),
  );
}

/** Everything the lifelong file shows of one person, or null when out of scope. */
export async function getPersonFile(db: Kysely<DB>, actor: Actor, personId: number) {
  const person = await db
    .selectFrom('person')
    .selectAll()
    .where('person.id', '=', personId)
    .where(personInScope(actor))
    .executeTakeFirst();
  if (!person) return null;
  const students = await db
    .selectFrom('student as s')
    .innerJoin('school as sc', 'sc.code', 's.school_code')
    .leftJoin('match_result as r', 'r.student_id', 's.id')
    .select([
      's.id',
      's.student_no',
      's.name',
      's.stage',
      's.grade',
      's.class_name',
      's.status',
      's.left_at',
      's.created_at',
      's.updated_at',
      's.id_problem',
      's.id_type',
      'sc.name as school_name',
      'sc.code as school_code',
      'r.result',
      'r.person_no',
      'r.explanation',
      'r.decided_by',
    ])
    .where('s.person_id', '=', personId)
    .orderBy('s.created_at')
    .execute();
  const changes = students.length
    ? await db
        .selectFrom('student_change')
        .select(['student_no', 'kind', 'at', 'before', 'after'])
        .where(
          'student_no',
          'in',
          students.map((s) => s.student_no),
        )
        .orderBy('at')
        .orderBy('id')
        .execute()
    : [];
  const registry = await db
    .selectFrom('registry_person')
    .select([
      'id',
      'person_no',
      'household_no',
      'name',
      'relation',
      'county_name',
      'township_name',
      'village_name',
      'poverty_attribute',
      'exit_status',
      'school_status',
      'current',
    ])
    .where('person_id', '=', personId)
    .orderBy('id', 'desc')
    .execute();
  const households = [...new Set(registry.filter((r) => r.current).map((r) => r.household_no))];
  const household = households.length
    ? await db
        .selectFrom('registry_person')
        .select(['person_no', 'household_no', 'name', 'relation', 'birth_date', 'person_id'])
        .where('household_no', 'in', households)
        .where('current', '=', true)
        .orderBy('person_no')
        .execute()
    : [];
  const lists = await db
    .selectFrom('assistance_entry')
    .select(['list_kind', 'name', 'detail', 'county_code', 'current'])
    .where('person_id', '=', personId)
    .execute();
  const decisions = students.length
    ? await db
        .selectFrom('match_decision as d')
        .leftJoin('app_user as u', 'u.id', 'd.actor_id')
        .select(['d.student_no', 'd.person_no', 'd.decision', 'd.note', 'd.at', 'u.display_name as actor'])
        .where(
          'd.student_no',
          'in',
          students.map((s) => s.student_no),
        )
        .execute()
    : [];
  const { id_number, ...identity } = person;
  const shown = changes.map(showChange);
  // The schools a change names, by name: a pupil's earlier schools are not among their enrolments.
  const codes = [...new Set(shown.flatMap((c) => [c.school_before, c.school_after]))].filter(
    (c): c is string => c !== null,
  );
  const names = new Map(
    codes.length
      ? (await db.selectFrom('school').select(['code', 'name']).where('code', 'in', codes).execute()).map(
          (x) => [x.code, x.name],
        )
      : [],
  );
  return {
    person: { ...identity, id_masked: maskId(id_number), has_id: !!id_number },
    students,
    renumbered: changes.flatMap(renumbering),
    changes: shown.map((c) => ({
      ...c,
      school_before_name: c.school_before === null ? null : (names.get(c.school_before) ?? null),
      school_after_name: c.school_after === null ? null : (names.get(c.school_after) ?? null),
    })),
    registry,
    household,
    lists,
    decisions,
  };
}

/** A newer roll's change of a pupil's 学籍号 (temporary L… → G + ID): the number before, after, and when. */
export interface Renumbering {
  from: string;
  to: string;
  at: Date;
}

/** The change of 学籍号 one stored roll change records, if any (students.import.ts renumber). */
function renumbering(c: { at: Date; before: unknown; after: unknown }): Renumbering[] {
  const from = (c.before as RollSnapshot | null)?.fields?.student_no;
  const to = (c.after as RollSnapshot | null)?.fields?.student_no;
  if (typeof from !== 'string' || typeof to !== 'string' || from === to) return [];
  // (Masked as every 学籍号 leaves the server: a G + ID number holds the ID.)
  return [{ from: maskStudentNo(from)!, to: maskStudentNo(to)!, at: c.at }];
}

/** One stored roll change as the lifelong file shows it: schools, and each changed field, masked. */
export interface ShownChange {
  student_no: string;
  kind: string;
  at: Date;
  school_before: string | null;
  school_after: string | null;
  fields: Array<{ field: string; before: unknown; after: unknown }>;
}

/**
 * The stored snapshots hold the whole roll row, ID numbers included: only the schools and the
 * fields that changed leave the server, and personal numbers among them masked (DESIGN.md).
 * Each change names the 学籍号 of its time: a renumbered pupil's rows are filed under the new number
 * (students.import.ts renumber), but the snapshots keep the one the pupil had then — after the
 * change, or before it for a 离校 (no after) — so a 新入学籍 under a temporary L… number says so.
 */
export function showChange(c: {
  student_no: string;
  kind: string;
  at: Date;
  before: unknown;
  after: unknown;
}): ShownChange {
  const before = c.before as RollSnapshot | null;
  const after = c.after as RollSnapshot | null;
  const fields =
    before && after
      ? changedFields(before, after).map((field) => ({
          field,
          before: maskPersonalData(before.fields[field] ?? null, field),
          after: maskPersonalData(after.fields[field] ?? null, field),
        }))
      : [];
  return {
    student_no: numberOfItsTime(after) ?? numberOfItsTime(before) ?? c.student_no,
    kind: c.kind,
    at: c.at,
    school_before: before?.schoolCode ?? null,
    school_after: after?.schoolCode ?? null,
    fields,
  };
}

/** The 学籍号 a stored snapshot records (fields.student_no), if it holds one. */
function numberOfItsTime(snap: RollSnapshot | null): string | null {
  const no = snap?.fields?.student_no;
  return typeof no === 'string' && no !== '' ? no : null;
}
