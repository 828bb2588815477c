import { type Kysely, sql } from 'kysely';

/**
 * Planner statistics for a database filled before bulk writers refreshed them (db/planner-stats.ts):
 * the embedded PGlite never analyzes by itself, so its planner may still take the roll for empty.
 * One ANALYZE of every table, once. Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`analyze`.execute(db);
}
