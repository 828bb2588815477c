/**
 * Scoped reads of 红烛暖心 / 立德树人 care (工作要点 2, 4): pairings with their visits, and the
 * poor left-behind children still without a caring teacher. Every query composes `careInScope`
 * or the student's school scope. Teacher phones are masked here; unmasking is a logged action.
 */
import { type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import { maskPhone } from '../../domain/aid-extras/index.ts';
import { normaliseId } from '../../domain/identity/id-number.ts';
import { type Actor, escapeLike, inSchoolScope, maskedStudentNoLike } from '../../server/scope.ts';
import { personInScope } from '../persons/persons.queries.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** The scope filter of pairings. */
export function careInScope(actor: Actor) {
  return inSchoolScope(actor, 'care_pairing.school_code', 'care_pairing.region_code');
}

/** 建档立卡: the latest comparison confirmed the student in the registry. */
export const registeredPoorSql = (studentRef: string) =>
  sql<SqlBool>`exists (select 1 from match_result mr where mr.student_id = ${sql.ref(studentRef)} and mr.result = 'confirmed')`;
/** 家庭经济困难学生认定: a confirmed (or archived) recognition of the student. */
export const recognisedSql = (studentRef: string) =>
  sql<SqlBool>`exists (select 1 from recognition rc where rc.student_id = ${sql.ref(studentRef)} and rc.status in ('confirmed','archived'))`;

/** Facts for the eligibility rule about one student in scope. */
export function studentCareFacts(db: Executor, actor: Actor, studentId: number) {
  return db
    .selectFrom('student')
    .select([
      'student.id',
      'student.person_id',
      'student.name',
      'student.school_code',
      'student.county_code',
      'student.region_code',
      'student.status',
      'student.left_behind',
      registeredPoorSql('student.id').as('registered_poor'),
      recognisedSql('student.id').as('recognised'),
    ])
    .where('student.id', '=', studentId)
    .where(inSchoolScope(actor, 'student.school_code', 'student.region_code'))
    .executeTakeFirst();
}

const PAIRING_COLUMNS = [
  'care_pairing.id',
  'care_pairing.programme',
  'care_pairing.student_id',
  'care_pairing.person_id',
  'care_pairing.name',
  'care_pairing.school_code',
  'care_pairing.teacher_name',
  'care_pairing.teacher_phone',
  'care_pairing.start_date',
  'care_pairing.end_date',
  'care_pairing.end_reason',
  'care_pairing.county_code',
  'care_pairing.region_code',
] as const;

function pairingsWithNames(db: Executor, actor: Actor) {
  return db
    .selectFrom('care_pairing')
    .leftJoin('school', 'school.code', 'care_pairing.school_code')
    .where(careInScope(actor))
    .select([
      ...PAIRING_COLUMNS,
      'school.name as school_name',
      (eb) =>
        eb
          .selectFrom('care_visit')
          .select((v) => v.fn.countAll<number>().as('n'))
          .whereRef('care_visit.pairing_id', '=', 'care_pairing.id')
          .as('visit_count'),
      (eb) =>
        eb
          .selectFrom('care_visit')
          .select((v) => v.fn.max('care_visit.date').as('d'))
          .whereRef('care_visit.pairing_id', '=', 'care_pairing.id')
          .as('last_visit'),
    ]);
}

/** A pairing for lists: the teacher's phone masked. */
export function presentPairing<T extends { teacher_phone: string | null; visit_count?: number | null }>(
  p: T,
) {
  return { ...p, teacher_phone: maskPhone(p.teacher_phone), visit_count: Number(p.visit_count ?? 0) };
}

export interface PairingFilter {
  programme?: 'red_candle' | 'mentoring';
  active?: boolean;
  q?: string;
  page: number;
  pageSize: number;
}

/** A page of pairings in scope with visit counts. */
export async function listPairings(db: Executor, actor: Actor, f: PairingFilter) {
  const q = f.q?.trim();
  const ids = db
    .selectFrom('care_pairing')
    .select('care_pairing.id')
    .where(careInScope(actor))
    .$if(!!f.programme, (x) => x.where('care_pairing.programme', '=', f.programme!))
    .$if(f.active === true, (x) => x.where('care_pairing.end_date', 'is', null))
    .$if(!!q, (x) =>
      x.where((eb) =>
        eb.or([eb('care_pairing.name', 'like', `%${q}%`), eb('care_pairing.teacher_name', 'like', `%${q}%`)]),
      ),
    );
  const [items, total] = await Promise.all([
    pairingsWithNames(db, actor)
      .where('care_pairing.id', 'in', ids)
      .orderBy('care_pairing.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    db
      .selectFrom(ids.as('x'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: items.map(presentPairing), total: Number(total.n) };
}

/** One pairing in scope with its visits (phone masked), or undefined. */
export async function findPairing(db: Executor, actor: Actor, id: number) {
  const p = await pairingsWithNames(db, actor).where('care_pairing.id', '=', id).executeTakeFirst();
  if (!p) return undefined;
  const visits = await db
    .selectFrom('care_visit')
    .select(['id', 'date', 'kind', 'notes', 'created_by_name', 'created_at'])
    .where('pairing_id', '=', p.id)
    .orderBy('date', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return { pairing: presentPairing(p), phone: p.teacher_phone, visits };
}

/** Poor left-behind children (建档立卡 or 认定) in school, in scope, with no active 红烛暖心 pairing. */
export async function unpairedEligible(
  db: Executor,
  actor: Actor,
  f: { q?: string; page: number; pageSize: number },
) {
  const q = f.q?.trim();
  const base = db
    .selectFrom('student')
    .leftJoin('school', 'school.code', 'student.school_code')
    .where(inSchoolScope(actor, 'student.school_code', 'student.region_code'))
    .where('student.status', '=', 'enrolled')
    .where('student.left_behind', '=', true)
    .where((eb) => eb.or([registeredPoorSql('student.id'), recognisedSql('student.id')]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('care_pairing as cp')
            .select('cp.id')
            .whereRef('cp.student_id', '=', 'student.id')
            .where('cp.programme', '=', 'red_candle')
            .where('cp.end_date', 'is', null),
        ),
      ),
    )
    .$if(!!q, (b) => b.where('student.name', 'like', `%${q}%`));
  const [items, total] = await Promise.all([
    base
      .select([
        'student.id as student_id',
        'student.person_id',
        'student.name',
        'student.stage',
        'student.grade',
        'student.class_name',
        'student.school_code',
        'school.name as school_name',
        registeredPoorSql('student.id').as('registered_poor'),
        recognisedSql('student.id').as('recognised'),
      ])
      .orderBy('student.school_code')
      .orderBy('student.name')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** The pairings and visits of one person in scope (一生一档), or null when out of scope. */
export async function careOfPerson(db: Executor, actor: Actor, personId: number) {
  const person = await db
    .selectFrom('person')
    .select('person.id')
    .where('person.id', '=', personId)
    .where(personInScope(actor))
    .executeTakeFirst();
  if (!person) return null;
  const pairings = await pairingsWithNames(db, actor)
    .where('care_pairing.person_id', '=', personId)
    .orderBy('care_pairing.start_date', 'desc')
    .execute();
  const visits = pairings.length
    ? await db
        .selectFrom('care_visit')
        .select(['id', 'pairing_id', 'date', 'kind', 'notes', 'created_by_name'])
        .where(
          'pairing_id',
          'in',
          pairings.map((p) => p.id),
        )
        .orderBy('date', 'desc')
        .execute()
    : [];
  return { pairings: pairings.map(presentPairing), visits };
}

/**
 * Enrolled students in scope by name or 学籍号, for the forms (fund spending, care pairing). The
 * 学籍号 embeds the ID number, so it is masked like one.
 */
export async function searchStudents(db: Executor, actor: Actor, f: { q: string; schoolCode?: string }) {
  const q = f.q.trim();
  const rows = await db
    .selectFrom('student')
    .leftJoin('school', 'school.code', 'student.school_code')
    .select([
      'student.id',
      'student.person_id',
      'student.name',
      'student.student_no',
      'student.stage',
      'student.grade',
      'student.class_name',
      'student.school_code',
      'student.left_behind',
      'school.name as school_name',
    ])
    .where(inSchoolScope(actor, 'student.school_code', 'student.region_code'))
    .where('student.status', '=', 'enrolled')
    .$if(!!f.schoolCode, (b) => b.where('student.school_code', '=', f.schoolCode!))
    .where((eb) => {
      // A citizen ID as people type it (spaces, full-width digits, a lower-case x): the pupil's own.
      const id = normaliseId(q).id;
      if (id) return eb('student.id_number', '=', id);
      // (A 学籍号 copied from a list is masked: matched by its visible characters.)
      const masked = maskedStudentNoLike(q);
      if (masked !== null) return eb('student.student_no', 'like', masked);
      return eb.or([
        eb('student.name', 'like', `${escapeLike(q)}%`),
        eb('student.student_no', '=', q.toUpperCase()),
      ]);
    })
    .orderBy('student.name')
    .limit(50)
    .execute();
  // (The 学籍号 is masked on its way out, as in every answer: app.ts.)
  return rows;
}
