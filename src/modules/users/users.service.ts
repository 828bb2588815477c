import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import { appendAudit } from '../../server/audit.ts';
import { checkPasswordStrength, hashPassword } from '../../server/auth/password.ts';
import { badRequest, conflict, forbidden, notFound } from '../../server/errors.ts';
import { assignableRoles, type Role } from '../../server/roles.ts';
import { type Actor, assertCanPlaceAt } from '../../server/scope.ts';
import { findUserInScope } from './users.queries.ts';

export interface NewUserInput {
  username: string;
  displayName: string;
  role: Role;
  /** A division code, or for school roles the school code (the scope becomes the school's township). */
  scopeCode?: string;
  schoolCode?: string | null;
  password: string;
}

const SCHOOL_ROLES: Role[] = ['school_aid_officer', 'head_teacher'];

/** Creates a user inside the actor's scope, with a role the actor may assign. */
export async function createUser(
  db: Kysely<DB> | Transaction<DB>,
  actor: Actor,
  input: NewUserInput,
  opts: { skipStrength?: boolean } = {},
) {
  if (!assignableRoles(actor.role).includes(input.role)) throw forbidden('您不能创建该角色的账号');
  if (!/^[a-z][a-z0-9_.-]{2,31}$/.test(input.username))
    throw badRequest('用户名须为 3–32 位小写字母、数字或 _ . -，以字母开头');
  if (!opts.skipStrength) {
    const weak = checkPasswordStrength(input.password);
    if (weak) throw badRequest(weak);
  }
  const placement = await resolvePlacement(db, input.role, input.scopeCode, input.schoolCode);
  assertCanPlaceAt(actor, placement.scopeCode);
  const exists = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', input.username)
    .executeTakeFirst();
  if (exists) throw conflict(`用户名 ${input.username} 已存在`);
  const password_hash = await hashPassword(input.password);
  const row = await db
    .insertInto('app_user')
    .values({
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      scope_code: placement.scopeCode,
      school_code: placement.schoolCode,
      password_hash,
    })
    .returning(['id', 'username', 'display_name', 'role', 'scope_code', 'school_code', 'disabled'])
    .executeTakeFirstOrThrow();
  await appendAudit(db, actor, {
    action: 'create',
    entity: 'app_user',
    entityId: row.id,
    scopeCode: row.scope_code,
    after: row,
  });
  return row;
}

async function resolvePlacement(
  db: Kysely<DB> | Transaction<DB>,
  role: Role,
  scopeCode?: string,
  schoolCode?: string | null,
) {
  if (SCHOOL_ROLES.includes(role)) {
    if (!schoolCode) throw badRequest('学校账号必须指定学校');
    const school = await db
      .selectFrom('school')
      .select(['code', 'region_code'])
      .where('code', '=', schoolCode)
      .executeTakeFirst();
    if (!school) throw badRequest(`学校标识码 ${schoolCode} 不存在`);
    return { scopeCode: school.region_code, schoolCode: school.code };
  }
  if (!scopeCode) throw badRequest('必须指定管辖区域');
  const region = await db
    .selectFrom('region')
    .select(['code', 'level'])
    .where('code', '=', scopeCode)
    .where('current', '=', true)
    .executeTakeFirst();
  if (!region) throw badRequest(`行政区划代码 ${scopeCode} 不存在`);
  if (role.startsWith('city_') && region.level !== 'city') throw badRequest('市级角色的管辖区域必须是市');
  if (role.startsWith('county_') && region.level !== 'county')
    throw badRequest('县级角色的管辖区域必须是县(市、区)');
  if (role === 'township_official' && region.level !== 'township')
    throw badRequest('乡镇干部的管辖区域必须是乡镇(街道)');
  return { scopeCode: region.code, schoolCode: null };
}

export interface UserPatch {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  password?: string;
}

/** Edits a user inside the actor's scope; a password reset ends their sessions. */
export async function updateUser(db: Kysely<DB>, actor: Actor, id: number, patch: UserPatch) {
  return db.transaction().execute(async (trx) => {
    const before = await findUserInScope(trx, actor, id);
    if (!before) throw notFound('用户');
    if (!assignableRoles(actor.role).includes(before.role as Role)) throw forbidden('您不能修改该角色的账号');
    if (patch.role && !assignableRoles(actor.role).includes(patch.role)) throw forbidden('您不能指定该角色');
    if (id === actor.id && patch.disabled) throw badRequest('不能停用自己的账号');
    const set: Record<string, unknown> = { updated_at: new Date() };
    if (patch.displayName !== undefined) set.display_name = patch.displayName;
    if (patch.role !== undefined) set.role = patch.role;
    if (patch.disabled !== undefined) set.disabled = patch.disabled;
    if (patch.password !== undefined) {
      const weak = checkPasswordStrength(patch.password);
      if (weak) throw badRequest(weak);
      set.password_hash = await hashPassword(patch.password);
      set.password_changed_at = new Date();
    }
    const after = await trx
      .updateTable('app_user')
      .set(set)
      .where('id', '=', id)
      .returning(['id', 'username', 'display_name', 'role', 'scope_code', 'school_code', 'disabled'])
      .executeTakeFirstOrThrow();
    if (patch.password !== undefined || patch.disabled)
      await trx.deleteFrom('session').where('user_id', '=', id).execute();
    const { created_at: _c, updated_at: _u, ...beforeShown } = before;
    await appendAudit(trx, actor, {
      action: 'update',
      entity: 'app_user',
      entityId: id,
      scopeCode: after.scope_code,
      before: beforeShown,
      after: { ...after, ...(patch.password !== undefined ? { password: '(已重置)' } : {}) },
    });
    return after;
  });
}
