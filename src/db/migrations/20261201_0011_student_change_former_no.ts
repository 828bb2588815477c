import { type Kysely, sql } from 'kysely';

/**
 * The 学籍号 a pupil had before a newer roll renumbered them (temporary L… → G + ID): the import files
 * the change under the new number with the old one in its before-snapshot, and 一生一档 finds the
 * pupil by it. A partial index over those changes only (a few among a city's millions), so the
 * search by an old number reads no snapshot it does not need. Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index student_change_former_no_idx on student_change
    ((before -> 'fields' ->> 'student_no'))
    where (before -> 'fields' ->> 'student_no') <> student_no`.execute(db);
}
