/**
 * 五个阶段全覆盖 (工作要点 1): per county, school and stage — recognised poor students, entitled,
 * paid, entitled but unpaid, paid but not entitled — and the named lists behind every figure,
 * down to the person. Classification mirrors domain `classifyCoverage`.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  COVERAGE_LABELS,
  type CoverageStatus,
  PROGRAMME_CODES,
  STAGE_LABELS,
  schoolYearOf,
} from '../../domain/aid/index.ts';
import { type Actor, inSchoolScope } from '../../server/scope.ts';
import { requireTerm } from './entitlement.run.ts';

export const COVERAGE_STATUSES = ['paid', 'partial', 'unpaid', 'overpaid', 'not_entitled'] as const;
export type CoverageLevel = 'county' | 'school' | 'stage';

export interface CoverageFilter {
  countyCode?: string;
  schoolCode?: string;
  stage?: string;
}

/** Per student × programme: entitled fen, paid fen and the status, for one term. */
function pairs(term: string): RawBuilder<unknown> {
  return sql`(select coalesce(e.student_id, p.student_id) as student_id, coalesce(e.programme, p.programme) as programme,
      coalesce(e.fen, 0) as ent_fen, coalesce(p.fen, 0) as paid_fen
    from (select student_id, programme, sum(amount_fen)::bigint as fen from entitlement where term = ${term}
          group by student_id, programme) e
    full join (select student_id, programme, sum(amount_fen)::bigint as fen from payment_line
          where term = ${term} and status = 'paid' group by student_id, programme) p
      on p.student_id = e.student_id and p.programme = e.programme)`;
}

const STATUS_SQL = sql`case when c.ent_fen <= 0 then 'not_entitled' when c.paid_fen <= 0 then 'unpaid'
  when c.paid_fen < c.ent_fen then 'partial' when c.paid_fen > c.ent_fen then 'overpaid' else 'paid' end`;

function filters(actor: Actor, f: CoverageFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [inSchoolScope(actor, 's.school_code', 's.region_code')];
  if (f.countyCode) parts.push(sql`s.county_code = ${f.countyCode}`);
  if (f.schoolCode) parts.push(sql`s.school_code = ${f.schoolCode}`);
  if (f.stage) parts.push(sql`s.stage = ${f.stage}`);
  return sql.join(parts, sql` and `);
}

/**
 * The coverage report grouped by county, school or stage. `poor` = 建档立卡 (confirmed comparison)
 * or recognised (confirmed/archived recognition of the term's school year).
 */
