import { type Kysely, sql } from 'kysely';

/**
 * Pupils who moved out of a school, by the school they left (the change's before-snapshot): the
 * school's 转出学生 list (schools.queries.ts transfersOut). Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index student_change_moved_from_idx on student_change ((before ->> 'schoolCode'), at)
    where kind = 'moved'`.execute(db);
}
