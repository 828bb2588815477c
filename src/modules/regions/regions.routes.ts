import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.ts';
import { notFound } from '../../server/errors.ts';
import { type App, requireActor } from '../../server/http.ts';
import type { Actor } from '../../server/scope.ts';
import { keyPovertyCounties } from './reference-data.ts';
import {
  countSchoolsByChild,
  findAncestors,
  findVisibleRegion,
  listSchoolsAt,
  listVisibleChildren,
} from './regions.queries.ts';

const CodeParams = z.strictObject({ code: z.string().regex(/^\d{4}(\d{2}(\d{3}(\d{3})?)?)?$/) });

const CHILD_LENGTH: Record<string, number | undefined> = { city: 6, county: 9, township: 12 };

/**
 * One node of the division tree as the actor may see it: the node, its ancestors (names for a
 * breadcrumb), its visible children with school counts, and at township/village level its schools.
 */
export async function regionNode(db: Kysely<DB>, actor: Actor, code: string) {
  const node = await findVisibleRegion(db, actor, code);
  if (!node) throw notFound('行政区划');
  const keyCounties = new Set(await keyPovertyCounties(db));
  const path = await findAncestors(db, node.code);
  const childLength = CHILD_LENGTH[node.level];
  const children = childLength ? await listVisibleChildren(db, actor, node.code) : [];
  const counts = childLength ? await countSchoolsByChild(db, actor, node.code, childLength) : new Map();
  const schools =
    node.level === 'township' || node.level === 'village'
      ? await listSchoolsAt(db, actor, node.code, node.level)
      : [];
  return {
    region: {
      code: node.code,
      name: node.name,
      level: node.level,
      parent_code: node.parent_code,
      is_county_seat: node.is_county_seat,
      is_urban_district: node.is_urban_district,
      key_poverty_county: !!node.county_code && keyCounties.has(node.county_code),
    },
    path,
    children: children.map((c) => ({
      code: c.code,
      name: c.name,
      level: c.level,
      school_count: counts.get(c.code) ?? 0,
      child_count: Number(c.child_count ?? 0),
    })),
    schools,
  };
}

/** Division tree browsing, scoped to the signed-in user. */
export async function regionRoutes(app: App): Promise<void> {
  const db = app.database.db;

  app.get('/api/regions', { schema: { tags: ['regions'] } }, async (req) => {
    const actor = requireActor(req);
    return regionNode(db, actor, actor.scopeCode);
  });

  app.get('/api/regions/:code', { schema: { params: CodeParams, tags: ['regions'] } }, async (req) => {
    const actor = requireActor(req);
    return regionNode(db, actor, req.params.code);
  });
}
