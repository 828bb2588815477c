/**
 * 五个阶段全覆盖 (工作要点 1): per county, school and stage — poor students (and 建档立卡 who have
 * left the policy), entitled and how much of it is paid, paid but not entitled, poor without any
 * aid — and the named lists behind every figure, down to the person. Classification mirrors
 * domain `classifyCoverage`.
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  type AidPolicyConfig,
  COVERAGE_LABELS,
  type CoverageStatus,
  coverageNote,
  defaultAidPolicy,
  noAidReasons,
  PRIORITY_GROUPS,
  PROGRAMME_CODES,
  type PriorityGroup,
  registryStatusEntitles,
  STAGE_LABELS,
  schoolYearOf,
  type Term,
} from '../../domain/aid/index.ts';
import { AppError } from '../../server/errors.ts';
import { type Actor, inSchoolScope } from '../../server/scope.ts';
import { isNewerEnrolment, newestEnrolmentFirst, requireTerm, textArray } from './entitlement.run.ts';
import { changesAfterPayment } from './payment.queries.ts';
import { getActivePolicy } from './policy.store.ts';

export const COVERAGE_STATUSES = ['paid', 'partial', 'unpaid', 'overpaid', 'not_entitled'] as const;
export type CoverageLevel = 'county' | 'school' | 'stage';

/**
 * The report's student figures that have a named list behind them (the 应享 students and their
 * three parts, which add up: 应享人数 = 全部已发 + 部分已发 + 尚未发放).
 */
export const COVERAGE_GROUPS = ['entitled', 'paid_all', 'paid_some', 'unpaid'] as const;
export type CoverageGroup = (typeof COVERAGE_GROUPS)[number];

/**
 * Each group as a condition on one student's pairs in one unit `us` (their entitled and paid fen,
 * programmes entitled with nothing paid, programmes paid without entitlement).
 */
const GROUP_SQL: Record<CoverageGroup, RawBuilder<unknown>> = {
  entitled: sql`us.ent_fen > 0`,
  paid_all: sql`us.ent_fen > 0 and us.paid_fen > 0 and us.unpaid_programmes = 0`,
  paid_some: sql`us.ent_fen > 0 and us.paid_fen > 0 and us.unpaid_programmes > 0`,
  unpaid: sql`us.ent_fen > 0 and us.paid_fen <= 0`,
};

/** The term's policy (2020 from the defaults when none is stored yet), else the year's defaults. */
async function termPolicy(db: Kysely<DB>, term: Term, actor: Actor): Promise<AidPolicyConfig> {
  try {
    return (await getActivePolicy(db, term.year, actor)).config;
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') return defaultAidPolicy(term.year);
    throw e;
  }
}

/** The assistance lists that make a pupil a 困难学生 by themselves (`hardship`), as the basis names them. */
const LIST_BASIS: Record<string, string> = {
  minimum_living: '低保名单',
  extreme_poverty: '特困供养名单',
  hardship: '突发严重困难名单',
};

/**
 * Per student, in one pass: `poor` — 困难学生 for the term as the entitlement run sees them:
 * 建档立卡 (a confirmed comparison with a current registry member whose 脱贫状态 is empty or still
 * carries the policy, `registeredPoorExitStatuses`), on a current 低保, 特困供养 or sudden-hardship
 * list (which count by themselves, as in the entitlement run; the 残联 list needs the 认定), or
 * recognised for the school year (confirmed or archived); `exited` — 建档立卡 only as
 * 已脱贫(不享受政策) (or another status outside the list), and not poor otherwise.
 */
function hardship(term: Term, cfg: AidPolicyConfig): RawBuilder<unknown> {
  const statuses = textArray(cfg.registeredPoorExitStatuses);
  // One pass over the three sources, grouped once (two full joins cost 0.3–0.8 s more at 1M pupils).
  return sql`(select student_id, bool_or(entitled) as poor, bool_or(exited) and not bool_or(entitled) as exited
    from (select m.student_id,
        (r.exit_status is null or r.exit_status = any(${statuses})) as entitled,
        (r.exit_status is not null and not r.exit_status = any(${statuses})) as exited
      from match_result m join registry_person r on r.person_no = m.person_no and r.current
      where m.result = 'confirmed'
      union all
      select student_id, true, false from recognition
      where school_year = ${schoolYearOf(term)} and status in ('confirmed', 'archived')
      union all
      select s.id, true, false from assistance_entry a
        join student s on s.person_id = a.person_id and s.status = 'enrolled'
      where a.current and a.list_kind = any(${textArray(Object.keys(LIST_BASIS))})) x
    group by student_id)`;
}

