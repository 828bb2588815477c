import { type Kysely, sql } from 'kysely';

/**
 * Registry persons by ID: a reviewer's confirmation names whose ID a pupil's row carries when it is
 * not the confirmed person's own (comparison/review.service.ts). Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('registry_person_id_number_idx')
    .on('registry_person')
    .column('id_number')
    .where(sql.ref('current'), '=', true)
    .execute();
}
