import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.ts';
import { appendAudit } from '../../server/audit.ts';
import { checkPasswordStrength, hashPassword, verifyPassword } from '../../server/auth/password.ts';
import { LoginLimiter } from '../../server/auth/rate-limit.ts';
import { AppError, badRequest } from '../../server/errors.ts';
import { type App, requireActor } from '../../server/http.ts';
import { can, ROLE_LABELS } from '../../server/roles.ts';
import type { Actor } from '../../server/scope.ts';
import {
  actorForToken,
  createSession,
  deleteOtherSessions,
  deleteSession,
  SESSION_COOKIE,
} from './sessions.ts';

/** Reads the session cookie into the request's actor. */
export function loadActor(
  db: Kysely<DB>,
  cookies: Record<string, string | undefined>,
): Promise<Actor | null> {
  return actorForToken(db, cookies[SESSION_COOKIE]);
}

const LoginBody = z.strictObject({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(256),
});
const PasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

/** The shape of the signed-in user sent to the browser. */
export function presentActor(a: Actor) {
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    roleLabel: ROLE_LABELS[a.role].zh,
    /** The English label comes with the user, so a reload in the English UI shows it at once. */
    roleLabelEn: ROLE_LABELS[a.role].en,
    scopeCode: a.scopeCode,
    schoolCode: a.schoolCode,
    permissions: {
      manageUsers: can(a.role, 'users.manage'),
      readAudit: can(a.role, 'audit.read'),
      editSchools: can(a.role, 'schools.edit'),
      importSchools: can(a.role, 'schools.import'),
      importRegistry: can(a.role, 'registry.import'),
      importRoll: can(a.role, 'roll.import'),
      unmask: can(a.role, 'personal.unmask'),
      write: can(a.role, 'write'),
      runJobs: can(a.role, 'jobs.run'),
      exportAidFunds: can(a.role, 'aid.funds.export'),
      readAid: can(a.role, 'aid.read'),
      readCare: can(a.role, 'aid.care.read'),
      readPersons: can(a.role, 'persons.read'),
    },
  };
}

/** Login, logout, current user, password change. */
export async function authRoutes(app: App): Promise<void> {
  const byUser = new LoginLimiter(5, 15 * 60_000);
  const byAddress = new LoginLimiter(50, 15 * 60_000);
  const db = app.database.db;

  app.post('/api/auth/login', { schema: { body: LoginBody, tags: ['auth'] } }, async (req, reply) => {
    const { username, password } = req.body;
    const userKey = `u:${username.toLowerCase()}`;
    const ipKey = `ip:${req.ip}`;
    const wait = Math.max(byUser.retryAfter([userKey]), byAddress.retryAfter([ipKey]));
    if (wait > 0) {
      reply.header('retry-after', Math.ceil(wait / 1000));
      throw new AppError('rate_limited', `登录失败次数过多，请 ${Math.ceil(wait / 60_000)} 分钟后再试`);
    }
    const user = await db
      .selectFrom('app_user')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    const ok = user
      ? await verifyPassword(password, user.password_hash)
      : await verifyPassword(password, DUMMY_HASH);
    if (!user || !ok || user.disabled) {
      byUser.fail([userKey]);
      byAddress.fail([ipKey]);
      if (user) {
        await appendAudit(
          db,
          {
            id: user.id,
            username: user.username,
            displayName: user.display_name,
            role: 'auditor',
            scopeCode: user.scope_code,
            schoolCode: null,
          },
          {
            action: 'login_failed',
            entity: 'app_user',
            entityId: user.id,
            scopeCode: user.scope_code,
            after: { ip: req.ip },
          },
        );
      }
      throw new AppError(
        'unauthenticated',
        user?.disabled ? '该账号已停用，请联系管理员' : '用户名或密码错误',
      );
    }
    byUser.succeed([userKey]);
    const { token, expiresAt } = await createSession(db, user.id);
    const actor = (await actorForToken(db, token))!;
    await appendAudit(db, actor, {
      action: 'login',
      entity: 'app_user',
      entityId: user.id,
      after: { ip: req.ip },
    });
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.protocol === 'https',
      path: '/',
      expires: expiresAt,
    });
    return { user: presentActor(actor) };
  });

  app.post('/api/auth/logout', { schema: { tags: ['auth'] } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      if (req.actor)
        await appendAudit(db, req.actor, { action: 'logout', entity: 'app_user', entityId: req.actor.id });
      await deleteSession(db, token);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'] } }, async (req) => {
    return { user: presentActor(requireActor(req)) };
  });

  app.post('/api/auth/password', { schema: { body: PasswordBody, tags: ['auth'] } }, async (req) => {
    const actor = requireActor(req);
    const { currentPassword, newPassword } = req.body;
    const user = await db
      .selectFrom('app_user')
      .select('password_hash')
      .where('id', '=', actor.id)
      .executeTakeFirstOrThrow();
    if (!(await verifyPassword(currentPassword, user.password_hash))) throw badRequest('当前密码不正确');
    const weak = checkPasswordStrength(newPassword);
    if (weak) throw badRequest(weak);
    if (newPassword === currentPassword) throw badRequest('新密码不能与当前密码相同');
    const hash = await hashPassword(newPassword);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('app_user')
        .set({ password_hash: hash, password_changed_at: new Date(), updated_at: new Date() })
        .where('id', '=', actor.id)
        .execute();
      await appendAudit(trx, actor, { action: 'password_change', entity: 'app_user', entityId: actor.id });
    });
    await deleteOtherSessions(db, actor.id, req.cookies[SESSION_COOKIE]);
    return { ok: true };
  });
}

// Verifying against a dummy hash for unknown users keeps response times alike, so
// timing does not reveal which usernames exist.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
