import type { Kysely } from 'kysely';

/**
 * 核实提示 of an out-of-school child: a county's comparison sees its own roll only, so it notes a
 * pupil of another county's school with the child's name and birth date (疑似在外县就读, the school
 * and the masked 学籍号; domain/matching/enrolled-elsewhere.ts). The child stays on the list; null
 * when there is nothing to note, and for rows written before this column. The 控辍保学 list, made
 * from the registry and the rolls, reads the hint by registry person: indexed. Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('out_of_school').addColumn('hint', 'text').execute();
  await db.schema
    .createIndex('out_of_school_person_idx')
    .on('out_of_school')
    .column('registry_person_id')
    .execute();
}
