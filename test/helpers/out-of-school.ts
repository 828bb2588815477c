import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';

/** The 人编号 of the registry children on the out-of-school list, as the last comparison left it. */
export async function outOfSchoolPersonNos(db: Kysely<DB>): Promise<string[]> {
  const rows = await db
    .selectFrom('out_of_school as o')
    .innerJoin('registry_person as p', 'p.id', 'o.registry_person_id')
    .select('p.person_no')
    .execute();
  return rows.map((x) => x.person_no);
}
