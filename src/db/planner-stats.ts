/**
 * Fresh planner statistics after a bulk write. PostgreSQL's autovacuum analyzes a table some time
 * after it changed; the embedded PGlite has no autovacuum at all, so after a first import its
 * planner believed the roll empty (tester v19a: a county's 20,000 pupils, 信息比对's counts chose
 * nested loops over the whole roll and froze the server for a minute). Each bulk writer (imports, the
 * comparison, the entitlement run) analyzes the tables it filled once it has committed: ANALYZE
 * samples at most 30,000 rows a table, so it costs well under a second even at city scale.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from './types.ts';

export type AnalyzedTable =
  | 'student'
  | 'student_change'
  | 'person'
  | 'registry_person'
  | 'assistance_entry'
  | 'school'
  | 'match_result'
  | 'out_of_school'
  | 'entitlement'
  | 'entitlement_change'
  | 'coverage_student';

/** ANALYZE of `tables` (names from the closed list above, never from input). */
export async function refreshPlannerStats(db: Kysely<DB>, tables: readonly AnalyzedTable[]): Promise<void> {
  if (tables.length === 0) return;
  await sql`analyze ${sql.join(tables.map((t) => sql.table(t)))}`.execute(db);
}
