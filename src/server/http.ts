import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../db/connect.ts';
import { AppError, forbidden } from './errors.ts';
import type { JobRunner } from './jobs.ts';
import { can, type Permission } from './roles.ts';
import type { Actor } from './scope.ts';

/** The Fastify instance every module registers its routes on. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    jobs: JobRunner;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** The signed-in user, or 401. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated', '请先登录');
  return req.actor;
}

/** The signed-in user holding `permission`, or 401/403. */
export function requirePermission(req: FastifyRequest, permission: Permission): Actor {
  const actor = requireActor(req);
  if (!can(actor.role, permission)) throw forbidden();
  return actor;
}
