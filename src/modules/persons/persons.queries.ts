import { type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/types.ts';
import { ageOn } from '../../domain/dropout/age.ts';
import { maskId } from '../../domain/identity/id-number.ts';
import { differingPositions, maskPersonalData, maskStudentNo } from '../../domain/identity/personal-mask.ts';
import {
  type IdCorrection,
  idCorrection,
  latestPerRecord,
  type MovedDirection,
  movedRecordNote,
} from '../../domain/roll/moved-record.ts';
import { changedFields, type RollSnapshot } from '../../domain/roll/roll-diff.ts';
import { can } from '../../server/roles.ts';
import { type Actor, escapeLike, inSchoolScope } from '../../server/scope.ts';
import { todayInChina } from '../../server/today.ts';
import { parsePersonQuery } from './person-query.ts';
import { readsCareFilesOnly, readsPersonFiles } from './persons.access.ts';

/**
 * A person is inside the actor's scope when any of their records is: a student enrolment at
 * a school in scope (enrolled, or left from it), a row of the current 建档立卡 list or a current
 * assistance-list entry of a township in scope — not a list that has since been replaced: a child
 * whose household left the county's list and who studies in another county is that county's
 * (tester v22b F8). For a role
 * that reads care files only (教师科, persons.access.ts): a child in a 红烛暖心 / 立德树人 pairing in
 * scope — current or ended, the pairings it reads (care.queries.ts careInScope) — and no one else.
 */
export function personInScope(actor: Actor, personIdColumn = 'person.id') {
  const like = `${escapeLike(actor.scopeCode)}%`;
  const ref = sql.ref(personIdColumn);
  if (!readsPersonFiles(actor)) {
    if (!readsCareFilesOnly(actor)) return sql<SqlBool>`false`;
    // (The pairing's own person, as the care tab reads it: care.queries.ts careOfPerson.)
    return sql<SqlBool>`exists (select 1 from care_pairing cp where cp.person_id = ${ref}
      and ${inSchoolScope(actor, 'cp.school_code', 'cp.region_code')})`;
  }
  if (actor.schoolCode) {
    return sql<SqlBool>`exists (select 1 from student s where s.person_id = ${ref} and s.school_code = ${actor.schoolCode})`;
  }
  // A role that reads no 学生资助 record (乡镇干部: 控辍保学) finds by a registry row only a child at
  // no school — the child it must find — and by no assistance list: else a pupil of a school
  // outside its township, found by a 建档立卡 household in it, would show that status by being
  // found at all (tester v26d F4).
  const studentHere = sql`exists (select 1 from student s where s.person_id = ${ref} and s.region_code like ${like})`;
  const registryHere = sql`exists (select 1 from registry_person r where r.person_id = ${ref} and r.current and r.region_code like ${like})`;
  if (!can(actor.role, 'aid.read'))
    return sql<SqlBool>`(${studentHere} or (${registryHere}
      and not exists (select 1 from student s where s.person_id = ${ref} and s.status = 'enrolled')))`;
  return sql<SqlBool>`(${studentHere} or ${registryHere}
    or exists (select 1 from assistance_entry a where a.person_id = ${ref} and a.current and a.region_code like ${like}))`;
}

/**
 * SQL: the stored roll change (alias `c`) changed the pupil's ID cell. The partial index's predicate
 * (migration 0013), repeated as written so that the index serves.
 */
function idCellChanged(c = 'c') {
  const cell = (col: string) => sql`(${sql.ref(`${c}.${col}`)} -> 'fields' ->> 'id_number_raw')`;
  return sql<SqlBool>`(${cell('before')} <> ${cell('after')})`;
}

/**
 * SQL: the stored roll change (alias `c`) lies in the actor's scope: its place (the record's, after
 * the change); for a school account, its school before or after the change.
 */
function changeInScope(actor: Actor, c = 'c') {
  if (actor.schoolCode) {
    const school = (col: string) => sql`(${sql.ref(`${c}.${col}`)} ->> 'schoolCode')`;
    return sql<SqlBool>`(${school('after')} = ${actor.schoolCode} or ${school('before')} = ${actor.schoolCode})`;
  }
  return sql<SqlBool>`${sql.ref(`${c}.region_code`)} like ${`${escapeLike(actor.scopeCode)}%`}`;
}

/**
 * A person a record left by an ID change made in the actor's scope (a roll that corrected the pupil's
 * ID: students.import.ts keeps the record's former person in the change's before-snapshot), the
 * record not theirs again. Such a person may have no record left: their file still opens, within
 * that scope, to say where the record went (`movedOut`) — the note and the identity only, no record
 * of another scope. Coarse (any change of the ID cell); `movedOut` keeps the corrections.
 */
export function movedFromInScope(actor: Actor, personIdColumn = 'person.id') {
  // (A care-only role sees no note of moved records: no file opens by them alone.)
  if (!readsPersonFiles(actor)) return sql<SqlBool>`false`;
  const ref = sql.ref(personIdColumn);
  return sql<SqlBool>`exists (select 1 from student_change c
    where (c.before ->> 'personId') = (${ref})::text and ${idCellChanged()} and ${changeInScope(actor)}
      and not exists (select 1 from student s where s.student_no = c.student_no and s.person_id = ${ref}))`;
}

/**
 * A record an ID correction moved, as a person file shows it: on the former person's file (`out`)
 * where it went, on the new person's (`in`) where it came from; IDs and 学籍号 masked.
 */
export interface MovedRecord {
  direction: MovedDirection;
  student_no: string;
  /** The import's day (the bureau's, YYYY-MM-DD). */
  day: string;
  from_id: string;
  to_id: string;
  /** The sentence (domain/roll/moved-record.ts movedRecordNote). */
  note: string;
  /**
   * The other person's file — where the record is now (`out`), the one it left (`in`) — when the
   * viewer may open it (personInScope; the left one also by `movedFromInScope`); else null.
   */
  person_id: number | null;
}

function shownMove(
  direction: MovedDirection,
  c: IdCorrection,
  at: Date,
  personId: number | null,
): MovedRecord {
  const n = movedRecordNote(direction, c, todayInChina(at));
  return {
    direction,
    student_no: n.studentNo,
    day: n.day,
    from_id: n.fromId,
    to_id: n.toId,
    note: n.text,
    person_id: personId,
  };
}

/** Of these persons, those whose file the actor may open: in scope, or (`former`) a record left them in scope. */
async function openable(
  db: Kysely<DB>,
  actor: Actor,
  ids: ReadonlyArray<number>,
  former: boolean,
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('person')
    .select('person.id')
    .where('person.id', 'in', [...new Set(ids)])
    .where(
      former ? sql<SqlBool>`(${personInScope(actor)} or ${movedFromInScope(actor)})` : personInScope(actor),
    )
    .execute();
  return new Set(rows.map((r) => Number(r.id)));
}

/**
 * For each of these persons, the records an ID correction made in the actor's scope moved away from
 * them and that are not theirs again (each record's latest correction away from them), oldest first,
 * with the file the record is in now when the actor may open it.
 */
export async function movedOut(
  db: Kysely<DB>,
  actor: Actor,
  personIds: ReadonlyArray<number>,
): Promise<Map<number, MovedRecord[]>> {
  const out = new Map<number, MovedRecord[]>();
  if (personIds.length === 0 || !readsPersonFiles(actor)) return out;
  const wanted = new Set(personIds.map(Number));
  const rows = await db
    .selectFrom('student_change as c')
    .leftJoin('student as s', 's.student_no', 'c.student_no')
    .select(['c.student_no', 'c.at', 'c.before', 'c.after', 's.person_id as now'])
    .where(sql<SqlBool>`(c.before ->> 'personId') in (${sql.join([...wanted].map(String))})`)
    .where(idCellChanged())
    .where(changeInScope(actor))
    .orderBy('c.at')
    .orderBy('c.id')
    .execute();
  const moves = rows.flatMap((r) => {
    const c = idCorrection(r.before as RollSnapshot | null, r.after as RollSnapshot | null);
    if (c === null || c.fromPersonId === null || !wanted.has(c.fromPersonId)) return [];
    const now = r.now === null ? null : Number(r.now);
    return [{ key: `${c.fromPersonId}|${r.student_no}`, c, at: r.at, now }];
  });
  // A record corrected back to this person is theirs again: no note.
  const gone = latestPerRecord(moves).filter((m) => m.now !== m.c.fromPersonId);
  const seen = await openable(
    db,
    actor,
    gone.flatMap((m) => (m.now === null ? [] : [m.now])),
    false,
  );
  for (const m of gone) {
    const list = out.get(m.c.fromPersonId!) ?? [];
    list.push(shownMove('out', m.c, m.at, m.now !== null && seen.has(m.now) ? m.now : null));
    out.set(m.c.fromPersonId!, list);
  }
  return out;
}

/**
 * The records of a person that an ID correction brought from another person's file (each record's
 * latest correction, when it came from someone else), with that file when the actor may open it.
 * `changes`: the stored roll changes of the person's records, oldest first.
 */
async function movedIn(
  db: Kysely<DB>,
  actor: Actor,
  personId: number,
  changes: ReadonlyArray<{ student_no: string; at: Date; before: unknown; after: unknown }>,
): Promise<MovedRecord[]> {
  const corrections = changes.flatMap((r) => {
    const c = idCorrection(r.before as RollSnapshot | null, r.after as RollSnapshot | null);
    return c === null ? [] : [{ key: r.student_no, c, at: r.at }];
  });
  const came = latestPerRecord(corrections).filter((m) => m.c.fromPersonId !== personId);
  const seen = await openable(
    db,
    actor,
    came.flatMap((m) => (m.c.fromPersonId === null ? [] : [m.c.fromPersonId])),
    true,
  );
  return came.map((m) =>
    shownMove(
      'in',
      m.c,
      m.at,
      m.c.fromPersonId !== null && seen.has(m.c.fromPersonId) ? m.c.fromPersonId : null,
    ),
  );
}

/** A search hit's county: of the school the person attends now, else the file's own. */
const HIT_COUNTY = sql`coalesce((select s.county_code from student s
  where s.person_id = person.id and s.status = 'enrolled' order by s.id desc limit 1), person.county_code)`;

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
  const byId = query.kind === 'id' || query.kind === 'maskedId';
  const rows = await db
    .selectFrom('person')
    .select([
      'person.id',
      'person.name',
      'person.sex',
      'person.birth_date',
      'person.id_number',
      // The county of the school the person attends now (a pupil who moved county), else the file's.
      sql<string | null>`${HIT_COUNTY}`.as('county_code'),
      (eb) =>
        eb
          .selectFrom('region')
          .select('region.name')
          .where(sql<SqlBool>`region.code = ${HIT_COUNTY}`)
          .where('region.current', '=', true)
          .limit(1)
          .as('county_name'),
      personInScope(actor).as('in_scope'),
    ])
    // By an ID, also a person an ID correction in scope took a record from (who may have none left):
    // the ID on an old list or export still leads to the file that says where the record went.
    .where(
      byId ? sql<SqlBool>`(${personInScope(actor)} or ${movedFromInScope(actor)})` : personInScope(actor),
    )
    .where((eb) => {
      if (query.kind === 'id' || query.kind === 'maskedId') {
        // A whole ID, or one copied from a list masked (each * one character): the person's, or an enrolment's.
        const [op, value] =
          query.kind === 'id' ? (['=', query.id] as const) : (['like', query.like] as const);
        const typedNo = query.kind === 'id' ? query.studentNo : undefined;
        return eb.or([
          eb('person.id_number', op, value),
          eb.exists(
            eb
              .selectFrom('student as s')
              .select('s.id')
              .whereRef('s.person_id', '=', 'person.id')
              .where('s.id_number', op, value),
          ),
          // Typed as a G + ID 学籍号: also the pupil holding it, whose ID a roll may have corrected since.
          ...(typedNo
            ? [
                eb.exists(
                  eb
                    .selectFrom('student as s')
                    .select('s.id')
                    .whereRef('s.person_id', '=', 'person.id')
                    .where('s.student_no', '=', typedNo),
                ),
              ]
            : []),
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
      // The file's name, or the name a roll gives the pupil (a school knows its pupil by that one: the
      // file carries the registry's once the comparison confirms them — tester v21b F7).
      const like = `${escapeLike(query.kind === 'name' ? query.prefix : '')}%`;
      return eb.or([
        eb('person.name', 'like', like),
        eb(
          'person.id',
          'in',
          eb.selectFrom('student as s').select('s.person_id').where('s.name', 'like', like),
        ),
      ]);
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
  const moved = await movedOut(
    db,
    actor,
    rows.map((r) => Number(r.id)),
  );
  const items = rows
    // (Out of scope but for a changed ID cell that was no correction: not theirs to find.)
    .filter((r) => r.in_scope || moved.has(Number(r.id)))
    .map(({ id_number, in_scope, ...r }) => ({
      ...r,
      id_masked: maskId(id_number),
      /** Found by a 学籍号 the pupil had before a newer roll renumbered them: that number and today's. */
      former_student_no: former.get(Number(r.id)) ?? null,
      /** A record of theirs moved to another person by an ID correction (the file says where). */
      moved_out: moved.has(Number(r.id)),
      /** Nothing of theirs in scope but that note: the file shows the note only. */
      history_only: !in_scope,
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

/**
 * Everything the lifelong file shows of one person, or null when out of scope. A person a record left
 * by an ID correction in scope (`movedFromInScope`), with nothing of theirs in scope, gets the file
 * with that note only (`history_only`): where the record went, no record of another scope. A role
 * that reads care files only (教师科) gets a paired child's identity (masked) and current enrolment
 * (`care_only`, careFileRecords), every other section empty.
 */
export async function getPersonFile(db: Kysely<DB>, actor: Actor, personId: number) {
  const person = await db
    .selectFrom('person')
    .selectAll()
    .select(personInScope(actor).as('in_scope'))
    .where('person.id', '=', personId)
    .where(sql<SqlBool>`(${personInScope(actor)} or ${movedFromInScope(actor)})`)
    .executeTakeFirst();
  if (!person) return null;
  const { id_number, in_scope, ...identity } = person;
  const moved_out = (await movedOut(db, actor, [personId])).get(personId) ?? [];
  // (Out of scope but for a changed ID cell that was no correction: no file.)
  if (!in_scope && moved_out.length === 0) return null;
  const careOnly = !readsPersonFiles(actor);
  const records = !in_scope
    ? noRecords()
    : careOnly
      ? await careFileRecords(db, personId)
      : can(actor.role, 'aid.read')
        ? await fileRecords(db, actor, personId)
        : withoutPovertyOfPupils(
            await fileRecords(db, actor, personId),
            identity.birth_date,
            await onOutOfSchoolList(db, personId),
          );
  return {
    person: { ...identity, id_masked: maskId(id_number), has_id: !!id_number },
    /** Nothing of the person's is in the actor's scope but the records that left them (`moved_out`). */
    history_only: !in_scope,
    /**
     * The viewer reads care files only (教师科, persons.access.ts): identity and current enrolment,
     * no roll changes, registry, household, lists, decisions or moved records (empty here), and of
     * the tabs served apart the care tab alone.
     */
    care_only: careOnly,
    ...records,
    moved_out,
  };
}

type FileRecords = Awaited<ReturnType<typeof fileRecords>>;

/**
 * The file as a role that reads no 学生资助 record (乡镇干部: 控辍保学 only) is shown it: no pupil's
 * 建档立卡 identity — the comparison's result, 人编号 and reasons on the enrolments, the review
 * decisions, the 低保/特困/残疾 lists, the school's 建档立卡 mark in the roll's changes — and the
 * registry and household only of a child at no school, whom 控辍保学 must find (tester v22b F2; the
 * comparison's lists are refused it alike, comparison.routes.ts UNENROLLED_ONLY).
 */
function withoutPovertyOfPupils(r: FileRecords, birthDate: string | null, listed: boolean): FileRecords {
  // A child at no school: one on the out-of-school list (of age there on the run's date, though 18
  // today — tester v26b F3), or under 18 (or of unknown age). An adult's file — a household
  // head's — is no child's to find: it shows no registry or household either (tester v25b F6).
  const child = listed || birthDate === null || ageOn(birthDate, todayInChina()) < 18;
  const atSchool = !child || r.students.some((s) => s.status === 'enrolled');
  return {
    ...r,
    students: r.students.map((s) => ({
      ...s,
      // (The comparison's ID problem may name a 建档立卡 person: the import's own only.)
      match_id_problem: null,
      result: null,
      person_no: null,
      explanation: null,
      decided_by: null,
    })),
    changes: r.changes.map((c) => ({
      ...c,
      fields: c.fields.filter((f) => f.field !== 'school_marked_poor'),
    })),
    registry: atSchool ? [] : r.registry,
    household: atSchool ? [] : r.household,
    lists: [],
    decisions: [],
  };
}

/** True when a current registry row of the person is on the out-of-school list (失学儿童名单). */
async function onOutOfSchoolList(db: Kysely<DB>, personId: number): Promise<boolean> {
  const hit = await db
    .selectFrom('out_of_school as o')
    .innerJoin('registry_person as p', 'p.id', 'o.registry_person_id')
    .select('o.registry_person_id')
    .where('p.person_id', '=', personId)
    .where('p.current', '=', true)
    .limit(1)
    .executeTakeFirst();
  return hit !== undefined;
}

/** The file of a person with nothing in the actor's scope: no record at all. */
function noRecords(): FileRecords {
  return {
    students: [],
    renumbered: [],
    changes: [],
    registry: [],
    household: [],
    lists: [],
    decisions: [],
    moved_in: [],
  };
}

/** The columns of an enrolment in a person file (the whole file's and the care-only file's). */
const FILE_STUDENT_COLUMNS = [
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
] as const;

/**
 * The records of a paired child a care-only role (教师科) is shown: the current enrolments (school,
 * grade, class; whatever school — the pairing is the child's), without the comparison's result on
 * them (who is 建档立卡); nothing of the roll's history, the registry, the lists or the decisions.
 */
async function careFileRecords(db: Kysely<DB>, personId: number): Promise<FileRecords> {
  const students = await db
    .selectFrom('student as s')
    .innerJoin('school as sc', 'sc.code', 's.school_code')
    .select([
      ...FILE_STUDENT_COLUMNS,
      sql<FileRecords['students'][number]['result']>`null`.as('result'),
      sql<string | null>`null`.as('person_no'),
      sql<string | null>`null`.as('explanation'),
      sql<string | null>`null`.as('decided_by'),
      sql<string | null>`null`.as('match_id_problem'),
    ])
    .where('s.person_id', '=', personId)
    .where('s.status', '=', 'enrolled')
    .orderBy('s.created_at')
    .execute();
  return { ...noRecords(), students };
}

/** The records of a person in the actor's scope (personInScope): enrolments and their history, registry, lists, decisions. */
async function fileRecords(db: Kysely<DB>, actor: Actor, personId: number) {
  const students = await db
    .selectFrom('student as s')
    .innerJoin('school as sc', 'sc.code', 's.school_code')
    .leftJoin('match_result as r', 'r.student_id', 's.id')
    .select([
      ...FILE_STUDENT_COLUMNS,
      'r.result',
      'r.person_no',
      'r.explanation',
      'r.decided_by',
      // The comparison's word on the ID, as the 证件号问题 list gives it (tester v26d F11: the file
      // showed "—" for an ID the list reported); the page shows it before the import's.
      'r.id_problem as match_id_problem',
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
  // Each list the person was on, newest first, with the file and day it was imported (two imports
  // of the same 建档立卡 data are two rows a user must be able to tell apart).
  const registry = await db
    .selectFrom('registry_person as r')
    .innerJoin('import_batch as b', 'b.id', 'r.batch_id')
    .select([
      'r.id',
      'r.person_no',
      'r.household_no',
      'r.name',
      'r.relation',
      'r.county_name',
      'r.township_name',
      'r.village_name',
      'r.poverty_attribute',
      'r.exit_status',
      'r.school_status',
      'r.current',
      'b.filename as list_file',
      'b.created_at as imported_at',
    ])
    .where('r.person_id', '=', personId)
    .orderBy('r.id', 'desc')
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
    .selectFrom('assistance_entry as a')
    .innerJoin('import_batch as b', 'b.id', 'a.batch_id')
    .select([
      'a.list_kind',
      'a.name',
      'a.detail',
      'a.county_code',
      'a.current',
      'b.filename as list_file',
      'b.created_at as imported_at',
    ])
    .where('a.person_id', '=', personId)
    .orderBy('a.id', 'desc')
    .execute();
  const decisions = students.length
    ? await decisionHistory(
        db,
        students.map((s) => s.student_no),
      )
    : [];
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
    moved_in: await movedIn(db, actor, personId, changes),
  };
}

/** A review decision on a pupil's records as the file shows it; `in_force` false once voided or replaced. */
export interface DecisionShown {
  student_no: string;
  person_no: string;
  decision: 'confirm' | 'reject';
  note: string | null;
  at: Date;
  actor: string | null;
  in_force: boolean;
  /**
   * In force, but the person decided on is on no current 建档立卡 list any more (verifier v27e): the
   * decision waits for them to come back, and holds nothing today.
   */
  person_off_list?: true;
}

/**
 * Every review decision ever taken on these 学籍号, from the audit trail (each is audited with the
 * person decided on), and whether it still holds (a match_decision row says the same): a
 * confirmation an ID correction voided, or a later rejection replaced, stays in the file marked as
 * no longer in force (tester v26b F7: it vanished, kept only in the audit log). Decisions of the
 * store with no audit entry (a later confirmation's rejection of the earlier person) follow.
 */
async function decisionHistory(db: Kysely<DB>, studentNos: string[]): Promise<DecisionShown[]> {
  const current = await db
    .selectFrom('match_decision as d')
    .leftJoin('app_user as u', 'u.id', 'd.actor_id')
    .select([
      'd.student_no',
      'd.person_no',
      'd.decision',
      'd.note',
      'd.at',
      'u.display_name as actor',
      'd.person_id',
    ])
    .where('d.student_no', 'in', studentNos)
    .execute();
  const decided = [...new Set(current.flatMap((d) => (d.person_id === null ? [] : [Number(d.person_id)])))];
  const listed = new Set(
    decided.length === 0
      ? []
      : (
          await db
            .selectFrom('registry_person')
            .select('person_id')
            .where('person_id', 'in', decided)
            .where('current', '=', true)
            .execute()
        ).map((r) => Number(r.person_id)),
  );
  const audited = await db
    .selectFrom('audit_log')
    .select(['at', 'actor_name', 'entity_id', 'after'])
    .where('entity', '=', 'match_result')
    .where('action', '=', 'update')
    .where('entity_id', 'in', studentNos)
    .where(sql<SqlBool>`after ? 'decision'`)
    .orderBy('seq')
    .execute();
  const key = (no: string, person: string, decision: string) => `${no}|${person}|${decision}`;
  const holds = new Set(current.map((d) => key(d.student_no, d.person_no, d.decision)));
  const offList = new Set(
    current
      .filter((d) => d.person_id !== null && !listed.has(Number(d.person_id)))
      .map((d) => key(d.student_no, d.person_no, d.decision)),
  );
  const told = new Set<string>();
  const out: DecisionShown[] = [];
  for (const a of audited) {
    const after = a.after as {
      decision?: string;
      decidedPersonNo?: string;
      personNo?: string | null;
      note?: string | null;
    };
    const decision = after.decision === 'reject' ? 'reject' : 'confirm';
    // (Entries before the person decided on was audited: a confirmation names its person as the result's.)
    const person = after.decidedPersonNo ?? (decision === 'confirm' ? (after.personNo ?? null) : null);
    if (person === null || a.entity_id === null) continue;
    const k = key(a.entity_id, person, decision);
    told.add(k);
    out.push({
      student_no: a.entity_id,
      person_no: person,
      decision,
      note: after.note ?? null,
      at: new Date(a.at),
      actor: a.actor_name,
      in_force: holds.has(k),
    });
  }
  // The latest entry of a decision that holds is the one in force; earlier repeats of it are not.
  const later = new Set<string>();
  for (let i = out.length - 1; i >= 0; i--) {
    const d = out[i]!;
    const k = key(d.student_no, d.person_no, d.decision);
    if (later.has(k)) d.in_force = false;
    later.add(k);
  }
  for (const { person_id: _p, ...d } of current)
    if (!told.has(key(d.student_no, d.person_no, d.decision)))
      out.push({ ...d, at: new Date(d.at), in_force: true });
  for (const d of out)
    if (d.in_force && offList.has(key(d.student_no, d.person_no, d.decision))) d.person_off_list = true;
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
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
  /** `note`: where a number whose masked values read alike changed (differingPositions). */
  fields: Array<{ field: string; before: unknown; after: unknown; note?: string | null }>;
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
      ? changedFields(before, after).map((field) => {
          const [b, a] = [before.fields[field] ?? null, after.fields[field] ?? null];
          const masked = { field, before: maskPersonalData(b, field), after: maskPersonalData(a, field) };
          // A masked number reads the same when one digit was corrected: where it changed is said.
          return typeof b === 'string' && typeof a === 'string' && masked.before === masked.after
            ? { ...masked, note: differingPositions(b, a) }
            : masked;
        })
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
