import { type Kysely, sql } from 'kysely';
import { expect } from 'vitest';
import type { DB } from '../../src/db/types.ts';

/**
 * The trigger-kept `coverage_pair` and `coverage_student` (migration 0007) must equal a
 * recomputation from the lines themselves, for every term and student; rows whose counts fell to
 * zero read as absent and must carry nothing. Returns how many students have lines.
 */
export async function expectCoverageSummaryConsistent(db: Kysely<DB>): Promise<number> {
  const recomputedPairs = sql`(
      select term, student_id, programme, sum(ent_fen) as ent_fen, sum(ent_n)::int as ent_n,
        sum(paid_fen) as paid_fen, sum(paid_n)::int as paid_n
      from (select term, student_id, programme, amount_fen::bigint as ent_fen, 1 as ent_n, 0::bigint as paid_fen, 0 as paid_n
              from entitlement
            union all
            select term, student_id, programme, 0, 0, amount_fen, 1 from payment_line where status = 'paid') x
      group by 1, 2, 3)`;
  const keptPairs =
    await sql`select term, student_id::text, programme, ent_lines, paid_lines from coverage_pair
    where ent_lines <> 0 or paid_lines <> 0 order by 1, 2, 3`.execute(db);
  const pairs = await sql`select term, student_id::text, programme, ent_n as ent_lines, paid_n as paid_lines
    from ${recomputedPairs} p order by 1, 2, 3`.execute(db);
  expect(keptPairs.rows).toEqual(pairs.rows);

  const kept = await sql`select term, student_id::text, ent_fen::text, paid_fen::text, unpaid_programmes,
      unentitled_programmes
    from coverage_student where ent_fen <> 0 or paid_fen <> 0 order by 1, 2`.execute(db);
  const recomputed = await sql`select term, student_id::text, sum(ent_fen)::text as ent_fen,
      sum(paid_fen)::text as paid_fen,
      count(*) filter (where ent_n > 0 and paid_n = 0)::int as unpaid_programmes,
      count(*) filter (where paid_n > 0 and ent_n = 0)::int as unentitled_programmes
    from ${recomputedPairs} p group by 1, 2 order by 1, 2`.execute(db);
  expect(kept.rows).toEqual(recomputed.rows);
  const stale = await sql<{ n: number }>`select count(*)::int as n from coverage_student
    where ent_fen = 0 and paid_fen = 0 and (unpaid_programmes <> 0 or unentitled_programmes <> 0)`.execute(
    db,
  );
  expect(stale.rows[0]!.n).toBe(0);
  return kept.rows.length;
}
