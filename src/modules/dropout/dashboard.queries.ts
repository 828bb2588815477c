/**
 * 工作要点 5 dashboard: cases by county, status and reason; the return rate; overdue cases.
 * Counts come from the scoped ledger only.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.ts';
import { daysOverdue } from '../../domain/dropout/index.ts';
import type { Actor } from '../../server/scope.ts';
import { caseInScope } from './cases.queries.ts';

/** Aggregates of the ledger in the actor's scope on `today`. */
export async function dropoutDashboard(db: Kysely<DB>, actor: Actor, today: string) {
  const base = () => db.selectFrom('dropout_case').where(caseInScope(actor));
  const [byCounty, byStatus, byReason, totals, overdue] = await Promise.all([
    base()
      .leftJoin('region as c', 'c.code', 'dropout_case.county_code')
      .select([
        'dropout_case.county_code',
        'c.name as county_name',
        sql<number>`count(*)::int`.as('total'),
        sql<number>`count(*) filter (where dropout_case.status <> 'closed')::int`.as('open'),
        sql<number>`count(*) filter (where dropout_case.return_date is not null)::int`.as('returned'),
        sql<number>`count(*) filter (where dropout_case.status <> 'closed' and dropout_case.deadline < ${today})::int`.as(
          'overdue',
        ),
      ])
      .groupBy(['dropout_case.county_code', 'c.name'])
      .orderBy('dropout_case.county_code')
      .execute(),
    base()
      .select(['dropout_case.status', sql<number>`count(*)::int`.as('n')])
      .groupBy('dropout_case.status')
      .execute(),
    base()
      .select(['dropout_case.reason', sql<number>`count(*)::int`.as('n')])
      .groupBy('dropout_case.reason')
      .execute(),
    base()
      .select([
        sql<number>`count(*)::int`.as('total'),
        sql<number>`count(*) filter (where dropout_case.status <> 'closed')::int`.as('open'),
        sql<number>`count(*) filter (where dropout_case.return_date is not null)::int`.as('returned'),
        sql<number>`count(*) filter (where dropout_case.status <> 'closed' and dropout_case.deadline < ${today})::int`.as(
          'overdue',
        ),
      ])
      .executeTakeFirstOrThrow(),
    base()
      .leftJoin('school as sc', 'sc.code', 'dropout_case.school_code')
      .select([
        'dropout_case.id',
        'dropout_case.name',
        'dropout_case.status',
        'dropout_case.deadline',
        'dropout_case.county_code',
        'dropout_case.region_code',
        'sc.name as school_name',
      ])
      .where('dropout_case.status', '<>', 'closed')
      .where('dropout_case.deadline', '<', today)
      .orderBy('dropout_case.deadline')
      .limit(50)
      .execute(),
  ]);
  return {
    today,
    totals: {
      ...totals,
      // 复学率: cases whose child came back (a return date is recorded) over all cases.
      returnRate: totals.total ? totals.returned / totals.total : null,
    },
    byCounty,
    byStatus,
    byReason,
    overdue: overdue.map((o) => ({ ...o, days_overdue: daysOverdue(o.status, o.deadline, today) })),
  };
}
