import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import type { School } from '../../src/synth/schools.ts';

const STAGE: Record<string, 'preschool' | 'primary' | 'junior' | 'senior' | 'vocational'> = {
  学前: 'preschool',
  小学: 'primary',
  初中: 'junior',
  普通高中: 'senior',
  中职: 'vocational',
};

/**
 * Puts a synthetic dataset's schools into the school table, so its roll can be imported.
 * County-level schools (no township) are placed in the county's first township.
 */
export async function insertSynthSchools(db: Kysely<DB>, schools: School[]): Promise<void> {
  const towns = await db
    .selectFrom('region')
    .select(['code', 'county_code'])
    .where('level', '=', 'township')
    .where('current', '=', true)
    .orderBy('code')
    .execute();
  const firstTown = new Map<string, string>();
  for (const t of towns)
    if (t.county_code && !firstTown.has(t.county_code)) firstTown.set(t.county_code, t.code);
  const rows = schools.map((s) => {
    const township = s.townshipCode ?? firstTown.get(s.countyCode)!;
    return {
      code: s.code,
      name: s.name,
      county_code: township.slice(0, 6),
      township_code: township,
      region_code: township,
      stages: [STAGE[s.stage]!],
      ownership: 'public' as const,
      boarding: false,
      kind: 'regular' as const,
      urban_rural: s.rural ? ('rural' as const) : ('urban' as const),
      urban_rural_manual: false,
    };
  });
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('school')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
}
