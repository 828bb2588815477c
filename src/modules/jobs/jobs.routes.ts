import { z } from 'zod';
import { notFound } from '../../server/errors.ts';
import { type App, requireActor } from '../../server/http.ts';
import { inScope } from '../../server/scope.ts';

const IdParams = z.strictObject({ id: z.string().uuid() });

/** Background jobs of the user's scope: list and poll progress. */
export async function jobRoutes(app: App): Promise<void> {
  const db = app.database.db;
  const columns = [
    'id',
    'kind',
    'status',
    'progress',
    'total',
    'message',
    'result',
    'error',
    'created_at',
    'started_at',
    'finished_at',
  ] as const;

  app.get('/api/jobs', { schema: { tags: ['jobs'] } }, async (req) => {
    const actor = requireActor(req);
    // The list leaves out results: an import's report quotes the uploaded rows, which are the
    // uploader's business; the detail route serves them.
    const items = await db
      .selectFrom('job')
      .select(columns.filter((c) => c !== 'result'))
      .where(inScope(actor, 'job.scope_code'))
      .orderBy('created_at', 'desc')
      .limit(100)
      .execute();
    return { items };
  });

  app.get('/api/jobs/:id', { schema: { params: IdParams, tags: ['jobs'] } }, async (req) => {
    const actor = requireActor(req);
    const job = await db
      .selectFrom('job')
      .select(columns)
      .where('id', '=', req.params.id)
      .where(inScope(actor, 'job.scope_code'))
      .executeTakeFirst();
    if (!job) throw notFound('任务');
    return { job };
  });
}
