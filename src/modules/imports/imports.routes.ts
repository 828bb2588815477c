import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { badRequest, forbidden, notFound } from '../../server/errors.ts';
import { type App, requireActor, requirePermission } from '../../server/http.ts';
import { can } from '../../server/roles.ts';
import { inScope } from '../../server/scope.ts';
import { madeVisibly, visibleJobs } from '../jobs/jobs.routes.ts';
import { guardPupilRecords } from '../persons/persons.access.ts';
import { SCHOOLS_IMPORT_REFUSED } from '../schools/schools.import.ts';
import type { ImportReport } from './import-report.ts';
import { maskReport, reportToXlsx } from './import-report.ts';
import { TEMPLATE_KINDS, templateXlsx } from './templates.ts';
import { isUploadedFile, registerFileUpload, safeFileName } from './upload.ts';

const KindParams = z.strictObject({ kind: z.enum(['students', 'registry', 'lists', 'schools']) });
const ImportQuery = z.strictObject({
  filename: z.string().min(1).max(1000),
  listKind: z.enum(['minimum_living', 'extreme_poverty', 'disability', 'hardship']).optional(),
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  /** 'true': the roll is the schools' whole roll, even if most of a school would leave. */
  confirmLeft: z.enum(['true', 'false']).optional(),
  /** 'true': the roll's pupils still 在读 at a school outside the user's scope did move to theirs. */
  confirmTransfer: z.enum(['true', 'false']).optional(),
  /** 'true': the roll is the schools' newest, although it undoes an earlier import. */
  confirmNewest: z.enum(['true', 'false']).optional(),
  /** 'true': the 建档立卡 list is the whole list of its counties, even if most of a county would be removed. */
  confirmRemoval: z.enum(['true', 'false']).optional(),
});
const JobParams = z.strictObject({ jobId: z.string().uuid() });

/** Upload of the roll, the registry, assistance lists and the school list (as jobs), and their error reports. */
export async function importRoutes(app: App): Promise<void> {
  const db = app.database.db;
  // Rolls, registries and lists are pupils' and families' records: not for 教师科 (persons.access.ts).
  guardPupilRecords(app);
  registerFileUpload(app);

  app.post(
    '/api/imports/:kind',
    { schema: { params: KindParams, querystring: ImportQuery, tags: ['imports'] } },
    async (req, reply) => {
      // A 建档立卡 or assistance list replaces the current list of every county it covers: only
      // county and city bureaus bring those; schools bring their own roll.
      // (The school list first: a role that writes nothing is told who brings it, not that it may not write.)
      if (req.params.kind === 'schools' && !can(requireActor(req).role, 'schools.import'))
        throw forbidden(SCHOOLS_IMPORT_REFUSED);
      const actor = requirePermission(req, 'write');
      if (req.params.kind === 'students' && !can(actor.role, 'roll.import'))
        throw forbidden('学生名册由学校和县(市、区)教育局导入；乡镇干部负责控辍保学，不导入学籍');
      if (
        req.params.kind !== 'schools' &&
        req.params.kind !== 'students' &&
        !can(actor.role, 'registry.import')
      )
        throw forbidden('建档立卡名单和救助名单由县(市、区)及以上教育部门导入；学校只导入本校的学生名册');
      if (!isUploadedFile(req.body)) throw badRequest('请上传文件（.xlsx、.xls 或 .csv），请求体为文件内容');
      if (req.body.bytes === 0)
        throw badRequest(`文件“${req.query.filename}”是空的（0 字节），请检查后重新选择`);
      // The readers tell .csv, .xlsx and .xls apart by the extension (and the first bytes) and name the file in
      // their messages: the upload moves into a folder of its own under the user's file name.
      const safeName = safeFileName(req.query.filename);
      const folder = `${req.body.path}.d`;
      await mkdir(folder);
      const filePath = path.join(folder, safeName);
      await rename(req.body.path, filePath);
      const jobId = await app.jobs.start(
        'import',
        {
          kind: req.params.kind,
          path: filePath,
          filename: req.query.filename,
          listKind: req.query.listKind ?? null,
          asOf: req.query.asOf,
          confirmLeft: req.query.confirmLeft === 'true',
          confirmTransfer: req.query.confirmTransfer === 'true',
          confirmNewest: req.query.confirmNewest === 'true',
          confirmRemoval: req.query.confirmRemoval === 'true',
          temporary: true,
        },
        actor,
      );
      reply.status(202);
      return { jobId };
    },
  );

  // A blank template of each import (no one's data: any signed-in user of the imports).
  app.get(
    '/api/imports/template/:kind',
    { schema: { params: z.strictObject({ kind: z.enum(TEMPLATE_KINDS) }), tags: ['imports'] } },
    async (req, reply) => {
      requireActor(req);
      const { filename, bytes } = await templateXlsx(req.params.kind);
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
      return reply.send(bytes);
    },
  );

  app.get('/api/imports', { schema: { tags: ['imports'] } }, async (req) => {
    const actor = requireActor(req);
    const items = await db
      .selectFrom('import_batch')
      .select(['id', 'kind', 'filename', 'rows', 'summary', 'created_at'])
      .where(inScope(actor, 'import_batch.scope_code'))
      // (As the jobs: a 乡镇干部 its own imports, a school's accounts their school's — verifier v27e F4.)
      .where(madeVisibly(actor, 'import_batch.actor_id'))
      .orderBy('id', 'desc')
      .limit(100)
      .execute();
    return { items };
  });

  app.get(
    '/api/imports/report/:jobId',
    { schema: { params: JobParams, tags: ['imports'] } },
    async (req, reply) => {
      const actor = requireActor(req);
      const job = await db
        .selectFrom('job')
        .select(['result', 'kind'])
        .where('id', '=', req.params.jobId)
        .where('kind', '=', 'import')
        // (The jobs the actor may see at all: /api/jobs — verifier v27d F3.)
        .where(visibleJobs(actor))
        .executeTakeFirst();
      if (!job?.result) throw notFound('导入报告');
      const report = job.result as ImportReport;
      const buf = await reportToXlsx(maskReport(report));
      // (Named for what it holds: a report listing the persons changed is more than problems — verifier t28e.)
      const changed = (report.changes?.length ?? 0) > 0 || (report.rollChanges?.length ?? 0) > 0;
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header(
        'content-disposition',
        `attachment; filename*=UTF-8''${encodeURIComponent(changed ? '导入报告.xlsx' : '导入问题报告.xlsx')}`,
      );
      return reply.send(buf);
    },
  );
}
