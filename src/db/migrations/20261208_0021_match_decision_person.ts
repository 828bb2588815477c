import { type Kysely, sql } from 'kysely';

/**
 * The person a review decision was made on (verifier v27d F1): a later 建档立卡 list may give the
 * decided 人编号 to another person, or the person another 人编号 (a household split), so the number
 * alone no longer says whom the reviewer meant. Filled for earlier decisions from the registry row
 * that held the number when the decision was taken (the latest list imported by then). Frozen once
 * landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('match_decision')
    .addColumn('person_id', 'bigint', (c) => c.references('person.id'))
    .execute();
  await fillDecidedPersons(db);
}

/** Each decision without its person: the person of the row that held its number when it was taken. */
export async function fillDecidedPersons(db: Kysely<any>): Promise<void> {
  await sql`update match_decision d set person_id = (
      select rp.person_id from registry_person rp join import_batch b on b.id = rp.batch_id
      where rp.person_no = d.person_no and b.created_at <= d.at
      order by b.created_at desc, rp.id desc limit 1)
    where d.person_id is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('match_decision').dropColumn('person_id').execute();
}
