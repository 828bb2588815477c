import { type Kysely, sql } from 'kysely';

/**
 * The changes one roll import recorded, by batch: a newer roll that looks older than an import already
 * made (roll-diff.ts olderRollSigns) is told by what that import recorded for the file's schools.
 * Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index student_change_batch_idx on student_change (batch_id, kind)`.execute(db);
}
