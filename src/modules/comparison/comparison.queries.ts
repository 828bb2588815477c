import { type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/types.ts';
import { displayId } from '../../domain/identity/id-number.ts';
import { schoolYearStart } from '../../domain/matching/index.ts';
import { can } from '../../server/roles.ts';
import {
  type Actor,
  escapeLike,
  inOrOverScope,
  inSchoolScope,
  inScope,
  pupilMatches,
} from '../../server/scope.ts';
import { todayInChina } from '../../server/today.ts';

export const LISTS = ['linked', 'review', 'unenrolled', 'suspect', 'id_problems', 'unmatched'] as const;
export type ComparisonList = (typeof LISTS)[number];

export const LIST_LABELS: Record<ComparisonList, string> = {
  linked: '已确认建档立卡学生',
  review: '疑似匹配待核实',
  unenrolled: '未入学适龄儿童',
  suspect: '疑似错认（学校标记为建档立卡但不在名单中）',
  id_problems: '证件号问题',
  unmatched: '未匹配学生',
};

export interface ListFilter {
  q?: string;
  page: number;
  pageSize: number;
}

function studentList(db: Kysely<DB>, actor: Actor, f: ListFilter) {
  const q = f.q?.trim();
  return (
    db
      .selectFrom('match_result as r')
      .innerJoin('student as s', 's.id', 'r.student_id')
      .innerJoin('school as sc', 'sc.code', 's.school_code')
      .leftJoin('registry_person as p', (j) =>
        j.onRef('p.person_no', '=', 'r.person_no').on('p.current', '=', true),
      )
      // Where the pupil is now, not where the run found them: a pupil who moved to another county's
      // school (转入) is on that county's lists, and no longer on the former county's.
      .where(inSchoolScope(actor, 's.school_code', 's.region_code'))
      // A student who left keeps the last result (the person file shows it) but is on no list: a
      // child who left is no confirmed pupil, and may be on the out-of-school list.
      .where('s.status', '=', 'enrolled')
      // (A 学籍号 copied from a list is masked: its visible characters still find the pupil.)
      .$if(!!q, (b) => b.where(pupilMatches(q!, 's.name', 's.student_no', 'sc.name')))
  );
}

const STUDENT_COLUMNS = [
  's.id as student_id',
  's.person_id',
  's.student_no',
  's.name',
  's.id_number_raw',
  's.id_number',
  's.birth_date',
  's.stage',
  's.grade',
  'sc.name as school_name',
  'r.result',
  'r.person_no',
  'r.household_no',
  'r.score',
  'r.explanation',
  'r.id_problem',
  'r.decided_by',
  'p.poverty_attribute',
  'p.exit_status',
  'p.county_name as registry_county',
] as const;

/** One page of a comparison list within the actor's scope (IDs masked). */
export async function listComparison(db: Kysely<DB>, actor: Actor, list: ComparisonList, f: ListFilter) {
  if (list === 'unenrolled') return listUnenrolled(db, actor, f);
  return listStudentResults(db, actor, list, f);
}

/** One page of a student list (every list but the out-of-school one). */
export async function listStudentResults(
  db: Kysely<DB>,
  actor: Actor,
  list: Exclude<ComparisonList, 'unenrolled'>,
  f: ListFilter,
) {
  const base = studentList(db, actor, f)
    .$if(list === 'linked', (b) => b.where('r.result', '=', 'confirmed'))
    .$if(list === 'review', (b) => b.where('r.result', '=', 'review'))
    .$if(list === 'unmatched', (b) => b.where('r.result', '=', 'unmatched'))
    // (A pupil in review has a registry candidate: the review decides, and a rejected one lands here.)
    .$if(list === 'suspect', (b) =>
      b.where('s.school_marked_poor', '=', true).where('r.result', '=', 'unmatched'),
    )
    .$if(list === 'id_problems', (b) => b.where('r.id_problem', 'is not', null));
  const [items, total] = await Promise.all([
    base
      .select(STUDENT_COLUMNS)
      .orderBy('s.school_code')
      .orderBy('s.name')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: items.map(({ id_number_raw, id_number, ...r }) => ({
      ...r,
      id_masked: displayId(id_number, id_number_raw),
    })),
    total: Number(total.n),
  };
}

/**
 * Which of `personNos` are a candidate of a 疑似匹配 row not yet decided: a child on an
 * out-of-school list may be that pupil, so the list says to settle the review first. The value says
 * whether such a review lies in the actor's scope (theirs to settle) or only outside it (another
 * county's pupil: theirs to wait for). (The flag discloses nothing else: the pupil's row stays in
 * its own scope.) A candidate listed only as a member of a contested person's household, whose
 * valid ID the row's valid ID excludes (`otherPerson`), is not counted: that row is not them.
 */
export async function personsInReview(
  db: Kysely<DB>,
  actor: Actor,
  personNos: readonly string[],
): Promise<Map<string, boolean>> {
  if (personNos.length === 0) return new Map();
  const rows = await sql<{ person_no: string; own: boolean }>`
    select c->>'personNo' as person_no,
      bool_or(${inSchoolScope(actor, 's.school_code', 's.region_code')}) as own
    from match_result r
      join student s on s.id = r.student_id and s.status = 'enrolled'
      cross join lateral jsonb_array_elements(r.candidates) c
    where r.result = 'review' and c->>'personNo' in (${sql.join(personNos)})
      and c->>'otherPerson' is null
    group by 1`.execute(db);
  return new Map(rows.rows.map((r) => [r.person_no, Boolean(r.own)]));
}

/** The 疑似匹配 column of the out-of-school exports: the list's tag as words (see personsInReview). */
export function reviewLabel(f: { in_review: boolean; in_review_elsewhere: boolean }): string {
  if (!f.in_review) return '';
  return f.in_review_elsewhere ? '外县疑似匹配待核实' : '疑似匹配待核实';
}

/** The out-of-school list's review flags of one child (see personsInReview). */
export function reviewFlags(inReview: ReadonlyMap<string, boolean>, personNo: string) {
  const own = inReview.get(personNo);
  return { in_review: own !== undefined, in_review_elsewhere: own === false };
}

/**
 * Enrolled pupils (at a school) OUTSIDE the actor's scope whose stored name is one of `names`, with
 * their county's and school's names and the 人编号 a run confirmed them as: the candidates of the
 * out-of-school list's 核实提示 (疑似在外县就读, comparison.service.ts). Deliberately read beyond the
 * scope — the hint names the school and a masked 学籍号 so the county can ask there; nothing else
 * of these pupils leaves this function's caller. 5,000 names a query.
 */
export async function enrolledOutsideNamed(db: Kysely<DB>, actor: Actor, names: readonly string[]) {
  const out = [];
  for (let i = 0; i < names.length; i += 5000) {
    const rows = await db
      .selectFrom('student as s')
      .innerJoin('school as sc', 'sc.code', 's.school_code')
      .select([
        's.student_no',
        's.name',
        's.birth_date',
        's.id_number',
        's.county_code',
        'sc.name as school_name',
        (eb) =>
          eb
            .selectFrom('region as rg')
            .select('rg.name')
            .whereRef('rg.code', '=', 's.county_code')
            .where('rg.current', '=', true)
            .limit(1)
            .as('county_name'),
        (eb) =>
          eb
            .selectFrom('match_result as r')
            .select('r.person_no')
            .whereRef('r.student_id', '=', 's.id')
            .where('r.result', '=', 'confirmed')
            .orderBy('r.id', 'desc')
            .limit(1)
            .as('confirmed_person_no'),
      ])
      .where('s.status', '=', 'enrolled')
      .where('s.name', 'in', names.slice(i, i + 5000))
      .where(sql<SqlBool>`not (${inSchoolScope(actor, 's.school_code', 's.region_code')})`)
      .orderBy('s.id')
      .execute();
    out.push(...rows);
  }
  return out;
}

/** One page of the registry children of compulsory age in no roll. */
export async function listUnenrolled(db: Kysely<DB>, actor: Actor, f: ListFilter) {
  const q = f.q?.trim();
  const base = db
    .selectFrom('out_of_school as o')
    .innerJoin('registry_person as p', 'p.id', 'o.registry_person_id')
    .where(inScope(actor, 'o.region_code'))
    .$if(!!q, (b) =>
      b.where((eb) =>
        eb.or([
          eb('p.name', 'like', `%${escapeLike(q!)}%`),
          eb('p.person_no', 'like', `%${escapeLike(q!)}%`),
        ]),
      ),
    );
  const [items, total] = await Promise.all([
    base
      .select([
        'p.id as registry_person_id',
        'p.person_id',
        'p.person_no',
        'p.household_no',
        'p.name',
        'p.id_number_raw',
        'p.id_number',
        'p.county_name',
        'p.township_name',
        'p.village_name',
        'p.birth_date',
        'o.age',
        'o.hint',
      ])
      .orderBy('p.region_code')
      .orderBy('p.household_no')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const inReview = await personsInReview(
    db,
    actor,
    items.map((i) => i.person_no),
  );
  return {
    items: items.map(({ id_number_raw, id_number, birth_date, ...r }) => ({
      ...r,
      // Beside the masked ID, which shows no date: namesakes of one village are told apart by it
      // (tester v26b F9; README: lists show the birth date).
      birth_date: birth_date === null ? null : String(birth_date).slice(0, 10),
      id_masked: displayId(id_number, id_number_raw),
      ...reviewFlags(inReview, r.person_no),
    })),
    total: Number(total.n),
  };
}

/**
 * The parts of the actor's scope that a comparison run covers as a whole: the scope itself below the
 * city, or the city's counties (those of the region list, and any a run or an import names). A run is
 * made over the city or over one county (jobs.run: city and county bureaus), so a county's run leaves
 * the city's other counties as they were.
 */
async function scopeParts(db: Kysely<DB>, actor: Actor): Promise<string[]> {
  const s = actor.scopeCode;
  if (s.length >= 6) return [s];
  const like = `${escapeLike(s)}%`;
  const r = await sql<{ code: string }>`
    select code from region where level = 'county' and current and code like ${like}
    union select substr(scope_code, 1, 6) from match_run where scope_code like ${like} and length(scope_code) >= 6
    union select substr(scope_code, 1, 6) from import_batch where scope_code like ${like} and length(scope_code) >= 6
    order by 1`.execute(db);
  return r.rows.length > 0 ? r.rows.map((x) => x.code) : [s];
}

/**
 * Rolls and registries (and, with `lists`, assistance lists) imported in or over the actor's scope
 * after the latest comparison run that covered their part of it: for each part (scopeParts), the
 * imports that concern it (made inside it or over it) newer than the latest run over it or over a
 * wider region; a part no run ever covered counts every such import. An import counts once.
 */
async function importsSinceRuns(db: Kysely<DB>, actor: Actor, lists: boolean): Promise<number> {
  const parts = sql.join((await scopeParts(db, actor)).map((code) => sql`(${code})`));
  const kinds = lists
    ? sql`(i.kind in ('students', 'registry') or i.kind like 'list:%')`
    : sql`i.kind in ('students', 'registry')`;
  const r = await sql<{ n: number }>`
    with part(code) as (values ${parts}),
    covered as (
      select p.code, (select max(m.created_at) from match_run m where p.code like m.scope_code || '%') as since
      from part p
    )
    select count(*)::int as n from import_batch i
    where ${kinds} and ${inOrOverScope(actor, 'i.scope_code')}
      and exists (
        select 1 from covered c
        where (i.scope_code like c.code || '%' or c.code like i.scope_code || '%')
          and (c.since is null or i.created_at > c.since)
      )`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Whether the comparison the aid run reads is out of date for the actor: rolls or 建档立卡 lists
 * imported in scope after the latest comparison run that covered their part of the scope (a county's
 * own run leaves the city's other counties stale, see importsSinceRuns). The entitlement run takes
 * the 建档立卡 students from the runs' results, so a pupil of a newer roll is not among them yet.
 */
export async function comparisonStaleness(
  db: Kysely<DB>,
  actor: Actor,
): Promise<{ lastRunAt: Date | null; importsSinceRun: number }> {
  const last = await latestRun(db, actor);
  if (!last) return { lastRunAt: null, importsSinceRun: 0 };
  return {
    lastRunAt: last.created_at,
    importsSinceRun: await importsSinceRuns(db, actor, false),
  };
}

/** The latest comparison run over the actor's subtree, or over a wider scope that includes it (a city-wide run). */
function latestRun(db: Kysely<DB>, actor: Actor) {
  return db
    .selectFrom('match_run')
    .select([
      'id',
      'as_of',
      'created_at',
      'stats',
      'scope_code',
      (eb) =>
        eb
          .selectFrom('region')
          .select('region.name')
          .whereRef('region.code', '=', 'match_run.scope_code')
          .where('region.current', '=', true)
          .limit(1)
          .as('scope_name'),
    ])
    .where(inOrOverScope(actor, 'match_run.scope_code'))
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** Summary counts of the latest results in scope, per list. */
export async function comparisonSummary(db: Kysely<DB>, actor: Actor) {
  const out: Record<string, number> = {};
  // A role without 学生资助 records (乡镇干部) reads the out-of-school children only: no count of
  // who is 建档立卡 at school, nor the run's statistics, which are its whole scope's (tester v27b F6).
  const aid = can(actor.role, 'aid.read');
  for (const list of aid ? LISTS : (['unenrolled'] as const))
    out[list] = (await listComparison(db, actor, list, { page: 1, pageSize: 1 })).total;
  const run = await latestRun(db, actor);
  const lastRun = run && !aid ? { ...run, stats: undefined } : run;
  // Rolls and lists imported in scope since the run that covered their part of it: its results no
  // longer describe them (a county's own run leaves the city's other counties as stale as before).
  const newer = lastRun ? await importsSinceRuns(db, actor, true) : 0;
  // A run over part of the actor's scope (one county of the city): the lists hold each part's own
  // latest results, which the page must not date by this run alone.
  const partial = lastRun !== undefined && lastRun.scope_code.length > actor.scopeCode.length;
  return {
    counts: out,
    lastRun: lastRun ? { ...lastRun, partial } : null,
    importsSinceRun: newer,
    /** The as-of date a new run takes by default (the server's today, not the browser's). */
    defaultAsOf: schoolYearStart(todayInChina()),
  };
}
