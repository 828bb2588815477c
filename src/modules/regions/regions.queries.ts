import { type Kysely, type RawBuilder, type SqlBool, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import { type Actor, inSchoolScope, inScope } from '../../server/scope.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Region reads. Region names are not sensitive, but which branches a user is shown is still
 * decided here, in one place: the nodes inside the actor's scope, plus the chain of ancestors
 * above it so that a breadcrumb can be drawn; a school-bound user sees only their school's branch.
 */

/**
 * SQL: the region row `alias` is visible to the actor. Inside the scope, or an ancestor of the
 * scope node; for a school-bound actor only the nodes on the way to their school.
 */
export function regionVisible(actor: Actor, alias: string): RawBuilder<SqlBool> {
  const code = sql.ref(`${alias}.code`);
  const ancestorOfScope = sql<SqlBool>`left(${actor.scopeCode}, length(${code})) = ${code}`;
  if (actor.schoolCode) return ancestorOfScope;
  return sql<SqlBool>`(${inScope(actor, `${alias}.code`)} or ${ancestorOfScope})`;
}

/** One node of the tree in use, if the actor may see it (inside the scope or above it). */
export function findVisibleRegion(db: Executor, actor: Actor, code: string) {
  return db
    .selectFrom('region as r')
    .select([
      'r.code',
      'r.name',
      'r.level',
      'r.parent_code',
      'r.county_code',
      'r.is_county_seat',
      'r.is_urban_district',
    ])
    .where('r.code', '=', code)
    .where('r.current', '=', true)
    .where(regionVisible(actor, 'r'))
    .executeTakeFirst();
}

/** The ancestors of a code, city first (names only: a breadcrumb, not data). */
export function findAncestors(db: Executor, code: string) {
  const prefixes = [4, 6, 9].filter((n) => n < code.length).map((n) => code.slice(0, n));
  if (prefixes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('region')
    .select(['code', 'name', 'level'])
    .where('code', 'in', prefixes)
    .where('current', '=', true)
    .orderBy(sql`length(code)`)
    .execute();
}

/** The visible children of a node, each with how many visible children it has in turn. */
export function listVisibleChildren(db: Executor, actor: Actor, parentCode: string) {
  return db
    .selectFrom('region as c')
    .select((eb) => [
      'c.code',
      'c.name',
      'c.level',
      eb
        .selectFrom('region as g')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('g.parent_code', '=', 'c.code')
        .where('g.current', '=', true)
        .where(regionVisible(actor, 'g'))
        .as('child_count'),
    ])
    .where('c.parent_code', '=', parentCode)
    .where('c.current', '=', true)
    .where(regionVisible(actor, 'c'))
    .orderBy('c.code')
    .execute();
}

/**
 * Schools in scope per child subtree of `parentCode`, in one grouped query: children of a
 * node all have codes of one length, so the prefix of that length names the subtree.
 */
export async function countSchoolsByChild(
  db: Executor,
  actor: Actor,
  parentCode: string,
  childLength: number,
): Promise<Map<string, number>> {
  // A literal, not a parameter: PostgreSQL matches the GROUP BY expression to the select list
  // only when both are the same text, and two parameters are two different expressions.
  const prefix = sql<string>`left(school.region_code, ${sql.lit(childLength)})`;
  const rows = await db
    .selectFrom('school')
    .select([prefix.as('prefix'), sql<number>`count(*)::int`.as('n')])
    .where('school.region_code', 'like', `${parentCode}%`)
    .where(inSchoolScope(actor, 'school.code', 'school.region_code'))
    .groupBy(prefix)
    .execute();
  return new Map(rows.map((r) => [r.prefix, r.n]));
}

/** Schools in scope in a township (all of it) or a village. */
export function listSchoolsAt(db: Executor, actor: Actor, code: string, level: 'township' | 'village') {
  return db
    .selectFrom('school')
    .select([
      'school.code',
      'school.name',
      'school.region_code',
      'school.stages',
      'school.kind',
      'school.urban_rural',
      'school.ownership',
      'school.boarding',
    ])
    .$if(level === 'township', (q) => q.where('school.township_code', '=', code))
    .$if(level === 'village', (q) => q.where('school.region_code', '=', code))
    .where(inSchoolScope(actor, 'school.code', 'school.region_code'))
    .orderBy('school.kind')
    .orderBy('school.name')
    .limit(1000)
    .execute();
}

/** Every region row of both editions and the code map: the importer's name lookup. */
export async function loadPlaceTables(db: Executor) {
  // One after the other: inside a transaction both would share one connection anyway.
  const regions = await db
    .selectFrom('region')
    .select(['code', 'name', 'level', 'parent_code', 'current', 'is_county_seat', 'is_urban_district'])
    .execute();
  const mappings = await db.selectFrom('region_code_map').select(['old_code', 'new_code']).execute();
  return { regions, mappings };
}
