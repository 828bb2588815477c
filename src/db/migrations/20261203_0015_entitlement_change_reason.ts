import type { Kysely } from 'kysely';

/**
 * Why a re-run removed a pupil's entitlement (entitlement.run.ts, domain entitlementEndReason: left
 * the roll, moved out of the run's scope, no longer in the group the rule named), kept with the
 * change: a payment list approved before that run shows it as a notice to follow up, not as a
 * payment without entitlement. Null for additions, amount changes and the runs before it. Frozen
 * once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('entitlement_change').addColumn('reason', 'text').execute();
  await db.schema
    .createIndex('entitlement_change_student_idx')
    .on('entitlement_change')
    .columns(['student_id', 'programme'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('entitlement_change_student_idx').ifExists().execute();
  await db.schema.alterTable('entitlement_change').dropColumn('reason').execute();
}
