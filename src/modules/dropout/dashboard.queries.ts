/**
 * 工作要点 5 dashboard: children by county, status and reason; the return rate; overdue cases.
 * Counts come from the scoped ledger only.
 *
 * The unit is the child, not the case: a child may have several cases over time (a return that
 * did not hold opens a new one), and counting cases counted her twice. Each child (the case's
 * `child_key`, the key of the one-open-case rule) is counted once, by their latest case. A child
 * is 已复学 when that case records a return (domain isReturned); the return counts in 复学率 only
 * when the roll shows the child now (domain returnState `confirmed`) — otherwise it is 待学籍核实
 * and shown apart, as the out-of-school list shows the child.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.ts';
import { daysOverdue } from '../../domain/dropout/index.ts';
import type { Actor } from '../../server/scope.ts';
import { caseChildEnrolledNowhere, caseInScope } from './cases.queries.ts';

/** Aggregates of the ledger in the actor's scope on `today`. */
export async function dropoutDashboard(db: Kysely<DB>, actor: Actor, today: string) {
  const base = () => db.selectFrom('dropout_case').where(caseInScope(actor));
  // Each child's latest case in scope.
  const latest = () =>
    db.selectFrom(
      base()
        .selectAll('dropout_case')
        .distinctOn('dropout_case.child_key')
        .orderBy('dropout_case.child_key')
        .orderBy('dropout_case.opened_at', 'desc')
        .orderBy('dropout_case.id', 'desc')
        .as('c'),
    );
  const counts = [
    sql<number>`count(*)::int`.as('total'),
    sql<number>`count(*) filter (where c.status <> 'closed')::int`.as('open'),
    sql<number>`count(*) filter (where c.return_date is not null)::int`.as('returned'),
    sql<number>`count(*) filter (where c.return_date is not null and ${caseChildEnrolledNowhere('c')})::int`.as(
      'unconfirmed',
    ),
    sql<number>`count(*) filter (where c.status <> 'closed' and c.deadline < ${today})::int`.as('overdue'),
  ] as const;
  const [byCounty, byStatus, byReason, totals, cases, overdue] = await Promise.all([
    latest()
      .leftJoin('region as r', 'r.code', 'c.county_code')
      .select(['c.county_code', 'r.name as county_name', ...counts])
      .groupBy(['c.county_code', 'r.name'])
      .orderBy('c.county_code')
      .execute(),
    latest()
      .select(['c.status', sql<number>`count(*)::int`.as('n')])
      .groupBy('c.status')
      .execute(),
    latest()
      .select(['c.reason', sql<number>`count(*)::int`.as('n')])
      .groupBy('c.reason')
      .execute(),
    latest().select(counts).executeTakeFirstOrThrow(),
    base().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
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
  const withConfirmed = <T extends { returned: number; unconfirmed: number }>(r: T) => ({
    ...r,
    confirmed: r.returned - r.unconfirmed,
  });
  const t = withConfirmed(totals);
  return {
    today,
    totals: {
      ...t,
      /** Case records, for reference: a child with a second case is one child, two cases. */
      cases: cases.n,
      // 复学率: children whose latest case records a return the roll confirms, over all children.
      returnRate: t.total ? t.confirmed / t.total : null,
    },
    byCounty: byCounty.map(withConfirmed),
    byStatus,
    byReason,
    overdue: overdue.map((o) => ({ ...o, days_overdue: daysOverdue(o.status, o.deadline, today) })),
  };
}
