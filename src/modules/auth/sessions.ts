import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { isRole } from '../../server/roles.ts';
import type { Actor } from '../../server/scope.ts';

export const SESSION_COOKIE = 'jiaofu_session';
export const SESSION_HOURS = 12;

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a session and returns the token to put in the cookie; only its hash is stored. */
export async function createSession(
  db: Kysely<DB>,
  userId: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
  await db
    .insertInto('session')
    .values({ token_hash: tokenHash(token), user_id: userId, expires_at: expiresAt })
    .execute();
  return { token, expiresAt };
}

export async function deleteSession(db: Kysely<DB>, token: string): Promise<void> {
  await db.deleteFrom('session').where('token_hash', '=', tokenHash(token)).execute();
}

/** Ends every session of a user except, optionally, the current one (after a password change). */
export async function deleteOtherSessions(db: Kysely<DB>, userId: number, keepToken?: string): Promise<void> {
  let q = db.deleteFrom('session').where('user_id', '=', userId);
  if (keepToken) q = q.where('token_hash', '<>', tokenHash(keepToken));
  await q.execute();
}

/** The user behind a session token, if the session is live and the user enabled. */
export async function actorForToken(db: Kysely<DB>, token: string | undefined): Promise<Actor | null> {
  if (!token || token.length > 100) return null;
  const row = await db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .select([
      'app_user.id',
      'username',
      'display_name',
      'role',
      'scope_code',
      'school_code',
      'disabled',
      'expires_at',
    ])
    .where('token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || row.disabled || row.expires_at.getTime() < Date.now() || !isRole(row.role)) return null;
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    scopeCode: row.scope_code,
    schoolCode: row.school_code,
  };
}