export interface CoverageFilter {
  countyCode?: string;
  schoolCode?: string;
  stage?: string;
}

/**
 * Per student × programme × unit (school) of one term, by domain `coverageUnits`: each paid line's
 * money at its payment list's school, never the pupil's school of today; the term's entitlement with
 * the paying school (its own school first, else the first payer by line), and while unpaid at the
 * school it was computed at. `stage` is the entitlement's (null for a payment without one).
 */
function unitPairs(term: string, only?: RawBuilder<unknown>): RawBuilder<unknown> {
  // Set-wise, so PostgreSQL hashes (a lookup of the payer per entitlement took 7 s at 1M pupils):
  // e the term's entitlement per pupil × programme; p its paid money per school; payer the school
  // the entitlement goes with (its own if that school paid, else the first payer by line).
  // `only`: a query of the student ids to read (the report's pupils whose lines are not all at their school).
  const among = only ? sql`and student_id in ${only}` : sql``;
  return sql`(with e as (select student_id, programme, min(school_code) as school_code, min(stage) as stage,
          sum(amount_fen)::bigint as fen
        from entitlement where term = ${term} ${among} group by student_id, programme),
      p as (select student_id, programme, school_code, sum(amount_fen)::bigint as fen, min(id) as first_id
        from payment_line where term = ${term} and status = 'paid' ${among}
        group by student_id, programme, school_code),
      payer as (select distinct on (p.student_id, p.programme) p.student_id, p.programme, p.school_code
        from p left join e on e.student_id = p.student_id and e.programme = p.programme
        order by p.student_id, p.programme, (p.school_code = e.school_code) desc nulls last, p.first_id),
      a as (select e.student_id, e.programme, coalesce(y.school_code, e.school_code) as school_code, e.fen, e.stage
        from e left join payer y on y.student_id = e.student_id and y.programme = e.programme)
    select coalesce(a.student_id, p.student_id) as student_id, coalesce(a.programme, p.programme) as programme,
      coalesce(a.school_code, p.school_code) as school_code, coalesce(a.fen, 0)::bigint as ent_fen,
      coalesce(p.fen, 0)::bigint as paid_fen, a.stage
    from a full join p on p.student_id = a.student_id and p.programme = a.programme
      and p.school_code = a.school_code)`;
}

const STATUS_SQL = sql`case when c.ent_fen <= 0 then 'not_entitled' when c.paid_fen <= 0 then 'unpaid'
  when c.paid_fen < c.ent_fen then 'partial' when c.paid_fen > c.ent_fen then 'overpaid' else 'paid' end`;

/** The scope and the filters on the pupils of today (`s`: the roll's figures). */
function filters(actor: Actor, f: CoverageFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [inSchoolScope(actor, 's.school_code', 's.region_code')];
  if (f.countyCode) parts.push(sql`s.county_code = ${f.countyCode}`);
  if (f.schoolCode) parts.push(sql`s.school_code = ${f.schoolCode}`);
  if (f.stage) parts.push(sql`s.stage = ${f.stage}`);
  return sql.join(parts, sql` and `);
}

/** A unit pair's stage: its entitlement's, else the pupil's. */
const PAIR_STAGE = sql`coalesce(c.stage, s.stage)`;

/** The scope and the filters on the unit pairs (`c` with its school `u`): the money's figures. */
function unitFilters(actor: Actor, f: CoverageFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [inSchoolScope(actor, 'u.code', 'u.region_code')];
  if (f.countyCode) parts.push(sql`u.county_code = ${f.countyCode}`);
  if (f.schoolCode) parts.push(sql`u.code = ${f.schoolCode}`);
  if (f.stage) parts.push(sql`${PAIR_STAGE} = ${f.stage}`);
  return sql.join(parts, sql` and `);
}

