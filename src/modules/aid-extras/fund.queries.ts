/**
 * Scoped reads of the 学校资助基金 (工作要点 2): entries and balances per school and county. Every
 * query composes `fundInScope` (school roles: their school; others: their subtree).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { FundKindCol } from '../../db/types-aid-extras.ts';
import { type Actor, inSchoolScope } from '../../server/scope.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** The scope filter of fund entries. */
export function fundInScope(actor: Actor) {
  return inSchoolScope(actor, 'school_aid_fund_entry.school_code', 'school_aid_fund_entry.region_code');
}

export interface EntryFilter {
  schoolCode?: string;
  year?: number;
  kind?: FundKindCol;
  page: number;
  pageSize: number;
}

/** A page of entries, newest first, with school and recipient. */
export async function listFundEntries(db: Executor, actor: Actor, f: EntryFilter) {
  const base = db
    .selectFrom('school_aid_fund_entry')
    .where(fundInScope(actor))
    .$if(!!f.schoolCode, (b) => b.where('school_aid_fund_entry.school_code', '=', f.schoolCode!))
    .$if(!!f.year, (b) => b.where('school_aid_fund_entry.year', '=', f.year!))
    .$if(!!f.kind, (b) => b.where('school_aid_fund_entry.kind', '=', f.kind!));
  const [items, total] = await Promise.all([
    base
      .leftJoin('school', 'school.code', 'school_aid_fund_entry.school_code')
      .selectAll('school_aid_fund_entry')
      .select('school.name as school_name')
      .orderBy('school_aid_fund_entry.entry_date', 'desc')
      .orderBy('school_aid_fund_entry.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

const sumOf = (cond: string) =>
  sql<number>`coalesce(sum(case when ${sql.raw(cond)} then school_aid_fund_entry.amount_fen else 0 end), 0)`;
const SIGNED = `case when school_aid_fund_entry.kind in ('fee_waiver','living_subsidy')
  then -school_aid_fund_entry.amount_fen else school_aid_fund_entry.amount_fen end`;

/**
 * Per school in scope, for `year`: opening balance (all earlier years), extracted, spent on
 * 减免学费 and 临时生活补助, adjusted, and closing balance; and the same summed per county.
 */
export async function fundBalances(db: Executor, actor: Actor, year: number) {
  const rows = await db
    .selectFrom('school_aid_fund_entry')
    .innerJoin('school', 'school.code', 'school_aid_fund_entry.school_code')
    .leftJoin('region as county', 'county.code', 'school_aid_fund_entry.county_code')
    .where(fundInScope(actor))
    .where('school_aid_fund_entry.year', '<=', year)
    .select([
      'school_aid_fund_entry.school_code',
      'school.name as school_name',
      'school_aid_fund_entry.county_code',
      'county.name as county_name',
      sql<number>`coalesce(sum(case when school_aid_fund_entry.year < ${year} then ${sql.raw(SIGNED)} else 0 end), 0)`.as(
        'opening_fen',
      ),
      sumOf(`school_aid_fund_entry.year = ${year} and school_aid_fund_entry.kind = 'extraction'`).as(
        'extracted_fen',
      ),
      sumOf(`school_aid_fund_entry.year = ${year} and school_aid_fund_entry.kind = 'fee_waiver'`).as(
        'fee_waiver_fen',
      ),
      sumOf(`school_aid_fund_entry.year = ${year} and school_aid_fund_entry.kind = 'living_subsidy'`).as(
        'living_subsidy_fen',
      ),
      sumOf(`school_aid_fund_entry.year = ${year} and school_aid_fund_entry.kind = 'adjustment'`).as(
        'adjusted_fen',
      ),
      sql<number>`coalesce(sum(${sql.raw(SIGNED)}), 0)`.as('balance_fen'),
    ])
    .groupBy([
      'school_aid_fund_entry.school_code',
      'school.name',
      'school_aid_fund_entry.county_code',
      'county.name',
    ])
    .orderBy('school_aid_fund_entry.county_code')
    .orderBy('school_aid_fund_entry.school_code')
    .execute();
  const schools = rows.map((r) => ({
    ...r,
    opening_fen: Number(r.opening_fen),
    extracted_fen: Number(r.extracted_fen),
    fee_waiver_fen: Number(r.fee_waiver_fen),
    living_subsidy_fen: Number(r.living_subsidy_fen),
    adjusted_fen: Number(r.adjusted_fen),
    balance_fen: Number(r.balance_fen),
  }));
  const counties = new Map<string, (typeof schools)[number] & { schools: number }>();
  for (const s of schools) {
    const c = counties.get(s.county_code);
    if (!c) {
      counties.set(s.county_code, { ...s, school_code: '', school_name: '', schools: 1 });
      continue;
    }
    c.schools += 1;
    for (const k of [
      'opening_fen',
      'extracted_fen',
      'fee_waiver_fen',
      'living_subsidy_fen',
      'adjusted_fen',
      'balance_fen',
    ] as const)
      c[k] += s[k];
  }
  return {
    year,
    schools,
    counties: [...counties.values()].map(({ school_code: _s, school_name: _n, ...c }) => c),
  };
}

/** The balance of one school (all years), read inside the writer's transaction. */
export async function schoolBalance(db: Executor, schoolCode: string): Promise<number> {
  const r = await db
    .selectFrom('school_aid_fund_entry')
    .select(sql<number>`coalesce(sum(${sql.raw(SIGNED)}), 0)`.as('b'))
    .where('school_code', '=', schoolCode)
    .executeTakeFirstOrThrow();
  return Number(r.b);
}
