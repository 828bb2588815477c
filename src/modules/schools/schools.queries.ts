import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, Stage } from '../../db/types.ts';
import { maskStudentNo } from '../../domain/identity/personal-mask.ts';
import { type Actor, escapeLike, inSchoolScope } from '../../server/scope.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Filters of the school list (all optional). */
export interface SchoolFilter {
  q?: string;
  county?: string;
  township?: string;
  stage?: Stage;
  kind?: 'regular' | 'village_school' | 'teaching_point';
  page?: number;
  pageSize?: number;
}

const COLUMNS = [
  'school.code',
  'school.name',
  'school.county_code',
  'school.township_code',
  'school.region_code',
  'school.stages',
  'school.ownership',
  'school.boarding',
  'school.kind',
  'school.urban_rural',
  'school.urban_rural_manual',
  'school.updated_at',
] as const;

function baseQuery(db: Executor, actor: Actor, f: SchoolFilter) {
  const q = f.q?.trim();
  return db
    .selectFrom('school')
    .where(inSchoolScope(actor, 'school.code', 'school.region_code'))
    .$if(!!q, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb('school.name', 'ilike', `%${escapeLike(q!)}%`),
          eb('school.code', 'like', `${escapeLike(q!)}%`),
        ]),
      ),
    )
    .$if(!!f.county, (qb) => qb.where('school.county_code', '=', f.county!))
    .$if(!!f.township, (qb) => qb.where('school.township_code', '=', f.township!))
    .$if(!!f.stage, (qb) => qb.where(sql<boolean>`${f.stage!} = any(school.stages)`))
    .$if(!!f.kind, (qb) => qb.where('school.kind', '=', f.kind!));
}

/** A page of schools in the actor's scope with county/township names, and the total count. */
export async function listSchoolsInScope(db: Executor, actor: Actor, f: SchoolFilter) {
  const pageSize = Math.min(Math.max(f.pageSize ?? 50, 1), 500);
  const page = Math.max(f.page ?? 1, 1);
  const items = await baseQuery(db, actor, f)
    .leftJoin('region as c', 'c.code', 'school.county_code')
    .leftJoin('region as t', 't.code', 'school.township_code')
    .leftJoin('region as v', (j) =>
      j.onRef('v.code', '=', 'school.region_code').on('v.level', '=', 'village'),
    )
    .select([...COLUMNS, 'c.name as county_name', 't.name as township_name', 'v.name as village_name'])
    .orderBy('school.county_code')
    .orderBy('school.township_code')
    .orderBy('school.name')
    .orderBy('school.code')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const total = await baseQuery(db, actor, f)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return { items, total: total.n, page, pageSize };
}

/** One school with its place names, only when inside the actor's scope. */
export function findSchoolInScope(db: Executor, actor: Actor, code: string) {
  return db
    .selectFrom('school')
    .leftJoin('region as c', 'c.code', 'school.county_code')
    .leftJoin('region as t', 't.code', 'school.township_code')
    .leftJoin('region as v', (j) =>
      j.onRef('v.code', '=', 'school.region_code').on('v.level', '=', 'village'),
    )
    .select([...COLUMNS, 'c.name as county_name', 't.name as township_name', 'v.name as village_name'])
    .where('school.code', '=', code)
    .where(inSchoolScope(actor, 'school.code', 'school.region_code'))
    .executeTakeFirst();
}

/** Existing schools by code (no scope filter: the importer must see codes taken elsewhere). */
/** Code, name and place of every school of the given counties. */
export async function findSchoolsInCounties(db: Executor, counties: string[]) {
  if (counties.length === 0) return [];
  const rows = await db
    .selectFrom('school')
    .select(['code', 'name', 'county_code', 'township_code'])
    .where('county_code', 'in', counties)
    .execute();
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    countyCode: r.county_code,
    townshipCode: r.township_code,
  }));
}

export async function findSchoolsByCodes(db: Executor, codes: string[]) {
  const out = [];
  for (let i = 0; i < codes.length; i += 1000) {
    const chunk = codes.slice(i, i + 1000);
    if (chunk.length === 0) continue;
    out.push(...(await db.selectFrom('school').selectAll().where('code', 'in', chunk).execute()));
  }
  return out;
}

/** One pupil who moved out of a school: as the school had them, and the school they went to. */
export interface TransferOut {
  /** Masked as every 学籍号 leaving the server (a G + ID number holds the ID). */
  student_no: string;
  name: string | null;
  grade: string | null;
  at: Date;
  to_school_code: string | null;
  to_school_name: string | null;
}

/**
 * The pupils a newer roll moved from school `code` to another school (student_change 'moved', the
 * before-snapshot's school), newest first: the trace a transfer leaves at the school it left, which
 * no longer sees the pupil's record (tester v21b F9) — for 控辍保学, a pupil gone is one the school can
 * show went elsewhere. The caller checks the school is in the user's scope.
 */
export async function transfersOut(
  db: Executor,
  code: string,
  page = 1,
  pageSize = 20,
): Promise<{ items: TransferOut[]; total: number }> {
  const from = sql<string>`(c.before ->> 'schoolCode')`;
  const base = db.selectFrom('student_change as c').where('c.kind', '=', 'moved').where(from, '=', code);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin('school as s', (j) => j.on(sql<string>`s.code`, '=', sql<string>`(c.after ->> 'schoolCode')`))
    .select([
      'c.student_no',
      'c.at',
      sql<string | null>`(c.before -> 'fields' ->> 'name')`.as('name'),
      sql<string | null>`(c.before -> 'fields' ->> 'grade')`.as('grade'),
      sql<string | null>`(c.after ->> 'schoolCode')`.as('to_school_code'),
      's.name as to_school_name',
    ])
    .orderBy('c.at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return {
    total: Number(total),
    items: rows.map((r) => ({ ...r, student_no: maskStudentNo(r.student_no)! })),
  };
}