/**
 * The coverage report grouped by county, school or stage, student counts that reconcile:
 * - of the pupils enrolled there today: `students` 在校生, `poor` 困难学生 and `exited` 已脱贫不享受
 *   (`hardship`: a 建档立卡 student marked 已脱贫(不享受政策) is legitimately without the 建档立卡
 *   aid, so neither poor nor 困难无资助), and `poor_without_aid` 困难无资助 (poor, yet no entitlement
 *   at all this term; coverageGaps says why);
 * - of the term's money by unit (`unitPairs`, domain coverageUnits: a payment is its payment list's
 *   school's, wherever the pupil is now or whether they are still enrolled): `entitled` 应享人数 =
 *   `paid_all` (every entitled programme has a payment) + `paid_some` (some paid, some not) +
 *   `unpaid` (nothing paid yet); `paid` 有发放记录 (any paid line), `not_entitled` 已发不应享 (a
 *   programme paid without entitlement), `entitled_fen` and `paid_fen`. These are exactly the rows
 *   of coverageList, the coverage export and (paid) the 资金监管 export.
 */
export async function coverageReport(
  db: Kysely<DB>,
  actor: Actor,
  termText: string,
  level: CoverageLevel,
  f: CoverageFilter = {},
) {
  const term = requireTerm(termText);
  const cfg = await termPolicy(db, term, actor);
  const key =
    level === 'county' ? sql`s.county_code` : level === 'school' ? sql`s.school_code` : sql`s.stage`;
  const unitKey = level === 'county' ? sql`u.county_code` : level === 'school' ? sql`u.code` : PAIR_STAGE;
  // One city-wide pass over students joined to the trigger-kept per-student summary (ADR 0005):
  // give it memory enough to hash in RAM (no spill to disk), skip JIT compilation, which costs
  // more than it saves here, and let PostgreSQL scan and hash in parallel (its default costs keep
  // this plan serial; parallel it is ≈ 1.6× faster at 1M students, BENCHMARKS).
  // The roll's figures and the money's are two passes over different tables: on PostgreSQL they run
  // side by side on two connections (PGlite has one, and runs them in turn).
  const inTrx = <T>(run: (trx: Transaction<DB>) => Promise<T>) =>
    db.transaction().execute(async (trx) => {
      await sql`select set_config('work_mem', '64MB', true), set_config('jit', 'off', true),
        set_config('parallel_setup_cost', '0', true), set_config('parallel_tuple_cost', '0', true)`.execute(
        trx,
      );
      return run(trx);
    });
  const [roll, money] = await Promise.all([
    inTrx(async (trx) => {
      return (
        await sql<{
          key: string;
          students: number;
          poor: number;
          exited: number;
          poor_without_aid: number;
        }>`with cs as (select student_id, ent_fen from coverage_student where term = ${term.code})
    select ${key} as key, count(*)::int as students,
      count(*) filter (where h.poor)::int as poor,
      count(*) filter (where h.exited)::int as exited,
      count(*) filter (where h.poor and coalesce(cs.ent_fen, 0) = 0)::int as poor_without_aid
    from student s
    left join cs on cs.student_id = s.id
    left join ${hardship(term, cfg)} h on h.student_id = s.id
    where s.status = 'enrolled' and ${filters(actor, f)}
    group by 1 order by 1`.execute(trx)
      ).rows;
    }),
    inTrx(async (trx) => {
      return (
        await sql<{
          key: string;
          entitled: number;
          paid_all: number;
          paid_some: number;
          unpaid: number;
          paid: number;
          not_entitled: number;
          entitled_fen: number;
          paid_fen: number;
        }>`with moved as (
        -- Pupils some line of whose may not be at their school of today (or at its stage): the units
        -- of domain coverageUnits. Lines are written at the pupil's school and stage of the time
        -- (runs, then lists from them), so only a pupil a roll moved, sent away, brought back or
        -- updated since the term's first run can have one elsewhere: found by the changes of the roll
        -- imports since then (index student_change(batch_id, kind)), not by reading every line. Every
        -- other pupil's lines are all at their own school: the trigger-kept per-student summary
        -- (ADR 0005) gives their figures at once.
        select s.id as student_id
        from student_change c join student s on s.student_no = c.student_no
        where c.kind in ('moved', 'left', 'returned', 'updated')
          and c.batch_id in (select b.id from import_batch b where b.kind = 'students'
            and b.created_at >= (select min(r.created_at) - interval '1 day' from entitlement_run r
              where r.term = ${term.code}))),
      us as (
        select ${key} as key, cs.student_id, cs.ent_fen, cs.paid_fen, cs.unpaid_programmes,
          cs.unentitled_programmes
        from coverage_student cs join student s on s.id = cs.student_id
        where cs.term = ${term.code} and s.status = 'enrolled' and ${filters(actor, f)}
          and not exists (select 1 from moved m where m.student_id = cs.student_id)
        union all
        select ${unitKey} as key, c.student_id, sum(c.ent_fen), sum(c.paid_fen),
          count(*) filter (where c.ent_fen > 0 and c.paid_fen <= 0),
          count(*) filter (where c.paid_fen > 0 and c.ent_fen <= 0)
        from ${unitPairs(term.code, sql`(select student_id from moved)`)} c join school u on u.code = c.school_code
          join student s on s.id = c.student_id
        where ${unitFilters(actor, f)}
        group by 1, 2)
    select us.key, count(*) filter (where ${GROUP_SQL.entitled})::int as entitled,
      count(*) filter (where ${GROUP_SQL.paid_all})::int as paid_all,
      count(*) filter (where ${GROUP_SQL.paid_some})::int as paid_some,
      count(*) filter (where ${GROUP_SQL.unpaid})::int as unpaid,
      count(*) filter (where us.paid_fen > 0)::int as paid,
      count(*) filter (where us.unentitled_programmes > 0)::int as not_entitled,
      coalesce(sum(us.ent_fen), 0)::bigint as entitled_fen, coalesce(sum(us.paid_fen), 0)::bigint as paid_fen
    from us
    group by 1 order by 1`.execute(trx)
      ).rows;
    }),
  ]);
  const zero = { students: 0, poor: 0, exited: 0, poor_without_aid: 0 };
  const noMoney = {
    entitled: 0,
    paid_all: 0,
    paid_some: 0,
    unpaid: 0,
    paid: 0,
    not_entitled: 0,
    entitled_fen: 0,
    paid_fen: 0,
  };
  const byKey = new Map<string, typeof zero & typeof noMoney>();
  for (const r of roll) byKey.set(r.key, { ...noMoney, ...r });
  for (const r of money)
    byKey.set(r.key, {
      ...(byKey.get(r.key) ?? zero),
      ...r,
      entitled_fen: Number(r.entitled_fen),
      paid_fen: Number(r.paid_fen),
    });
  const rows = [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, r]) => {
      const { key: _k, ...figures } = r as typeof r & { key?: string };
      return { key: k, ...figures };
    });
  const names = await groupNames(
    db,
    level,
    rows.map((r) => r.key),
  );
  const items = rows.map((r) => ({ ...r, name: names.get(r.key) ?? r.key }));
  const totals = items.reduce(
    (t, r) => {
      for (const k of REPORT_FIGURES) t[k] += r[k];
      return t;
    },
    Object.fromEntries(REPORT_FIGURES.map((k) => [k, 0])) as Record<(typeof REPORT_FIGURES)[number], number>,
  );
  return { term: term.code, level, items, totals };
}

