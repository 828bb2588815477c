import type { Kysely } from 'kysely';

/**
 * 身份证件类型 of a student whose 身份证件号 is another document's number (护照, 台湾居民来往大陆通行证,
 * 出生医学证明…; domain/identity/document-type.ts). Null for a 公民身份号码, as every row stored
 * before this column was. The comparison then compares the student without an ID, and the number
 * is never listed as an ID problem. Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('student').addColumn('id_type', 'text').execute();
}
