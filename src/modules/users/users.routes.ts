import { z } from 'zod';
import { notFound } from '../../server/errors.ts';
import { type App, requireActor, requirePermission } from '../../server/http.ts';
import { ROLE_LABELS, ROLES, type Role } from '../../server/roles.ts';
import { plainText } from '../../server/text-field.ts';
import { findUserInScope, listUsersInScope } from './users.queries.ts';
import { createUser, updateUser } from './users.service.ts';

const RoleEnum = z.enum(ROLES);
const CreateBody = z.strictObject({
  username: z.string().trim().min(3).max(32),
  displayName: plainText(50, 1),
  role: RoleEnum,
  scopeCode: z
    .string()
    .regex(/^\d{4,12}$/)
    .optional(),
  schoolCode: z
    .string()
    .regex(/^\d{10}$/)
    .nullish(),
  password: z.string().min(1).max(128),
});
const PatchBody = z.strictObject({
  displayName: plainText(50, 1).optional(),
  role: RoleEnum.optional(),
  disabled: z.boolean().optional(),
  password: z.string().min(1).max(128).optional(),
});
const IdParams = z.strictObject({ id: z.coerce.number().int().positive() });
const ListQuery = z.strictObject({ q: z.string().max(50).optional(), role: RoleEnum.optional() });

function present(u: { role: string } & Record<string, unknown>) {
  return { ...u, role_label: ROLE_LABELS[u.role as Role]?.zh ?? u.role };
}

/** User administration within one's scope. */
export async function userRoutes(app: App): Promise<void> {
  const db = app.database.db;

  app.get('/api/roles', { schema: { tags: ['users'] } }, async (req) => {
    requireActor(req);
    return { roles: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r].zh, labelEn: ROLE_LABELS[r].en })) };
  });

  app.get('/api/users', { schema: { querystring: ListQuery, tags: ['users'] } }, async (req) => {
    const actor = requirePermission(req, 'users.manage');
    const rows = await listUsersInScope(db, actor, req.query);
    return { items: rows.map(present) };
  });

  app.get('/api/users/:id', { schema: { params: IdParams, tags: ['users'] } }, async (req) => {
    const actor = requirePermission(req, 'users.manage');
    const user = await findUserInScope(db, actor, req.params.id);
    if (!user) throw notFound('用户');
    return { user: present(user) };
  });

  app.post('/api/users', { schema: { body: CreateBody, tags: ['users'] } }, async (req, reply) => {
    const actor = requirePermission(req, 'users.manage');
    const user = await db.transaction().execute((trx) => createUser(trx, actor, req.body));
    reply.status(201);
    return { user: present(user) };
  });

  app.patch(
    '/api/users/:id',
    { schema: { params: IdParams, body: PatchBody, tags: ['users'] } },
    async (req) => {
      const actor = requirePermission(req, 'users.manage');
      const user = await updateUser(db, actor, req.params.id, req.body);
      return { user: present(user) };
    },
  );
}