const REPORT_FIGURES = [
  'students',
  'poor',
  'exited',
  'entitled',
  'paid_all',
  'paid_some',
  'unpaid',
  'paid',
  'not_entitled',
  'poor_without_aid',
  'entitled_fen',
  'paid_fen',
] as const;

async function groupNames(
  db: Kysely<DB>,
  level: CoverageLevel,
  keys: string[],
): Promise<Map<string, string>> {
  if (level === 'stage') return new Map(keys.map((k) => [k, STAGE_LABELS[k] ?? k]));
  if (keys.length === 0) return new Map();
  const rows =
    level === 'county'
      ? await db.selectFrom('region').select(['code', 'name']).where('code', 'in', keys).execute()
      : await db.selectFrom('school').select(['code', 'name']).where('code', 'in', keys).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

export interface CoverageListFilter extends CoverageFilter {
  status?: CoverageStatus;
  /** Only the students of one report figure (their student × programme rows). */
  group?: CoverageGroup;
  programme?: string;
  /** Keyset: rows after (studentId, programme, schoolCode). */
  after?: { studentId: number; programme: string; schoolCode?: string };
  page?: number;
  pageSize: number;
}

/**
 * The named list: one row per student × programme × unit (`unitPairs`: the paying school, else the
 * school the entitlement was computed at), with entitled, paid and status — the rows the report's
 * money figures count, whatever the pupil's school today (`current_school_name` says it when it
 * differs) or whether they are still enrolled. A `group` is judged on the student's rows within
 * the same filters, as the report counts them per row.
 */
export async function coverageList(db: Kysely<DB>, actor: Actor, termText: string, f: CoverageListFilter) {
  const term = requireTerm(termText);
  const conds: RawBuilder<unknown>[] = [sql`true`];
  if (f.status) conds.push(sql`${STATUS_SQL} = ${f.status}`);
  if (f.programme && (PROGRAMME_CODES as readonly string[]).includes(f.programme))
    conds.push(sql`c.programme = ${f.programme}`);
  if (f.after)
    conds.push(
      sql`(c.student_id, c.programme, c.school_code) > (${f.after.studentId}, ${f.after.programme}, ${f.after.schoolCode ?? ''})`,
    );
  if (f.group) conds.push(GROUP_SQL[f.group]);
  const where = sql.join(conds, sql` and `);
  // Each unit pair with its student's figures over the rows the filters keep (`us`).
  const from = sql`(select c.student_id, c.programme, c.school_code, c.ent_fen, c.paid_fen,
        ${PAIR_STAGE} as stage, u.name as school_name, s.person_id, s.student_no, s.name,
        case when s.school_code <> c.school_code then coalesce(sc.name, s.school_code) end as current_school_name,
        case when s.status <> 'enrolled' then s.status end as student_status,
        sum(c.ent_fen) over w as us_ent_fen, sum(c.paid_fen) over w as us_paid_fen,
        count(*) filter (where c.ent_fen > 0 and c.paid_fen <= 0) over w as us_unpaid_programmes
      from ${unitPairs(term.code)} c join school u on u.code = c.school_code join student s on s.id = c.student_id
        left join school sc on sc.code = s.school_code
      where ${unitFilters(actor, f)}
      window w as (partition by c.student_id)) c
    cross join lateral (select c.us_ent_fen as ent_fen, c.us_paid_fen as paid_fen,
      c.us_unpaid_programmes as unpaid_programmes) us`;
  const offset = f.after ? 0 : ((f.page ?? 1) - 1) * f.pageSize;
  const { rows } = await sql<{
    student_id: number;
    person_id: number | null;
    student_no: string;
    name: string;
    school_code: string;
    school_name: string;
    current_school_name: string | null;
    student_status: string | null;
    stage: string;
    programme: string;
    ent_fen: number;
    paid_fen: number;
    status: CoverageStatus;
  }>`select c.student_id, c.person_id, c.student_no, c.name, c.school_code, c.school_name,
      c.current_school_name, c.student_status, c.stage, c.programme, c.ent_fen, c.paid_fen, ${STATUS_SQL} as status
    from ${from} where ${where}
    order by c.student_id, c.programme, c.school_code limit ${f.pageSize} offset ${offset}`.execute(db);
  const changed = await changesAfterPayment(
    db,
    term.code,
    rows.filter((r) => r.status === 'not_entitled' || r.status === 'partial' || r.status === 'overpaid'),
  );
  const items = rows.map((r) => ({
    ...r,
    ent_fen: Number(r.ent_fen),
    paid_fen: Number(r.paid_fen),
    status_label: COVERAGE_LABELS[r.status],
    note: coverageNote(r.status, changed.get(`${Number(r.student_id)}|${r.programme}|${r.school_code}`)),
  }));
  if (f.after) return { items, total: null as number | null, students: null as number | null };
  const total = await sql<{
    n: number;
    students: number;
  }>`select count(*)::int as n, count(distinct c.student_id)::int as students from ${from} where ${where}`.execute(
    db,
  );
  return { items, total: total.rows[0]?.n ?? 0, students: total.rows[0]?.students ?? 0 };
}

/**
 * The one-row-per-student lists behind the report's figures: `students` 在校生 (enrolled), `poor`
 * 困难学生 (`hardship`), `without_aid` 困难无资助 and `exited` 已脱贫不享受 — each with the same
 * condition as the figure (coverageReport), so a list's total is the number clicked.
 */
export const POOR_LIST_KINDS = ['students', 'poor', 'without_aid', 'exited'] as const;
export type PoorListKind = (typeof POOR_LIST_KINDS)[number];

const KIND_SQL: Record<PoorListKind, RawBuilder<unknown>> = {
  students: sql`true`,
  poor: sql`h.poor`,
  without_aid: sql`h.poor and coalesce(cs.ent_fen, 0) = 0`,
  exited: sql`h.exited`,
};

export interface PoorListFilter extends CoverageFilter {
  kind: PoorListKind;
  page: number;
  pageSize: number;
}

/**
 * The students behind 在校生 (`students`), 困难学生 (`poor`), 困难无资助 (`without_aid`: poor, no
 * entitlement this term) and 已脱贫不享受 (`exited`), one row each, with why they are counted as poor
 * (`basis`) and, for the last two, why they get nothing (noAidReasons, the rules of the term's
 * policy applied to the student's facts). Scope and filters are the report's (`filters`).
 */
export async function coverageGaps(db: Kysely<DB>, actor: Actor, termText: string, f: PoorListFilter) {
  const term = requireTerm(termText);
  const cfg = await termPolicy(db, term, actor);
  // 在校生 needs no hardship pass (its condition does not read it).
  // (A pupil whose school is not in the school list is still counted by the report: left join.)
  const from =
    f.kind === 'students'
      ? sql`student s
    left join school sc on sc.code = s.school_code
    left join coverage_student cs on cs.term = ${term.code} and cs.student_id = s.id`
      : sql`student s
    left join school sc on sc.code = s.school_code
    left join coverage_student cs on cs.term = ${term.code} and cs.student_id = s.id
    join ${hardship(term, cfg)} h on h.student_id = s.id`;
  const where = sql`s.status = 'enrolled' and ${filters(actor, f)} and ${KIND_SQL[f.kind]}`;
  const { rows } = await sql<{
    student_id: number;
    person_id: number | null;
    student_no: string;
    name: string;
    school_code: string;
    school_name: string | null;
    county_code: string;
    stage: string;
    grade: string | null;
    boarding: boolean;
    disabled: boolean;
    ent_fen: number | null;
  }>`select s.id as student_id, s.person_id, s.student_no, s.name, s.school_code, sc.name as school_name,
      s.county_code, s.stage, s.grade, s.boarding, s.disabled, cs.ent_fen
    from ${from} where ${where}
    order by s.school_code, s.id limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`.execute(db);
  const total = await sql<{ n: number }>`select count(*)::int as n from ${from} where ${where}`.execute(db);
  const facts = await gapFacts(
    db,
    term,
    cfg,
    rows.map((r) => r.student_id),
  );
  const newer =
    f.kind === 'without_aid'
      ? await newerEnrolments(
          db,
          rows.map((r) => r.student_id),
        )
      : new Map();
  const items = rows.map((r) => {
    const x = facts.get(Number(r.student_id)) ?? { groups: [], tier: null, exitStatuses: [], lists: [] };
    const elsewhere = newer.get(Number(r.student_id));
    const basis = [
      ...x.exitStatuses.map((st) => `建档立卡（${st ?? '脱贫状态未填'}）`),
      ...x.lists.filter((l) => l in LIST_BASIS).map((l) => LIST_BASIS[l]!),
      ...(x.tier ? [`认定为${cfg.recognition.tiers.find((t) => t.code === x.tier)?.label ?? x.tier}`] : []),
    ];
    const reasons =
      f.kind === 'students' || f.kind === 'poor'
        ? []
        : f.kind === 'exited'
          ? [
              `建档立卡脱贫状态为“${x.exitStatuses.filter((st) => st !== null).join('、')}”：按政策不再享受建档立卡学生资助，不计入困难学生`,
              ...(Number(r.ent_fen ?? 0) > 0
                ? ['本学期仍因其他条件（如低保、特困、残疾或全体在校生项目）享受资助']
                : []),
            ]
          : elsewhere !== undefined
            ? [
                `一人多籍：该生另有${elsewhere}的学籍（较新导入），应享资助按该学籍计算一次，本校不重复计算；请核实并注销多余的学籍`,
              ]
            : noAidReasons(cfg, term, {
                stage: r.stage,
                grade: r.grade,
                boarding: r.boarding,
                countyCode: r.county_code,
                schoolCode: r.school_code,
                groups: x.groups,
                tier: x.tier,
              });
    return {
      student_id: r.student_id,
      person_id: r.person_id,
      student_no: r.student_no,
      name: r.name,
      school_code: r.school_code,
      school_name: r.school_name ?? r.school_code,
      stage: r.stage,
      grade: r.grade,
      ent_fen: Number(r.ent_fen ?? 0),
      basis,
      reasons,
    };
  });
  return { items, total: total.rows[0]?.n ?? 0 };
}

/**
 * For listed students who have a newer enrolment of the same 一生一档 (一人多籍; the entitlement run
 * counts that one: entitlement.run.ts laterEnrolmentOfSamePerson): the newer one's school name.
 * Per page, by the student index: the report's figures count enrolments and stay one pass.
 */
async function newerEnrolments(db: Kysely<DB>, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ id: number; school: string }>`select distinct on (s.id) s.id,
      coalesce(sc.name, n.school_code) as school
    from student s
    join student n on ${isNewerEnrolment('n', 's')}
    left join school sc on sc.code = n.school_code
    where s.id = any(${sql.lit(`{${ids.map(Number).join(',')}}`)}::bigint[])
    order by s.id, ${newestEnrolmentFirst('n')}`.execute(db);
  return new Map(rows.map((r) => [Number(r.id), r.school]));
}

