import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { type Actor, escapeLike, inScope } from '../../server/scope.ts';

const PUBLIC_COLUMNS = [
  'app_user.id',
  'app_user.username',
  'app_user.display_name',
  'app_user.role',
  'app_user.scope_code',
  'app_user.school_code',
  'app_user.disabled',
  'app_user.created_at',
  'app_user.updated_at',
] as const;

/** Users whose scope node lies inside the actor's scope, with their scope's name. */
export function listUsersInScope(db: Kysely<DB>, actor: Actor, filter: { q?: string; role?: string } = {}) {
  return db
    .selectFrom('app_user')
    .leftJoin('region', 'region.code', 'app_user.scope_code')
    .leftJoin('school', 'school.code', 'app_user.school_code')
    .select([...PUBLIC_COLUMNS, 'region.name as scope_name', 'school.name as school_name'])
    .where(inScope(actor, 'app_user.scope_code'))
    .$if(!!filter.role, (q) => q.where('app_user.role', '=', filter.role!))
    .$if(!!filter.q, (q) =>
      q.where((eb) =>
        eb.or([
          eb('app_user.username', 'ilike', `%${escapeLike(filter.q!)}%`),
          eb('app_user.display_name', 'ilike', `%${escapeLike(filter.q!)}%`),
        ]),
      ),
    )
    .orderBy('app_user.scope_code')
    .orderBy('app_user.username')
    .limit(1000)
    .execute();
}

/** One user, only when inside the actor's scope. */
export function findUserInScope(db: Kysely<DB>, actor: Actor, id: number) {
  return db
    .selectFrom('app_user')
    .select(PUBLIC_COLUMNS)
    .where('app_user.id', '=', id)
    .where(inScope(actor, 'app_user.scope_code'))
    .executeTakeFirst();
}