export async function coverageReport(
  db: Kysely<DB>,
  actor: Actor,
  termText: string,
  level: CoverageLevel,
  f: CoverageFilter = {},
) {
  const term = requireTerm(termText);
  const key =
    level === 'county' ? sql`s.county_code` : level === 'school' ? sql`s.school_code` : sql`s.stage`;
  // One city-wide pass over students joined to the trigger-kept per-student summary (ADR 0005):
  // give it memory enough to hash in RAM (no spill to disk), skip JIT compilation, which costs
  // more than it saves here, and let PostgreSQL scan and hash in parallel (its default costs keep
  // this plan serial; parallel it is ≈ 1.6× faster at 1M students, BENCHMARKS).
  const { rows } = await db.transaction().execute(async (trx) => {
    await sql`select set_config('work_mem', '64MB', true), set_config('jit', 'off', true),
      set_config('parallel_setup_cost', '0', true), set_config('parallel_tuple_cost', '0', true)`.execute(
      trx,
    );
    return sql<{
      key: string;
      students: number;
      poor: number;
      entitled: number;
      paid: number;
      unpaid: number;
      not_entitled: number;
      poor_without_aid: number;
      entitled_fen: number;
      paid_fen: number;
    }>`with c as (select student_id, ent_fen, paid_fen, unpaid_programmes > 0 as has_unpaid,
        unentitled_programmes > 0 as has_not_entitled from coverage_student where term = ${term.code})
    select ${key} as key, count(*)::int as students,
      count(*) filter (where poor.student_id is not null)::int as poor,
      count(*) filter (where c.ent_fen > 0)::int as entitled,
      count(*) filter (where c.paid_fen > 0)::int as paid,
      count(*) filter (where c.has_unpaid)::int as unpaid,
      count(*) filter (where c.has_not_entitled)::int as not_entitled,
      count(*) filter (where poor.student_id is not null and coalesce(c.ent_fen, 0) = 0)::int as poor_without_aid,
      coalesce(sum(c.ent_fen), 0)::bigint as entitled_fen, coalesce(sum(c.paid_fen), 0)::bigint as paid_fen
    from student s
    left join c on c.student_id = s.id
    left join (
      select student_id from match_result where result = 'confirmed'
      union
      select student_id from recognition where school_year = ${schoolYearOf(term)} and status in ('confirmed', 'archived')
    ) poor on poor.student_id = s.id
    where s.status = 'enrolled' and ${filters(actor, f)}
    group by 1 order by 1`.execute(trx);
  });
  const names = await groupNames(
    db,
    level,
    rows.map((r) => r.key),
  );
  const items = rows.map((r) => ({
    ...r,
    entitled_fen: Number(r.entitled_fen),
    paid_fen: Number(r.paid_fen),
    name: names.get(r.key) ?? r.key,
  }));
  const totals = items.reduce(
    (t, r) => {
      for (const k of [
        'students',
        'poor',
        'entitled',
        'paid',
        'unpaid',
        'not_entitled',
        'poor_without_aid',
        'entitled_fen',
        'paid_fen',
      ] as const)
        t[k] += r[k];
      return t;
    },
    {
      students: 0,
      poor: 0,
      entitled: 0,
      paid: 0,
      unpaid: 0,
      not_entitled: 0,
      poor_without_aid: 0,
      entitled_fen: 0,
      paid_fen: 0,
    },
  );
  return { term: term.code, level, items, totals };
}

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
  programme?: string;
  /** Keyset: rows after (studentId, programme). */
  after?: { studentId: number; programme: string };
  page?: number;
  pageSize: number;
}

/** The named list: one row per student × programme, with entitled, paid and status. */
export async function coverageList(db: Kysely<DB>, actor: Actor, termText: string, f: CoverageListFilter) {
  const term = requireTerm(termText);
  const conds: RawBuilder<unknown>[] = [filters(actor, f)];
  if (f.status) conds.push(sql`${STATUS_SQL} = ${f.status}`);
  if (f.programme && (PROGRAMME_CODES as readonly string[]).includes(f.programme))
    conds.push(sql`c.programme = ${f.programme}`);
  if (f.after) conds.push(sql`(c.student_id, c.programme) > (${f.after.studentId}, ${f.after.programme})`);
  const where = sql.join(conds, sql` and `);
  const from = sql`${pairs(term.code)} c join student s on s.id = c.student_id join school sc on sc.code = s.school_code`;
  const offset = f.after ? 0 : ((f.page ?? 1) - 1) * f.pageSize;
  const { rows } = await sql<{
    student_id: number;
    person_id: number | null;
    student_no: string;
    name: string;
    school_code: string;
    school_name: string;
    stage: string;
    programme: string;
    ent_fen: number;
    paid_fen: number;
    status: CoverageStatus;
  }>`select c.student_id, s.person_id, s.student_no, s.name, s.school_code, sc.name as school_name, s.stage,
      c.programme, c.ent_fen, c.paid_fen, ${STATUS_SQL} as status
    from ${from} where ${where}
    order by c.student_id, c.programme limit ${f.pageSize} offset ${offset}`.execute(db);
  const items = rows.map((r) => ({
    ...r,
    ent_fen: Number(r.ent_fen),
    paid_fen: Number(r.paid_fen),
    status_label: COVERAGE_LABELS[r.status],
  }));
  if (f.after) return { items, total: null as number | null };
  const total = await sql<{ n: number }>`select count(*)::int as n from ${from} where ${where}`.execute(db);
  return { items, total: total.rows[0]?.n ?? 0 };
}
