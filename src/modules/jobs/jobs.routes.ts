import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import { notFound } from '../../server/errors.ts';
import { type App, requireActor } from '../../server/http.ts';
import { can } from '../../server/roles.ts';
import { type Actor, inScope } from '../../server/scope.ts';
import { type ImportReport, maskReport } from '../imports/import-report.ts';
import { readsCareFilesOnly } from '../persons/persons.access.ts';

const IdParams = z.strictObject({ id: z.string().uuid() });
const ListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(100),
});

/**
 * The jobs an actor may see: those of its scope — but a role that reads no roll, registry or
 * comparison (教师科, persons.access.ts), or no 学生资助 record (乡镇干部: an import's report names
 * pupils found in the 建档立卡 list and review decisions — verifier v27d F3), sees only its own, and
 * a school's account those of its school's accounts (a school's scope is its place, which other
 * schools share).
 */
export function visibleJobs(actor: Actor): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${inScope(actor, 'job.scope_code')} and ${madeVisibly(actor, 'job.created_by')})`;
}

/**
 * SQL: the account in `column` (who started a job, made an import) is one whose work `actor` sees
 * besides its scope — itself only (教师科, 乡镇干部), its school's accounts (a school's), or any.
 */
export function madeVisibly(actor: Actor, column: string): RawBuilder<SqlBool> {
  const by = sql.ref(column);
  if (readsCareFilesOnly(actor) || !can(actor.role, 'aid.read')) return sql<SqlBool>`${by} = ${actor.id}`;
  if (actor.schoolCode)
    return sql<SqlBool>`${by} in (select u.id from app_user u where u.school_code = ${actor.schoolCode})`;
  return sql<SqlBool>`true`;
}

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

  app.get('/api/jobs', { schema: { querystring: ListQuery, tags: ['jobs'] } }, async (req) => {
    const actor = requireActor(req);
    const { page, pageSize } = req.query;
    // The list leaves out results: an import's report quotes the uploaded rows, which are the
    // uploader's business; the detail route serves them.
    // An import "succeeds" as a job when its report is made, also when the report refused the file:
    // the list says which it was, with the file's name and its error count.
    const items = await db
      .selectFrom('job')
      .select(columns.filter((c) => c !== 'result'))
      .select([
        sql<string | null>`case when kind = 'import' then result->>'filename' end`.as('filename'),
        // What was imported: students, registry, lists or schools (the job's parameters, set at upload).
        sql<string | null>`case when kind = 'import' then params->>'kind' end`.as('import_kind'),
        sql<
          boolean | null
        >`case when kind = 'import' and status = 'succeeded' then (result->>'ok')::boolean end`.as(
          'accepted',
        ),
        sql<number | null>`case when kind = 'import' and status = 'succeeded'
          then jsonb_array_length(coalesce(result->'errors', '[]'::jsonb)) end`.as('error_count'),
        sql<boolean | null>`case when kind = 'import' and status = 'succeeded'
          then result->>'fileError' is not null end`.as('file_refused'),
      ])
      .where(visibleJobs(actor))
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    const { total } = await db
      .selectFrom('job')
      .select(sql<number>`count(*)::int`.as('total'))
      .where(visibleJobs(actor))
      .executeTakeFirstOrThrow();
    return { items, total, page, pageSize };
  });

  app.get('/api/jobs/:id', { schema: { params: IdParams, tags: ['jobs'] } }, async (req) => {
    const actor = requireActor(req);
    const job = await db
      .selectFrom('job')
      .select(columns)
      .where('id', '=', req.params.id)
      .where(visibleJobs(actor))
      .executeTakeFirst();
    if (!job) throw notFound('任务');
    // An import's report quotes the file's cells: ID numbers in it are masked, as everywhere.
    if (job.kind === 'import' && job.result)
      return { job: { ...job, result: maskReport(job.result as ImportReport) } };
    return { job };
  });
}
