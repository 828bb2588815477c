import type { Kysely } from 'kysely';

/**
 * The school a child returned to (已复学), picked from the school list when the case changes to
 * 已复学. Null for cases that never returned, and for returns recorded before this column (their
 * history entry names the school in words). Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('dropout_case').addColumn('return_school_code', 'text').execute();
}
