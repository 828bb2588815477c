import { type Kysely, sql } from 'kysely';

/**
 * The person a pupil's record left when a newer roll corrected their ID (students.import.ts: the
 * change's before-snapshot keeps the record's person, `personId`): 一生一档 of that former person
 * says where the record went, and a search by the former ID still finds them. A partial index over
 * the changes whose ID cell changed (a few among a city's millions), so the former person's file
 * reads no snapshot it does not need (persons.queries.ts movedOut repeats the predicate). Frozen
 * once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index student_change_former_person_idx on student_change
    ((before ->> 'personId'))
    where (before -> 'fields' ->> 'id_number_raw') <> (after -> 'fields' ->> 'id_number_raw')`.execute(db);
}