/** The facts the entitlement run sees for these students (groups, tier), plus their 脱贫状态. */
async function gapFacts(db: Kysely<DB>, term: Term, cfg: AidPolicyConfig, ids: number[]) {
  const out = new Map<
    number,
    { groups: PriorityGroup[]; tier: string | null; exitStatuses: (string | null)[]; lists: string[] }
  >();
  if (ids.length === 0) return out;
  const { rows } = await sql<{
    id: number;
    disabled: boolean;
    exit_statuses: (string | null)[] | null;
    lists: string[] | null;
    tier: string | null;
    rec_groups: string[] | null;
    recognised: boolean;
  }>`select s.id, s.disabled, rc.id is not null as recognised,
      (select array_agg(distinct r.exit_status) from match_result m
        join registry_person r on r.person_no = m.person_no and r.current
        where m.student_id = s.id and m.result = 'confirmed') as exit_statuses,
      (select array_agg(distinct a.list_kind) from assistance_entry a
        where a.current and a.person_id = s.person_id) as lists,
      rc.tier, rc.priority_groups as rec_groups
    from student s
    left join recognition rc on rc.student_id = s.id and rc.school_year = ${schoolYearOf(term)}
      and rc.status in ('confirmed', 'archived')
    where s.id in (${sql.join(ids.map((id) => sql`${id}`))})`.execute(db);
  for (const r of rows) {
    const exits = r.exit_statuses ?? [];
    const lists = r.lists ?? [];
    const groups = new Set<PriorityGroup>();
    // The entitlement run's rule (buildFacts), and the report's (hardship).
    if (exits.some((x) => registryStatusEntitles(x, cfg))) groups.add('registered_poor');
    if (lists.includes('minimum_living')) groups.add('minimum_living');
    if (lists.includes('extreme_poverty')) groups.add('extreme_poverty');
    // (As the entitlement run: 残疾 counts only with a confirmed 认定.)
    if ((r.disabled || lists.includes('disability')) && r.recognised) groups.add('disability');
    if (lists.includes('hardship')) groups.add('covid_affected');
    for (const g of r.rec_groups ?? [])
      if ((PRIORITY_GROUPS as readonly string[]).includes(g)) groups.add(g as PriorityGroup);
    out.set(Number(r.id), {
      groups: PRIORITY_GROUPS.filter((g) => groups.has(g)),
      tier: r.tier,
      exitStatuses: exits,
      lists,
    });
  }
  return out;
}
